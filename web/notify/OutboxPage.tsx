import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { OrgSelect } from '../org/OrgSelect.tsx';
import { tablePagination } from '../shell/tablePagination.ts';
import {
  type NotificationChannel,
  type NotificationStatus,
  notifyApi,
  type OutboxItem,
} from './notifyApi.ts';

const STATUS_COLOR: Record<NotificationStatus, string> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
};

interface Filters {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  org?: string;
}

/**
 * The outbox of the caller's subtree: every SMS and in-app message with its delivery status. With the
 * default SMS sender this is where the texts "go" in a demo; numbers are masked.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [rows, setRows] = useState<OutboxItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    notifyApi
      .outbox({ ...filters, page, pageSize }, controller.signal)
      .then((res) => {
        void reload;
        setRows(res.items);
        setTotal(res.total);
      })
      .catch((e) => controller.signal.aborted || message.error(errorText(e)))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [filters, page, pageSize, reload, message]);

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const time = (iso: string | null) => (iso ? formatTime(iso) : '—');

  const columns: TableColumnsType<OutboxItem> = [
    { key: 'createdAt', title: t('notify.createdAt'), render: (_, r) => time(r.createdAt), width: 170 },
    {
      key: 'channel',
      title: t('notify.channel'),
      render: (_, r) => <Tag>{t(`notify.channels.${r.channel}`)}</Tag>,
    },
    {
      key: 'recipient',
      title: t('notify.recipient'),
      // In-app recipients are person ids: shortened, the whole id in the tooltip.
      render: (_, r) => (
        <Typography.Text code style={{ maxWidth: 140 }} ellipsis={{ tooltip: r.recipient }}>
          {r.recipient}
        </Typography.Text>
      ),
    },
    { key: 'title', title: t('notify.template'), render: (_, r) => r.title },
    {
      key: 'text',
      title: t('notify.text'),
      render: (_, r) => (
        <Typography.Paragraph
          style={{ maxWidth: 360, marginBottom: 0 }}
          ellipsis={{ rows: 2, tooltip: r.text }}
        >
          {r.text}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'status',
      title: t('notify.status'),
      render: (_, r) => (
        <Tag color={STATUS_COLOR[r.status]} data-testid={`outbox-status-${r.id}`}>
          {t(`notify.statuses.${r.status}`)}
        </Tag>
      ),
    },
    { key: 'attempts', title: t('notify.attempts'), dataIndex: 'attempts' },
    { key: 'next', title: t('notify.nextAttemptAt'), render: (_, r) => time(r.nextAttemptAt) },
    { key: 'sentAt', title: t('notify.sentAt'), render: (_, r) => time(r.sentAt) },
    {
      key: 'error',
      title: t('notify.lastError'),
      render: (_, r) =>
        r.lastError ? (
          <Typography.Text type="danger" style={{ maxWidth: 240 }} ellipsis={{ tooltip: r.lastError }}>
            {r.lastError}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      title={t('notify.outboxTitle')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} data-testid="outbox-reload">
          {t('notify.reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('notify.outboxHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgSelect
          value={filters.org}
          onChange={(org) => change({ org })}
          allowClear
          placeholder={t('notify.filterOrg')}
          style={{ width: 240 }}
          testId="outbox-org-filter"
        />
        <Select<NotificationChannel>
          allowClear
          placeholder={t('notify.channel')}
          value={filters.channel}
          onChange={(channel) => change({ channel })}
          options={(['sms', 'in_app'] as const).map((c) => ({ value: c, label: t(`notify.channels.${c}`) }))}
          style={{ width: 140 }}
          data-testid="outbox-channel-filter"
        />
        <Select<NotificationStatus>
          allowClear
          placeholder={t('notify.status')}
          value={filters.status}
          onChange={(status) => change({ status })}
          options={(['pending', 'sent', 'failed'] as const).map((s) => ({
            value: s,
            label: t(`notify.statuses.${s}`),
          }))}
          style={{ width: 140 }}
          data-testid="outbox-status-filter"
        />
      </Space>
      <Table<OutboxItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': `outbox-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={tablePagination(t, { page, pageSize, total }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
      />
    </Card>
  );
}
