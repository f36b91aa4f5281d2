import type { Kysely } from 'kysely';
import type { CaseActor, CaseRole } from '../../core/cases/lifecycle.ts';
import { canAt, type Permission, type Role } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { type CaseRecord, findCase, REVIEW_STATUSES, WINDOW_STATUSES } from './case-store.ts';

/**
 * Staff roles as the lifecycle knows them. An administrator acts as the system: it may run what the
 * sweeper would (deemed acceptance once due, e-certificate delivery), never a clerk's or approver's step.
 */
export const LIFECYCLE_ROLE: Partial<Record<Role, CaseRole>> = {
  window_staff: 'window_staff',
  approver: 'approver',
  village_proxy: 'village_proxy',
  admin: 'system',
};

/** A case belongs to the center that received it, the department that decides it and its 联办 participants. */
export function caseOrgPaths(c: CaseRecord): string[] {
  return [c.handlingOrgPath, c.departmentPath, ...c.participants.map((p) => p.orgPath)];
}

export function holdsAtCase(actor: Actor, permission: Permission, c: CaseRecord): boolean {
  return caseOrgPaths(c).some((p) => canAt(actor.grants, permission, p));
}

/** Staff with case.read where the case lives, and the proxy who filed it (their village is not its org). */
export function canReadCase(actor: Actor, c: CaseRecord): boolean {
  return (
    holdsAtCase(actor, 'case.read', c) || (c.proxyPersonId !== null && c.proxyPersonId === actor.personId)
  );
}

/** The lifecycle roles the caller holds on this case, in the order of their grants; the applicant last. */
export function caseRolesOf(actor: Actor, c: CaseRecord): CaseRole[] {
  const paths = caseOrgPaths(c);
  const roles: CaseRole[] = [];
  for (const g of actor.grants) {
    const role = LIFECYCLE_ROLE[g.role];
    if (!role || roles.includes(role)) continue;
    // A proxy acts on the cases they filed, which sit at the township window, not in their village.
    const reaches =
      role === 'village_proxy'
        ? c.proxyPersonId === actor.personId
        : paths.some((p) => p.startsWith(g.orgPath));
    if (reaches) roles.push(role);
  }
  if (c.applicantPersonId !== null && c.applicantPersonId === actor.personId) roles.push('applicant');
  return roles;
}

/** Where an approver's grants reach on the case: the lifecycle keeps each side to its own actions. */
function reachOf(actor: Actor, c: CaseRecord): NonNullable<CaseActor['reach']> {
  const approverAt = (path: string) =>
    actor.grants.some((g) => g.role === 'approver' && path.startsWith(g.orgPath));
  return {
    department: approverAt(c.departmentPath),
    handling: approverAt(c.handlingOrgPath),
    participantOrgs: c.participants.filter((p) => approverAt(p.orgPath)).map((p) => p.orgCode),
  };
}

/**
 * The procedure roles (承办人, 审核人, 批准人 …) a person holds where the case lives. A department that
 * assigns none lets each of its approvers act at every step: undefined means "all of the case's".
 */
export async function procedureRolesOf(
  db: Kysely<DB>,
  personId: string,
  c: CaseRecord,
): Promise<string[] | undefined> {
  const rows = await db
    .selectFrom('procedure_role_assignments')
    .select(['org_path', 'procedure_role'])
    .where('person_id', '=', personId)
    .execute();
  const paths = caseOrgPaths(c);
  const held = rows.filter((r) => paths.some((p) => p.startsWith(r.org_path))).map((r) => r.procedure_role);
  return held.length > 0 ? [...new Set(held)] : undefined;
}

export function caseActorOf(
  actor: Actor,
  role: CaseRole,
  c: CaseRecord,
  procedureRoles: readonly string[] | undefined,
): CaseActor {
  if (role !== 'approver') return { role, personId: actor.personId };
  return {
    role,
    personId: actor.personId,
    stepRoles: procedureRoles ?? [...new Set(c.state.steps.map((s) => s.role))],
    reach: reachOf(actor, c),
  };
}

/** A case outside the caller's reach does not exist for them: same answer as an unknown id. */
export async function readableCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseRecord> {
  const c = await findCase(ctx.db, id);
  if (!c || !canReadCase(actor, c)) throw notFound('case.not_found', { id });
  return c;
}

export interface CaseHandler {
  orgCode: string;
  orgPath: string;
  role: Extract<CaseRole, 'window_staff' | 'approver' | 'village_proxy'>;
}

/**
 * Who must act next on an open case, for urging and warnings: the window for intake and delivery, the
 * reviewing side (the lower level of a 上报件 before its hand-over) during review, the 联办 participants
 * that still owe an opinion, and the proxy of a case not yet handed over.
 */
export function caseHandlers(c: CaseRecord): CaseHandler[] {
  const handlers: CaseHandler[] = [];
  const { state } = c;
  if (
    state.status === 'submitted_online' &&
    c.channel === 'proxy' &&
    !state.handedOverAt &&
    c.proxyPersonId
  ) {
    handlers.push({ orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath, role: 'village_proxy' });
  }
  if (WINDOW_STATUSES.includes(state.status)) {
    handlers.push({ orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath, role: 'window_staff' });
  }
  if (REVIEW_STATUSES.includes(state.status)) {
    const lower = state.handlingKind === 'escalated' && !state.escalation;
    handlers.push(
      lower
        ? { orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath, role: 'approver' }
        : { orgCode: c.departmentCode, orgPath: c.departmentPath, role: 'approver' },
    );
    for (const task of state.joint?.tasks ?? []) {
      const party = c.participants.find((p) => p.orgCode === task.orgCode);
      if (task.status === 'pending' && party) {
        handlers.push({ orgCode: party.orgCode, orgPath: party.orgPath, role: 'approver' });
      }
    }
  }
  return handlers;
}
