import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import type { WorkingCalendar } from '../../core/calendar/index.ts';
import type { ClockLight } from '../../core/clock/clock.ts';
import { evaluateClockIfKnown } from '../../core/clock/clock.ts';
import {
  type AppealKind,
  allowedRectificationActions,
  type FeedbackLimits,
  feedbackClock,
  overdueFlags,
  type RatingLevel,
  RECTIFICATION_SPECS,
  type RectificationAction,
  type RectificationStatus,
  type RevisitMethod,
  rectificationStep,
  type StepPayload,
  stageOf,
  validateLimits,
} from '../../core/feedback/index.ts';
import { countyCodeOf, regionPathOf } from '../../core/org/codes.ts';
import { maskPhone } from '../../core/org/pii.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, findOrgsByCodes, peopleHolding } from '../org/org-store.ts';
import { countFeedback } from '../supervision/feedback-counters.ts';
import {
  deadlineOf,
  feedbackRolesAt,
  isHandlerAt,
  isSupervisorAt,
  label,
  readRoots,
  supervisorRoots,
} from './feedback-access.ts';
import {
  clockOf,
  countOrders,
  findOrder,
  insertEvent,
  limitsAt,
  listEvents,
  listRevisits,
  nextNumber,
  type OrderCounts,
  type OrderFilter,
  type OrderWithRating,
  orderConditions,
  type RatingRow,
  revisitCounts,
  searchOrders,
  updateOrder,
} from './feedback-store.ts';

// ---------------------------------------------------------------------------------------------------
// Views

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** 王小明 → 王**: a rater's name as lists show it. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export interface RatingView {
  id: string;
  kind: 'case' | 'visit';
  caseId: string | null;
  caseNumber: string | null;
  itemName: string | null;
  orgCode: string;
  orgName: string;
  departmentCode: string | null;
  departmentName: string | null;
  staffName: string | null;
  visitDate: string | null;
  level: RatingLevel;
  scores: Record<string, number | null>;
  comment: string | null;
  channel: string;
  named: boolean;
  /** Masked (王**, 139****5678); unmasked only through the audited contact route. */
  raterName: string | null;
  raterPhone: string | null;
  invalid: boolean;
  createdAt: string;
  orderId: string | null;
  orderStatus: string | null;
}

export function ratingViewOf(
  r: RatingRow,
  names: Map<string, string>,
  order: { id: string | null; status: string | null } = { id: null, status: null },
): RatingView {
  return {
    id: r.id,
    kind: r.kind,
    caseId: r.case_id,
    caseNumber: r.case_number,
    itemName: r.item_name,
    orgCode: r.org_code,
    orgName: names.get(r.org_code) ?? r.org_code,
    departmentCode: r.department_code,
    departmentName: r.department_code ? (names.get(r.department_code) ?? r.department_code) : null,
    staffName: r.staff_name,
    visitDate: r.visit_date,
    level: r.level as RatingLevel,
    scores: {
      overall: r.score_overall,
      efficiency: r.score_efficiency,
      guide: r.score_guide,
      convenience: r.score_convenience,
      attitude: r.score_attitude,
    },
    comment: r.comment,
    channel: r.channel,
    named: r.named,
    raterName: maskName(r.rater_name),
    raterPhone: maskPhone(r.rater_phone),
    invalid: r.invalid,
    createdAt: r.created_at.toISOString(),
    orderId: order.id,
    orderStatus: order.status,
  };
}

export interface OrderView {
  id: string;
  orderNumber: string;
  status: RectificationStatus;
  handlerOrgCode: string;
  handlerOrgName: string;
  named: boolean;
  rating: RatingView;
  /** The clock the order waits on now ('verify' until the handler answers, then 'rectify'); null when done. */
  stage: 'verify' | 'rectify' | null;
  light: ClockLight | null;
  verifyDue: string | null;
  rectifyDue: string | null;
  /** The deadline the order waits on now. */
  deadline: string | null;
  overdue: boolean;
  overdueStages: { verify: boolean; revisit: boolean; rectify: boolean };
  respondedAt: string | null;
  firstRevisitAt: string | null;
  revisitCount: number;
  closedAt: string | null;
  verification: string | null;
  measures: string | null;
  cannotRectify: { reason: string | null; decision: string | null; decisionReason: string | null };
  appeal: {
    kind: string | null;
    reason: string | null;
    at: string | null;
    decision: string | null;
    decisionReason: string | null;
    decidedAt: string | null;
  };
  /** What the caller may do now (the console's buttons), plus 'revisit' where a revisit may be recorded. */
  actions: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OrderDetail extends OrderView {
  events: {
    at: string;
    action: string;
    actorName: string;
    from: string | null;
    to: string;
    note: string | null;
  }[];
  revisits: {
    id: string;
    at: string;
    byName: string;
    method: RevisitMethod;
    result: string;
    satisfied: boolean;
  }[];
}

function orderViewOf(
  o: OrderWithRating,
  names: Map<string, string>,
  now: Date,
  calendar: WorkingCalendar | null,
  actor: Actor | null,
  revisits: number,
): OrderView {
  const status = o.status as RectificationStatus;
  const stage = stageOf(status);
  const clock =
    stage === 'verify' ? clockOf(o.verify_clock) : stage === 'rectify' ? clockOf(o.rectify_clock) : null;
  const state = clock ? evaluateClockIfKnown(clock, now, calendar) : null;
  const flags = overdueFlags(
    {
      status,
      named: o.named,
      verifyDue: o.verify_due,
      rectifyDue: o.rectify_due,
      respondedAt: o.responded_at,
      firstRevisitAt: o.first_revisit_at,
      closedAt: o.closed_at,
    },
    now,
  );
  const actions: string[] = actor
    ? allowedRectificationActions(
        {
          status,
          appealFrom: o.appeal_from as RectificationStatus | null,
          appealDecision: o.appeal_decision,
        },
        feedbackRolesAt(actor, o.handler_org_path),
      )
    : [];
  if (actor && o.named && status !== 'invalid' && feedbackRolesAt(actor, o.handler_org_path).length > 0) {
    actions.push('revisit');
  }
  return {
    id: o.id,
    orderNumber: o.order_number,
    status,
    handlerOrgCode: o.handler_org_code,
    handlerOrgName: names.get(o.handler_org_code) ?? o.handler_org_code,
    named: o.named,
    rating: ratingViewOf(o.rating, names, { id: o.id, status }),
    stage,
    light: state?.light ?? null,
    verifyDue: iso(o.verify_due),
    rectifyDue: iso(o.rectify_due),
    deadline: stage === 'verify' ? iso(o.verify_due) : stage === 'rectify' ? iso(o.rectify_due) : null,
    overdue: flags.any,
    overdueStages: { verify: flags.verify, revisit: flags.revisit, rectify: flags.rectify },
    respondedAt: iso(o.responded_at),
    firstRevisitAt: iso(o.first_revisit_at),
    revisitCount: revisits,
    closedAt: iso(o.closed_at),
    verification: o.verification,
    measures: o.measures,
    cannotRectify: {
      reason: o.cannot_reason,
      decision: o.cannot_decision,
      decisionReason: o.cannot_decision_reason,
    },
    appeal: {
      kind: o.appeal_kind,
      reason: o.appeal_reason,
      at: iso(o.appealed_at),
      decision: o.appeal_decision,
      decisionReason: o.appeal_decision_reason,
      decidedAt: iso(o.appeal_decided_at),
    },
    actions,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
    version: o.version,
  };
}

async function namesOf(ctx: AppContext, rows: readonly OrderWithRating[]): Promise<Map<string, string>> {
  const codes = new Set<string>();
  for (const o of rows) {
    codes.add(o.handler_org_code);
    codes.add(o.rating.org_code);
    if (o.rating.department_code) codes.add(o.rating.department_code);
  }
  return findOrgsByCodes(ctx.db, [...codes]);
}

async function viewsOf(ctx: AppContext, rows: readonly OrderWithRating[], actor: Actor | null) {
  const [names, calendar, counts] = await Promise.all([
    namesOf(ctx, rows),
    ctx.calendar.currentOrNull(),
    revisitCounts(
      ctx.db,
      rows.map((o) => o.id),
    ),
  ]);
  const now = ctx.now();
  return rows.map((o) => orderViewOf(o, names, now, calendar, actor, counts.get(o.id) ?? 0));
}

// ---------------------------------------------------------------------------------------------------
// Opening (inside the rating's transaction)

export interface OpenedOrder {
  id: string;
  orderNumber: string;
  handlerOrgCode: string;
  handlerOrgPath: string;
  verifyDue: Date | null;
  rectifyDue: Date | null;
  recipients: string[];
}

/**
 * Opens the rectification order of a bad rating with `trx`, the rating's own transaction: the order, its
 * first event, the audit entry and the in-app messages to the handler's staff commit with the rating or
 * not at all. The handler is the unit rated (the case's handling window or center, or the visit's window).
 * `calendar` is read before the transaction: a calendar check inside it would wait on PGlite's one
 * connection.
 */
export async function openOrder(
  ctx: AppContext,
  trx: Kysely<DB>,
  rating: RatingRow,
  calendar: WorkingCalendar | null,
): Promise<OpenedOrder> {
  const now = rating.created_at;
  const limits = await limitsAt(trx, rating.org_path);
  const verifyClock = feedbackClock(now, limits.verifyDays);
  const rectifyClock = feedbackClock(now, limits.rectifyDays);
  const verifyDue = deadlineOf(verifyClock, now, calendar);
  const rectifyDue = deadlineOf(rectifyClock, now, calendar);
  const orderNumber = await nextNumber(trx, 'rectification', rating.county_code, shanghaiDateOf(now));
  const row = await trx
    .insertInto('rectification_orders')
    .values({
      county_code: rating.county_code,
      order_number: orderNumber,
      rating_id: rating.id,
      handler_org_code: rating.org_code,
      handler_org_path: rating.org_path,
      department_path: rating.department_path,
      named: rating.named,
      status: 'pending_verification',
      verify_clock: JSON.stringify(verifyClock),
      rectify_clock: JSON.stringify(rectifyClock),
      verify_due: verifyDue,
      rectify_due: rectifyDue,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertEvent(trx, {
    entity_type: 'rectification',
    entity_id: row.id,
    at: now,
    action: 'open',
    actor_id: null,
    actor_name: label('actor.system'),
    from_status: null,
    to_status: 'pending_verification',
    note: null,
  });
  await recordAudit(trx, {
    actorId: null,
    actorName: label('actor.system'),
    action: 'feedback.rectification_open',
    entityType: 'rectification_order',
    entityId: row.id,
    orgCode: rating.org_code,
    orgPath: rating.org_path,
    after: { orderNumber, ratingId: rating.id, level: rating.level, limits },
  });
  const recipients = await peopleHolding(
    trx,
    ['window_staff', 'approver'],
    rating.org_path,
    regionPathOf(rating.org_path),
  );
  const unknown = label('deadline.unknown');
  await ctx.notify.enqueue(
    trx,
    recipients.map((recipient) => ({
      channel: 'in_app' as const,
      recipient,
      template: 'rectification_opened' as const,
      params: {
        caseNumber: rating.case_number ?? orderNumber,
        level: rating.level,
        verifyBy: verifyDue ? shanghaiDateOf(verifyDue) : unknown,
        rectifyBy: rectifyDue ? shanghaiDateOf(rectifyDue) : unknown,
      },
      caseId: rating.case_id,
      orgCode: rating.org_code,
      orgPath: rating.org_path,
    })),
  );
  return {
    id: row.id,
    orderNumber,
    handlerOrgCode: rating.org_code,
    handlerOrgPath: rating.org_path,
    verifyDue,
    rectifyDue,
    recipients,
  };
}

/** After the commit: the handler's open consoles refresh their order lists. */
export function publishOrder(
  ctx: AppContext,
  o: { id: string; orderNumber: string; handlerOrgPath: string },
) {
  ctx.notify.live.publish({
    orgPath: o.handlerOrgPath,
    permission: 'case.read',
    type: 'feedback.rectification',
    data: { id: o.id, orderNumber: o.orderNumber },
  });
}

// ---------------------------------------------------------------------------------------------------
// Reads

async function visibleOrder(ctx: AppContext, actor: Actor, id: string): Promise<OrderWithRating> {
  const o = await findOrder(ctx.db, id);
  const roots = readRoots(actor);
  const inside = (p: string | null) => p !== null && roots.some((r) => p.startsWith(r));
  if (!o || !(inside(o.handler_org_path) || inside(o.department_path))) {
    throw notFound('feedback.order_not_found', { id });
  }
  return o;
}

/** The subtree a list is narrowed to with `orgCode` — which the caller must reach (else 404, as unknown). */
async function narrowedPath(
  ctx: AppContext,
  actor: Actor,
  orgCode: string | undefined,
): Promise<string | undefined> {
  if (!orgCode) return undefined;
  const org = await findOrg(ctx.db, orgCode);
  const roots = readRoots(actor);
  if (!org || !roots.some((r) => org.path.startsWith(r) || r.startsWith(org.path))) {
    throw notFound('org.not_found', { code: orgCode });
  }
  return org.path;
}

export type OrderListFilter = Omit<OrderFilter, 'limit' | 'offset' | 'handlerPath'> & {
  orgCode?: string;
  page: number;
  pageSize: number;
};

export async function listOrders(
  ctx: AppContext,
  actor: Actor,
  filter: OrderListFilter,
): Promise<{ items: OrderView[]; total: number }> {
  const roots = readRoots(actor);
  const handlerPath = await narrowedPath(ctx, actor, filter.orgCode);
  const found = await searchOrders(
    ctx.db,
    roots,
    { ...filter, handlerPath, ...pageWindow(filter) },
    ctx.now(),
  );
  return { total: found.total, items: await viewsOf(ctx, found.items, actor) };
}

/** Every order matching the filter (for the Excel export), newest first. */
export async function allOrders(
  ctx: AppContext,
  actor: Actor,
  filter: Omit<OrderListFilter, 'page' | 'pageSize'>,
): Promise<OrderView[]> {
  const items: OrderView[] = [];
  for (let page = 1; ; page++) {
    const batch = await listOrders(ctx, actor, { ...filter, page, pageSize: 500 });
    items.push(...batch.items);
    if (batch.items.length < 500 || items.length >= batch.total) return items;
  }
}

export async function orderSummary(ctx: AppContext, actor: Actor, orgCode?: string): Promise<OrderCounts> {
  const roots = readRoots(actor);
  const handlerPath = await narrowedPath(ctx, actor, orgCode);
  const now = ctx.now();
  return countOrders(ctx.db, orderConditions(roots, { handlerPath }, now), now);
}

export async function readOrder(ctx: AppContext, actor: Actor, id: string): Promise<OrderDetail> {
  const o = await visibleOrder(ctx, actor, id);
  const [view] = await viewsOf(ctx, [o], actor);
  const [events, revisits] = await Promise.all([
    listEvents(ctx.db, 'rectification', o.id),
    listRevisits(ctx.db, o.id),
  ]);
  return {
    ...view!,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorName: e.actor_name,
      from: e.from_status,
      to: e.to_status,
      note: e.note,
    })),
    revisits: revisits.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      byName: r.by_name,
      method: r.method,
      result: r.result,
      satisfied: r.satisfied,
    })),
  };
}

/** The rater's name and phone unmasked, for the revisit call; every such read is in the audit log. */
export async function readRaterContact(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<{ name: string | null; phone: string | null }> {
  const o = await visibleOrder(ctx, actor, id);
  if (feedbackRolesAt(actor, o.handler_org_path).length === 0) {
    throw new Problem(403, 'auth.forbidden', { org: o.handler_org_code, permission: 'feedback.handle' });
  }
  if (!o.named) throw new Problem(409, 'feedback.revisit_anonymous');
  await recordAudit(ctx.db, {
    actorId: actor.personId,
    actorName: actor.displayName,
    action: 'feedback.rater_unmask',
    entityType: 'rectification_order',
    entityId: o.id,
    orgCode: o.handler_org_code,
    orgPath: o.handler_org_path,
    after: { orderNumber: o.order_number },
    ip,
  });
  return { name: o.rating.rater_name, phone: o.rating.rater_phone };
}

// ---------------------------------------------------------------------------------------------------
// Actions

function stepProblem(code: string, status: number, params: Record<string, string>, field?: string): Problem {
  const errors: FieldError[] | undefined = field ? [{ field, in: 'body', code, message: code }] : undefined;
  return new Problem(status, code, params, errors);
}

/** One step of an order (core/feedback/rectification.ts) in one transaction, with its event and audit. */
export async function actOnOrder(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: RectificationAction,
  payload: StepPayload,
  ip: string,
): Promise<OrderDetail> {
  const o = await visibleOrder(ctx, actor, id);
  const roles = feedbackRolesAt(actor, o.handler_org_path);
  const status = o.status as RectificationStatus;
  const role = RECTIFICATION_SPECS[action].role;
  if (!roles.includes(role)) {
    throw new Problem(403, 'feedback.role_forbidden', { action, org: o.handler_org_code });
  }
  const step = rectificationStep(
    { status, appealFrom: o.appeal_from as RectificationStatus | null, appealDecision: o.appeal_decision },
    action,
    role,
    payload,
  );
  if (!step.ok) {
    throw stepProblem(
      step.code,
      step.status,
      { action, status, number: o.order_number, decision: o.appeal_decision ?? o.status },
      step.field,
    );
  }
  const now = ctx.now();
  const changes: Parameters<typeof updateOrder>[3] = { status: step.to, updated_at: now };
  const firstAnswer = o.responded_at === null ? { responded_at: now } : {};
  switch (action) {
    case 'verify':
      Object.assign(changes, firstAnswer, { verification: step.text });
      break;
    case 'rectify':
      Object.assign(changes, { measures: step.text, closed_at: now });
      break;
    case 'request_cannot_rectify':
      Object.assign(changes, firstAnswer, {
        cannot_reason: step.text,
        cannot_decision: null,
        cannot_decision_reason: null,
      });
      break;
    case 'approve_cannot_rectify':
      Object.assign(changes, {
        cannot_decision: 'approved',
        cannot_decision_reason: step.text,
        closed_at: now,
      });
      break;
    case 'reject_cannot_rectify':
      Object.assign(changes, { cannot_decision: 'rejected', cannot_decision_reason: step.text });
      break;
    case 'appeal':
      Object.assign(changes, firstAnswer, {
        appeal_kind: step.appealKind as AppealKind,
        appeal_reason: step.text,
        appeal_from: step.from,
        appealed_at: now,
      });
      break;
    case 'uphold_appeal':
      Object.assign(changes, {
        appeal_decision: 'upheld',
        appeal_decision_reason: step.text,
        appeal_decided_at: now,
        appeal_from: null,
        closed_at: now,
      });
      break;
    case 'reject_appeal':
      Object.assign(changes, {
        appeal_decision: 'rejected',
        appeal_decision_reason: step.text,
        appeal_decided_at: now,
        appeal_from: null,
      });
      break;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const written = await updateOrder(trx, o.id, o.version, changes);
    if (!written) throw new Problem(409, 'feedback.concurrent_change', { number: o.order_number });
    // 无效差评: the rating no longer counts in any satisfaction figure.
    if (action === 'uphold_appeal') {
      const rating = await trx
        .updateTable('ratings')
        .set({ invalid: true })
        .where('id', '=', o.rating_id)
        .returning([
          'county_code',
          'created_at',
          'org_code',
          'org_path',
          'department_code',
          'department_path',
        ])
        .executeTakeFirstOrThrow();
      // A bad rating was never satisfied: only its count in `ratings` is taken back, on the day it came.
      await countFeedback(trx, {
        countyCode: rating.county_code,
        day: shanghaiDateOf(rating.created_at),
        metrics: ['ratings'],
        delta: -1,
        unit: { code: rating.org_code, path: rating.org_path },
        department:
          rating.department_code && rating.department_path
            ? { code: rating.department_code, path: rating.department_path }
            : null,
      });
    }
    await insertEvent(trx, {
      entity_type: 'rectification',
      entity_id: o.id,
      at: now,
      action,
      actor_id: actor.personId,
      actor_name: actor.displayName,
      from_status: step.from,
      to_status: step.to,
      note: step.text,
    });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: `feedback.rectification_${action}`,
      entityType: 'rectification_order',
      entityId: o.id,
      orgCode: o.handler_org_code,
      orgPath: o.handler_org_path,
      before: { status: step.from, version: o.version },
      after: { status: step.to, version: o.version + 1 },
      ip,
    });
  });
  publishOrder(ctx, { id: o.id, orderNumber: o.order_number, handlerOrgPath: o.handler_org_path });
  return readOrder(ctx, actor, id);
}

export interface RevisitInput {
  method: RevisitMethod;
  result: string;
  satisfied: boolean;
}

/** 回访: by the handler or a supervisor, only for a named rating; the first one stops the revisit clock. */
export async function recordRevisit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: RevisitInput,
  ip: string,
): Promise<OrderDetail> {
  const o = await visibleOrder(ctx, actor, id);
  if (!isHandlerAt(actor, o.handler_org_path) && !isSupervisorAt(actor, o.handler_org_path)) {
    throw new Problem(403, 'feedback.role_forbidden', { action: 'revisit', org: o.handler_org_code });
  }
  if (!o.named) throw new Problem(409, 'feedback.revisit_anonymous');
  if (o.status === 'invalid') {
    throw new Problem(409, 'feedback.order_wrong_status', {
      action: 'revisit',
      status: o.status,
      number: o.order_number,
    });
  }
  const result = input.result.trim();
  if (result === '' || [...result].length > 1000) {
    throw new Problem(400, 'feedback.text_required', { action: 'revisit' }, [
      { field: 'result', in: 'body', message: 'required' },
    ]);
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const written = await updateOrder(trx, o.id, o.version, {
      updated_at: now,
      ...(o.first_revisit_at === null ? { first_revisit_at: now } : {}),
    });
    if (!written) throw new Problem(409, 'feedback.concurrent_change', { number: o.order_number });
    await trx
      .insertInto('rectification_revisits')
      .values({
        order_id: o.id,
        at: now,
        by_person_id: actor.personId,
        by_name: actor.displayName,
        method: input.method,
        result,
        satisfied: input.satisfied,
      })
      .execute();
    await insertEvent(trx, {
      entity_type: 'rectification',
      entity_id: o.id,
      at: now,
      action: 'revisit',
      actor_id: actor.personId,
      actor_name: actor.displayName,
      from_status: o.status,
      to_status: o.status,
      note: result,
    });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'feedback.rectification_revisit',
      entityType: 'rectification_order',
      entityId: o.id,
      orgCode: o.handler_org_code,
      orgPath: o.handler_org_path,
      after: { method: input.method, satisfied: input.satisfied },
      ip,
    });
  });
  return readOrder(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------------
// Limits

export interface LimitsView extends FeedbackLimits {
  orgCode: string;
  orgName: string;
  /** The region whose row is in force here; null when the defaults apply. */
  sourceOrgCode: string | null;
  editable: boolean;
}

async function regionOrg(ctx: AppContext, actor: Actor, orgCode: string | undefined) {
  // Without a code: the region of the caller's topmost grant (a clerk at a center reads its township's).
  const top = [...actor.grants].sort((a, b) => a.orgPath.length - b.orgPath.length)[0];
  const code = orgCode ?? (top ? regionPathOf(top.orgPath).split('/').filter(Boolean).at(-1) : undefined);
  const org = code ? await findOrg(ctx.db, code) : null;
  if (!org) throw notFound('org.not_found', { code: code ?? '' });
  if (!['province', 'city', 'county', 'township'].includes(org.kind)) {
    throw new Problem(400, 'feedback.limits_region_only', { code: org.code });
  }
  return org;
}

export async function readLimits(ctx: AppContext, actor: Actor, orgCode?: string): Promise<LimitsView> {
  const org = await regionOrg(ctx, actor, orgCode);
  const roots = readRoots(actor);
  if (!roots.some((r) => org.path.startsWith(r) || r.startsWith(org.path))) {
    throw notFound('org.not_found', { code: org.code });
  }
  const limits = await limitsAt(ctx.db, org.path);
  return {
    orgCode: org.code,
    orgName: org.name,
    sourceOrgCode: limits.orgCode,
    verifyDays: limits.verifyDays,
    rectifyDays: limits.rectifyDays,
    complaintDays: limits.complaintDays,
    editable: isSupervisorAt(actor, org.path),
  };
}

/** A supervisor sets the limits of a region they supervise; orders and complaints opened later use them. */
export async function saveLimits(
  ctx: AppContext,
  actor: Actor,
  orgCode: string | undefined,
  input: unknown,
  ip: string,
): Promise<LimitsView> {
  supervisorRoots(actor);
  const org = await regionOrg(ctx, actor, orgCode);
  if (!isSupervisorAt(actor, org.path)) {
    throw new Problem(403, 'auth.forbidden', { org: org.code, permission: 'supervisor' });
  }
  const checked = validateLimits(input);
  if (!checked.ok) {
    throw new Problem(
      400,
      'feedback.limits_invalid',
      { field: checked.errors[0]!.field },
      checked.errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message })),
    );
  }
  const before = await limitsAt(ctx.db, org.path);
  const now = ctx.now();
  const row = {
    org_path: org.path,
    county_code: countyCodeOf(org.code),
    verify_days: checked.value.verifyDays,
    rectify_days: checked.value.rectifyDays,
    complaint_days: checked.value.complaintDays,
    updated_at: now,
    updated_by: actor.personId,
    updated_by_name: actor.displayName,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedback_limits')
      .values({ org_code: org.code, ...row })
      .onConflict((oc) => oc.column('org_code').doUpdateSet(row))
      .execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'feedback.limits_set',
      entityType: 'feedback_limits',
      entityId: org.code,
      orgCode: org.code,
      orgPath: org.path,
      before,
      after: checked.value,
      ip,
    });
  });
  return readLimits(ctx, actor, org.code);
}

// ---------------------------------------------------------------------------------------------------
// The deadlines job

/**
 * Deadlines that could not be computed when their order or complaint opened (the year's holidays were not
 * loaded yet) are filled in once an administrator loads that year. Run daily by the scheduler.
 */
export async function fillMissingDeadlines(ctx: AppContext): Promise<{ orders: number; complaints: number }> {
  const calendar = await ctx.calendar.currentOrNull();
  if (!calendar) return { orders: 0, complaints: 0 };
  let orders = 0;
  let complaints = 0;
  const open = await ctx.db
    .selectFrom('rectification_orders')
    .select(['id', 'verify_clock', 'rectify_clock', 'verify_due', 'rectify_due', 'created_at'])
    .where((eb) => eb.or([eb('verify_due', 'is', null), eb('rectify_due', 'is', null)]))
    .execute();
  for (const o of open) {
    const verify = o.verify_due ?? deadlineOf(clockOf(o.verify_clock), o.created_at, calendar);
    const rectify = o.rectify_due ?? deadlineOf(clockOf(o.rectify_clock), o.created_at, calendar);
    if (verify === o.verify_due && rectify === o.rectify_due) continue;
    await ctx.db
      .updateTable('rectification_orders')
      .set({ verify_due: verify, rectify_due: rectify })
      .where('id', '=', o.id)
      .execute();
    orders++;
  }
  const pending = await ctx.db
    .selectFrom('complaints')
    .select(['id', 'clock', 'created_at'])
    .where('reply_due', 'is', null)
    .execute();
  for (const c of pending) {
    const due = deadlineOf(clockOf(c.clock), c.created_at, calendar);
    if (!due) continue;
    await ctx.db.updateTable('complaints').set({ reply_due: due }).where('id', '=', c.id).execute();
    complaints++;
  }
  return { orders, complaints };
}
