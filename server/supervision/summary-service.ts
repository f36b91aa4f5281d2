import type { Kysely } from 'kysely';
import { isIsoDate, shanghaiDateOf } from '../../core/calendar/dates.ts';
import { countyCodeOf } from '../../core/org/codes.ts';
import {
  addCounts,
  type Counts,
  emptyCounts,
  SUMMARY_METRICS,
  type SummaryMetric,
} from '../../core/supervision/index.ts';
import type { AppContext } from '../context.ts';
import { json } from '../db/json.ts';
import type { DB } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { recordAudit } from '../org/audit-store.ts';
import { scopeOf, townshipCodeOf } from './scope.ts';

/**
 * The daily summary (每日汇总, issue 6 item 4): per window and per center, the figures of one Shanghai
 * day — received, accepted, refused, completed, completed on the spot, completed early, extended,
 * overdue, fees collected — summed from the counters (a center's are those of its whole subtree, its
 * windows and cases received at the center itself). Made by the `supervision.daily_summary` job at the
 * configured time (BIANMIN_DAILY_SUMMARY_AT, default 17:30) for every unit, and on demand for a subtree;
 * each run replaces that day's rows of the units it covers.
 */

export const SUMMARY_UNIT_KINDS = ['center', 'window', 'station'] as const;

export type SummaryFigures = Record<SummaryMetric, number>;

export interface SummaryRow {
  orgCode: string;
  orgName: string;
  kind: string;
  /** The center a window belongs to; null for centers and stations. */
  centerCode: string | null;
  township: string | null;
  figures: SummaryFigures;
  generatedAt: string;
}

export interface DailySummary {
  date: string;
  /** When the newest of these rows was made; null when the day has not been summarised. */
  generatedAt: string | null;
  rows: SummaryRow[];
  /** Sum over the centers listed (each case counts once: windows are inside their center). */
  total: SummaryFigures;
}

function figuresOf(c: Counts): SummaryFigures {
  return Object.fromEntries(SUMMARY_METRICS.map((m) => [m, c[m]])) as SummaryFigures;
}

/** Checks a requested date: a real date, not after today (Shanghai). */
export function checkedDay(date: string | undefined, now: Date): string {
  const today = shanghaiDateOf(now);
  const day = date ?? today;
  if (!isIsoDate(day)) {
    throw new Problem(400, 'request.invalid', { field: 'date', reason: 'YYYY-MM-DD' }, [
      { field: 'date', in: 'query', message: 'YYYY-MM-DD' },
    ]);
  }
  if (day > today) throw new Problem(400, 'supervision.date_in_future', { date: day, today });
  return day;
}

interface Unit {
  code: string;
  path: string;
  kind: string;
  name: string;
  county_code: string;
}

async function unitsUnder(db: Kysely<DB>, roots: readonly string[] | null): Promise<Unit[]> {
  let q = db
    .selectFrom('orgs')
    .select(['code', 'path', 'kind', 'name', 'county_code'])
    .where('kind', 'in', [...SUMMARY_UNIT_KINDS])
    .where('status', '=', 'active');
  if (roots) q = q.where(inSubtrees('path', roots));
  return q.orderBy('path').execute();
}

/**
 * Recounts `day` for every summary unit under `roots` (all units when null) from the counters, and
 * stores the rows. Returns how many rows were written.
 */
export async function generateDailySummaries(
  ctx: AppContext,
  day: string,
  opts: { roots: readonly string[] | null; by: Actor | null; ip?: string },
): Promise<number> {
  const now = ctx.now();
  const units = await unitsUnder(ctx.db, opts.roots);
  if (units.length === 0) return 0;
  let q = ctx.db
    .selectFrom('case_counters')
    .select(['org_path', 'metric', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('dimension', '=', 'handling')
    .where('day', '=', day)
    .where('metric', 'in', [...SUMMARY_METRICS]);
  if (opts.roots) q = q.where(inSubtrees('org_path', opts.roots));
  const counters = await q.groupBy(['org_path', 'metric']).execute();
  const rows = units.map((u) => {
    const counts = emptyCounts();
    for (const c of counters)
      if (c.org_path.startsWith(u.path)) addCounts(counts, { [c.metric]: Number(c.n) });
    return { unit: u, figures: figuresOf(counts) };
  });
  const kept = rows.filter(
    (r) => r.unit.kind !== 'station' || SUMMARY_METRICS.some((m) => r.figures[m] !== 0),
  );
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < kept.length; i += 200) {
      const chunk = kept.slice(i, i + 200);
      await trx
        .insertInto('daily_summaries')
        .values(
          chunk.map((r) => ({
            county_code: r.unit.county_code || countyCodeOf(r.unit.code),
            org_code: r.unit.code,
            org_path: r.unit.path,
            org_kind: r.unit.kind,
            day,
            figures: JSON.stringify(r.figures),
            generated_at: now,
            generated_by: opts.by?.personId ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['county_code', 'org_code', 'day']).doUpdateSet((eb) => ({
            org_path: eb.ref('excluded.org_path'),
            org_kind: eb.ref('excluded.org_kind'),
            figures: eb.ref('excluded.figures'),
            generated_at: eb.ref('excluded.generated_at'),
            generated_by: eb.ref('excluded.generated_by'),
          })),
        )
        .execute();
    }
    if (opts.by) {
      await recordAudit(trx, {
        actorId: opts.by.personId,
        actorName: opts.by.displayName,
        action: 'supervision.summary_generate',
        entityType: 'daily_summary',
        entityId: day,
        orgCode: opts.by.orgCode,
        orgPath: opts.roots?.[0] ?? '/',
        after: { day, rows: kept.length },
        ip: opts.ip ?? null,
      });
    }
  });
  return kept.length;
}

/** The stored summary of `day` under the caller's subtree (or `orgCode`'s). */
export async function readDailySummary(
  ctx: AppContext,
  actor: Actor,
  q: { date?: string; orgCode?: string },
): Promise<DailySummary> {
  const day = checkedDay(q.date, ctx.now());
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  const rows = await ctx.db
    .selectFrom('daily_summaries as s')
    .innerJoin('orgs as o', 'o.code', 's.org_code')
    .select([
      's.org_code',
      's.org_path',
      's.org_kind',
      's.figures',
      's.generated_at',
      'o.name',
      'o.parent_code',
    ])
    .where('s.day', '=', day)
    .where(inSubtrees('s.org_path', roots))
    .orderBy('s.org_path')
    .execute();
  const total = emptyCounts();
  let generatedAt: Date | null = null;
  const centers = rows.filter((r) => r.org_kind !== 'window').map((r) => r.org_path);
  const out: SummaryRow[] = rows.map((r) => {
    const figures = json<SummaryFigures>(r.figures);
    // Count each unit once: a window inside a listed center is already in the center's figures.
    const inside = centers.some((p) => p !== r.org_path && r.org_path.startsWith(p));
    if (!inside) addCounts(total, figures);
    if (!generatedAt || r.generated_at > generatedAt) generatedAt = r.generated_at;
    return {
      orgCode: r.org_code,
      orgName: r.name,
      kind: r.org_kind,
      centerCode: r.org_kind === 'window' ? r.parent_code : null,
      township: townshipCodeOf(r.org_path),
      figures,
      generatedAt: r.generated_at.toISOString(),
    };
  });
  return {
    date: day,
    generatedAt: (generatedAt as Date | null)?.toISOString() ?? null,
    rows: out,
    total: figuresOf(total),
  };
}

/** Generates the summary of `day` for the caller's subtree now, then returns it. */
export async function generateSummaryNow(
  ctx: AppContext,
  actor: Actor,
  q: { date?: string; orgCode?: string },
  ip: string,
): Promise<DailySummary> {
  const day = checkedDay(q.date, ctx.now());
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  await generateDailySummaries(ctx, day, { roots, by: actor, ip });
  return readDailySummary(ctx, actor, { date: day, orgCode: q.orgCode });
}

/** The time of the daily summary job: BIANMIN_DAILY_SUMMARY_AT ('HH:MM', Asia/Shanghai), default 17:30. */
export function dailySummaryTime(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.BIANMIN_DAILY_SUMMARY_AT?.trim() || '17:30';
  if (!/^([01]\d|2[0-3]):([0-5]\d)$/.test(value)) {
    throw new Error(`BIANMIN_DAILY_SUMMARY_AT must be HH:MM (Asia/Shanghai), got "${value}"`);
  }
  return value;
}
