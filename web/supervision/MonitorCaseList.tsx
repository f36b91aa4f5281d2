import { Alert, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LightTag } from '../cases/LightTag.tsx';
import { useLoad } from '../portal/useLoad.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import { ExportButton } from './ExportButton.tsx';
import { minute } from './format.ts';
import { type MonitorCase, type MonitorFilter, supervisionApi } from './supervisionApi.ts';

/** The monitor's list: open cases by their worst clock, most urgent first; each opens the case page. */
export function MonitorCaseList({ filter, round }: { filter: MonitorFilter; round: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const key = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts at its first page
  useEffect(() => setPage(1), [key]);
  const list = useLoad(
    (signal) => supervisionApi.cases({ ...filter, page, pageSize }, signal),
    [key, page, pageSize, round],
  );

  const columns: TableColumnsType<MonitorCase> = [
    {
      key: 'number',
      title: t('supervision.monitor.caseNumber'),
      fixed: 'left',
      render: (_, c) => (
        <Link
          to={`/console/cases/${encodeURIComponent(c.caseId)}`}
          data-testid={`monitor-case-${c.caseNumber}`}
        >
          {c.caseNumber}
        </Link>
      ),
    },
    { key: 'item', title: t('supervision.monitor.item'), dataIndex: 'itemName', ellipsis: true, width: 200 },
    {
      key: 'light',
      title: t('supervision.monitor.light'),
      render: (_, c) => <LightTag light={c.light} overdue={c.overdue} paused={c.paused} />,
    },
    { key: 'clock', title: t('supervision.monitor.clock'), dataIndex: 'clockName' },
    {
      key: 'deadline',
      title: t('supervision.monitor.deadline'),
      render: (_, c) =>
        c.calendarGap ? (
          <Typography.Text type="warning">
            {t('supervision.monitor.calendarGap', { year: c.calendarGap })}
          </Typography.Text>
        ) : (
          minute(c.deadline)
        ),
    },
    {
      key: 'legal',
      title: t('supervision.monitor.legalDeadline'),
      render: (_, c) => minute(c.legalDeadline),
    },
    { key: 'org', title: t('supervision.monitor.handlingOrg'), render: (_, c) => c.handlingOrg.name },
    { key: 'dept', title: t('supervision.monitor.department'), render: (_, c) => c.department.name },
    { key: 'staff', title: t('supervision.monitor.staff'), render: (_, c) => c.staff?.name ?? '—' },
    {
      key: 'handler',
      title: t('supervision.monitor.handler'),
      render: (_, c) =>
        `${c.handler.orgName} · ${t(`roles.${c.handler.role}`, { defaultValue: c.handler.role })}`,
    },
    {
      key: 'urges',
      title: t('supervision.monitor.urges'),
      render: (_, c) =>
        c.openUrges > 0 ? (
          <Tag color="red">{t('supervision.monitor.openUrges', { count: c.openUrges })}</Tag>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <ExportButton
          url={supervisionApi.casesExport(filter)}
          fileName="monitor.xlsx"
          testId="monitor-export"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<MonitorCase>
        rowKey="caseId"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.common.noData') }}
        pagination={tablePagination(t, { page, pageSize, total: list.data?.total ?? 0 }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
        data-testid="monitor-cases"
      />
    </Flex>
  );
}
