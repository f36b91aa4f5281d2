import { type Expression, type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { Clock } from '../../core/clock/clock.ts';
import {
  type ComplaintStatus,
  DEFAULT_FEEDBACK_LIMITS,
  type FeedbackLimits,
  type RatingLevel,
  type RectificationStatus,
} from '../../core/feedback/index.ts';
import { json } from '../db/json.ts';
import type {
  ComplaintsTable,
  DB,
  FeedbackEventsTable,
  RatingsTable,
  RectificationOrdersTable,
  RectificationRevisitsTable,
} from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';

export type RatingRow = Selectable<RatingsTable>;
export type OrderRow = Selectable<RectificationOrdersTable>;
export type RevisitRow = Selectable<RectificationRevisitsTable>;
export type ComplaintRow = Selectable<ComplaintsTable>;
export type EventRow = Selectable<FeedbackEventsTable>;

export function clockOf(value: unknown): Clock {
  return json<Clock>(value);
}

// ---------------------------------------------------------------------------------------------------
// Limits

/** The limits in force at an org: the nearest region up its path with a row, else the defaults. */
export async function limitsAt(
  db: Kysely<DB>,
  orgPath: string,
): Promise<FeedbackLimits & { orgCode: string | null }> {
  const parts = orgPath.split('/').filter(Boolean);
  const codes = parts.filter((p) => /^\d+$/.test(p));
  if (codes.length > 0) {
    const rows = await db.selectFrom('feedback_limits').selectAll().where('org_code', 'in', codes).execute();
    const nearest = rows.sort((a, b) => b.org_path.length - a.org_path.length)[0];
    if (nearest) {
      return {
        orgCode: nearest.org_code,
        verifyDays: nearest.verify_days,
        rectifyDays: nearest.rectify_days,
        complaintDays: nearest.complaint_days,
      };
    }
  }
  return { orgCode: null, ...DEFAULT_FEEDBACK_LIMITS };
}

/** A number of the day per county and kind, e.g. ZG-511723-20260310-0001; the row lock serialises. */
export async function nextNumber(
  trx: Kysely<DB>,
  kind: 'rectification' | 'complaint',
  countyCode: string,
  date: string,
): Promise<string> {
  const row = await trx
    .insertInto('feedback_sequences')
    .values({ kind, county_code: countyCode, date, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'county_code', 'date'])
        .doUpdateSet({ last: sql<number>`feedback_sequences.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  const prefix = kind === 'rectification' ? 'ZG' : 'TS';
  return `${prefix}-${countyCode}-${date.replaceAll('-', '')}-${String(row.last).padStart(4, '0')}`;
}

/** The county (6-digit region) of an org path, with its path. */
export function countyOfPath(orgPath: string): { code: string; path: string } | null {
  const parts = orgPath.split('/').filter(Boolean);
  const i = parts.findIndex((p) => /^\d{6}$/.test(p));
  if (i < 0) return null;
  return { code: parts[i]!, path: `/${parts.slice(0, i + 1).join('/')}/` };
}

// ---------------------------------------------------------------------------------------------------
// Events

export async function insertEvent(
  trx: Kysely<DB>,
  e: Omit<Insertable<FeedbackEventsTable>, 'id'>,
): Promise<void> {
  await trx.insertInto('feedback_events').values(e).execute();
}

export async function listEvents(
  db: Kysely<DB>,
  entityType: 'rectification' | 'complaint',
  entityId: string,
): Promise<EventRow[]> {
  return db
    .selectFrom('feedback_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Ratings

export interface RatingFilter {
  level?: RatingLevel;
  bad?: boolean;
  channel?: string;
  kind?: 'case' | 'visit';
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
}

/** A rating lies in the subtrees when the unit rated or the deciding department does. */
export function ratingInScope(roots: readonly string[], alias = 'r'): Expression<SqlBool> {
  if (roots.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${inSubtrees(`${alias}.org_path`, roots)} OR ${inSubtrees(`${alias}.department_path`, roots)})`;
}

export async function searchRatings(
  db: Kysely<DB>,
  roots: readonly string[],
  f: RatingFilter,
): Promise<{
  items: (RatingRow & { order_id: string | null; order_status: string | null })[];
  total: number;
}> {
  let q = db
    .selectFrom('ratings as r')
    .leftJoin('rectification_orders as o', 'o.rating_id', 'r.id')
    .where(ratingInScope(roots));
  if (f.level) q = q.where('r.level', '=', f.level);
  if (f.bad !== undefined) {
    q = q.where('r.level', f.bad ? 'in' : 'not in', ['dissatisfied', 'very_dissatisfied']);
  }
  if (f.channel) q = q.where('r.channel', '=', f.channel);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.from) q = q.where('r.created_at', '>=', f.from);
  if (f.to) q = q.where('r.created_at', '<', f.to);
  const text = f.q?.trim();
  if (text) q = q.where('r.case_number', 'like', `${escapeLike(text)}%`);
  const [rows, count] = await Promise.all([
    q
      .selectAll('r')
      .select(['o.id as order_id', 'o.status as order_status'])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows, total: Number(count.n) };
}

// ---------------------------------------------------------------------------------------------------
// Rectification orders

export const ORDER_FINAL: readonly RectificationStatus[] = ['rectified', 'cannot_rectify', 'invalid'];

/** SQL twin of core/feedback overdueFlags().any, as of `now`. */
export function orderOverdue(now: Date, alias = 'o'): Expression<SqlBool> {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  const late = (due: string, done: string) =>
    sql<SqlBool>`(${c(due)} IS NOT NULL AND ((${c(done)} IS NULL AND ${c(due)} < ${now})
      OR ${c(done)} > ${c(due)}))`;
  return sql<SqlBool>`(${late('verify_due', 'responded_at')}
    OR (${c('named')} AND ${c('status')} <> 'invalid' AND ${late('verify_due', 'first_revisit_at')})
    OR ${late('rectify_due', 'closed_at')})`;
}

/** An order lies in the subtrees when its handler or the rated case's department does. */
export function orderInScope(roots: readonly string[], alias = 'o'): Expression<SqlBool> {
  if (roots.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${inSubtrees(`${alias}.handler_org_path`, roots)} OR ${inSubtrees(`${alias}.department_path`, roots)})`;
}

export interface OrderFilter {
  status?: RectificationStatus;
  open?: boolean;
  overdue?: boolean;
  /** Only orders whose handler lies under this path. */
  handlerPath?: string;
  q?: string;
  limit: number;
  offset: number;
}

export type OrderWithRating = OrderRow & { rating: RatingRow };

function splitRating(row: Record<string, unknown>): OrderWithRating {
  const order: Record<string, unknown> = {};
  const rating: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith('r__')) rating[k.slice(3)] = v;
    else order[k] = v;
  }
  return { ...(order as OrderRow), rating: rating as RatingRow };
}

const RATING_COLUMNS = [
  'id',
  'county_code',
  'kind',
  'case_id',
  'case_number',
  'item_name',
  'org_code',
  'org_path',
  'department_code',
  'department_path',
  'staff_person_id',
  'staff_name',
  'visit_date',
  'level',
  'score_overall',
  'score_efficiency',
  'score_guide',
  'score_convenience',
  'score_attitude',
  'comment',
  'channel',
  'named',
  'rater_name',
  'rater_phone',
  'recorded_by',
  'invalid',
  'created_at',
] as const;

function ordersQuery(db: Kysely<DB>) {
  return db
    .selectFrom('rectification_orders as o')
    .innerJoin('ratings as r', 'r.id', 'o.rating_id')
    .selectAll('o')
    .select(RATING_COLUMNS.map((c) => sql.ref(`r.${c}`).as(`r__${c}`)));
}

export async function findOrder(db: Kysely<DB>, id: string): Promise<OrderWithRating | null> {
  const row = await ordersQuery(db).where('o.id', '=', id).executeTakeFirst();
  return row ? splitRating(row as Record<string, unknown>) : null;
}

/** The conditions of an order list, as one SQL condition (usable with or without the rating join). */
export function orderConditions(
  roots: readonly string[],
  f: Omit<OrderFilter, 'limit' | 'offset'>,
  now: Date,
) {
  const conds: Expression<SqlBool>[] = [orderInScope(roots)];
  if (f.status) conds.push(sql<SqlBool>`o.status = ${f.status}`);
  if (f.open !== undefined) {
    const final = sql.join([...ORDER_FINAL]);
    conds.push(f.open ? sql<SqlBool>`o.status NOT IN (${final})` : sql<SqlBool>`o.status IN (${final})`);
  }
  if (f.overdue !== undefined)
    conds.push(f.overdue ? orderOverdue(now) : sql<SqlBool>`NOT ${orderOverdue(now)}`);
  if (f.handlerPath) conds.push(inSubtrees('o.handler_org_path', [f.handlerPath]));
  const text = f.q?.trim();
  if (text) {
    const like = `${escapeLike(text)}%`;
    conds.push(sql<SqlBool>`(o.order_number LIKE ${like} OR EXISTS (SELECT 1 FROM ratings x
      WHERE x.id = o.rating_id AND x.case_number LIKE ${like}))`);
  }
  return sql<SqlBool>`(${sql.join(conds, sql` AND `)})`;
}

export async function searchOrders(
  db: Kysely<DB>,
  roots: readonly string[],
  f: OrderFilter,
  now: Date,
): Promise<{ items: OrderWithRating[]; total: number }> {
  const where = orderConditions(roots, f, now);
  const [rows, n] = await Promise.all([
    ordersQuery(db)
      .where(where)
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    db
      .selectFrom('rectification_orders as o')
      .where(where)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => splitRating(r as Record<string, unknown>)), total: Number(n.n) };
}

export interface OrderCounts {
  total: number;
  open: number;
  overdue: number;
  overdueOpen: number;
  byStatus: Record<RectificationStatus, number>;
}

export async function countOrders(
  db: Kysely<DB>,
  where: Expression<SqlBool>,
  now: Date,
): Promise<OrderCounts> {
  const rows = await db
    .selectFrom('rectification_orders as o')
    .where(where)
    .select([
      'o.status',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) FILTER (WHERE ${orderOverdue(now)})`.as('overdue'),
    ])
    .groupBy('o.status')
    .execute();
  const byStatus = {
    pending_verification: 0,
    rectifying: 0,
    cannot_rectify_requested: 0,
    appealed: 0,
    rectified: 0,
    cannot_rectify: 0,
    invalid: 0,
  } satisfies Record<RectificationStatus, number>;
  let total = 0;
  let open = 0;
  let overdue = 0;
  let overdueOpen = 0;
  for (const r of rows) {
    const n = Number(r.n);
    const late = Number(r.overdue);
    byStatus[r.status as RectificationStatus] = n;
    total += n;
    overdue += late;
    if (!ORDER_FINAL.includes(r.status as RectificationStatus)) {
      open += n;
      overdueOpen += late;
    }
  }
  return { total, open, overdue, overdueOpen, byStatus };
}

/** Writes an order's changed columns if it is still at `version`; false when it moved meanwhile. */
export async function updateOrder(
  trx: Kysely<DB>,
  id: string,
  version: number,
  changes: Partial<Omit<Insertable<RectificationOrdersTable>, 'id' | 'version'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('rectification_orders')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listRevisits(db: Kysely<DB>, orderId: string): Promise<RevisitRow[]> {
  return db
    .selectFrom('rectification_revisits')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function revisitCounts(
  db: Kysely<DB>,
  orderIds: readonly string[],
): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rectification_revisits')
    .select(['order_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('order_id', 'in', [...orderIds])
    .groupBy('order_id')
    .execute();
  return new Map(rows.map((r) => [r.order_id, Number(r.n)]));
}

// ---------------------------------------------------------------------------------------------------
// Complaints

export interface ComplaintFilter {
  status?: ComplaintStatus;
  finding?: 'confirmed' | 'not_confirmed';
  targetKind?: string;
  channel?: string;
  overdue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** SQL: the reply came after its deadline, or the deadline passed without one. */
export function complaintOverdue(now: Date, alias = 'c'): Expression<SqlBool> {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${c('reply_due')} IS NOT NULL AND ((${c('replied_at')} IS NULL AND ${c('reply_due')} < ${now})
    OR ${c('replied_at')} > ${c('reply_due')}))`;
}

export async function searchComplaints(
  db: Kysely<DB>,
  roots: readonly string[],
  f: ComplaintFilter,
  now: Date,
): Promise<{ items: ComplaintRow[]; total: number }> {
  let q = db.selectFrom('complaints as c').where(inSubtrees('c.assigned_org_path', roots));
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.finding) q = q.where('c.finding', '=', f.finding);
  if (f.targetKind) q = q.where('c.target_kind', '=', f.targetKind);
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.overdue !== undefined) {
    q = q.where(f.overdue ? complaintOverdue(now) : sql<SqlBool>`NOT ${complaintOverdue(now)}`);
  }
  const text = f.q?.trim();
  if (text) {
    q = q.where((eb) =>
      eb.or([
        eb('c.tracking_number', 'like', `${escapeLike(text)}%`),
        eb('c.target_org_name', 'like', `%${escapeLike(text)}%`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('c')
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows, total: Number(count.n) };
}

export async function updateComplaint(
  trx: Kysely<DB>,
  id: string,
  version: number,
  changes: Partial<Omit<Insertable<ComplaintsTable>, 'id' | 'version'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('complaints')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
