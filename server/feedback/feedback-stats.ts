import { type Kysely, type SqlBool, sql } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import {
  dateRange,
  isMonth,
  monthOf,
  monthRange,
  RATING_LEVELS,
  type RatingLevel,
  SATISFIED_LEVELS,
} from '../../core/feedback/index.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import { notFound, Problem } from '../http/problem.ts';
import { findOrg } from '../org/org-store.ts';
import { orderOverdue } from './feedback-store.ts';

/**
 * The figures other modules and the public read. Definitions (docs/feedback.md, "Figures"):
 * - a rating counts for an org subtree when the unit rated (window, center, station) or the deciding
 *   department lies in it — once, even when both do; ratings judged 无效差评 never count;
 * - satisfied = 非常满意, 满意 or 基本满意; 满意率 = satisfied / counted ratings (null without ratings);
 * - a confirmed complaint (finding 属实) counts for its target org — and its staff member, when named by
 *   id — in the Shanghai month of the finding (the reply).
 */

export interface ConfirmedComplaintCount {
  /** The org complained about (window, center, station or department). */
  orgCode: string;
  orgPath: string;
  /** The staff member complained about, when the complaint names them by id; null otherwise. */
  personId: string | null;
  count: number;
}

/**
 * Confirmed complaints per target org (and staff member) whose finding was made in `month` ('YYYY-MM',
 * Asia/Shanghai), for targets inside the subtrees `orgPaths`. For supervision's monthly evaluation.
 */
export async function confirmedComplaints(
  db: Kysely<DB>,
  args: { orgPaths: readonly string[]; month: string },
): Promise<ConfirmedComplaintCount[]> {
  const { from, to } = monthRange(args.month);
  if (args.orgPaths.length === 0) return [];
  const rows = await db
    .selectFrom('complaints')
    .select([
      'target_org_code',
      'target_org_path',
      'target_person_id',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('finding', '=', 'confirmed')
    .where('replied_at', '>=', from)
    .where('replied_at', '<', to)
    .where(inSubtrees('target_org_path', args.orgPaths))
    .groupBy(['target_org_code', 'target_org_path', 'target_person_id'])
    .orderBy('target_org_code')
    .orderBy('target_person_id')
    .execute();
  return rows.map((r) => ({
    orgCode: r.target_org_code,
    orgPath: r.target_org_path,
    personId: r.target_person_id,
    count: Number(r.n),
  }));
}

export interface Satisfaction {
  /** Valid ratings counted (无效差评 left out). */
  ratings: number;
  /** Of them, 基本满意 or better. */
  satisfied: number;
  /** satisfied / ratings, 0–1; null when there are no ratings. */
  rate: number | null;
  byLevel: Record<RatingLevel, number>;
}

function satisfactionOf(byLevel: Record<RatingLevel, number>): Satisfaction {
  const ratings = RATING_LEVELS.reduce((n, l) => n + byLevel[l], 0);
  const satisfied = SATISFIED_LEVELS.reduce((n, l) => n + byLevel[l], 0);
  return { ratings, satisfied, rate: ratings > 0 ? satisfied / ratings : null, byLevel };
}

function emptyLevels(): Record<RatingLevel, number> {
  return Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
}

/**
 * Satisfaction of the ratings given from `from` to `to` (Shanghai dates 'YYYY-MM-DD', both inclusive)
 * for the subtree at `orgPath`. For supervision's evaluation and the public page.
 */
export async function satisfaction(
  db: Kysely<DB>,
  args: { orgPath: string; from: string; to: string },
): Promise<Satisfaction> {
  const range = dateRange(args.from, args.to);
  const rows = await db
    .selectFrom('ratings as r')
    .select(['r.level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.invalid', '=', false)
    .where('r.created_at', '>=', range.from)
    .where('r.created_at', '<', range.to)
    .where(
      sql<SqlBool>`(${inSubtrees('r.org_path', [args.orgPath])} OR ${inSubtrees('r.department_path', [args.orgPath])})`,
    )
    .groupBy('r.level')
    .execute();
  const byLevel = emptyLevels();
  for (const r of rows) byLevel[r.level as RatingLevel] = Number(r.n);
  return satisfactionOf(byLevel);
}

// ---------------------------------------------------------------------------------------------------
// The public satisfaction page (no personal data)

export interface UnitSatisfaction extends Satisfaction {
  orgCode: string;
  name: string;
  parentName: string | null;
}

export interface PublicSatisfaction {
  month: string;
  regionCode: string | null;
  regionName: string | null;
  overall: Satisfaction;
  departments: UnitSatisfaction[];
  windows: UnitSatisfaction[];
  rectification: {
    /** Orders opened in the month. */
    opened: number;
    rectified: number;
    cannotRectify: number;
    invalid: number;
    inProgress: number;
    /** Of the month's orders, those overdue at any stage (now or when finished). */
    overdue: number;
    /** Named bad ratings of the month revisited at least once, and how many there were. */
    revisited: number;
    named: number;
  };
}

async function unitRows(
  db: Kysely<DB>,
  column: 'org' | 'department',
  where: { from: Date; to: Date; path: string | null },
): Promise<UnitSatisfaction[]> {
  const code: 'r.org_code' | 'r.department_code' = column === 'org' ? 'r.org_code' : 'r.department_code';
  const pathCol = column === 'org' ? 'r.org_path' : 'r.department_path';
  let q = db
    .selectFrom('ratings as r')
    .innerJoin('orgs as o', 'o.code', code)
    .leftJoin('orgs as p', 'p.code', 'o.parent_code')
    .select([
      'o.code',
      'o.name',
      'p.name as parent_name',
      'r.level',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('r.invalid', '=', false)
    .where('r.created_at', '>=', where.from)
    .where('r.created_at', '<', where.to);
  if (where.path) q = q.where(inSubtrees(pathCol, [where.path]));
  const rows = await q.groupBy(['o.code', 'o.name', 'p.name', 'r.level']).execute();
  const units = new Map<
    string,
    { name: string; parentName: string | null; byLevel: Record<RatingLevel, number> }
  >();
  for (const r of rows) {
    let u = units.get(r.code);
    if (!u) {
      u = { name: r.name, parentName: r.parent_name, byLevel: emptyLevels() };
      units.set(r.code, u);
    }
    u.byLevel[r.level as RatingLevel] += Number(r.n);
  }
  return [...units.entries()]
    .map(([orgCode, u]) => ({
      orgCode,
      name: u.name,
      parentName: u.parentName,
      ...satisfactionOf(u.byLevel),
    }))
    .sort(
      (a, b) =>
        (b.rate ?? -1) - (a.rate ?? -1) || b.ratings - a.ratings || a.orgCode.localeCompare(b.orgCode),
    );
}

export async function publicSatisfaction(
  ctx: AppContext,
  args: { month?: string; region?: string },
): Promise<PublicSatisfaction> {
  const month = args.month ?? monthOf(ctx.now());
  if (!isMonth(month) || `${month}-01` > shanghaiDateOf(ctx.now())) {
    throw new Problem(400, 'feedback.month_invalid', { month }, [
      { field: 'month', in: 'query', message: month },
    ]);
  }
  let region: { code: string; name: string; path: string } | null = null;
  if (args.region) {
    const org = await findOrg(ctx.db, args.region);
    if (!org || !['province', 'city', 'county', 'township'].includes(org.kind)) {
      throw notFound('org.not_found', { code: args.region });
    }
    region = org;
  }
  const { from, to } = monthRange(month);
  const path = region?.path ?? null;
  const [windows, departments, overallRows, orders] = await Promise.all([
    unitRows(ctx.db, 'org', { from, to, path }),
    unitRows(ctx.db, 'department', { from, to, path }),
    (() => {
      let q = ctx.db
        .selectFrom('ratings as r')
        .select(['r.level', (eb) => eb.fn.countAll<number>().as('n')])
        .where('r.invalid', '=', false)
        .where('r.created_at', '>=', from)
        .where('r.created_at', '<', to);
      if (path) {
        q = q.where(
          sql<SqlBool>`(${inSubtrees('r.org_path', [path])} OR ${inSubtrees('r.department_path', [path])})`,
        );
      }
      return q.groupBy('r.level').execute();
    })(),
    (() => {
      const now = ctx.now();
      let q = ctx.db
        .selectFrom('rectification_orders as o')
        .select([
          'o.status',
          (eb) => eb.fn.countAll<number>().as('n'),
          sql<number>`count(*) FILTER (WHERE ${orderOverdue(now)})`.as('overdue'),
          sql<number>`count(*) FILTER (WHERE o.named)`.as('named'),
          sql<number>`count(*) FILTER (WHERE o.named AND o.first_revisit_at IS NOT NULL)`.as('revisited'),
        ])
        .where('o.created_at', '>=', from)
        .where('o.created_at', '<', to);
      if (path) {
        q = q.where(
          sql<SqlBool>`(${inSubtrees('o.handler_org_path', [path])} OR ${inSubtrees('o.department_path', [path])})`,
        );
      }
      return q.groupBy('o.status').execute();
    })(),
  ]);
  const byLevel = emptyLevels();
  for (const r of overallRows) byLevel[r.level as RatingLevel] = Number(r.n);
  const rect = {
    opened: 0,
    rectified: 0,
    cannotRectify: 0,
    invalid: 0,
    inProgress: 0,
    overdue: 0,
    revisited: 0,
    named: 0,
  };
  for (const o of orders) {
    const n = Number(o.n);
    rect.opened += n;
    rect.overdue += Number(o.overdue);
    rect.named += Number(o.named);
    rect.revisited += Number(o.revisited);
    if (o.status === 'rectified') rect.rectified += n;
    else if (o.status === 'cannot_rectify') rect.cannotRectify += n;
    else if (o.status === 'invalid') rect.invalid += n;
    else rect.inProgress += n;
  }
  return {
    month,
    regionCode: region?.code ?? null,
    regionName: region?.name ?? null,
    overall: satisfactionOf(byLevel),
    departments,
    windows,
    rectification: rect,
  };
}
