import type { WorkingCalendar } from '../../core/calendar/index.ts';
import { type Clock, evaluateClockIfKnown } from '../../core/clock/clock.ts';
import type { FeedbackRole } from '../../core/feedback/index.ts';
import { scopeRoots } from '../../core/org/roles.ts';
import type { Actor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { labels } from '../i18n/index.ts';

/**
 * Who may do what in the feedback module (docs/feedback.md, "Who"):
 * - reading ratings and rectification orders: case.read where the rated unit, the handler or the case's
 *   department lies (staff of the unit, supervisors, leaders);
 * - acting as the handler of an order: window_staff or approver at the handler org or above it;
 * - supervising (无法整改, appeals, limits, complaints): the supervisor role at or above the org;
 * - complaints are read by supervisors and leaders of the county they are assigned to.
 */

const HANDLER_ROLES: ReadonlySet<string> = new Set(['window_staff', 'approver']);
const SUPERVISOR_ROLES: ReadonlySet<string> = new Set(['supervisor']);
const COMPLAINT_READERS: ReadonlySet<string> = new Set(['supervisor', 'leader']);

export function holdsRoleAt(actor: Actor, roles: ReadonlySet<string>, path: string): boolean {
  return actor.grants.some((g) => roles.has(g.role) && path.startsWith(g.orgPath));
}

export function isHandlerAt(actor: Actor, path: string): boolean {
  return holdsRoleAt(actor, HANDLER_ROLES, path);
}

export function isSupervisorAt(actor: Actor, path: string): boolean {
  return holdsRoleAt(actor, SUPERVISOR_ROLES, path);
}

/** The feedback roles the actor holds for an org (the handler's unit of an order). */
export function feedbackRolesAt(actor: Actor, path: string): FeedbackRole[] {
  const roles: FeedbackRole[] = [];
  if (isHandlerAt(actor, path)) roles.push('handler');
  if (isSupervisorAt(actor, path)) roles.push('supervisor');
  return roles;
}

/** Topmost paths where the actor reads ratings and orders (case.read); 403 when nowhere. */
export function readRoots(actor: Actor): string[] {
  const roots = scopeRoots(actor.grants, 'case.read');
  if (roots.length === 0) throw new Problem(403, 'auth.forbidden', { org: '', permission: 'case.read' });
  return roots;
}

function topmost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const p of sorted) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}

/** Topmost paths where the actor reads complaints (supervisor or leader); 403 when nowhere. */
export function complaintRoots(actor: Actor): string[] {
  const roots = topmost(actor.grants.filter((g) => COMPLAINT_READERS.has(g.role)).map((g) => g.orgPath));
  if (roots.length === 0) throw new Problem(403, 'auth.forbidden', { org: '', permission: 'supervisor' });
  return roots;
}

/** Topmost paths where the actor supervises; 403 when nowhere. */
export function supervisorRoots(actor: Actor): string[] {
  const roots = topmost(actor.grants.filter((g) => SUPERVISOR_ROLES.has(g.role)).map((g) => g.orgPath));
  if (roots.length === 0) throw new Problem(403, 'auth.forbidden', { org: '', permission: 'supervisor' });
  return roots;
}

/** A server label of the feedback module, in Chinese (audit names, system actors). */
export function label(key: string): string {
  return labels('zh-CN', 'feedback.')[key] ?? key;
}

/** The deadline of a fresh clock as a Date, or null when unknown (see `evaluateClockIfKnown`). */
export function deadlineOf(clock: Clock, now: Date, calendar: WorkingCalendar | null): Date | null {
  const state = evaluateClockIfKnown(clock, now, calendar);
  return state ? new Date(state.deadline) : null;
}
