import { timingSafeEqual } from 'node:crypto';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { ClockLight } from '../../core/clock/clock.ts';
import { evaluateClockIfKnown } from '../../core/clock/clock.ts';
import {
  allowedComplaintActions,
  type ComplaintAction,
  type ComplaintChannel,
  type ComplaintFilingInput,
  type ComplaintFinding,
  type ComplaintPayload,
  type ComplaintSatisfaction,
  type ComplaintStatus,
  type ComplaintTarget,
  complaintStep,
  feedbackClock,
  TARGET_ORG_KINDS,
  validateComplaintFiling,
} from '../../core/feedback/index.ts';
import { countyCodeOf } from '../../core/org/codes.ts';
import { maskPhone } from '../../core/org/pii.ts';
import { sha256Hex } from '../cases/event-chain.ts';
import { newQueryCode, queryCodeHash } from '../cases/query-code.ts';
import type { AppContext } from '../context.ts';
import type { OrgKind } from '../db/schema.ts';
import { escapeLike } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg } from '../org/org-store.ts';
import { countFeedback } from '../supervision/feedback-counters.ts';
import { complaintRoots, deadlineOf, isSupervisorAt, label } from './feedback-access.ts';
import {
  type ComplaintFilter,
  type ComplaintRow,
  clockOf,
  countyOfPath,
  insertEvent,
  limitsAt,
  listEvents,
  nextNumber,
  searchComplaints,
  updateComplaint,
} from './feedback-store.ts';
import { maskName } from './rectification-service.ts';

// ---------------------------------------------------------------------------------------------------
// Views

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export interface ComplaintView {
  id: string;
  trackingNumber: string;
  channel: ComplaintChannel;
  targetKind: ComplaintTarget;
  targetOrgCode: string;
  targetOrgName: string;
  targetStaffName: string | null;
  caseNumber: string | null;
  /** Masked in lists (王**, 139****5678). */
  complainantName: string;
  complainantPhone: string;
  content: string;
  assignedOrgCode: string;
  status: ComplaintStatus;
  light: ClockLight | null;
  replyDue: string | null;
  overdue: boolean;
  investigatorName: string | null;
  finding: ComplaintFinding | null;
  findingText: string | null;
  reply: string | null;
  repliedAt: string | null;
  repliedByName: string | null;
  satisfaction: ComplaintSatisfaction | null;
  satisfactionSource: 'complainant' | 'revisit' | null;
  closeNote: string | null;
  closedAt: string | null;
  recordedByName: string | null;
  actions: ComplaintAction[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ComplaintDetail extends ComplaintView {
  events: {
    at: string;
    action: string;
    actorName: string;
    from: string | null;
    to: string;
    note: string | null;
  }[];
}

function overdueOf(c: ComplaintRow, now: Date): boolean {
  if (c.reply_due === null) return false;
  return c.replied_at === null ? now > c.reply_due : c.replied_at > c.reply_due;
}

function complaintViewOf(
  c: ComplaintRow,
  now: Date,
  calendar: WorkingCalendar | null,
  actor: Actor | null,
): ComplaintView {
  const status = c.status as ComplaintStatus;
  const running = status === 'assigned' || status === 'investigating';
  const state = running ? evaluateClockIfKnown(clockOf(c.clock), now, calendar) : null;
  return {
    id: c.id,
    trackingNumber: c.tracking_number,
    channel: c.channel as ComplaintChannel,
    targetKind: c.target_kind as ComplaintTarget,
    targetOrgCode: c.target_org_code,
    targetOrgName: c.target_org_name,
    targetStaffName: c.target_staff_name,
    caseNumber: c.case_number,
    complainantName: maskName(c.complainant_name) ?? '',
    complainantPhone: maskPhone(c.complainant_phone) ?? '',
    content: c.content,
    assignedOrgCode: c.assigned_org_code,
    status,
    light: state?.light ?? null,
    replyDue: iso(c.reply_due),
    overdue: overdueOf(c, now),
    investigatorName: c.investigator_name,
    finding: c.finding,
    findingText: c.finding_text,
    reply: c.reply,
    repliedAt: iso(c.replied_at),
    repliedByName: c.replied_by_name,
    satisfaction: c.satisfaction as ComplaintSatisfaction | null,
    satisfactionSource: c.satisfaction_source,
    closeNote: c.close_note,
    closedAt: iso(c.closed_at),
    recordedByName: c.recorded_by_name,
    actions: actor && isSupervisorAt(actor, c.assigned_org_path) ? allowedComplaintActions(status) : [],
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    version: c.version,
  };
}

// ---------------------------------------------------------------------------------------------------
// Filing

export interface ComplaintInput extends ComplaintFilingInput {
  targetOrgCode: string;
  /** Console only: the staff member complained about, when known. */
  targetPersonId?: string | null;
}

export interface FiledComplaint {
  id: string;
  trackingNumber: string;
  /** The query code: shown this once (printed or read out), never stored in clear. */
  code: string;
  /** Shanghai date by which the supervision office replies; null while that year's calendar is not loaded. */
  replyBy: string | null;
}

async function targetOf(ctx: AppContext, input: ComplaintInput, kind: ComplaintTarget) {
  const org = input.targetOrgCode ? await findOrg(ctx.db, input.targetOrgCode) : null;
  if (org?.status !== 'active' || !TARGET_ORG_KINDS[kind].includes(org.kind)) {
    throw new Problem(400, 'feedback.complaint_target_invalid', { code: input.targetOrgCode ?? '' }, [
      { field: 'targetOrgCode', in: 'body', message: input.targetOrgCode ?? '' },
    ]);
  }
  const county = countyOfPath(org.path);
  if (!county) {
    throw new Problem(400, 'feedback.complaint_target_invalid', { code: org.code }, [
      { field: 'targetOrgCode', in: 'body', message: org.code },
    ]);
  }
  return { org, county };
}

async function file(
  ctx: AppContext,
  input: ComplaintInput,
  channel: ComplaintChannel,
  staff: Actor | null,
  ip: string,
): Promise<FiledComplaint> {
  // A staff member named by id (console) needs no typed name: theirs is used.
  const person = input.targetPersonId
    ? await ctx.db
        .selectFrom('people')
        .select(['id', 'display_name', 'org_path', 'kind'])
        .where('id', '=', input.targetPersonId)
        .executeTakeFirst()
    : undefined;
  const checked = validateComplaintFiling({
    ...input,
    targetStaffName: input.targetStaffName || person?.display_name || input.targetStaffName,
  });
  if (!checked.ok) {
    throw new Problem(
      400,
      'feedback.complaint_invalid',
      { field: checked.errors[0]!.field, reason: checked.errors[0]!.message },
      checked.errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message })),
    );
  }
  const v = checked.value;
  const { org, county } = await targetOf(ctx, input, v.targetKind);
  let personId: string | null = null;
  if (input.targetPersonId) {
    if (person?.kind !== 'staff' || !person.org_path.startsWith(org.path)) {
      throw new Problem(400, 'feedback.complaint_target_invalid', { code: org.code }, [
        { field: 'targetPersonId', in: 'body', message: input.targetPersonId },
      ]);
    }
    personId = person.id;
  }
  const staffName = v.targetStaffName;
  if (staff && !staff.grants.some((g) => countyOfPath(g.orgPath)?.code === county.code)) {
    throw new Problem(403, 'auth.forbidden', { org: county.code, permission: 'feedback.complaint' });
  }
  const now = ctx.now();
  const limits = await limitsAt(ctx.db, org.path);
  const clock = feedbackClock(now, limits.complaintDays);
  const replyDue = deadlineOf(clock, now, await ctx.calendar.currentOrNull());
  const code = newQueryCode();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const trackingNumber = await nextNumber(trx, 'complaint', countyCodeOf(org.code), shanghaiDateOf(now));
    const inserted = await trx
      .insertInto('complaints')
      .values({
        county_code: countyCodeOf(org.code),
        tracking_number: trackingNumber,
        query_code_hash: queryCodeHash(trackingNumber, code),
        channel,
        target_kind: v.targetKind,
        target_org_code: org.code,
        target_org_path: org.path,
        target_org_name: org.name,
        target_person_id: personId,
        target_staff_name: staffName,
        case_number: v.caseNumber,
        complainant_name: v.complainantName,
        complainant_phone: v.complainantPhone,
        content: v.content,
        assigned_org_code: county.code,
        assigned_org_path: county.path,
        status: 'assigned',
        clock: JSON.stringify(clock),
        reply_due: replyDue,
        recorded_by: staff?.personId ?? null,
        recorded_by_name: staff?.displayName ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'tracking_number'])
      .executeTakeFirstOrThrow();
    await insertEvent(trx, {
      entity_type: 'complaint',
      entity_id: inserted.id,
      at: now,
      action: 'file',
      actor_id: staff?.personId ?? null,
      actor_name: staff?.displayName ?? label('actor.complainant'),
      from_status: null,
      to_status: 'assigned',
      note: null,
    });
    await recordAudit(trx, {
      actorId: staff?.personId ?? null,
      actorName: staff?.displayName ?? label('actor.complainant'),
      action: 'feedback.complaint_file',
      entityType: 'complaint',
      entityId: inserted.id,
      orgCode: county.code,
      orgPath: county.path,
      after: { trackingNumber, channel, targetKind: v.targetKind, targetOrgCode: org.code },
      ip,
    });
    return inserted;
  });
  // The supervision office's open inboxes refresh (supervisors hold audit.read at the county).
  ctx.notify.live.publish({
    orgPath: county.path,
    permission: 'audit.read',
    type: 'feedback.complaint',
    data: { id: row.id, trackingNumber: row.tracking_number },
  });
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    code,
    replyBy: replyDue ? shanghaiDateOf(replyDue) : null,
  };
}

/** The portal's form: anyone may complain; the tracking number and code are shown once. */
export function fileComplaintPublic(ctx: AppContext, input: ComplaintInput, ip: string) {
  return file(ctx, { ...input, targetPersonId: null }, 'portal', null, ip);
}

/** A window clerk or a 12345 operator records a complaint made in person or by phone. */
export async function fileComplaintAsStaff(
  ctx: AppContext,
  actor: Actor,
  input: ComplaintInput & { channel: 'window' | 'hotline_12345' },
  ip: string,
) {
  if (actor.kind === 'resident' || actor.grants.length === 0) {
    throw new Problem(403, 'auth.forbidden', { org: '', permission: 'feedback.complaint' });
  }
  return file(ctx, input, input.channel, actor, ip);
}

// ---------------------------------------------------------------------------------------------------
// The complainant's view (tracking number + code)

export interface PublicComplaint {
  trackingNumber: string;
  status: ComplaintStatus;
  targetOrgName: string;
  createdAt: string;
  replyBy: string | null;
  finding: ComplaintFinding | null;
  reply: string | null;
  repliedAt: string | null;
  satisfaction: ComplaintSatisfaction | null;
  /** The complainant may say whether the reply satisfies them (once, after the reply). */
  canRate: boolean;
}

async function complaintByCode(ctx: AppContext, number: string, code: string): Promise<ComplaintRow> {
  const row = await ctx.db
    .selectFrom('complaints')
    .selectAll()
    .where('tracking_number', '=', number)
    .executeTakeFirst();
  const given = Buffer.from(queryCodeHash(number, code));
  // Compared in constant time against a dummy when the number is unknown, as the case progress page does.
  const stored = Buffer.from(row?.query_code_hash ?? sha256Hex(`${number}:unknown`));
  if (!timingSafeEqual(given, stored) || !row) throw notFound('feedback.complaint_public_not_found');
  return row;
}

function publicView(c: ComplaintRow): PublicComplaint {
  return {
    trackingNumber: c.tracking_number,
    status: c.status as ComplaintStatus,
    targetOrgName: c.target_org_name,
    createdAt: c.created_at.toISOString(),
    replyBy: c.reply_due ? shanghaiDateOf(c.reply_due) : null,
    finding: c.finding,
    reply: c.reply,
    repliedAt: iso(c.replied_at),
    satisfaction: c.satisfaction as ComplaintSatisfaction | null,
    canRate: c.status === 'replied',
  };
}

export async function trackComplaint(
  ctx: AppContext,
  number: string,
  code: string,
): Promise<PublicComplaint> {
  return publicView(await complaintByCode(ctx, number, code));
}

// ---------------------------------------------------------------------------------------------------
// The supervision office

async function visibleComplaint(ctx: AppContext, actor: Actor, id: string): Promise<ComplaintRow> {
  const roots = complaintRoots(actor);
  const row = await ctx.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !roots.some((r) => row.assigned_org_path.startsWith(r))) {
    throw notFound('feedback.complaint_not_found', { id });
  }
  return row;
}

export type ComplaintListFilter = Omit<ComplaintFilter, 'limit' | 'offset'> & {
  page: number;
  pageSize: number;
};

export async function listComplaints(
  ctx: AppContext,
  actor: Actor,
  f: ComplaintListFilter,
): Promise<{ items: ComplaintView[]; total: number }> {
  const roots = complaintRoots(actor);
  const now = ctx.now();
  const found = await searchComplaints(ctx.db, roots, { ...f, ...pageWindow(f) }, now);
  const calendar = await ctx.calendar.currentOrNull();
  return { total: found.total, items: found.items.map((c) => complaintViewOf(c, now, calendar, actor)) };
}

export async function allComplaints(
  ctx: AppContext,
  actor: Actor,
  f: Omit<ComplaintListFilter, 'page' | 'pageSize'>,
): Promise<ComplaintView[]> {
  const items: ComplaintView[] = [];
  for (let page = 1; ; page++) {
    const batch = await listComplaints(ctx, actor, { ...f, page, pageSize: 500 });
    items.push(...batch.items);
    if (batch.items.length < 500 || items.length >= batch.total) return items;
  }
}

export async function readComplaint(ctx: AppContext, actor: Actor, id: string): Promise<ComplaintDetail> {
  const c = await visibleComplaint(ctx, actor, id);
  const events = await listEvents(ctx.db, 'complaint', c.id);
  return {
    ...complaintViewOf(c, ctx.now(), await ctx.calendar.currentOrNull(), actor),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorName: e.actor_name,
      from: e.from_status,
      to: e.to_status,
      note: e.note,
    })),
  };
}

/** The complainant's name and phone unmasked, for the reply call; audited. */
export async function readComplainant(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<{ name: string; phone: string }> {
  const c = await visibleComplaint(ctx, actor, id);
  if (!isSupervisorAt(actor, c.assigned_org_path)) {
    throw new Problem(403, 'auth.forbidden', { org: c.assigned_org_code, permission: 'supervisor' });
  }
  await recordAudit(ctx.db, {
    actorId: actor.personId,
    actorName: actor.displayName,
    action: 'feedback.complainant_unmask',
    entityType: 'complaint',
    entityId: c.id,
    orgCode: c.assigned_org_code,
    orgPath: c.assigned_org_path,
    after: { trackingNumber: c.tracking_number },
    ip,
  });
  return { name: c.complainant_name, phone: c.complainant_phone };
}

async function applyStep(
  ctx: AppContext,
  c: ComplaintRow,
  action: ComplaintAction,
  payload: ComplaintPayload,
  who: { id: string | null; name: string; ip: string | null; source?: 'complainant' | 'revisit' },
): Promise<void> {
  const status = c.status as ComplaintStatus;
  const step = complaintStep(status, action, payload);
  if (!step.ok) {
    throw new Problem(
      step.status,
      step.code,
      { action, status, number: c.tracking_number },
      step.field ? [{ field: step.field, in: 'body', code: step.code, message: step.code }] : undefined,
    );
  }
  const now = ctx.now();
  const changes: Parameters<typeof updateComplaint>[3] = { status: step.to, updated_at: now };
  switch (action) {
    case 'investigate':
      Object.assign(changes, { investigator_id: who.id, investigator_name: who.name, investigating_at: now });
      break;
    case 'reply':
      Object.assign(changes, {
        finding: step.finding,
        finding_text: step.findingText,
        reply: step.reply,
        replied_at: now,
        replied_by_name: who.name,
        ...(c.investigator_id === null
          ? { investigator_id: who.id, investigator_name: who.name, investigating_at: now }
          : {}),
      });
      break;
    case 'record_satisfaction':
      Object.assign(changes, {
        satisfaction: step.satisfaction,
        satisfaction_source: who.source ?? 'revisit',
        satisfaction_at: now,
        close_note: step.note,
        closed_at: now,
      });
      break;
    case 'close':
      Object.assign(changes, { close_note: step.note, closed_at: now });
      break;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const written = await updateComplaint(trx, c.id, c.version, changes);
    if (!written) throw new Problem(409, 'feedback.concurrent_change', { number: c.tracking_number });
    // A confirmed complaint (属实) counts against the unit, department or staff member it is about, on the
    // day of the finding: the monthly evaluation reads it from the supervision counters.
    if (action === 'reply' && step.finding === 'confirmed') {
      const target = { code: c.target_org_code, path: c.target_org_path };
      await countFeedback(trx, {
        countyCode: c.county_code,
        day: shanghaiDateOf(now),
        metrics: ['complaints'],
        unit: c.target_kind === 'department' ? null : target,
        department: c.target_kind === 'department' ? target : null,
        staff:
          c.target_kind === 'staff' && c.target_person_id
            ? { personId: c.target_person_id, org: target }
            : null,
      });
    }
    await insertEvent(trx, {
      entity_type: 'complaint',
      entity_id: c.id,
      at: now,
      action,
      actor_id: who.id,
      actor_name: who.name,
      from_status: step.from,
      to_status: step.to,
      note: step.reply ?? step.note ?? step.satisfaction,
    });
    await recordAudit(trx, {
      actorId: who.id,
      actorName: who.name,
      action: `feedback.complaint_${action}`,
      entityType: 'complaint',
      entityId: c.id,
      orgCode: c.assigned_org_code,
      orgPath: c.assigned_org_path,
      before: { status: step.from, version: c.version },
      after: { status: step.to, version: c.version + 1, finding: step.finding ?? undefined },
      ip: who.ip,
    });
  });
}

/** A supervisor of the assigned county moves the complaint on: investigate, reply, satisfaction, close. */
export async function actOnComplaint(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: ComplaintAction,
  payload: ComplaintPayload,
  ip: string,
): Promise<ComplaintDetail> {
  const c = await visibleComplaint(ctx, actor, id);
  if (!isSupervisorAt(actor, c.assigned_org_path)) {
    throw new Problem(403, 'feedback.role_forbidden', { action, org: c.assigned_org_code });
  }
  await applyStep(ctx, c, action, payload, {
    id: actor.personId,
    name: actor.displayName,
    ip,
    source: 'revisit',
  });
  return readComplaint(ctx, actor, id);
}

/** The complainant says, with the code, whether the reply satisfies them; this closes the complaint. */
export async function rateComplaintReply(
  ctx: AppContext,
  number: string,
  code: string,
  payload: { satisfaction: unknown; note?: unknown },
  ip: string,
): Promise<PublicComplaint> {
  const c = await complaintByCode(ctx, number, code);
  await applyStep(ctx, c, 'record_satisfaction', payload, {
    id: null,
    name: label('actor.complainant'),
    ip,
    source: 'complainant',
  });
  return trackComplaint(ctx, number, code);
}

// ---------------------------------------------------------------------------------------------------
// Targets for the public form

export interface PublicTarget {
  code: string;
  name: string;
  kind: string;
  parentName: string | null;
}

/** Active windows, centers, stations and departments matching `q` (name), for the complaint form. */
export async function searchTargets(
  ctx: AppContext,
  q: string | undefined,
  kind: ComplaintTarget | undefined,
): Promise<PublicTarget[]> {
  const kinds = kind ? TARGET_ORG_KINDS[kind] : TARGET_ORG_KINDS.staff;
  let query = ctx.db
    .selectFrom('orgs as o')
    .leftJoin('orgs as p', 'p.code', 'o.parent_code')
    .select(['o.code', 'o.name', 'o.kind', 'p.name as parent_name'])
    .where('o.status', '=', 'active')
    .where('o.kind', 'in', kinds as OrgKind[]);
  const text = q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    query = query.where((eb) => eb.or([eb('o.name', 'like', like), eb('p.name', 'like', like)]));
  }
  const rows = await query.orderBy('o.sort_key').orderBy('o.code').limit(50).execute();
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parentName: r.parent_name }));
}
