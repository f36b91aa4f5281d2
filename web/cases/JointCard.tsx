import { Card, Descriptions, Table, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/index.ts';
import type { CaseView, JointTaskView } from './casesApi.ts';
import { LightTag } from './LightTag.tsx';

/** 联办: each participant department, whether it has answered, its position and opinion. */
export function JointCard({ joint }: { joint: NonNullable<CaseView['joint']> }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<JointTaskView> = [
    { key: 'org', title: t('cases.joint.org'), render: (_, task) => task.orgName || task.orgCode },
    {
      key: 'status',
      title: t('cases.field.status'),
      render: (_, task) =>
        task.status === 'answered' ? (
          <Tag color={task.position === 'disagree' ? 'red' : 'green'} data-testid={`joint-${task.orgCode}`}>
            {task.position === 'disagree' ? t('cases.joint.disagree') : t('cases.joint.agree')}
          </Tag>
        ) : (
          <Tag color="orange" data-testid={`joint-${task.orgCode}`}>
            {t('cases.joint.pending')}
          </Tag>
        ),
    },
    { key: 'opinion', title: t('cases.joint.opinion'), render: (_, task) => task.opinion ?? '—' },
    {
      key: 'time',
      title: t('cases.joint.time'),
      responsive: ['md'],
      render: (_, task) =>
        task.answeredAt ? (
          formatTime(task.answeredAt)
        ) : (
          <LightTag light={task.light} testId={`joint-light-${task.orgCode}`} />
        ),
    },
  ];
  return (
    <Card size="small" title={t('cases.detail.joint')} data-testid="joint-card">
      <Table<JointTaskView>
        rowKey="orgCode"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={joint.tasks}
      />
    </Card>
  );
}

/** 上报: from which level to which, and when. */
export function EscalationCard({ escalation }: { escalation: NonNullable<CaseView['escalation']> }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('cases.detail.escalation')} data-testid="escalation-card">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'from', label: t('cases.escalation.from'), children: escalation.fromOrgCode },
          {
            key: 'to',
            label: t('cases.escalation.to'),
            children: escalation.toOrgName || escalation.toOrgCode,
          },
          { key: 'at', label: t('cases.escalation.at'), children: formatTime(escalation.at) },
          { key: 'opinion', label: t('cases.escalation.opinion'), children: escalation.opinion },
        ]}
      />
    </Card>
  );
}
