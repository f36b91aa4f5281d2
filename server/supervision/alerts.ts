import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { regionPathOf } from '../../core/org/codes.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { fill, labels } from '../i18n/index.ts';
import type { NotificationMessage } from '../notify/notify-service.ts';
import { peopleHolding } from '../org/org-store.ts';
import type { WarningKind } from './supervision-store.ts';

/**
 * Everything supervision tells people goes through here: in-app messages through the notify outbox
 * (written in the caller's transaction, pushed live by notify once it commits) and supervision's own live
 * events (published after the commit by the caller): `supervision.warning`, `supervision.urge`,
 * `supervision.urge_answered`, `supervision.urge_escalated`, `supervision.lights`.
 */

export interface WarningAlert {
  caseId: string;
  caseNumber: string;
  clockKey: string;
  clockName: string;
  kind: WarningKind;
  light: 'green' | 'yellow' | 'red';
  /** The deadline passed or approaching (the legal one for 'overdue'), ISO. */
  deadline: string | null;
  handlerOrgCode: string;
  handlerOrgPath: string;
  handlerRole: string;
  handlingOrgPath: string;
  departmentPath: string;
  at: string;
}

const STAFF_ROLES = ['window_staff', 'approver'];

/** People who act for `role` at the handler org: holders of that role there or above it within its region. */
async function handlerPeople(trx: Kysely<DB>, role: string, orgPath: string): Promise<string[]> {
  if (!STAFF_ROLES.includes(role)) return [];
  return peopleHolding(trx, [role], orgPath, regionPathOf(orgPath));
}

function sl(key: string): string {
  return labels('zh-CN', 'supervision.')[key] ?? key;
}

/** In-app messages to each clock's handlers, in the transaction that wrote the warnings. */
export async function enqueueWarningAlerts(
  ctx: AppContext,
  trx: Kysely<DB>,
  alerts: readonly WarningAlert[],
): Promise<void> {
  const messages: NotificationMessage[] = [];
  // A sweep warns many clocks of few units: look each unit's people up once.
  const known = new Map<string, string[]>();
  for (const a of alerts) {
    const key = `${a.handlerRole}|${a.handlerOrgPath}`;
    let people = known.get(key);
    if (!people) {
      people = await handlerPeople(trx, a.handlerRole, a.handlerOrgPath);
      known.set(key, people);
    }
    for (const recipient of people) {
      messages.push({
        channel: 'in_app',
        recipient,
        template: 'warning',
        params: {
          caseNumber: a.caseNumber,
          clock: a.clockName,
          light: a.kind,
          deadline: a.deadline ? shanghaiDateOf(new Date(a.deadline)) : '',
        },
        caseId: a.caseId,
        orgCode: a.handlerOrgCode,
        orgPath: a.handlerOrgPath,
      });
    }
  }
  await ctx.notify.enqueue(trx, messages);
}

/** After the commit: pop-ups for everyone watching the handler org with case.read (handlers, monitors). */
export function publishWarnings(ctx: AppContext, alerts: readonly WarningAlert[]): void {
  for (const a of alerts) {
    ctx.notify.live.publish({
      orgPath: a.handlerOrgPath,
      permission: 'case.read',
      type: 'supervision.warning',
      data: a,
    });
  }
}

/** After a sweep that changed lights: dashboards watching these orgs refresh their counts. */
export function publishLightsChanged(ctx: AppContext, orgPaths: Iterable<string>): void {
  for (const orgPath of orgPaths) {
    ctx.notify.live.publish({
      orgPath,
      permission: 'case.read',
      type: 'supervision.lights',
      data: { orgPath },
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Urges

export interface UrgeAlert {
  urgeId: string;
  caseId: string;
  caseNumber: string;
  byName: string;
  note: string;
  replyBy: string;
  handlers: { orgCode: string; orgPath: string; role: string }[];
}

/** In-app messages to the handlers of an urged case. */
export async function enqueueUrgeAlerts(ctx: AppContext, trx: Kysely<DB>, u: UrgeAlert): Promise<void> {
  const messages: NotificationMessage[] = [];
  const seen = new Set<string>();
  for (const h of u.handlers) {
    for (const recipient of await handlerPeople(trx, h.role, h.orgPath)) {
      if (seen.has(recipient)) continue;
      seen.add(recipient);
      messages.push({
        channel: 'in_app',
        recipient,
        template: 'urge',
        params: {
          caseNumber: u.caseNumber,
          by: u.byName,
          note: fill(sl('alert.urgeNote'), { note: u.note, replyBy: u.replyBy }),
        },
        caseId: u.caseId,
        orgCode: h.orgCode,
        orgPath: h.orgPath,
      });
    }
  }
  await ctx.notify.enqueue(trx, messages);
}

/** After the commit: the urge pops up for the handlers. */
export function publishUrge(ctx: AppContext, u: UrgeAlert): void {
  for (const h of u.handlers) {
    ctx.notify.live.publish({
      orgPath: h.orgPath,
      permission: 'case.handle',
      type: 'supervision.urge',
      data: u,
    });
  }
}

/** An unanswered urge goes up: in-app messages to the supervisors and leaders of the superior region. */
export async function enqueueEscalationAlerts(
  ctx: AppContext,
  trx: Kysely<DB>,
  u: UrgeAlert & { handlerName: string; toOrgCode: string; toOrgPath: string; recipients: string[] },
): Promise<void> {
  const messages: NotificationMessage[] = u.recipients.map((recipient) => ({
    channel: 'in_app',
    recipient,
    template: 'urge_escalated',
    params: { caseNumber: u.caseNumber, handler: u.handlerName, replyBy: u.replyBy },
    caseId: u.caseId,
    orgCode: u.toOrgCode,
    orgPath: u.toOrgPath,
  }));
  await ctx.notify.enqueue(trx, messages);
}

export function publishEscalation(
  ctx: AppContext,
  u: UrgeAlert & { toOrgPath: string; recipients: string[] },
): void {
  for (const personId of u.recipients) {
    ctx.notify.live.publish({ personId, type: 'supervision.urge_escalated', data: u });
  }
}

/** After the commit: the supervisor who urged sees the answer. */
export function publishUrgeAnswered(
  ctx: AppContext,
  byPersonId: string,
  data: { urgeId: string; caseId: string; caseNumber: string; reply: string; answeredBy: string },
): void {
  ctx.notify.live.publish({ personId: byPersonId, type: 'supervision.urge_answered', data });
}
