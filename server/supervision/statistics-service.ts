import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import {
  addCounts,
  type Counts,
  emptyCounts,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodOf,
  type Rates,
  ratesOf,
  trailingPeriods,
} from '../../core/supervision/index.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { findOrgsByCodes } from '../org/org-store.ts';
import { countyCodeOfPath, scopeOf, townshipCodeOf } from './scope.ts';
import { personNames } from './supervision-store.ts';

/**
 * Efficiency statistics (issue 6 item 6) by org level and period, from the counters only: the cost of a
 * request is the number of (org, day, metric) rows in the period, whatever the number of cases.
 */

export const STAT_LEVELS = ['county', 'township', 'center', 'window', 'department', 'staff'] as const;
export type StatLevel = (typeof STAT_LEVELS)[number];

export interface StatRow {
  code: string;
  name: string;
  counts: Counts;
  rates: Rates;
}

export interface Statistics {
  period: Period;
  level: StatLevel;
  total: { counts: Counts; rates: Rates };
  rows: StatRow[];
}

export function checkedPeriod(key: string | undefined, kind: PeriodKind, now: Date): Period {
  const period = key ? parsePeriod(key) : periodOf(kind, shanghaiDateOf(now));
  if (!period) {
    throw new Problem(400, 'supervision.period_invalid', { period: String(key) }, [
      { field: 'period', in: 'query', message: 'YYYY-MM | YYYY-Qn | YYYY' },
    ]);
  }
  if (period.from > shanghaiDateOf(now)) {
    throw new Problem(400, 'supervision.date_in_future', { date: period.from, today: shanghaiDateOf(now) });
  }
  return period;
}

const dimensionOf = (level: StatLevel) =>
  level === 'department' ? 'department' : level === 'staff' ? 'staff' : 'handling';

interface CounterSum {
  org_code: string;
  org_path: string;
  person_id: string;
  metric: string;
  n: number;
}

async function sums(
  db: Kysely<DB>,
  dimension: 'handling' | 'department' | 'staff',
  roots: readonly string[],
  from: string,
  to: string,
): Promise<CounterSum[]> {
  const rows = await db
    .selectFrom('case_counters')
    .select(['org_code', 'org_path', 'person_id', 'metric', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('dimension', '=', dimension)
    .where(inSubtrees('org_path', roots))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['org_code', 'org_path', 'person_id', 'metric'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Statistics of a period under the caller's subtree, one row per org (or person) at `level`. */
export async function readStatistics(
  ctx: AppContext,
  actor: Actor,
  q: { orgCode?: string; level: StatLevel; period?: string; kind?: PeriodKind },
): Promise<Statistics> {
  const period = checkedPeriod(q.period, q.kind ?? 'month', ctx.now());
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  const rows = await sums(ctx.db, dimensionOf(q.level), roots, period.from, period.to);
  const total = emptyCounts();
  const groups = new Map<string, Counts>();
  let centers: { code: string; path: string }[] = [];
  if (q.level === 'center') {
    centers = await ctx.db
      .selectFrom('orgs')
      .select(['code', 'path'])
      .where('kind', '=', 'center')
      .where(inSubtrees('path', roots))
      .execute();
  }
  for (const r of rows) {
    addCounts(total, { [r.metric]: r.n });
    let key: string;
    switch (q.level) {
      case 'county':
        key = countyCodeOfPath(r.org_path) ?? r.org_code;
        break;
      case 'township':
        key = townshipCodeOf(r.org_path) ?? countyCodeOfPath(r.org_path) ?? r.org_code;
        break;
      case 'center':
        key = centers.find((c) => r.org_path.startsWith(c.path))?.code ?? r.org_code;
        break;
      case 'staff':
        key = r.person_id;
        break;
      default:
        key = r.org_code;
    }
    const counts = groups.get(key) ?? emptyCounts();
    addCounts(counts, { [r.metric]: r.n });
    groups.set(key, counts);
  }
  const names =
    q.level === 'staff'
      ? await personNames(ctx.db, [...groups.keys()])
      : await findOrgsByCodes(ctx.db, [...groups.keys()]);
  const out: StatRow[] = [...groups.entries()]
    .map(([code, counts]) => ({ code, name: names.get(code) ?? code, counts, rates: ratesOf(counts) }))
    .sort((a, b) => b.counts.received - a.counts.received || a.code.localeCompare(b.code));
  // The staff and department views count each case once per person or department; the total of the
  // handling view is the scope's own.
  return { period, level: q.level, total: { counts: total, rates: ratesOf(total) }, rows: out };
}

export interface TrendPoint {
  period: string;
  from: string;
  to: string;
  counts: Counts;
  rates: Rates;
}

/** A series of `count` consecutive periods ending with `end` (default: the current one), for trend charts. */
export async function readTrend(
  ctx: AppContext,
  actor: Actor,
  q: { orgCode?: string; kind: PeriodKind; end?: string; count: number; level?: 'handling' | 'department' },
): Promise<{ kind: PeriodKind; series: TrendPoint[] }> {
  const end = checkedPeriod(q.end, q.kind, ctx.now());
  if (end.kind !== q.kind) {
    throw new Problem(400, 'supervision.period_invalid', { period: end.key }, [
      { field: 'end', in: 'query', message: q.kind },
    ]);
  }
  const periods = trailingPeriods(end, q.count);
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  const rows = await ctx.db
    .selectFrom('case_counters')
    .select(['day', 'metric', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('dimension', '=', q.level ?? 'handling')
    .where(inSubtrees('org_path', roots))
    .where('day', '>=', periods[0]!.from)
    .where('day', '<=', end.to)
    .groupBy(['day', 'metric'])
    .execute();
  const series = periods.map((p) => ({ period: p.key, from: p.from, to: p.to, counts: emptyCounts() }));
  for (const r of rows) {
    const point = series.find((s) => r.day >= s.from && r.day <= s.to);
    if (point) addCounts(point.counts, { [r.metric]: Number(r.n) });
  }
  return { kind: q.kind, series: series.map((s) => ({ ...s, rates: ratesOf(s.counts) })) };
}
