import type { Kysely } from 'kysely';
import { canAt, type Permission, scopeRoots } from '../../core/org/roles.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';

/** An org as supervision reads it. */
export interface OrgRef {
  code: string;
  path: string;
  name: string;
  kind: string;
}

export async function findOrgRef(db: Kysely<DB>, code: string): Promise<OrgRef | null> {
  const row = await db
    .selectFrom('orgs')
    .select(['code', 'path', 'name', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The subtrees a supervision read covers: the caller's topmost paths holding `permission`, or, with
 * `orgCode`, that org's subtree — which the caller must reach (else 404 for an org they cannot see,
 * exactly as if it did not exist; a township officer never learns another township's figures).
 */
export async function scopeOf(
  db: Kysely<DB>,
  actor: Actor,
  orgCode: string | undefined,
  permission: Permission = 'case.read',
): Promise<{ roots: string[]; org: OrgRef | null }> {
  const roots = scopeRoots(actor.grants, permission);
  if (roots.length === 0) throw new Problem(403, 'auth.forbidden', { org: orgCode ?? '', permission });
  if (!orgCode) return { roots, org: null };
  const org = await findOrgRef(db, orgCode);
  if (!org || !canAt(actor.grants, permission, org.path)) throw notFound('org.not_found', { code: orgCode });
  return { roots: [org.path], org };
}

/** The township (9-digit region) an org path lies in, or null for county-level units. */
export function townshipCodeOf(path: string): string | null {
  for (const part of path.split('/')) if (/^\d{9}$/.test(part)) return part;
  return null;
}

/** The county (6-digit region) an org path lies in, or null. */
export function countyCodeOfPath(path: string): string | null {
  for (const part of path.split('/')) if (/^\d{6}$/.test(part)) return part;
  return null;
}
