import {
  Alert,
  App,
  Button,
  Flex,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import { tablePagination } from '../shell/tablePagination.ts';
import { useSupervisionAccess } from './access.ts';
import { ExportButton } from './ExportButton.tsx';
import { minute } from './format.ts';
import { LIVE, useLiveEvents } from './live.ts';
import { ReplyModal } from './ReplyModal.tsx';
import {
  supervisionApi,
  URGE_STATUSES,
  type Urge,
  type UrgeFilter,
  type UrgeStatus,
} from './supervisionApi.ts';
import { UrgeStatusTag } from './UrgeStatusTag.tsx';

const VIEWS = ['mine', 'byMe', 'all'] as const;
type View = (typeof VIEWS)[number];
const LIVE_TYPES = [LIVE.urge, LIVE.answered, LIVE.escalated];
const answerable = (u: Urge) => u.status === 'open' || u.status === 'escalated';

/**
 * 督办 /console/supervision/urges: the urges waiting for my answer (handlers), those I made (supervisors
 * and leaders) and all in my subtree; answer, withdraw, export.
 */
export function UrgesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const access = useSupervisionAccess();
  const [params, setParams] = useSearchParams();
  const fallback: View = access.handler || !access.urger ? 'mine' : 'byMe';
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : fallback;
  const status = (URGE_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as UrgeStatus)
    : undefined;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [replying, setReplying] = useState<Urge | null>(null);
  const filter: UrgeFilter = {
    ...(view === 'mine' ? { mine: true } : view === 'byMe' ? { by: 'me' as const } : {}),
    status,
  };
  const list = useLoad(
    (signal) => supervisionApi.urges({ ...filter, page, pageSize }, signal),
    [view, status, page, pageSize],
  );
  useLiveEvents(LIVE_TYPES, () => list.reload(), 500);

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setPage(1);
  };

  const withdraw = async (u: Urge) => {
    try {
      await supervisionApi.withdraw(u.id);
      message.success(t('supervision.urges.withdrawn'));
    } catch (e) {
      message.error(errorText(e));
    }
    list.reload();
  };

  const columns: TableColumnsType<Urge> = [
    {
      key: 'case',
      title: t('supervision.urges.caseNumber'),
      fixed: 'left',
      render: (_, u) => <Link to={`/console/cases/${encodeURIComponent(u.caseId)}`}>{u.caseNumber}</Link>,
    },
    { key: 'status', title: t('supervision.urges.status'), render: (_, u) => <UrgeStatusTag urge={u} /> },
    { key: 'note', title: t('supervision.urges.note'), dataIndex: 'note', width: 240 },
    { key: 'by', title: t('supervision.urges.by'), render: (_, u) => `${u.byName} · ${minute(u.createdAt)}` },
    { key: 'replyBy', title: t('supervision.urges.replyBy'), dataIndex: 'replyBy' },
    {
      key: 'handler',
      title: t('supervision.urges.handler'),
      render: (_, u) => (
        <Flex vertical>
          <span>{u.handlers.map((h) => h.orgName).join(t('listSeparator'))}</span>
          {u.escalatedTo && (
            <Typography.Text type="danger">
              {t('supervision.urges.escalatedTo', { org: u.escalatedTo.orgName })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'reply',
      title: t('supervision.urges.reply'),
      width: 240,
      render: (_, u) =>
        u.reply ? (
          <Flex vertical>
            <span>{u.reply}</span>
            <Typography.Text type="secondary">
              {t('supervision.urges.answeredBy', { name: u.answeredByName ?? '', at: minute(u.answeredAt) })}
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      key: 'actions',
      title: t('supervision.urges.actions'),
      fixed: 'right',
      render: (_, u) =>
        answerable(u) && (
          <Space size={4}>
            {view === 'mine' && (
              <Button
                size="small"
                type="primary"
                onClick={() => setReplying(u)}
                data-testid={`urge-answer-${u.caseNumber}`}
              >
                {t('supervision.urges.answer')}
              </Button>
            )}
            {(u.byPersonId === me.id || access.urger) && (
              <Popconfirm title={t('supervision.urges.withdrawConfirm')} onConfirm={() => withdraw(u)}>
                <Button size="small" danger data-testid={`urge-withdraw-${u.caseNumber}`}>
                  {t('supervision.urges.withdraw')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="urges-page" data-view={view}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex wrap gap={8} align="center">
          <Segmented<View>
            value={view}
            onChange={(v) => set('view', v)}
            options={VIEWS.map((v) => ({
              value: v,
              label: <span data-testid={`urges-view-${v}`}>{t(`supervision.urges.${v}`)}</span>,
            }))}
          />
          <Select<UrgeStatus>
            allowClear
            value={status}
            onChange={(v) => set('status', v)}
            placeholder={t('supervision.urges.status')}
            options={URGE_STATUSES.map((s) => ({ value: s, label: t(`supervision.urges.statuses.${s}`) }))}
            style={{ width: 140 }}
            data-testid="urges-status"
          />
        </Flex>
        <ExportButton url={supervisionApi.urgesExport(filter)} fileName="urges.xlsx" testId="urges-export" />
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Urge>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.urges.empty') }}
        pagination={tablePagination(t, { page, pageSize, total: list.data?.total ?? 0 }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
        data-testid="urges-table"
      />
      <ReplyModal
        urge={replying}
        onClose={() => setReplying(null)}
        onDone={() => {
          setReplying(null);
          list.reload();
        }}
      />
    </Flex>
  );
}
