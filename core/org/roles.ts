import { isRootPath } from './codes.ts';

/**
 * Roles from DESIGN.md and what each may do. A role is held at an org and reaches that org's whole
 * subtree, never a sibling's: every check pairs a permission with the path of the org it concerns.
 */
export const ROLES = [
  'admin',
  'window_staff',
  'approver',
  'village_proxy',
  'supervisor',
  'leader',
  'culture_manager',
  'librarian',
  'doctor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'people.read',
  'people.write',
  'audit.read',
  'calendar.write',
  'catalog.write',
  'catalog.review',
  'case.handle',
  'case.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF: Permission[] = ['org.read', 'people.read'];
// Those who act on cases (办件) read them too; supervisors and leaders read them to watch deadlines.
const CASE_WORK: Permission[] = ['case.handle', 'case.read'];

// Reading the catalog needs only org.read where the item reaches. The supervisor (效能办) reviews guides
// for publication because checking promised limits and fees is supervision; admins may review too, but
// never a version they wrote (catalog-service enforces the four-eyes rule).
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'org.read',
    'org.write',
    'people.read',
    'people.write',
    'audit.read',
    'calendar.write',
    'catalog.write',
    'catalog.review',
    ...CASE_WORK,
  ],
  supervisor: [...STAFF, 'audit.read', 'catalog.review', 'case.read'],
  leader: [...STAFF, 'audit.read', 'case.read'],
  window_staff: [...STAFF, ...CASE_WORK],
  approver: [...STAFF, ...CASE_WORK],
  village_proxy: ['org.read', ...CASE_WORK],
  culture_manager: STAFF,
  librarian: STAFF,
  doctor: STAFF,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface RoleGrant {
  role: Role;
  orgCode: string;
  orgPath: string;
}

/** True when some grant carrying `permission` sits at `orgPath` or above it. */
export function canAt(grants: readonly RoleGrant[], permission: Permission, orgPath: string): boolean {
  return grants.some((g) => orgPath.startsWith(g.orgPath) && ROLE_PERMISSIONS[g.role].includes(permission));
}

/**
 * The topmost paths at which `permission` is held: a list query is scoped to these prefixes.
 * Paths nested inside another returned path are dropped, so the prefixes never overlap.
 */
export function scopeRoots(grants: readonly RoleGrant[], permission: Permission): string[] {
  const paths = [
    ...new Set(grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.orgPath)),
  ].sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}

/**
 * Permissions that act on what every county shares (the national holiday calendar) count only when held
 * at the root of a tree: a township administrator does not change the country's calendar.
 */
export const ROOT_ONLY_PERMISSIONS: readonly Permission[] = ['calendar.write'];

export function permissionsOf(grants: readonly RoleGrant[]): Permission[] {
  const set = new Set<Permission>();
  for (const g of grants) {
    for (const p of ROLE_PERMISSIONS[g.role]) {
      if (!ROOT_ONLY_PERMISSIONS.includes(p) || isRootPath(g.orgPath)) set.add(p);
    }
  }
  return PERMISSIONS.filter((p) => set.has(p));
}
