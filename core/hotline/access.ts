/**
 * Who does what on the hotline, from the roles people already hold (no new role):
 * - dispatchers (12345 话务员/派单员): `admin` or `supervisor` at the county (or above) — they register
 *   calls, dispatch, review send-backs and extensions, revisit callers, close and merge;
 * - receivers: whoever may handle cases (`case.handle`: window_staff, approver, admin) at the receiving
 *   department or township, or above it;
 * - readers: `case.read` at the county reaches all its orders; at a department or township, the orders
 *   dispatched to it.
 * - the dispatch catalog and the Open311 API keys are kept by the county's `admin`.
 */
import { canAt, type RoleGrant } from '../org/roles.ts';

export const DISPATCHER_ROLES = ['admin', 'supervisor'] as const;

/** Holds a dispatcher role at the center (the county's path) or above it. */
export function isDispatcherAt(grants: readonly RoleGrant[], centerPath: string): boolean {
  return grants.some(
    (g) => (DISPATCHER_ROLES as readonly string[]).includes(g.role) && centerPath.startsWith(g.orgPath),
  );
}

/** Acts for the receiving org: may handle cases there. */
export function isReceiverAt(grants: readonly RoleGrant[], receiverPath: string | null): boolean {
  return receiverPath !== null && canAt(grants, 'case.handle', receiverPath);
}

/** Keeps the county's catalog and API keys. */
export function isHotlineAdminAt(grants: readonly RoleGrant[], centerPath: string): boolean {
  return grants.some((g) => g.role === 'admin' && centerPath.startsWith(g.orgPath));
}

export function canReadOrder(
  grants: readonly RoleGrant[],
  order: { centerPath: string; receiverPath: string | null },
): boolean {
  return (
    canAt(grants, 'case.read', order.centerPath) ||
    (order.receiverPath !== null && canAt(grants, 'case.read', order.receiverPath)) ||
    isDispatcherAt(grants, order.centerPath)
  );
}

/**
 * The county paths a person dispatches for: their dispatcher grants at a county (a grant above the county
 * covers every county below it, which the caller resolves with the org tree).
 */
export function dispatcherRoots(grants: readonly RoleGrant[]): string[] {
  const paths = grants
    .filter((g) => (DISPATCHER_ROLES as readonly string[]).includes(g.role))
    .map((g) => g.orgPath)
    .sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}
