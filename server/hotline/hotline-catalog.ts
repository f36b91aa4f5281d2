import type { Kysely } from 'kysely';
import { dispatcherRoots, isHotlineAdminAt } from '../../core/hotline/access.ts';
import { type CategoryInput, validateCategory } from '../../core/hotline/catalog.ts';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import { canAt } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, findOrgsByCodes, type Org } from '../org/org-store.ts';
import {
  type Category,
  categoryColumns,
  findCategory,
  findCategoryById,
  insertCategory,
  listCategories,
  updateCategory,
} from './hotline-store.ts';

/** A category as the console shows it: the target orgs with their names. */
export interface CategoryView extends Omit<Category, 'createdAt' | 'updatedAt' | 'targets'> {
  targets: { code: string; name: string }[];
  parentName: string | null;
  updatedAt: string;
}

export function invalid(errors: FieldError[]): Problem {
  const first = errors[0]!;
  return new Problem(400, 'hotline.invalid', { field: first.field, reason: first.message }, errors);
}

/**
 * The county whose hotline a request concerns: the one named, which the person must reach with
 * `check`, or else the single county their grants point at. A grant above county level (a city) must name
 * the county.
 */
export async function resolveCounty(
  ctx: AppContext,
  actor: Actor,
  countyCode: string | undefined,
  check: (org: Org) => boolean,
): Promise<Org> {
  let code = countyCode;
  if (!code) {
    const counties = new Set(
      [...dispatcherRoots(actor.grants), ...actor.grants.map((g) => g.orgPath)]
        .map((p) => p.split('/').find((part) => /^\d{6}$/.test(part)))
        .filter((c): c is string => c !== undefined),
    );
    if (counties.size !== 1) {
      throw new Problem(400, 'hotline.county_required', {}, [
        { field: 'countyCode', in: 'query', message: 'required' },
      ]);
    }
    code = [...counties][0]!;
  }
  const org = await findOrg(ctx.db, code);
  if (org?.kind !== 'county' || !check(org)) throw notFound('hotline.county_not_found', { code });
  return org;
}

export async function categoryViews(
  db: Kysely<DB>,
  categories: readonly Category[],
): Promise<CategoryView[]> {
  const names = await findOrgsByCodes(db, [...new Set(categories.flatMap((c) => c.targets))]);
  const byCode = new Map(categories.map((c) => [`${c.countyCode}:${c.code}`, c.name]));
  return categories.map(({ createdAt: _c, updatedAt, targets, ...c }) => ({
    ...c,
    targets: targets.map((code) => ({ code, name: names.get(code) ?? code })),
    parentName: c.parentCode ? (byCode.get(`${c.countyCode}:${c.parentCode}`) ?? null) : null,
    updatedAt: updatedAt.toISOString(),
  }));
}

/** The county's dispatch catalog. */
export async function readCatalog(
  ctx: AppContext,
  actor: Actor,
  q: { countyCode?: string; activeOnly?: boolean },
): Promise<{ countyCode: string; countyName: string; items: CategoryView[] }> {
  // Everyone working in the county may look it up: operators, receivers, supervisors.
  const county = await resolveCounty(ctx, actor, q.countyCode, (org) =>
    actor.grants.some((g) => g.orgPath.startsWith(org.path)),
  );
  const items = await categoryViews(
    ctx.db,
    await listCategories(ctx.db, county.code, { activeOnly: q.activeOnly }),
  );
  return { countyCode: county.code, countyName: county.name, items };
}

/** Target orgs must be departments of the county or its townships. */
async function checkTargets(ctx: AppContext, county: Org, input: CategoryInput): Promise<void> {
  const errors: FieldError[] = [];
  for (const [i, code] of input.targets.entries()) {
    const org = await findOrg(ctx.db, code);
    const fits =
      org !== null &&
      org.status === 'active' &&
      org.path.startsWith(county.path) &&
      (org.kind === 'department' || org.kind === 'township');
    if (!fits)
      errors.push({ field: `targets[${i}]`, in: 'body', code: 'hotline.target_invalid', message: code });
  }
  if (input.parentCode) {
    const parent = await findCategory(ctx.db, county.code, input.parentCode);
    if (!parent)
      errors.push({
        field: 'parentCode',
        in: 'body',
        code: 'hotline.parent_invalid',
        message: input.parentCode,
      });
  }
  if (errors.length > 0) throw invalid(errors);
}

function checked(body: unknown): CategoryInput {
  const result = validateCategory(body);
  if (!result.ok) {
    throw invalid(
      result.errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message })),
    );
  }
  return result.value;
}

/** Adds a category to the county's catalog (the county's admin). */
export async function createCategory(
  ctx: AppContext,
  actor: Actor,
  body: unknown & { countyCode?: string },
  ip: string,
): Promise<CategoryView> {
  const county = await resolveCounty(ctx, actor, body.countyCode, (org) =>
    canAt(actor.grants, 'org.read', org.path),
  );
  if (!isHotlineAdminAt(actor.grants, county.path)) throw new Problem(403, 'hotline.catalog_forbidden');
  const input = checked(body);
  await checkTargets(ctx, county, input);
  if (await findCategory(ctx.db, county.code, input.code)) {
    throw new Problem(409, 'hotline.category_exists', { code: input.code });
  }
  const now = ctx.now();
  const category = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertCategory(trx, {
      county_code: county.code,
      ...categoryColumns(input, pinyinInitials(input.name)),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'hotline.category_create',
      entityType: 'hotline_category',
      entityId: created.id,
      orgCode: county.code,
      orgPath: county.path,
      after: input,
      ip,
    });
    return created;
  });
  return (await categoryViews(ctx.db, [category]))[0]!;
}

/** Changes a category; its code stays (Open311 clients and past orders refer to it). */
export async function editCategory(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: unknown,
  ip: string,
): Promise<CategoryView> {
  const before = await findCategoryById(ctx.db, id);
  const county = before ? await findOrg(ctx.db, before.countyCode) : null;
  if (!before || !county || !canAt(actor.grants, 'org.read', county.path)) {
    throw notFound('hotline.category_not_found', { id });
  }
  if (!isHotlineAdminAt(actor.grants, county.path)) throw new Problem(403, 'hotline.catalog_forbidden');
  const input = checked({ ...(body as object), code: before.code });
  await checkTargets(ctx, county, input);
  if (input.parentCode === before.code)
    throw invalid([{ field: 'parentCode', in: 'body', message: before.code }]);
  const after = await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateCategory(trx, id, {
      ...categoryColumns(input, pinyinInitials(input.name)),
      updated_at: ctx.now(),
    });
    const { createdAt: _a, updatedAt: _b, ...was } = before;
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'hotline.category_update',
      entityType: 'hotline_category',
      entityId: id,
      orgCode: county.code,
      orgPath: county.path,
      before: was,
      after: input,
      ip,
    });
    return updated;
  });
  return (await categoryViews(ctx.db, [after]))[0]!;
}
