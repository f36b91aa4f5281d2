import type { Insertable } from 'kysely';
import { addNaturalDays, shanghaiDateOf } from '../../core/calendar/dates.ts';
import { publicLabelOf } from '../../core/cases/lifecycle.ts';
import {
  type CleanRating,
  dateRange,
  isBadLevel,
  isRateableCaseStatus,
  type RatingChannel,
  type RatingInput,
  type RatingLevel,
  SATISFIED_LEVELS,
  VISIT_MAX_AGE_DAYS,
  validateRating,
} from '../../core/feedback/index.ts';
import { countyCodeOf } from '../../core/org/codes.ts';
import { canReadCase } from '../cases/case-access.ts';
import { publicProgress } from '../cases/case-service.ts';
import { type CaseRecord, findCase, findCaseByNumber } from '../cases/case-store.ts';
import { findVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import { uniqueViolation } from '../db/errors.ts';
import type { RatingsTable } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, findOrgsByCodes } from '../org/org-store.ts';
import { countFeedback } from '../supervision/feedback-counters.ts';
import { label, readRoots } from './feedback-access.ts';
import { type RatingRow, searchRatings } from './feedback-store.ts';
import {
  type OpenedOrder,
  openOrder,
  publishOrder,
  type RatingView,
  ratingViewOf,
} from './rectification-service.ts';

/** What the rater is told: the rating was kept and, for a 差评, by when the unit answers. */
export interface RatingReceipt {
  id: string;
  kind: 'case' | 'visit';
  level: RatingLevel;
  /** A rectification order was opened (不满意 / 非常不满意). */
  rectification: boolean;
  /** Shanghai date by which a named rater is called back; null for anonymous or good ratings. */
  revisitBy: string | null;
  createdAt: string;
}

const WINDOW_KINDS = ['window', 'center', 'station'];

function ratingProblem(errors: { field: string; code: string; message: string }[]): Problem {
  return new Problem(
    400,
    'feedback.rating_invalid',
    { field: errors[0]!.field, reason: errors[0]!.message },
    errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message })),
  );
}

function checked(input: RatingInput): CleanRating {
  const result = validateRating(input);
  if (!result.ok) throw ratingProblem(result.errors);
  return result.value;
}

function receiptOf(row: RatingRow, order: OpenedOrder | null): RatingReceipt {
  return {
    id: row.id,
    kind: row.kind,
    level: row.level as RatingLevel,
    rectification: order !== null,
    revisitBy: order && row.named && order.verifyDue ? shanghaiDateOf(order.verifyDue) : null,
    createdAt: row.created_at.toISOString(),
  };
}

interface Source {
  channel: RatingChannel;
  /** Staff who entered the rating for the resident (12345); null when the resident rated. */
  recordedBy: Actor | null;
  ip: string | null;
}

/**
 * Stores a rating and, for a bad one, its rectification order — one transaction: both or neither.
 * A second rating of the same case loses on the unique index and is answered as already rated.
 */
async function store(
  ctx: AppContext,
  values: Insertable<RatingsTable> & { case_number: string | null },
  source: Source,
): Promise<RatingReceipt> {
  let opened: OpenedOrder | null = null;
  let row: RatingRow;
  // Read before the transaction: on PGlite a calendar check inside it would wait for it.
  const calendar = await ctx.calendar.currentOrNull();
  try {
    row = await ctx.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('ratings')
        .values(values)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (isBadLevel(inserted.level as RatingLevel)) opened = await openOrder(ctx, trx, inserted, calendar);
      await countFeedback(trx, {
        countyCode: inserted.county_code,
        day: shanghaiDateOf(inserted.created_at),
        metrics: SATISFIED_LEVELS.includes(inserted.level as RatingLevel)
          ? ['ratings', 'ratings_satisfied']
          : ['ratings'],
        unit: { code: inserted.org_code, path: inserted.org_path },
        department:
          inserted.department_code && inserted.department_path
            ? { code: inserted.department_code, path: inserted.department_path }
            : null,
      });
      await recordAudit(trx, {
        actorId: source.recordedBy?.personId ?? null,
        actorName: source.recordedBy?.displayName ?? label('actor.public'),
        action: 'feedback.rate',
        entityType: 'rating',
        entityId: inserted.id,
        orgCode: inserted.org_code,
        orgPath: inserted.org_path,
        after: {
          kind: inserted.kind,
          caseNumber: inserted.case_number,
          level: inserted.level,
          channel: inserted.channel,
          named: inserted.named,
        },
        ip: source.ip,
      });
      return inserted;
    });
  } catch (error) {
    if (uniqueViolation(error) && values.case_number) {
      throw new Problem(409, 'feedback.already_rated', { number: values.case_number });
    }
    throw error;
  }
  const order = opened as OpenedOrder | null;
  if (order) publishOrder(ctx, order);
  return receiptOf(row, order);
}

function ratingColumns(r: CleanRating) {
  return {
    level: r.level,
    score_overall: r.scores.overall,
    score_efficiency: r.scores.efficiency ?? null,
    score_guide: r.scores.guide ?? null,
    score_convenience: r.scores.convenience ?? null,
    score_attitude: r.scores.attitude ?? null,
    comment: r.comment,
    named: r.named,
    rater_name: r.raterName,
    rater_phone: r.raterPhone,
  };
}

// ---------------------------------------------------------------------------------------------------
// Case ratings (一事一评)

/**
 * Rates a finished case. For the hotline helper and the routes alike: `c` is a case the caller has
 * already found (by number + query code, or in the staff member's scope). Refuses bad input (400), a case
 * not finished (409 feedback.case_not_rateable) and a second rating (409 feedback.already_rated); nothing
 * is stored then.
 */
export async function recordCaseRating(
  ctx: AppContext,
  c: CaseRecord,
  input: RatingInput,
  source: Source,
): Promise<RatingReceipt> {
  const rating = checked(input);
  if (!isRateableCaseStatus(c.status)) {
    throw new Problem(409, 'feedback.case_not_rateable', {
      number: c.caseNumber,
      status: publicLabelOf(c.status),
    });
  }
  const existing = await ctx.db
    .selectFrom('ratings')
    .select('id')
    .where('case_id', '=', c.id)
    .executeTakeFirst();
  if (existing) throw new Problem(409, 'feedback.already_rated', { number: c.caseNumber });
  const version = await findVersion(ctx.db, c.versionId);
  return store(
    ctx,
    {
      county_code: c.countyCode,
      kind: 'case',
      case_id: c.id,
      case_number: c.caseNumber,
      item_name: version?.name ?? null,
      org_code: c.handlingOrgCode,
      org_path: c.handlingOrgPath,
      department_code: c.departmentCode,
      department_path: c.departmentPath,
      staff_person_id: null,
      staff_name: null,
      visit_date: null,
      channel: source.channel,
      recorded_by: source.recordedBy?.personId ?? null,
      created_at: ctx.now(),
      ...ratingColumns(rating),
    },
    source,
  );
}

/**
 * The case behind a number and query code — checked exactly as the public progress page checks it
 * (server/cases publicProgress: constant-time, any mismatch the same 404 as an unknown number).
 */
async function caseByCode(ctx: AppContext, caseNumber: string, code: string): Promise<CaseRecord> {
  await publicProgress(ctx, caseNumber, code);
  const c = await findCaseByNumber(ctx.db, caseNumber);
  if (!c) throw notFound('case.public_not_found');
  return c;
}

export interface PublicCaseForRating {
  caseNumber: string;
  itemName: string;
  status: string;
  rateable: boolean;
  rated: boolean;
}

/** What the rating page shows before the resident rates: the case, and whether it may be rated now. */
export async function caseForRating(
  ctx: AppContext,
  caseNumber: string,
  code: string,
): Promise<PublicCaseForRating> {
  const c = await caseByCode(ctx, caseNumber, code);
  const [version, rated] = await Promise.all([
    findVersion(ctx.db, c.versionId),
    ctx.db.selectFrom('ratings').select('id').where('case_id', '=', c.id).executeTakeFirst(),
  ]);
  return {
    caseNumber: c.caseNumber,
    itemName: version?.name ?? '',
    status: publicLabelOf(c.status),
    rateable: isRateableCaseStatus(c.status) && !rated,
    rated: rated !== undefined,
  };
}

export interface PublicCaseRatingInput extends RatingInput {
  caseNumber: string;
  code: string;
  channel?: 'portal' | 'receipt_qr' | 'sms';
}

/** The portal, the receipt's QR code and the SMS link: the resident proves the case with its query code. */
export async function rateCasePublic(ctx: AppContext, input: PublicCaseRatingInput, ip: string) {
  const c = await caseByCode(ctx, input.caseNumber, input.code);
  return recordCaseRating(ctx, c, input, { channel: input.channel ?? 'portal', recordedBy: null, ip });
}

/** Staff enter a rating given by phone (12345) for a case in their scope. */
export async function rateCaseAsStaff(
  ctx: AppContext,
  actor: Actor,
  input: RatingInput & { caseId: string; channel: 'hotline_12345' | 'sms' | 'portal' },
  ip: string,
) {
  const c = await findCase(ctx.db, input.caseId);
  if (!c || !canReadCase(actor, c)) throw notFound('case.not_found', { id: input.caseId });
  return recordCaseRating(ctx, c, input, { channel: input.channel, recordedBy: actor, ip });
}

// ---------------------------------------------------------------------------------------------------
// Visit ratings (一次一评): the in-hall tablet at a window

export interface PublicWindow {
  code: string;
  name: string;
  parentName: string | null;
  /** Staff working at the window, for the resident to pick (names only). */
  staff: { id: string; name: string }[];
}

async function windowOrg(ctx: AppContext, orgCode: string) {
  const org = await findOrg(ctx.db, orgCode);
  if (org?.status !== 'active' || !WINDOW_KINDS.includes(org.kind)) {
    throw notFound('feedback.window_not_found', { code: orgCode });
  }
  return org;
}

async function windowStaff(ctx: AppContext, orgCode: string): Promise<{ id: string; name: string }[]> {
  const rows = await ctx.db
    .selectFrom('role_assignments as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.display_name'])
    .distinct()
    .where('r.role', '=', 'window_staff')
    .where('r.org_code', '=', orgCode)
    .where('p.status', '=', 'active')
    .orderBy('p.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

export async function publicWindow(ctx: AppContext, orgCode: string): Promise<PublicWindow> {
  const org = await windowOrg(ctx, orgCode);
  const parent = org.parentCode ? await findOrg(ctx.db, org.parentCode) : null;
  return {
    code: org.code,
    name: org.name,
    parentName: parent?.name ?? null,
    staff: await windowStaff(ctx, org.code),
  };
}

export interface VisitRatingInput extends RatingInput {
  orgCode: string;
  staffId?: string | null;
  visitDate?: string | null;
  channel?: 'hall_tablet' | 'portal' | 'sms';
}

export async function rateVisit(
  ctx: AppContext,
  input: VisitRatingInput,
  source: { recordedBy: Actor | null; ip: string | null },
): Promise<RatingReceipt> {
  const org = await windowOrg(ctx, input.orgCode);
  const rating = checked(input);
  const today = shanghaiDateOf(ctx.now());
  const visitDate = input.visitDate ?? today;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(visitDate) ||
    visitDate > today ||
    visitDate < addNaturalDays(today, -VISIT_MAX_AGE_DAYS)
  ) {
    throw new Problem(400, 'feedback.visit_date_invalid', { date: visitDate, days: VISIT_MAX_AGE_DAYS }, [
      { field: 'visitDate', in: 'body', message: visitDate },
    ]);
  }
  let staff: { id: string; name: string } | null = null;
  if (input.staffId) {
    staff = (await windowStaff(ctx, org.code)).find((s) => s.id === input.staffId) ?? null;
    if (!staff) {
      throw new Problem(400, 'feedback.staff_unknown', { code: org.code }, [
        { field: 'staffId', in: 'body', message: input.staffId },
      ]);
    }
  }
  return store(
    ctx,
    {
      county_code: countyCodeOf(org.code),
      kind: 'visit',
      case_id: null,
      case_number: null,
      item_name: null,
      org_code: org.code,
      org_path: org.path,
      department_code: null,
      department_path: null,
      staff_person_id: staff?.id ?? null,
      staff_name: staff?.name ?? null,
      visit_date: visitDate,
      channel: input.channel ?? 'hall_tablet',
      recorded_by: source.recordedBy?.personId ?? null,
      created_at: ctx.now(),
      ...ratingColumns(rating),
    },
    { channel: input.channel ?? 'hall_tablet', ...source },
  );
}

// ---------------------------------------------------------------------------------------------------
// The console's list

export interface RatingListFilter {
  level?: RatingLevel;
  bad?: boolean;
  channel?: string;
  kind?: 'case' | 'visit';
  orgCode?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listRatings(
  ctx: AppContext,
  actor: Actor,
  f: RatingListFilter,
): Promise<{ items: RatingView[]; total: number }> {
  let roots = readRoots(actor);
  if (f.orgCode) {
    const org = await findOrg(ctx.db, f.orgCode);
    if (!org || !roots.some((r) => org.path.startsWith(r)))
      throw notFound('org.not_found', { code: f.orgCode });
    roots = [org.path];
  }
  const range = f.from || f.to ? dateRange(f.from ?? '2000-01-01', f.to ?? '2999-12-31') : null;
  const found = await searchRatings(ctx.db, roots, {
    level: f.level,
    bad: f.bad,
    channel: f.channel,
    kind: f.kind,
    from: range?.from,
    to: range?.to,
    q: f.q,
    ...pageWindow(f),
  });
  const codes = new Set<string>();
  for (const r of found.items) {
    codes.add(r.org_code);
    if (r.department_code) codes.add(r.department_code);
  }
  const names = await findOrgsByCodes(ctx.db, [...codes]);
  return {
    total: found.total,
    items: found.items.map((r) => ratingViewOf(r, names, { id: r.order_id, status: r.order_status })),
  };
}

export async function allRatings(
  ctx: AppContext,
  actor: Actor,
  f: Omit<RatingListFilter, 'page' | 'pageSize'>,
): Promise<RatingView[]> {
  const items: RatingView[] = [];
  for (let page = 1; ; page++) {
    const batch = await listRatings(ctx, actor, { ...f, page, pageSize: 500 });
    items.push(...batch.items);
    if (batch.items.length < 500 || items.length >= batch.total) return items;
  }
}
