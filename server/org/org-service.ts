import { canHoldUnit, codesOfPath, type UnitKind } from '../../core/org/codes.ts';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import { scopeRoots } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { type Actor, authorize } from '../http/auth.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from './audit-store.ts';
import {
  findOrg,
  findOrgsByCodes,
  listChildren,
  listDescendants,
  newOrgRow,
  nextUnitCode,
  type Org,
  searchOrgs,
} from './org-store.ts';

export async function getOrgOrThrow(ctx: AppContext, code: string): Promise<Org> {
  const org = await findOrg(ctx.db, code);
  if (!org) throw notFound('org.not_found', { code });
  return org;
}

export async function readOrg(ctx: AppContext, actor: Actor, code: string): Promise<Org> {
  const org = await getOrgOrThrow(ctx, code);
  authorize(actor, 'org.read', org);
  return org;
}

export async function readChildren(
  ctx: AppContext,
  actor: Actor,
  code: string,
  opts: { kind?: Org['kind']; page: number; pageSize: number },
) {
  const parent = await readOrg(ctx, actor, code);
  return listChildren(ctx.db, parent.code, { kind: opts.kind, ...pageWindow(opts) });
}

export async function readDescendants(
  ctx: AppContext,
  actor: Actor,
  code: string,
  opts: { kind?: Org['kind']; page: number; pageSize: number },
) {
  const root = await readOrg(ctx, actor, code);
  return listDescendants(ctx.db, root.path, { kind: opts.kind, ...pageWindow(opts) });
}

export async function findOrgs(
  ctx: AppContext,
  actor: Actor,
  opts: { q: string; root?: string; page: number; pageSize: number },
) {
  let roots = scopeRoots(actor.grants, 'org.read');
  if (opts.root) {
    const root = await readOrg(ctx, actor, opts.root);
    roots = [root.path];
  }
  const found = await searchOrgs(ctx.db, roots, opts.q, pageWindow(opts));
  const ancestorCodes = [...new Set(found.items.flatMap((o) => codesOfPath(o.path).slice(0, -1)))];
  const names = await findOrgsByCodes(ctx.db, ancestorCodes);
  return {
    total: found.total,
    items: found.items.map((o) => ({
      ...o,
      ancestors: codesOfPath(o.path)
        .slice(0, -1)
        .map((code) => ({ code, name: names.get(code) ?? code })),
    })),
  };
}

export async function createUnit(
  ctx: AppContext,
  actor: Actor,
  input: { parentCode: string; kind: UnitKind; name: string; facilityType?: string | null; ip: string },
): Promise<Org> {
  const parent = await getOrgOrThrow(ctx, input.parentCode);
  authorize(actor, 'org.write', parent);
  if (parent.status === 'removed') throw new Problem(409, 'org.removed', { code: parent.code });
  if (!canHoldUnit(parent.kind, input.kind)) {
    throw new Problem(400, 'org.kind_not_allowed', { kind: input.kind, parentKind: parent.kind }, [
      { field: 'kind', in: 'body', message: `${input.kind} under ${parent.kind}` },
    ]);
  }
  const name = input.name.trim();
  const code = await ctx.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('orgs')
      .select('code')
      .where('parent_code', '=', parent.code)
      .where('name', '=', name)
      .executeTakeFirst();
    if (clash) throw conflict('org.name_taken', { parent: parent.name, name });
    const newCode = await nextUnitCode(trx, parent.code);
    const row = newOrgRow(parent.path, {
      code: newCode,
      kind: input.kind,
      name,
      facilityType: input.facilityType,
    });
    await trx.insertInto('orgs').values(row).execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'org.create',
      entityType: 'org',
      entityId: newCode,
      orgCode: newCode,
      orgPath: row.path,
      after: {
        code: newCode,
        name,
        kind: input.kind,
        parentCode: parent.code,
        facilityType: row.facility_type,
      },
      ip: input.ip,
    });
    return newCode;
  });
  return getOrgOrThrow(ctx, code);
}

export async function renameOrg(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: { name: string; ip: string },
): Promise<Org> {
  const org = await getOrgOrThrow(ctx, code);
  authorize(actor, 'org.write', org);
  const name = input.name.trim();
  if (name === org.name) return org;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('orgs')
      .set({ name, name_initials: pinyinInitials(name), updated_at: ctx.now() })
      .where('code', '=', code)
      .execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'org.rename',
      entityType: 'org',
      entityId: code,
      orgCode: code,
      orgPath: org.path,
      before: { name: org.name },
      after: { name },
      ip: input.ip,
    });
  });
  return getOrgOrThrow(ctx, code);
}
