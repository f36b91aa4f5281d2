import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isStrongPassword } from '../../core/org/passwords.ts';
import { isRole, type RoleGrant } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { recordAudit } from './audit-store.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'bm_session';
export const SESSION_HOURS = 12;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function loadGrants(ctx: AppContext, personId: string): Promise<RoleGrant[]> {
  const rows = await ctx.db
    .selectFrom('role_assignments')
    .select(['role', 'org_code', 'org_path'])
    .where('person_id', '=', personId)
    .orderBy('org_path')
    .execute();
  return rows.flatMap((r) =>
    isRole(r.role) ? [{ role: r.role, orgCode: r.org_code, orgPath: r.org_path }] : [],
  );
}

/** One query per request: the session, its person and their roles (aggregated as JSON). */
export async function findSession(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select([
      'people.id',
      'people.username',
      'people.display_name',
      'people.org_code',
      'people.must_change_password',
      'people.status',
      'people.kind',
      'sessions.expires_at',
    ])
    .select(
      sql<unknown>`(SELECT coalesce(json_agg(json_build_object('role', r.role, 'orgCode', r.org_code,
        'orgPath', r.org_path) ORDER BY r.org_path), '[]') FROM role_assignments r
        WHERE r.person_id = people.id)`.as('grants'),
    )
    .where('sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (row?.status !== 'active' || row.expires_at.getTime() <= ctx.now().getTime()) return null;
  const raw = (typeof row.grants === 'string' ? JSON.parse(row.grants) : row.grants) as RoleGrant[];
  return {
    personId: row.id,
    username: row.username,
    displayName: row.display_name,
    orgCode: row.org_code,
    // A resident never holds roles; should a row appear anyway, it grants nothing.
    grants: row.kind === 'resident' ? [] : raw.filter((g) => isRole(g.role)),
    mustChangePassword: row.must_change_password,
    kind: row.kind,
  };
}

/**
 * Checks the password and opens a session. Unknown user, wrong password and disabled account all give the
 * same answer in about the same time, so the response never tells which part was wrong.
 */
export async function signIn(
  ctx: AppContext,
  input: { username: string; password: string; ip: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const person = await ctx.db
    .selectFrom('people')
    .select([
      'id',
      'username',
      'password_hash',
      'status',
      'org_code',
      'org_path',
      'display_name',
      'must_change_password',
      'kind',
    ])
    .where('username', '=', input.username)
    .executeTakeFirst();
  const ok = await verifyPassword(person?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!person || !ok || person.status !== 'active') throw new Problem(401, 'auth.invalid_credentials');
  const session = await ctx.db.transaction().execute(async (trx) => {
    const opened = await openSession(trx, ctx, person.id, input);
    await recordAudit(trx, {
      actorId: person.id,
      actorName: person.display_name,
      action: 'session.sign_in',
      entityType: 'person',
      entityId: person.id,
      orgCode: person.org_code,
      orgPath: person.org_path,
      ip: input.ip,
    });
    return opened;
  });
  const actor: Actor = {
    personId: person.id,
    username: person.username,
    displayName: person.display_name,
    orgCode: person.org_code,
    grants: person.kind === 'resident' ? [] : await loadGrants(ctx, person.id),
    mustChangePassword: person.must_change_password,
    kind: person.kind,
  };
  return { ...session, actor };
}

/**
 * Stores a new session for `personId` in the caller's transaction (signing in, or registering a resident
 * account, which signs its owner in) and returns the token for the cookie.
 */
export async function openSession(
  trx: Kysely<DB>,
  ctx: AppContext,
  personId: string,
  client: { ip: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + SESSION_HOURS * 3_600_000);
  await trx
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      person_id: personId,
      expires_at: expiresAt,
      ip: client.ip,
      user_agent: client.userAgent,
    })
    .execute();
  return { token, expiresAt };
}

export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const person = await ctx.db
    .selectFrom('people')
    .select(['password_hash', 'org_code', 'org_path'])
    .where('id', '=', actor.personId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(person.password_hash, input.currentPassword))) {
    throw new Problem(400, 'auth.password_wrong', {}, [
      { field: 'currentPassword', in: 'body', message: 'auth.password_wrong' },
    ]);
  }
  if (!isStrongPassword(input.newPassword, actor.username) || input.newPassword === input.currentPassword) {
    throw new Problem(400, 'auth.password_weak', {}, [
      { field: 'newPassword', in: 'body', message: 'auth.password_weak' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ password_hash: passwordHash, must_change_password: false, updated_at: ctx.now() })
      .where('id', '=', actor.personId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'person.password_change',
      entityType: 'person',
      entityId: actor.personId,
      orgCode: person.org_code,
      orgPath: person.org_path,
      ip: input.ip,
    });
  });
}
