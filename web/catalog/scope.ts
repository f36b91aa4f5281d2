import { type Permission, ROLE_PERMISSIONS, type Role } from '../../core/org/roles.ts';
import { useMe } from '../shell/session.tsx';
import { regionCodeOf } from './orgOptions.ts';

/**
 * Whether org `a` is `b` or above it, from the codes alone: region codes nest by prefix (511723 ⊃
 * 511723100 ⊃ 511723100001) and units hang below their parent as `<parent>-n`.
 */
export function reaches(a: string, b: string): boolean {
  if (a === b || b.startsWith(`${a}-`)) return true;
  return !a.includes('-') && regionCodeOf(b).startsWith(a);
}

/**
 * What the person may do where: the same rule as the server (a role's permissions reach its org's
 * subtree), so buttons the server would refuse are not offered. The server still decides.
 */
export function useCanAt(): (permission: Permission, orgCode: string) => boolean {
  const me = useMe();
  return (permission, orgCode) =>
    me.roles.some(
      (r) => (ROLE_PERMISSIONS[r.role as Role] ?? []).includes(permission) && reaches(r.orgCode, orgCode),
    );
}
