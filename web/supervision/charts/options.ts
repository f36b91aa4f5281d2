import type { ChartOption } from './Chart.tsx';

/**
 * Chart options the console and the big screen share (pure: data and labels in, an ECharts option out).
 * Rates arrive as 0–1 (null: no cases) and are drawn as percentages; a null stays a gap, never a 0.
 */

const asPercent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export interface NamedSeries {
  name: string;
  data: (number | null)[];
  color?: string;
}

const base = (big: boolean): ChartOption => ({
  backgroundColor: 'transparent',
  textStyle: big ? { fontSize: 16 } : {},
  tooltip: { trigger: 'axis' },
  legend: { top: 0, textStyle: big ? { fontSize: 16 } : {} },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
});

/** Bars per category (townships, departments); `percent` for rates, `stack` for lights. */
export function barOption(
  categories: string[],
  series: NamedSeries[],
  opts: { percent?: boolean; stack?: boolean; horizontal?: boolean; big?: boolean } = {},
): ChartOption {
  const category = {
    type: 'category' as const,
    data: categories,
    axisLabel: {
      interval: 0,
      rotate: opts.horizontal ? 0 : categories.length > 6 ? 30 : 0,
      fontSize: opts.big ? 14 : 12,
    },
  };
  const value = {
    type: 'value' as const,
    minInterval: opts.percent ? undefined : 1,
    max: opts.percent ? 100 : undefined,
    axisLabel: { formatter: opts.percent ? '{value}%' : '{value}', fontSize: opts.big ? 14 : 12 },
  };
  return {
    ...base(Boolean(opts.big)),
    xAxis: opts.horizontal ? value : category,
    yAxis: opts.horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      stack: opts.stack ? 'all' : undefined,
      itemStyle: s.color ? { color: s.color } : undefined,
      barMaxWidth: 36,
    })),
  };
}

/** Rates (0–1) per category as percentage bars. */
export function rateBarOption(
  categories: string[],
  series: { name: string; data: (number | null)[]; color?: string }[],
  opts: { horizontal?: boolean; big?: boolean } = {},
): ChartOption {
  return barOption(
    categories,
    series.map((s) => ({ ...s, data: s.data.map(asPercent) })),
    { ...opts, percent: true },
  );
}

/** Volume lines (left axis) and a rate line in percent (right axis) over periods. */
export function trendOption(
  periods: string[],
  volume: NamedSeries[],
  rate: { name: string; data: (number | null)[] },
  axes: { volume: string; rate: string },
  big = false,
): ChartOption {
  const font = big ? 14 : 12;
  return {
    ...base(big),
    xAxis: { type: 'category', data: periods, axisLabel: { fontSize: font } },
    yAxis: [
      { type: 'value', name: axes.volume, minInterval: 1, axisLabel: { fontSize: font } },
      {
        type: 'value',
        name: axes.rate,
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%', fontSize: font },
      },
    ],
    series: [
      ...volume.map((s) => ({
        type: 'line' as const,
        name: s.name,
        data: s.data,
        itemStyle: s.color ? { color: s.color } : undefined,
      })),
      {
        type: 'line' as const,
        name: rate.name,
        data: rate.data.map(asPercent),
        yAxisIndex: 1,
        connectNulls: false,
        itemStyle: { color: '#52c41a' },
        lineStyle: { width: 3 },
      },
    ],
  };
}

/** Shares of a whole (the lights of open cases) as a ring. */
export function pieOption(items: { name: string; value: number; color: string }[], big = false): ChartOption {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: big ? { fontSize: 16 } : {} },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}', fontSize: big ? 16 : 12 },
        data: items
          .filter((i) => i.value > 0)
          .map((i) => ({ name: i.name, value: i.value, itemStyle: { color: i.color } })),
      },
    ],
  };
}
