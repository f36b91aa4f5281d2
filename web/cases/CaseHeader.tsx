import { Card, Descriptions, type DescriptionsProps, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/index.ts';
import { ApplicantReveal } from './ApplicantReveal.tsx';
import type { CaseView } from './casesApi.ts';
import { STATUS_COLORS, useCaseTerms } from './terms.ts';

/** Number, item, status, where the case stands in its procedure, and the applicant (masked). */
export function CaseHeader({ view, actions }: { view: CaseView; actions: ReactNode }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const state = view.state;
  const step =
    state.status === 'accepted' || state.status === 'in_review' ? state.steps[state.stepIndex] : undefined;
  const a = view.applicant;
  const items: DescriptionsProps['items'] = [
    { key: 'item', label: t('cases.field.item'), children: view.itemName },
    {
      key: 'applicant',
      label: t('cases.field.applicant'),
      children: (
        <Space size={6} wrap>
          <span data-testid="case-applicant">
            {a.name} · {a.idNumber ?? a.creditCode} · {a.phone}
          </span>
          <ApplicantReveal caseId={view.id} />
        </Space>
      ),
    },
    ...(view.channel
      ? [{ key: 'channel', label: t('cases.field.channel'), children: terms.enumValue(view.channel) }]
      : []),
    ...(step ? [{ key: 'step', label: t('cases.field.step'), children: step.name }] : []),
    ...(view.receivedAt
      ? [{ key: 'received', label: t('cases.field.receivedAt'), children: formatTime(view.receivedAt) }]
      : []),
    ...(view.acceptedAt
      ? [{ key: 'accepted', label: t('cases.field.acceptedAt'), children: formatTime(view.acceptedAt) }]
      : []),
    ...(view.closedAt
      ? [{ key: 'closed', label: t('cases.field.closedAt'), children: formatTime(view.closedAt) }]
      : []),
    ...(view.proxy
      ? [
          {
            key: 'proxy',
            label: t('cases.field.consent'),
            children: (
              <span data-testid="case-proxy">
                {view.proxy.consent}
                {view.proxy.handedOverAt
                  ? ` · ${t('cases.proxy.handedOverAt', { at: formatTime(view.proxy.handedOverAt) })}`
                  : ''}
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      data-testid="case-header"
      title={
        <Space size={8} wrap>
          <Typography.Text strong copyable data-testid="case-number">
            {view.caseNumber}
          </Typography.Text>
          <Tag color={STATUS_COLORS[view.status]} data-testid="case-status" data-status={view.status}>
            {terms.status(view.status)}
          </Tag>
        </Space>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" items={items} />
      <div style={{ marginTop: 12 }}>{actions}</div>
    </Card>
  );
}
