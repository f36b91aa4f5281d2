import { isStrongPassword } from '../../core/org/passwords.ts';
import { isPhoneNumber, maskPhone } from '../../core/org/pii.ts';
import { isRole, scopeRoots } from '../../core/org/roles.ts';
import type { Person } from '../../core/org/views.ts';
import type { AppContext } from '../context.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';
import { type Actor, authorize } from '../http/auth.ts';
import { badRequest, conflict, notFound } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from './audit-store.ts';
import { getOrgOrThrow } from './org-service.ts';
import { findOrgsByCodes } from './org-store.ts';
import { hashPassword } from './passwords.ts';

async function toViews(ctx: AppContext, rows: PersonRow[], unmasked = false): Promise<Person[]> {
  if (rows.length === 0) return [];
  const grants = await ctx.db
    .selectFrom('role_assignments')
    .select(['id', 'person_id', 'role', 'org_code'])
    .where(
      'person_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('org_path')
    .execute();
  const names = await findOrgsByCodes(ctx.db, [
    ...new Set([...rows.map((r) => r.org_code), ...grants.map((g) => g.org_code)]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    orgCode: r.org_code,
    orgName: names.get(r.org_code) ?? r.org_code,
    phone: unmasked ? r.phone : maskPhone(r.phone),
    status: r.status,
    mustChangePassword: r.must_change_password,
    roles: grants
      .filter((g) => g.person_id === r.id)
      .map((g) => ({
        id: g.id,
        role: g.role,
        orgCode: g.org_code,
        orgName: names.get(g.org_code) ?? g.org_code,
      })),
  }));
}

const personColumns = [
  'id',
  'username',
  'display_name',
  'org_code',
  'org_path',
  'phone',
  'status',
  'must_change_password',
] as const;
type PersonRow = {
  id: string;
  username: string;
  display_name: string;
  org_code: string;
  org_path: string;
  phone: string | null;
  status: 'active' | 'disabled';
  must_change_password: boolean;
};

export async function listPeople(
  ctx: AppContext,
  actor: Actor,
  opts: { org?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: Person[]; total: number }> {
  let roots = scopeRoots(actor.grants, 'people.read');
  if (opts.org) {
    const org = await getOrgOrThrow(ctx, opts.org);
    authorize(actor, 'people.read', org);
    roots = [org.path];
  }
  if (roots.length === 0) return { items: [], total: 0 };
  // Resident accounts (online applicants) are not staff: people admin neither lists nor manages them.
  let q = ctx.db.selectFrom('people').where('kind', '=', 'staff').where(inSubtrees('org_path', roots));
  const text = opts.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  const { limit, offset } = pageWindow(opts);
  const [rows, count] = await Promise.all([
    q.select(personColumns).orderBy('org_path').orderBy('username').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toViews(ctx, rows), total: Number(count.n) };
}

/**
 * A person outside the caller's subtree is "not found", not "forbidden": the answer must not tell a
 * township officer whether someone exists in another township.
 */
async function personInScope(
  ctx: AppContext,
  actor: Actor,
  id: string,
  permission: 'people.read' | 'people.write',
): Promise<PersonRow> {
  const row = await ctx.db
    .selectFrom('people')
    .select(personColumns)
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .executeTakeFirst();
  if (!row || !scopeRoots(actor.grants, 'people.read').some((r) => row.org_path.startsWith(r))) {
    throw notFound('person.not_found');
  }
  authorize(actor, permission, { code: row.org_code, path: row.org_path });
  return row;
}

export async function readPerson(
  ctx: AppContext,
  actor: Actor,
  id: string,
  opts: { unmaskPhone: boolean; ip: string },
): Promise<Person> {
  const row = await personInScope(ctx, actor, id, opts.unmaskPhone ? 'people.write' : 'people.read');
  if (opts.unmaskPhone) {
    // 个人信息保护法: every read of unmasked personal data leaves a trace.
    await recordAudit(ctx.db, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'person.read_unmasked',
      entityType: 'person',
      entityId: row.id,
      orgCode: row.org_code,
      orgPath: row.org_path,
      after: { fields: ['phone'] },
      ip: opts.ip,
    });
  }
  const [view] = await toViews(ctx, [row], opts.unmaskPhone);
  return view!;
}

function checkPhone(phone: string | null | undefined): void {
  if (phone && !isPhoneNumber(phone)) {
    throw badRequest('person.phone_invalid', { phone }, [
      { field: 'phone', in: 'body', message: 'person.phone_invalid' },
    ]);
  }
}

export async function createPerson(
  ctx: AppContext,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    orgCode: string;
    password: string;
    phone?: string | null;
    ip: string;
  },
): Promise<Person> {
  const org = await getOrgOrThrow(ctx, input.orgCode);
  authorize(actor, 'people.write', org);
  checkPhone(input.phone);
  if (!isStrongPassword(input.password, input.username)) {
    throw badRequest('auth.password_weak', {}, [
      { field: 'password', in: 'body', message: 'auth.password_weak' },
    ]);
  }
  const taken = await ctx.db
    .selectFrom('people')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) throw conflict('person.username_taken', { username: input.username });
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('people')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        // Whoever set this password knows it; outside demo mode its owner must replace it.
        must_change_password: !ctx.config.demo,
        phone: input.phone || null,
        org_code: org.code,
        org_path: org.path,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'person.create',
      entityType: 'person',
      entityId: id,
      orgCode: org.code,
      orgPath: org.path,
      after: {
        username: input.username,
        displayName: input.displayName,
        orgCode: org.code,
        phone: maskPhone(input.phone ?? null),
      },
      ip: input.ip,
    });
    return id;
  });
  return readPerson(ctx, actor, id, { unmaskPhone: false, ip: input.ip });
}

export async function updatePerson(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { displayName?: string; phone?: string | null; status?: 'active' | 'disabled'; ip: string },
): Promise<Person> {
  const row = await personInScope(ctx, actor, id, 'people.write');
  checkPhone(input.phone);
  const changes: { display_name?: string; phone?: string | null; status?: 'active' | 'disabled' } = {};
  if (input.displayName !== undefined) changes.display_name = input.displayName.trim();
  if (input.phone !== undefined) changes.phone = input.phone || null;
  if (input.status !== undefined) changes.status = input.status;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ ...changes, updated_at: ctx.now() })
      .where('id', '=', id)
      .execute();
    if (input.status === 'disabled') await trx.deleteFrom('sessions').where('person_id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      orgCode: row.org_code,
      orgPath: row.org_path,
      before: { displayName: row.display_name, phone: maskPhone(row.phone), status: row.status },
      after: {
        displayName: changes.display_name ?? row.display_name,
        phone: maskPhone(changes.phone === undefined ? row.phone : changes.phone),
        status: changes.status ?? row.status,
      },
      ip: input.ip,
    });
  });
  return readPerson(ctx, actor, id, { unmaskPhone: false, ip: input.ip });
}

export async function resetPassword(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { password: string; ip: string },
): Promise<void> {
  const row = await personInScope(ctx, actor, id, 'people.write');
  if (!isStrongPassword(input.password, row.username)) {
    throw badRequest('auth.password_weak', {}, [
      { field: 'password', in: 'body', message: 'auth.password_weak' },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ password_hash: passwordHash, must_change_password: !ctx.config.demo, updated_at: ctx.now() })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('person_id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'person.password_reset',
      entityType: 'person',
      entityId: id,
      orgCode: row.org_code,
      orgPath: row.org_path,
      ip: input.ip,
    });
  });
}

export async function grantRole(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  input: { role: string; orgCode: string; ip: string },
) {
  const person = await personInScope(ctx, actor, personId, 'people.write');
  if (!isRole(input.role)) {
    throw badRequest('role.unknown', { role: input.role }, [
      { field: 'role', in: 'body', message: 'role.unknown' },
    ]);
  }
  const org = await getOrgOrThrow(ctx, input.orgCode);
  // Nobody hands out power over an org they do not administer themselves.
  authorize(actor, 'people.write', org);
  const existing = await ctx.db
    .selectFrom('role_assignments')
    .select('id')
    .where('person_id', '=', personId)
    .where('role', '=', input.role)
    .where('org_code', '=', org.code)
    .executeTakeFirst();
  if (existing) throw conflict('role.duplicate');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('role_assignments')
      .values({
        person_id: personId,
        role: input.role,
        org_code: org.code,
        org_path: org.path,
        granted_by: actor.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'role.grant',
      entityType: 'person',
      entityId: personId,
      orgCode: person.org_code,
      orgPath: person.org_path,
      after: { role: input.role, orgCode: org.code },
      ip: input.ip,
    });
    return id;
  });
  return { id, role: input.role, orgCode: org.code, orgName: org.name };
}

export async function revokeRole(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  roleId: string,
  input: { ip: string },
): Promise<void> {
  const person = await personInScope(ctx, actor, personId, 'people.write');
  const grant = await ctx.db
    .selectFrom('role_assignments')
    .select(['id', 'role', 'org_code', 'org_path'])
    .where('id', '=', roleId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!grant) throw notFound('role.not_found');
  authorize(actor, 'people.write', { code: grant.org_code, path: grant.org_path });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('role_assignments').where('id', '=', roleId).execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'role.revoke',
      entityType: 'person',
      entityId: personId,
      orgCode: person.org_code,
      orgPath: person.org_path,
      before: { role: grant.role, orgCode: grant.org_code },
      ip: input.ip,
    });
  });
}
