import { Card, Col, Empty, Row, Statistic } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from './charts/Chart.tsx';
import { barOption, pieOption, rateBarOption, trendOption } from './charts/options.ts';
import { pct } from './format.ts';
import { BUCKET_COLORS } from './LightCounts.tsx';
import type { DashboardData } from './useDashboard.ts';

/** Big numbers: open cases by light, and this month's volume, on-time and satisfaction rates. */
export function Kpis({ data, big = false }: { data: DashboardData; big?: boolean }) {
  const { t } = useTranslation();
  const total = data.lights?.total;
  const month = data.townships?.total;
  const items: { key: string; value: string | number; color?: string }[] = [
    { key: 'open', value: total?.open ?? '—', color: big ? '#69b1ff' : '#1677ff' },
    { key: 'yellow', value: total?.yellow ?? '—', color: BUCKET_COLORS.yellow },
    { key: 'red', value: total?.red ?? '—', color: big ? '#ff4d4f' : BUCKET_COLORS.red },
    { key: 'overdue', value: total?.overdue ?? '—', color: big ? '#ff7875' : BUCKET_COLORS.overdue },
    { key: 'received', value: month?.counts.received ?? '—' },
    { key: 'completed', value: month?.counts.completed ?? '—' },
    { key: 'onTimeRate', value: month ? pct(month.rates.onTimeRate) : '—', color: '#52c41a' },
    { key: 'satisfactionRate', value: month ? pct(month.rates.satisfactionRate) : '—' },
  ];
  return (
    <Row gutter={[12, 12]}>
      {items.map((i) => (
        <Col key={i.key} xs={12} sm={6} lg={3}>
          <Card size="small" className={big ? 'bm-screen-card' : undefined} data-testid={`kpi-${i.key}`}>
            <Statistic
              title={t(`supervision.dashboard.${i.key}`)}
              value={i.value}
              styles={{
                title: big ? { color: 'rgba(255,255,255,0.75)', fontSize: 18 } : undefined,
                content: {
                  color: i.color ?? (big ? '#fff' : undefined),
                  fontSize: big ? 44 : 28,
                  fontWeight: 600,
                },
              }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Panel({
  title,
  children,
  big,
  testId,
}: {
  title: string;
  children: ReactNode;
  big: boolean;
  testId: string;
}) {
  const style: CSSProperties | undefined = big
    ? { background: 'rgba(255,255,255,0.04)', height: '100%' }
    : undefined;
  return (
    <Card
      size="small"
      title={title}
      className={big ? 'bm-screen-card' : undefined}
      style={style}
      data-testid={`panel-${testId}`}
    >
      {children}
    </Card>
  );
}

/** A chart, or 暂无数据 when there is nothing to draw (the charts library is then not even loaded). */
function Drawn({
  option,
  empty,
  big,
  testId,
  emptyText,
}: {
  option: ChartOption;
  empty: boolean;
  big: boolean;
  testId: string;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const height = big ? 340 : 280;
  if (empty) {
    return (
      <div
        style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
        data-testid={`${testId}-empty`}
      >
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <span style={big ? { color: 'rgba(255,255,255,0.65)', fontSize: 18 } : undefined}>
              {emptyText ?? t('supervision.common.noData')}
            </span>
          }
        />
      </div>
    );
  }
  return <Chart option={option} height={height} dark={big} testId={testId} />;
}

/** The dashboard's charts: volume, lights, on-time and satisfaction by township and department, trend. */
export function DashboardCharts({ data, big = false }: { data: DashboardData; big?: boolean }) {
  const { t } = useTranslation();
  const options = useMemo(() => {
    const towns = data.townships?.rows ?? [];
    const depts = data.departments?.rows ?? [];
    const lightGroups = data.lights?.groups ?? [];
    const total = data.lights?.total;
    const series = data.trend?.series ?? [];
    const received = t('supervision.statistics.received');
    const completed = t('supervision.statistics.completed');
    const onTime = t('supervision.statistics.rates.onTimeRate');
    return {
      volumeTownship: barOption(
        towns.map((r) => r.name),
        [
          { name: received, data: towns.map((r) => r.counts.received), color: '#1677ff' },
          { name: completed, data: towns.map((r) => r.counts.completed), color: '#722ed1' },
        ],
        { big },
      ),
      volumeDepartment: barOption(
        depts.map((r) => r.name),
        [
          { name: received, data: depts.map((r) => r.counts.received), color: '#1677ff' },
          { name: completed, data: depts.map((r) => r.counts.completed), color: '#722ed1' },
        ],
        { big, horizontal: true },
      ),
      lights: pieOption(
        (['green', 'yellow', 'red'] as const).map((b) => ({
          name: t(`supervision.bucket.${b}`),
          value: total?.[b] ?? 0,
          color: BUCKET_COLORS[b],
        })),
        big,
      ),
      lightsTownship: barOption(
        lightGroups.map((g) => g.name),
        (['green', 'yellow', 'red'] as const).map((b) => ({
          name: t(`supervision.bucket.${b}`),
          data: lightGroups.map((g) => g[b]),
          color: BUCKET_COLORS[b],
        })),
        { big, stack: true },
      ),
      onTimeTownship: rateBarOption(
        towns.map((r) => r.name),
        [{ name: onTime, data: towns.map((r) => r.rates.onTimeRate), color: '#52c41a' }],
        { big },
      ),
      onTimeDepartment: rateBarOption(
        depts.map((r) => r.name),
        [{ name: onTime, data: depts.map((r) => r.rates.onTimeRate), color: '#52c41a' }],
        { big, horizontal: true },
      ),
      satisfaction: rateBarOption(
        towns.map((r) => r.name),
        [
          {
            name: t('supervision.statistics.rates.satisfactionRate'),
            data: towns.map((r) => r.rates.satisfactionRate),
            color: '#faad14',
          },
        ],
        { big },
      ),
      trend: trendOption(
        series.map((p) => p.period),
        [
          { name: received, data: series.map((p) => p.counts.received), color: '#1677ff' },
          { name: completed, data: series.map((p) => p.counts.completed), color: '#722ed1' },
        ],
        { name: onTime, data: series.map((p) => p.rates.onTimeRate) },
        { volume: t('supervision.statistics.trendVolume'), rate: t('supervision.statistics.trendRate') },
        big,
      ),
      empty: {
        towns: towns.length === 0,
        depts: depts.length === 0,
        lights: !total || total.open === 0,
        lightGroups: lightGroups.length === 0,
        onTimeTowns: towns.every((r) => r.rates.onTimeRate === null),
        onTimeDepts: depts.every((r) => r.rates.onTimeRate === null),
        satisfaction: towns.every((r) => r.rates.satisfactionRate === null),
        trend: series.length === 0,
      },
    };
  }, [data.townships, data.departments, data.lights, data.trend, big, t]);

  const e = options.empty;
  const panels: {
    key: string;
    title: string;
    option: ChartOption;
    empty: boolean;
    span: number;
    emptyText?: string;
  }[] = [
    {
      key: 'volume-township',
      title: 'volumeByTownship',
      option: options.volumeTownship,
      empty: e.towns,
      span: 12,
    },
    {
      key: 'volume-department',
      title: 'volumeByDepartment',
      option: options.volumeDepartment,
      empty: e.depts,
      span: 12,
    },
    { key: 'lights', title: 'lights', option: options.lights, empty: e.lights, span: 8 },
    {
      key: 'lights-township',
      title: 'lightsByTownship',
      option: options.lightsTownship,
      empty: e.lightGroups,
      span: 16,
    },
    {
      key: 'ontime-township',
      title: 'onTimeByTownship',
      option: options.onTimeTownship,
      empty: e.onTimeTowns,
      span: 12,
    },
    {
      key: 'ontime-department',
      title: 'onTimeByDepartment',
      option: options.onTimeDepartment,
      empty: e.onTimeDepts,
      span: 12,
    },
    {
      key: 'satisfaction',
      title: 'satisfaction',
      option: options.satisfaction,
      empty: e.satisfaction,
      span: 8,
      emptyText: t('supervision.dashboard.noSatisfaction'),
    },
    { key: 'trend', title: 'trend', option: options.trend, empty: e.trend, span: 16 },
  ];
  return (
    <Row gutter={[12, 12]}>
      {panels.map((p) => (
        <Col key={p.key} xs={24} lg={p.span}>
          <Panel title={t(`supervision.dashboard.${p.title}`)} big={big} testId={p.key}>
            <Drawn
              option={p.option}
              empty={p.empty}
              big={big}
              testId={`chart-${p.key}`}
              emptyText={p.emptyText}
            />
          </Panel>
        </Col>
      ))}
    </Row>
  );
}
