import { Alert, Button, Card, Flex, Segmented, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { LightCounts } from './LightCounts.tsx';
import { LIVE, useLiveEvents } from './live.ts';
import { MonitorCaseList } from './MonitorCaseList.tsx';
import {
  BUCKETS,
  type Bucket,
  bucketFilter,
  type CountGroup,
  GROUP_BYS,
  type GroupBy,
  groupFilter,
  supervisionApi,
} from './supervisionApi.ts';

const LIVE_TYPES = [LIVE.lights, LIVE.warning];
const LIVE_DEBOUNCE_MS = 1500;

/**
 * 实时监控 /console/supervision: open cases of the caller's subtree counted by light, grouped by window,
 * department, township or staff; a light or a group's number opens the list of those cases. Refreshes
 * itself when a sweep changes lights (debounced: one sweep tells every unit at once).
 */
export function MonitorPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const groupBy = (GROUP_BYS as readonly string[]).includes(params.get('groupBy') ?? '')
    ? (params.get('groupBy') as GroupBy)
    : 'window';
  const bucket = (BUCKETS as readonly string[]).includes(params.get('bucket') ?? '')
    ? (params.get('bucket') as Bucket)
    : undefined;
  const group = params.get('group') ?? undefined;
  const [round, setRound] = useState(0);
  const counts = useLoad((signal) => supervisionApi.counts(groupBy, signal), [groupBy, round]);
  useLiveEvents(LIVE_TYPES, () => setRound((r) => r + 1), LIVE_DEBOUNCE_MS);

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const groups = counts.data?.groupBy === groupBy ? counts.data.groups : [];
  const groupRow = group !== undefined ? groups.find((g) => g.code === group) : undefined;
  const groupName = (g: CountGroup) =>
    groupBy === 'staff' && !g.code ? t('supervision.monitor.noStaff') : g.name;
  const filter = { ...(group !== undefined ? groupFilter(groupBy, group) : {}), ...bucketFilter(bucket) };

  const cell = (g: CountGroup, b: Bucket | 'open') => (
    <Button
      type="link"
      size="small"
      disabled={g[b] === 0}
      onClick={() => set({ group: g.code, bucket: b === 'open' ? undefined : b })}
      data-testid={`group-${b}-${g.code || 'none'}`}
      style={{ paddingInline: 0 }}
    >
      {g[b]}
    </Button>
  );
  const columns: TableColumnsType<CountGroup> = [
    {
      key: 'name',
      title: t(`supervision.groupBy.${groupBy}`),
      render: (_, g) => groupName(g),
    },
    { key: 'open', title: t('supervision.bucket.open'), render: (_, g) => cell(g, 'open'), width: 80 },
    ...BUCKETS.map((b) => ({
      key: b,
      title: t(`supervision.bucket.${b}`),
      width: 100,
      render: (_: unknown, g: CountGroup) => cell(g, b),
    })),
  ];

  return (
    <Flex vertical gap={12} data-testid="monitor-page">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('supervision.monitor.hint')}
      </Typography.Paragraph>
      {counts.error && <Alert type="error" showIcon title={counts.error} />}
      <LightCounts total={counts.data?.total} selected={bucket} onSelect={(b) => set({ bucket: b })} />
      <Card
        size="small"
        title={t('supervision.monitor.groups')}
        extra={
          <Segmented<GroupBy>
            value={groupBy}
            onChange={(v) => set({ groupBy: v, group: undefined })}
            options={GROUP_BYS.map((g) => ({
              value: g,
              label: <span data-testid={`group-by-${g}`}>{t(`supervision.groupBy.${g}`)}</span>,
            }))}
          />
        }
      >
        <Table<CountGroup>
          rowKey={(g) => g.code || 'none'}
          size="small"
          columns={columns}
          dataSource={groups}
          loading={counts.loading}
          pagination={groups.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          rowClassName={(g) => (g.code === group ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: t('supervision.common.noData') }}
          data-testid="monitor-groups"
        />
      </Card>
      <Card
        size="small"
        title={
          <Flex gap={8} wrap align="center">
            {t('supervision.monitor.cases')}
            {bucket && (
              <Tag closable onClose={() => set({ bucket: undefined })} color="blue">
                {t(`supervision.bucket.${bucket}`)}
              </Tag>
            )}
            {group !== undefined && (
              <Tag
                closable
                onClose={() => set({ group: undefined })}
                color="blue"
                data-testid="monitor-group-tag"
              >
                {t('supervision.monitor.filterGroup', { name: groupRow ? groupName(groupRow) : group })}
              </Tag>
            )}
          </Flex>
        }
      >
        <MonitorCaseList filter={filter} round={round} />
      </Card>
    </Flex>
  );
}
