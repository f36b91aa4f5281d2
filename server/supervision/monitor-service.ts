import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { pageWindow } from '../http/schemas.ts';
import { findOrgsByCodes } from '../org/org-store.ts';
import { scopeOf, townshipCodeOf } from './scope.ts';
import { openUrgeCounts } from './urge-service.ts';

/**
 * The monitor (issue 6, item 3): what a supervisor sees under their subtree. Counts come from the light
 * gauges (cost: orgs, not cases); lists from the watch rows (one row per open clock; a case is shown by
 * its worst clock). A case is in scope through the unit that received it or the department deciding it.
 */

export const GROUP_BYS = ['window', 'department', 'township', 'staff'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface Buckets {
  /** Open cases watched (each counts once, in its worst light). */
  open: number;
  green: number;
  yellow: number;
  red: number;
  overdue: number;
  paused: number;
}

const emptyBuckets = (): Buckets => ({ open: 0, green: 0, yellow: 0, red: 0, overdue: 0, paused: 0 });

function addBucket(b: Buckets, bucket: string, n: number): void {
  if (bucket === 'green' || bucket === 'yellow' || bucket === 'red') {
    b[bucket] += n;
    b.open += n;
  } else if (bucket === 'overdue' || bucket === 'paused') b[bucket] += n;
}

export interface CountGroup extends Buckets {
  code: string;
  name: string;
}

export interface MonitorCounts {
  groupBy: GroupBy;
  total: Buckets;
  groups: CountGroup[];
}

async function gaugeRows(db: Kysely<DB>, dimension: 'handling' | 'department', roots: readonly string[]) {
  return db
    .selectFrom('case_light_gauges')
    .select(['org_code', 'org_path', 'bucket', 'count'])
    .where('dimension', '=', dimension)
    .where(inSubtrees('org_path', roots))
    .where('count', '<>', 0)
    .execute();
}

/**
 * Counts by light under the caller's subtree (or `orgCode`'s), grouped. Window, township and the total
 * count cases by the unit that received them, department by the deciding department — all from the
 * gauges. Staff groups by the last staff member who acted on each open case, over the watch rows.
 */
export async function monitorCounts(
  ctx: AppContext,
  actor: Actor,
  q: { orgCode?: string; groupBy: GroupBy },
): Promise<MonitorCounts> {
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  const total = emptyBuckets();
  const groups = new Map<string, CountGroup>();
  const group = (code: string) => {
    let g = groups.get(code);
    if (!g) {
      g = { code, name: code, ...emptyBuckets() };
      groups.set(code, g);
    }
    return g;
  };
  const handling = await gaugeRows(ctx.db, 'handling', roots);
  for (const r of handling) addBucket(total, r.bucket, Number(r.count));
  if (q.groupBy === 'window' || q.groupBy === 'township') {
    for (const r of handling) {
      const code =
        q.groupBy === 'window' ? r.org_code : (townshipCodeOf(r.org_path) ?? r.org_path.split('/')[1]!);
      addBucket(group(code), r.bucket, Number(r.count));
    }
  } else if (q.groupBy === 'department') {
    for (const r of await gaugeRows(ctx.db, 'department', roots))
      addBucket(group(r.org_code), r.bucket, Number(r.count));
  } else {
    const rows = await sql<{
      staff: string | null;
      staff_name: string | null;
      worst: number;
      overdue: boolean;
      paused: boolean;
      n: number;
    }>`
      SELECT staff, max(staff_name) AS staff_name, worst, overdue, paused, count(*) AS n FROM (
        SELECT case_id, max(staff_person_id) AS staff, max(staff_name) AS staff_name,
               max(CASE light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END) AS worst,
               bool_or(overdue) AS overdue, bool_or(paused) AS paused
        FROM case_clock_watch
        WHERE ${inSubtrees('handling_org_path', roots)} OR ${inSubtrees('department_path', roots)}
        GROUP BY case_id
      ) per_case
      GROUP BY staff, worst, overdue, paused`.execute(ctx.db);
    for (const r of rows.rows) {
      const g = group(r.staff ?? '');
      if (r.staff_name) g.name = r.staff_name;
      const n = Number(r.n);
      addBucket(g, ['green', 'yellow', 'red'][Number(r.worst)]!, n);
      if (r.overdue) g.overdue += n;
      if (r.paused) g.paused += n;
    }
  }
  if (q.groupBy !== 'staff') {
    const names = await findOrgsByCodes(ctx.db, [...groups.keys()]);
    for (const g of groups.values()) g.name = names.get(g.code) ?? g.code;
  }
  const list = [...groups.values()]
    .filter((g) => g.open > 0 || g.overdue > 0 || g.paused > 0)
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.open - a.open || a.code.localeCompare(b.code));
  return { groupBy: q.groupBy, total, groups: list };
}

export interface MonitorCase {
  caseId: string;
  caseNumber: string;
  itemName: string;
  status: string;
  /** The case's worst clock. */
  clockKey: string;
  clockName: string;
  light: 'green' | 'yellow' | 'red';
  /** Any of its clocks past the legal limit. */
  overdue: boolean;
  /** Any of its clocks paused (补正, special procedure…). */
  paused: boolean;
  deadline: string;
  legalDeadline: string | null;
  /** A year whose holidays are not loaded that the deadline reaches (the deadline is then unknown). */
  calendarGap: number | null;
  handlingOrg: { code: string; name: string };
  department: { code: string; name: string };
  township: { code: string; name: string } | null;
  staff: { id: string; name: string } | null;
  handler: { orgCode: string; orgName: string; role: string };
  openUrges: number;
}

export interface MonitorCaseFilter {
  light?: 'green' | 'yellow' | 'red';
  overdue?: boolean;
  paused?: boolean;
  orgCode?: string;
  windowCode?: string;
  departmentCode?: string;
  townshipCode?: string;
  staffId?: string;
  page: number;
  pageSize: number;
}

interface MonitorRow {
  case_id: string;
  case_number: string;
  item_name: string;
  case_status: string;
  clock_key: string;
  clock_name: string;
  light: 'green' | 'yellow' | 'red';
  any_overdue: boolean;
  any_paused: boolean;
  deadline: Date;
  legal_deadline: Date | null;
  calendar_gap: number | null;
  handling_org_code: string;
  handling_org_path: string;
  department_code: string;
  handler_org_code: string;
  handler_role: string;
  staff_person_id: string | null;
  staff_name: string | null;
  total: number;
}

/**
 * Open cases under the caller's subtree, each by its worst clock, most urgent deadline first; filtered by
 * light (of that worst clock), overdue, paused and by window, department, township or staff member.
 */
export async function monitorCases(
  ctx: AppContext,
  actor: Actor,
  f: MonitorCaseFilter,
): Promise<{ items: MonitorCase[]; total: number }> {
  const { roots } = await scopeOf(ctx.db, actor, f.orgCode);
  const where = [sql`(${inSubtrees('handling_org_path', roots)} OR ${inSubtrees('department_path', roots)})`];
  if (f.windowCode) where.push(sql`handling_org_code = ${f.windowCode}`);
  if (f.departmentCode) where.push(sql`department_code = ${f.departmentCode}`);
  if (f.townshipCode) where.push(sql`handling_org_path LIKE ${`%/${escapeLike(f.townshipCode)}/%`}`);
  if (f.staffId) where.push(sql`staff_person_id = ${f.staffId}`);
  const outer = [sql`true`];
  if (f.light) outer.push(sql`light = ${f.light}`);
  if (f.overdue !== undefined) outer.push(sql`any_overdue = ${f.overdue}`);
  if (f.paused !== undefined) outer.push(sql`any_paused = ${f.paused}`);
  const { limit, offset } = pageWindow(f);
  const result = await sql<MonitorRow>`
    SELECT *, count(*) OVER () AS total FROM (
      SELECT DISTINCT ON (case_id) case_id, case_number, item_name, case_status, clock_key, clock_name, light,
             bool_or(overdue) OVER (PARTITION BY case_id) AS any_overdue,
             bool_or(paused) OVER (PARTITION BY case_id) AS any_paused,
             deadline, legal_deadline, calendar_gap, handling_org_code, handling_org_path, department_code,
             handler_org_code, handler_role, staff_person_id, staff_name
      FROM case_clock_watch
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY case_id, CASE light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END DESC, deadline
    ) per_case
    WHERE ${sql.join(outer, sql` AND `)}
    ORDER BY deadline, case_number
    LIMIT ${limit} OFFSET ${offset}`.execute(ctx.db);
  const rows = result.rows;
  const codes = new Set<string>();
  for (const r of rows) {
    codes.add(r.handling_org_code);
    codes.add(r.department_code);
    codes.add(r.handler_org_code);
    const t = townshipCodeOf(r.handling_org_path);
    if (t) codes.add(t);
  }
  const [names, urges] = await Promise.all([
    findOrgsByCodes(ctx.db, [...codes]),
    openUrgeCounts(
      ctx.db,
      rows.map((r) => r.case_id),
    ),
  ]);
  const ref = (code: string) => ({ code, name: names.get(code) ?? code });
  const items = rows.map((r): MonitorCase => {
    const township = townshipCodeOf(r.handling_org_path);
    return {
      caseId: r.case_id,
      caseNumber: r.case_number,
      itemName: r.item_name,
      status: r.case_status,
      clockKey: r.clock_key,
      clockName: r.clock_name,
      light: r.light,
      overdue: r.any_overdue,
      paused: r.any_paused,
      deadline: new Date(r.deadline).toISOString(),
      legalDeadline: r.legal_deadline ? new Date(r.legal_deadline).toISOString() : null,
      calendarGap: r.calendar_gap,
      handlingOrg: ref(r.handling_org_code),
      department: ref(r.department_code),
      township: township ? ref(township) : null,
      staff: r.staff_person_id ? { id: r.staff_person_id, name: r.staff_name ?? '' } : null,
      handler: {
        orgCode: r.handler_org_code,
        orgName: names.get(r.handler_org_code) ?? r.handler_org_code,
        role: r.handler_role,
      },
      openUrges: urges.get(r.case_id) ?? 0,
    };
  });
  return { items, total: Number(rows[0]?.total ?? 0) };
}
