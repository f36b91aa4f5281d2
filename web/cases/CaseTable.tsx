import { Grid, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { formatTime } from '../i18n/index.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import type { CaseListItem } from './casesApi.ts';
import { LightTag } from './LightTag.tsx';
import { STATUS_COLORS, useCaseTerms } from './terms.ts';

interface Props {
  items: CaseListItem[];
  loading: boolean;
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number, pageSize: number): void;
  /** Extra cells at the end of a row (the village view's 移交材料). */
  extra?: (item: CaseListItem) => ReactNode;
  testId?: string;
}

/** A deadline as a date when it falls at the end of a day (day clocks), else with its time. */
function deadlineText(iso: string): string {
  const shown = formatTime(iso);
  return shown.endsWith('23:59:59') ? shown.slice(0, 10) : shown.slice(0, 16);
}

/**
 * The case list every case page shares. On a phone the number, item, status and light stay; applicant,
 * deadline and dates fold into the first cell's second line. A row opens the case.
 */
export function CaseTable({
  items,
  loading,
  page,
  pageSize,
  total,
  onPage,
  extra,
  testId = 'case-table',
}: Props) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;

  const columns: TableColumnsType<CaseListItem> = [
    {
      key: 'number',
      title: t('cases.field.caseNumber'),
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link
            to={`/console/cases/${c.id}`}
            onClick={(e) => e.stopPropagation()}
            data-testid={`case-link-${c.id}`}
          >
            {c.caseNumber}
          </Link>
          <Typography.Text style={{ fontSize: 12 }}>{c.itemName}</Typography.Text>
          {narrow && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.applicant.name}
              {c.deadline ? ` · ${t('cases.field.deadline')} ${deadlineText(c.deadline)}` : ''}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'applicant',
      title: t('cases.field.applicant'),
      responsive: ['md'],
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.applicant.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.applicant.idNumber ?? c.applicant.creditCode ?? ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('cases.field.status'),
      width: narrow ? undefined : 120,
      render: (_, c) => (
        <Tag color={STATUS_COLORS[c.status]} data-testid={`case-status-${c.id}`} data-status={c.status}>
          {terms.status(c.status)}
        </Tag>
      ),
    },
    {
      key: 'deadline',
      title: t('cases.field.deadline'),
      responsive: ['md'],
      width: 150,
      render: (_, c) => (c.deadline ? deadlineText(c.deadline) : '—'),
    },
    {
      key: 'light',
      title: t('cases.field.light'),
      width: narrow ? undefined : 130,
      render: (_, c) => <LightTag light={c.light} overdue={c.overdue} testId={`case-light-${c.id}`} />,
    },
    {
      key: 'received',
      title: t('cases.field.receivedAt'),
      responsive: ['lg'],
      width: 120,
      render: (_, c) => (c.receivedAt ? formatTime(c.receivedAt).slice(0, 10) : '—'),
    },
    ...(extra
      ? [
          {
            key: 'extra',
            title: t('table.actions'),
            render: (_: unknown, c: CaseListItem) => extra(c),
          },
        ]
      : []),
  ];

  return (
    <Table<CaseListItem>
      rowKey="id"
      size={narrow ? 'small' : 'middle'}
      loading={loading}
      columns={columns}
      dataSource={items}
      onRow={(c) =>
        ({
          'data-testid': `case-row-${c.id}`,
          'data-number': c.caseNumber,
          // Buttons and links in the row do their own thing; a click elsewhere opens the case.
          onClick: (e: React.MouseEvent<HTMLElement>) => {
            if (!(e.target as HTMLElement).closest('a, button')) navigate(`/console/cases/${c.id}`);
          },
          style: { cursor: 'pointer' },
        }) as React.HTMLAttributes<HTMLElement>
      }
      pagination={tablePagination(t, { page, pageSize, total }, onPage)}
      data-testid={testId}
    />
  );
}
