import { QuestionCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  DatePicker,
  Flex,
  Select,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PERIOD_KINDS } from '../../core/supervision/index.ts';
import { useLoad } from '../portal/useLoad.ts';
import { Chart } from './charts/Chart.tsx';
import { trendOption } from './charts/options.ts';
import { ExportButton } from './ExportButton.tsx';
import { pct, shanghaiToday } from './format.ts';
import { kindOfKey, periodKeyOf, periodStart } from './periods.ts';
import {
  type Counts,
  type PeriodKind,
  type Rates,
  STAT_LEVELS,
  type StatLevel,
  supervisionApi,
} from './supervisionApi.ts';

type RateKey = keyof Rates;
const RATE_KEYS: readonly RateKey[] = [
  'onTimeRate',
  'earlyRate',
  'onTheSpotRate',
  'extensionRate',
  'overdueCount',
  'satisfactionRate',
  'complaintCount',
];
const COUNT_KEYS = new Set<RateKey>(['overdueCount', 'complaintCount']);

interface Row {
  code: string;
  name: string;
  counts: Counts;
  rates: Rates;
}

/** 效能统计 /console/supervision/statistics: rates per window, department… for a month, quarter or year. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const level = (STAT_LEVELS as readonly string[]).includes(params.get('level') ?? '')
    ? (params.get('level') as StatLevel)
    : 'window';
  const asked = params.get('period') ?? '';
  const kind: PeriodKind = kindOfKey(asked) ?? 'month';
  const period = kindOfKey(asked) && periodStart(asked)!.format('YYYY-MM-DD') <= today ? asked : undefined;
  const key = period ?? periodKeyOf(kind, periodStart(today.slice(0, 7))!);

  const stats = useLoad((signal) => supervisionApi.statistics({ level, period: key }, signal), [level, key]);
  const trend = useLoad(
    (signal) =>
      supervisionApi.trend(
        { kind, end: key, count: 12, level: level === 'department' ? 'department' : 'handling' },
        signal,
      ),
    [kind, key, level === 'department'],
  );

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: true });
  };

  const rateTitle = (k: RateKey) => (
    <Tooltip title={t(`supervision.statistics.definitions.${k}`)}>
      <span data-testid={`rate-title-${k}`}>
        {t(`supervision.statistics.rates.${k}`)} <QuestionCircleOutlined />
      </span>
    </Tooltip>
  );
  const rateCell = (k: RateKey, r: Rates) => (COUNT_KEYS.has(k) ? r[k] : pct(r[k]));
  const columns: TableColumnsType<Row> = [
    { key: 'name', title: t('supervision.statistics.name'), dataIndex: 'name', fixed: 'left' },
    {
      key: 'received',
      title: t('supervision.statistics.received'),
      align: 'right',
      render: (_, r) => r.counts.received,
    },
    {
      key: 'completed',
      title: t('supervision.statistics.completed'),
      align: 'right',
      render: (_, r) => r.counts.completed,
    },
    ...RATE_KEYS.map((k) => ({
      key: k,
      title: rateTitle(k),
      align: 'right' as const,
      render: (_: unknown, r: Row) => rateCell(k, r.rates),
    })),
  ];

  const series = trend.data?.series ?? [];
  const option = useMemo(
    () =>
      trendOption(
        series.map((p) => p.period),
        [
          {
            name: t('supervision.statistics.received'),
            data: series.map((p) => p.counts.received),
            color: '#1677ff',
          },
          {
            name: t('supervision.statistics.completed'),
            data: series.map((p) => p.counts.completed),
            color: '#722ed1',
          },
        ],
        { name: t('supervision.statistics.rates.onTimeRate'), data: series.map((p) => p.rates.onTimeRate) },
        { volume: t('supervision.statistics.trendVolume'), rate: t('supervision.statistics.trendRate') },
      ),
    [series, t],
  );
  const total = stats.data?.total;

  return (
    <Flex vertical gap={12} data-testid="statistics-page">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex wrap gap={8} align="center">
          <Select<StatLevel>
            value={level}
            onChange={(v) => set({ level: v })}
            options={STAT_LEVELS.map((l) => ({ value: l, label: t(`supervision.statistics.levels.${l}`) }))}
            style={{ width: 120 }}
            prefix={t('supervision.statistics.level')}
            data-testid="statistics-level"
          />
          <Select<PeriodKind>
            value={kind}
            onChange={(v) => set({ period: periodKeyOf(v, periodStart(key)!) })}
            options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`supervision.statistics.kinds.${k}`) }))}
            style={{ width: 110 }}
            prefix={t('supervision.statistics.kind')}
            data-testid="statistics-kind"
          />
          <DatePicker
            picker={kind}
            allowClear={false}
            value={periodStart(key)}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            onChange={(d) => d && set({ period: periodKeyOf(kind, d) })}
            data-testid="statistics-period"
          />
        </Flex>
        <ExportButton
          url={supervisionApi.statisticsExport({ level, period: key })}
          fileName={`statistics-${key}.xlsx`}
        />
      </Flex>
      {stats.error && <Alert type="error" showIcon title={stats.error} />}
      <Typography.Text type="secondary">{t('supervision.statistics.noCases')}</Typography.Text>
      <Table<Row>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={stats.data?.rows ?? []}
        loading={stats.loading}
        pagination={(stats.data?.rows.length ?? 0) > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.common.noData') }}
        data-testid="statistics-table"
        summary={() =>
          total ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('supervision.statistics.total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {total.counts.received}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {total.counts.completed}
              </Table.Summary.Cell>
              {RATE_KEYS.map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 3} align="right">
                  {rateCell(k, total.rates)}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
      <Card size="small" title={t('supervision.statistics.trend')}>
        {trend.error ? (
          <Alert type="error" showIcon title={trend.error} />
        ) : (
          <Chart option={option} height={320} testId="statistics-trend" />
        )}
      </Card>
    </Flex>
  );
}
