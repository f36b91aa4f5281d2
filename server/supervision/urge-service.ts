import { type Kysely, type Selectable, sql } from 'kysely';
import { endOfShanghaiDay, epochDayOf, isIsoDate, shanghaiDateOf } from '../../core/calendar/dates.ts';
import type { CaseEntryRole } from '../../core/cases/lifecycle.ts';
import { isTerminalStatus, TERMINAL_STATUSES } from '../../core/cases/lifecycle.ts';
import { countyCodeOf, regionPathOf } from '../../core/org/codes.ts';
import { canAt, type RoleGrant, scopeRoots } from '../../core/org/roles.ts';
import { canReadCase, caseHandlers, caseOrgPaths } from '../cases/case-access.ts';
import { appendCaseEntry } from '../cases/case-records.ts';
import { type CaseRecord, findCase } from '../cases/case-store.ts';
import type { AppContext } from '../context.ts';
import { json } from '../db/json.ts';
import type { DB, UrgesTable } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrgsByCodes } from '../org/org-store.ts';
import {
  enqueueEscalationAlerts,
  enqueueUrgeAlerts,
  publishEscalation,
  publishUrge,
  publishUrgeAnswered,
  type UrgeAlert,
} from './alerts.ts';

/**
 * 督办 (issue 6, item 2). A supervisor or leader whose role reaches the case urges it with a note and a
 * date to answer by; the case's current handlers (server/cases caseHandlers) are told in-app and live.
 * A person who may act where the handler is (case.handle there) answers. An urge not answered by the end
 * of its date is escalated by the sweeper to the supervisors and leaders of the handler's region — the
 * township for a township unit, the county for a county bureau or the county center — or, when nobody
 * holds such a role there, of the nearest region above that has someone.
 */

export const URGE_STATUSES = ['open', 'answered', 'withdrawn', 'escalated'] as const;
export type UrgeStatus = (typeof URGE_STATUSES)[number];

/** Roles that may urge: the 效能办 and the leaders. */
const URGING_ROLES = new Set(['supervisor', 'leader']);

/** How far ahead an answer may be asked for. */
const MAX_REPLY_DAYS = 366;

export interface UrgeHandlerView {
  orgCode: string;
  orgName: string;
  role: string;
}

export interface UrgeView {
  id: string;
  caseId: string;
  caseNumber: string;
  byPersonId: string;
  byName: string;
  note: string;
  replyBy: string;
  replyDueAt: string;
  handler: UrgeHandlerView;
  handlers: UrgeHandlerView[];
  status: UrgeStatus;
  /** Open and past its date: the sweeper escalates it at its next pass. */
  late: boolean;
  reply: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
  withdrawnAt: string | null;
  escalatedAt: string | null;
  escalatedTo: { orgCode: string; orgName: string } | null;
  createdAt: string;
}

type UrgeRow = Selectable<UrgesTable>;
type Handler = { orgCode: string; orgPath: string; role: string };

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

async function viewsOf(db: Kysely<DB>, rows: readonly UrgeRow[], now: Date): Promise<UrgeView[]> {
  const codes = new Set<string>();
  for (const r of rows) {
    for (const h of json<Handler[]>(r.handlers)) codes.add(h.orgCode);
    codes.add(r.handler_org_code);
    if (r.escalated_to_org_code) codes.add(r.escalated_to_org_code);
  }
  const names = await findOrgsByCodes(db, [...codes]);
  const handlerView = (h: Handler): UrgeHandlerView => ({
    orgCode: h.orgCode,
    orgName: names.get(h.orgCode) ?? h.orgCode,
    role: h.role,
  });
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    byPersonId: r.by_person_id,
    byName: r.by_name,
    note: r.note,
    replyBy: r.reply_by,
    replyDueAt: r.reply_due_at.toISOString(),
    handler: handlerView({ orgCode: r.handler_org_code, orgPath: r.handler_org_path, role: r.handler_role }),
    handlers: json<Handler[]>(r.handlers).map(handlerView),
    status: r.status,
    late: r.status === 'open' && now > r.reply_due_at,
    reply: r.reply,
    answeredAt: iso(r.answered_at),
    answeredByName: r.answered_by_name,
    withdrawnAt: iso(r.withdrawn_at),
    escalatedAt: iso(r.escalated_at),
    escalatedTo: r.escalated_to_org_code
      ? {
          orgCode: r.escalated_to_org_code,
          orgName: names.get(r.escalated_to_org_code) ?? r.escalated_to_org_code,
        }
      : null,
    createdAt: r.created_at.toISOString(),
  }));
}

function holdsUrgingRoleAt(grants: readonly RoleGrant[], paths: readonly string[]): boolean {
  return grants.some((g) => URGING_ROLES.has(g.role) && paths.some((p) => p.startsWith(g.orgPath)));
}

/** The case, if the caller may see it at all (else the same 404 as an unknown id). */
async function visibleCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseRecord> {
  const c = await findCase(ctx.db, id);
  if (!c || !canReadCase(actor, c)) throw notFound('case.not_found', { id });
  return c;
}

async function findUrge(db: Kysely<DB>, id: string, forUpdate = false): Promise<UrgeRow | undefined> {
  let q = db.selectFrom('urges').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The urge, if the caller may see it: they read the case, or they are one of its handlers. */
async function visibleUrge(ctx: AppContext, actor: Actor, id: string): Promise<UrgeRow> {
  const row = await findUrge(ctx.db, id);
  const paths = row
    ? [row.handling_org_path, row.department_path, ...json<Handler[]>(row.handlers).map((h) => h.orgPath)]
    : [];
  if (!row || !paths.some((p) => canAt(actor.grants, 'case.read', p))) {
    throw notFound('supervision.urge_not_found', { id });
  }
  return row;
}

function statusProblem(row: UrgeRow): Problem {
  if (row.status === 'withdrawn')
    return new Problem(409, 'supervision.urge_withdrawn', { number: row.case_number });
  return new Problem(409, 'supervision.urge_answered', { number: row.case_number });
}

// ---------------------------------------------------------------------------------------------------
// Urging

export interface UrgeInput {
  note: string;
  /** Shanghai date, today or later. */
  replyBy: string;
}

export async function urgeCase(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: UrgeInput,
  ip: string,
): Promise<UrgeView> {
  const c = await visibleCase(ctx, actor, caseId);
  if (!holdsUrgingRoleAt(actor.grants, caseOrgPaths(c))) {
    throw new Problem(403, 'supervision.urge_forbidden', { number: c.caseNumber });
  }
  if (isTerminalStatus(c.status)) throw new Problem(409, 'supervision.case_closed', { number: c.caseNumber });
  const note = input.note.trim();
  if (note === '') {
    throw new Problem(400, 'supervision.text_required', { field: 'note' }, [
      { field: 'note', in: 'body', message: 'required' },
    ]);
  }
  const now = ctx.now();
  const today = shanghaiDateOf(now);
  if (
    !isIsoDate(input.replyBy) ||
    input.replyBy < today ||
    epochDayOf(input.replyBy) - epochDayOf(today) > MAX_REPLY_DAYS
  ) {
    throw new Problem(400, 'supervision.reply_by_invalid', { date: String(input.replyBy), today }, [
      { field: 'replyBy', in: 'body', message: `${today} … +${MAX_REPLY_DAYS}d` },
    ]);
  }
  const handlers: Handler[] = caseHandlers(c).map((h) => ({
    orgCode: h.orgCode,
    orgPath: h.orgPath,
    role: h.role,
  }));
  if (handlers.length === 0)
    handlers.push({ orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath, role: 'window_staff' });
  const primary = handlers.find((h) => h.role !== 'village_proxy') ?? handlers[0]!;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('urges')
      .values({
        county_code: c.countyCode || countyCodeOf(c.handlingOrgCode),
        case_id: c.id,
        case_number: c.caseNumber,
        handling_org_path: c.handlingOrgPath,
        department_path: c.departmentPath,
        by_person_id: actor.personId,
        by_name: actor.displayName,
        note,
        reply_by: input.replyBy,
        reply_due_at: endOfShanghaiDay(input.replyBy),
        handler_org_code: primary.orgCode,
        handler_org_path: primary.orgPath,
        handler_role: primary.role,
        handlers: JSON.stringify(handlers),
        status: 'open',
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.urge',
      entityType: 'urge',
      entityId: inserted.id,
      orgCode: c.handlingOrgCode,
      orgPath: c.handlingOrgPath,
      after: { caseId: c.id, replyBy: input.replyBy, handlers },
      ip,
    });
    await enqueueUrgeAlerts(ctx, trx, alertOf(inserted));
    await appendCaseEntry(trx, c.id, {
      action: 'urge',
      actor: {
        id: actor.personId,
        name: actor.displayName,
        role: urgingRoleOf(actor),
        orgCode: actor.orgCode,
      },
      payload: {
        urgeId: inserted.id,
        note,
        replyBy: input.replyBy,
        handlers: handlers.map((h) => h.orgCode),
      },
      at: now,
    });
    return inserted;
  });
  publishUrge(ctx, alertOf(row));
  return (await viewsOf(ctx.db, [row], now))[0]!;
}

function alertOf(r: UrgeRow): UrgeAlert {
  return {
    urgeId: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    byName: r.by_name,
    note: r.note,
    replyBy: r.reply_by,
    handlers: json<Handler[]>(r.handlers),
  };
}

export async function replyToUrge(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { reply: string },
  ip: string,
): Promise<UrgeView> {
  const seen = await visibleUrge(ctx, actor, id);
  const handlers = json<Handler[]>(seen.handlers);
  if (!handlers.some((h) => canAt(actor.grants, 'case.handle', h.orgPath))) {
    throw new Problem(403, 'supervision.reply_forbidden', { number: seen.case_number });
  }
  const reply = input.reply.trim();
  if (reply === '') {
    throw new Problem(400, 'supervision.text_required', { field: 'reply' }, [
      { field: 'reply', in: 'body', message: 'required' },
    ]);
  }
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = (await findUrge(trx, id, true))!;
    if (current.status !== 'open' && current.status !== 'escalated') throw statusProblem(current);
    const updated = await trx
      .updateTable('urges')
      .set({
        status: 'answered',
        reply,
        answered_at: now,
        answered_by: actor.personId,
        answered_by_name: actor.displayName,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.urge_reply',
      entityType: 'urge',
      entityId: id,
      orgCode: current.handler_org_code,
      orgPath: current.handler_org_path,
      before: { status: current.status },
      after: { status: 'answered' },
      ip,
    });
    await appendCaseEntry(trx, current.case_id, {
      action: 'urge_reply',
      actor: {
        id: actor.personId,
        name: actor.displayName,
        role: current.handler_role as CaseEntryRole,
        orgCode: current.handler_org_code,
      },
      payload: { urgeId: id, reply },
      at: now,
    });
    await ctx.notify.enqueue(trx, {
      channel: 'in_app',
      recipient: current.by_person_id,
      template: 'urge_answered',
      params: { caseNumber: current.case_number, by: actor.displayName, reply },
      caseId: current.case_id,
      orgCode: current.handler_org_code,
      orgPath: current.handler_org_path,
    });
    return updated;
  });
  publishUrgeAnswered(ctx, row.by_person_id, {
    urgeId: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    reply,
    answeredBy: actor.displayName,
  });
  return (await viewsOf(ctx.db, [row], now))[0]!;
}

export async function withdrawUrge(ctx: AppContext, actor: Actor, id: string, ip: string): Promise<UrgeView> {
  const seen = await visibleUrge(ctx, actor, id);
  const mayWithdraw =
    seen.by_person_id === actor.personId ||
    holdsUrgingRoleAt(actor.grants, [seen.handling_org_path, seen.department_path]);
  if (!mayWithdraw) throw new Problem(403, 'supervision.urge_forbidden', { number: seen.case_number });
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = (await findUrge(trx, id, true))!;
    if (current.status !== 'open' && current.status !== 'escalated') throw statusProblem(current);
    const updated = await trx
      .updateTable('urges')
      .set({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: actor.personId, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.urge_withdraw',
      entityType: 'urge',
      entityId: id,
      orgCode: current.handler_org_code,
      orgPath: current.handler_org_path,
      before: { status: current.status },
      after: { status: 'withdrawn' },
      ip,
    });
    return updated;
  });
  return (await viewsOf(ctx.db, [row], now))[0]!;
}

export async function readUrge(ctx: AppContext, actor: Actor, id: string): Promise<UrgeView> {
  return (await viewsOf(ctx.db, [await visibleUrge(ctx, actor, id)], ctx.now()))[0]!;
}

export interface UrgeFilter {
  /** Urges I must answer (as a handler), or that I made. */
  mine?: boolean;
  by?: 'me';
  status?: UrgeStatus;
  caseId?: string;
  orgCode?: string;
  page: number;
  pageSize: number;
}

/**
 * Urges in the caller's reach: by default every urge on a case under their case.read subtrees; with
 * `mine`, those addressed to a unit where they hold case.handle (their to-do), with `by=me` those they
 * made. Newest first.
 */
export async function listUrges(
  ctx: AppContext,
  actor: Actor,
  filter: UrgeFilter,
): Promise<{ items: UrgeView[]; total: number }> {
  let q = ctx.db.selectFrom('urges');
  if (filter.mine) {
    q = q.where(inSubtrees('handler_org_path', scopeRoots(actor.grants, 'case.handle')));
  } else {
    const roots = scopeRoots(actor.grants, 'case.read');
    q = q.where((eb) =>
      eb.or([inSubtrees('handling_org_path', roots), inSubtrees('department_path', roots)]),
    );
  }
  if (filter.by === 'me') q = q.where('by_person_id', '=', actor.personId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
  if (filter.orgCode) {
    const path = await ctx.db
      .selectFrom('orgs')
      .select('path')
      .where('code', '=', filter.orgCode)
      .executeTakeFirst();
    if (!path) throw notFound('org.not_found', { code: filter.orgCode });
    q = q.where((eb) =>
      eb.or([inSubtrees('handling_org_path', [path.path]), inSubtrees('department_path', [path.path])]),
    );
  }
  const { limit, offset } = pageWindow(filter);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await viewsOf(ctx.db, rows, ctx.now()), total: Number(count.n) };
}

// ---------------------------------------------------------------------------------------------------
// Escalation (run by the sweeper job)

/** The regions from the handler's own up to the root, nearest first ('/511723/511723100/', '/511723/'). */
function regionChain(orgPath: string): string[] {
  const chain: string[] = [];
  let path = regionPathOf(orgPath);
  for (;;) {
    chain.push(path);
    const parts = path.split('/').filter(Boolean);
    if (parts.length <= 1) break;
    path = regionPathOf(`/${parts.slice(0, -1).join('/')}/`);
    if (chain.includes(path)) break;
  }
  return chain;
}

/** The supervisors and leaders of the nearest region (from the handler's own upward) that has any. */
async function superiorOf(
  trx: Kysely<DB>,
  handlerOrgPath: string,
): Promise<{ orgCode: string; orgPath: string; people: string[] }> {
  const chain = regionChain(handlerOrgPath);
  const rows = await trx
    .selectFrom('role_assignments as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.person_id', 'r.org_path'])
    .where('r.role', 'in', [...URGING_ROLES])
    .where('r.org_path', 'in', chain)
    .where('p.status', '=', 'active')
    .execute();
  for (const path of chain) {
    const people = [...new Set(rows.filter((r) => r.org_path === path).map((r) => r.person_id))];
    if (people.length > 0) return { orgCode: path.split('/').filter(Boolean).at(-1)!, orgPath: path, people };
  }
  const top = chain.at(-1)!;
  return { orgCode: top.split('/').filter(Boolean).at(-1)!, orgPath: top, people: [] };
}

export const ESCALATION_BATCH = 200;

/** Escalates every open urge whose answer is overdue at ctx.now(); returns how many. */
export async function escalateLateUrges(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const now = ctx.now();
    const done = await ctx.db.transaction().execute(async (trx) => {
      // A case finished in the meantime needs no superior: its urge stays open, unanswered, on record.
      const late = await trx
        .selectFrom('urges')
        .selectAll()
        .where('status', '=', 'open')
        .where('reply_due_at', '<', now)
        .where(({ exists, selectFrom, not }) =>
          not(
            exists(
              selectFrom('cases as c')
                .select('c.id')
                .whereRef('c.id', '=', 'urges.case_id')
                .where('c.status', 'in', [...TERMINAL_STATUSES]),
            ),
          ),
        )
        .orderBy('reply_due_at')
        .limit(ESCALATION_BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      const published: Parameters<typeof publishEscalation>[1][] = [];
      const names = await findOrgsByCodes(trx, [...new Set(late.map((u) => u.handler_org_code))]);
      for (const u of late) {
        const to = await superiorOf(trx, u.handler_org_path);
        await trx
          .updateTable('urges')
          .set({
            status: 'escalated',
            escalated_at: now,
            escalated_to_org_code: to.orgCode,
            escalated_to_org_path: to.orgPath,
            updated_at: now,
          })
          .where('id', '=', u.id)
          .execute();
        await recordAudit(trx, {
          actorId: null,
          actorName: '系统',
          action: 'supervision.urge_escalate',
          entityType: 'urge',
          entityId: u.id,
          orgCode: u.handler_org_code,
          orgPath: u.handler_org_path,
          before: { status: 'open' },
          after: { status: 'escalated', to: to.orgCode },
        });
        const alert = {
          ...alertOf(u),
          handlerName: names.get(u.handler_org_code) ?? u.handler_org_code,
          toOrgCode: to.orgCode,
          toOrgPath: to.orgPath,
          recipients: to.people,
        };
        await enqueueEscalationAlerts(ctx, trx, alert);
        await appendCaseEntry(trx, u.case_id, {
          action: 'urge_escalate',
          actor: { id: 'system', name: '系统', role: 'system', orgCode: u.handler_org_code },
          payload: { urgeId: u.id, to: to.orgCode, replyBy: u.reply_by },
          at: now,
        });
        published.push(alert);
      }
      return { count: late.length, published };
    });
    for (const p of done.published) publishEscalation(ctx, p);
    total += done.count;
    if (done.count < ESCALATION_BATCH) break;
  }
  return total;
}

/** Open (or escalated) urges per case, for the monitor list. */
export async function openUrgeCounts(
  db: Kysely<DB>,
  caseIds: readonly string[],
): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('urges')
    .select(['case_id', sql<number>`count(*)`.as('n')])
    .where('case_id', 'in', [...caseIds])
    .where('status', 'in', ['open', 'escalated'])
    .groupBy('case_id')
    .execute();
  return new Map(rows.map((r) => [r.case_id, Number(r.n)]));
}

/** The role an urger acts in on the case file: leader if they hold it, else supervisor. */
function urgingRoleOf(actor: Actor): CaseEntryRole {
  return actor.grants.some((g) => g.role === 'leader') ? 'leader' : 'supervisor';
}
