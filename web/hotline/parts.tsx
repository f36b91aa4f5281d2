import { Badge, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatTime } from '../i18n/index.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import type { OrderStatus, OrderView } from './hotlineApi.ts';

const BADGE = { green: 'success', yellow: 'warning', red: 'error' } as const;
const STATUS_COLOR: Record<OrderStatus, string> = {
  registered: 'blue',
  dispatched: 'geekblue',
  send_back_pending: 'orange',
  accepted: 'cyan',
  replied: 'purple',
  revisited: 'gold',
  closed: 'default',
  merged: 'default',
};

export function StatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="order-status" data-status={status}>
      {t(`hotline.status.${status}`)}
    </Tag>
  );
}

/** The handling clock as a light with its word (colour alone is not enough), the deadline and what is left. */
export function ClockLight({ clock, compact = false }: { clock: OrderView['clock']; compact?: boolean }) {
  const { t } = useTranslation();
  if (!clock) return <span data-light="none">—</span>;
  const unit = t(`hotline.unit.${clock.unit}`);
  const deadline = clock.deadlineDate ?? formatTime(clock.deadline).slice(0, 16);
  const left =
    clock.light === 'red'
      ? t('hotline.detail.overdue', { value: `${clock.overdueBy} ${unit}` })
      : t('hotline.detail.left', { value: `${clock.left} ${unit}` });
  return (
    <span data-testid="clock-light" data-light={clock.light}>
      <Badge status={BADGE[clock.light]} text={t(`hotline.light.${clock.light}`)} />
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {deadline}
        {!compact && !clock.stopped && ` · ${left}`}
        {clock.stopped && ` · ${t('hotline.detail.done')}`}
      </Typography.Text>
    </span>
  );
}

export function OrderTable({
  data,
  loading,
  page,
  pageSize,
  onPage,
  empty,
}: {
  data: { items: OrderView[]; total: number } | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  empty?: string;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<OrderView> = [
    {
      title: t('hotline.field.number'),
      dataIndex: 'number',
      render: (n: string, o) => (
        <Link to={`/console/hotline/orders/${o.id}`} data-testid={`order-${n}`}>
          {n}
        </Link>
      ),
    },
    {
      title: t('hotline.field.status'),
      dataIndex: 'status',
      render: (s: OrderStatus) => <StatusTag status={s} />,
    },
    {
      title: t('hotline.field.category'),
      render: (_, o) => (
        <>
          {o.category.name}
          {o.urgency === 'urgent' && (
            <Tag color="red" style={{ marginInlineStart: 6 }}>
              {t('hotline.urgency.urgent')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('hotline.field.content'), dataIndex: 'content', ellipsis: true },
    { title: t('hotline.field.receiver'), render: (_, o) => o.receiver?.name ?? '—' },
    { title: t('hotline.field.light'), render: (_, o) => <ClockLight clock={o.clock} compact /> },
    {
      title: t('hotline.field.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => formatTime(v).slice(0, 16),
    },
  ];
  return (
    <Table<OrderView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      locale={empty ? { emptyText: empty } : undefined}
      scroll={{ x: 900 }}
      pagination={tablePagination(t, { page, pageSize, total: data?.total ?? 0 }, onPage)}
      data-testid="order-table"
    />
  );
}
