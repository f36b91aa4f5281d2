import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/index.ts';
import {
  ACTION_NAMES,
  canEdit,
  checkTransition,
  diffValues,
  draftSource,
  type FieldChange,
  type Guide,
  guideOf,
  type ItemDraft,
  type ItemIdentity,
  isOpen,
  type OrgRef,
  orgCodesNamed,
  planPublication,
  type ValidationEnv,
  type ValidationError,
  type VersionAction,
  validateItemDraft,
} from '../../core/catalog/index.ts';
import { labelOf, VERSION_STATUSES } from '../../core/catalog/vocabulary.ts';
import { codesOfPath } from '../../core/org/codes.ts';
import { canAt, type Permission, scopeRoots } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { uniqueViolation } from '../db/errors.ts';
import type { DB } from '../db/schema.ts';
import { type Actor, authorize } from '../http/auth.ts';
import { FILE_SIGNATURES } from '../http/files.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, findOrgsByCodes, type Org } from '../org/org-store.ts';
import {
  type CatalogItem,
  type CatalogVersion,
  changePlacements,
  fileIdsOf,
  findFile,
  findFilesMeta,
  findItem,
  findVersion,
  guideColumns,
  type ItemFilter,
  itemRow,
  listPlacements,
  listProxies,
  listVersions,
  listWindows,
  type Placement,
  type PlacementTable,
  searchItems,
  versionRow,
} from './catalog-store.ts';

// ---------------------------------------------------------------------------------------------------
// Views

export interface VersionSummary {
  id: string;
  version: number;
  status: CatalogVersion['status'];
  name: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}

/** A stored value as JSON carries it: dates as ISO text. */
type Iso<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

function isoDates<T extends object>(value: T): Iso<T> {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  ) as Iso<T>;
}

export type VersionView = Omit<Iso<CatalogVersion>, 'authors'> &
  ItemIdentity & { countyCode: string; departmentName: string; authorIds: string[] };

export interface PlacementView {
  code: string;
  name: string;
  /** The center or township the window or village belongs to, as people name the place. */
  parentName: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaryOf(v: CatalogVersion): VersionSummary {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    name: v.name,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    updatedAt: v.updatedAt.toISOString(),
    submittedAt: iso(v.submittedAt),
    publishedAt: iso(v.publishedAt),
    retiredAt: iso(v.retiredAt),
  };
}

export function identityOf(item: CatalogItem): ItemIdentity {
  return {
    departmentCode: item.departmentCode,
    level: item.level,
    basicCode: item.basicCode,
    implementationCode: item.implementationCode,
  };
}

export function versionView(item: CatalogItem, v: CatalogVersion, departmentName: string): VersionView {
  const { authors, ...rest } = v;
  return {
    ...isoDates(rest),
    ...identityOf(item),
    countyCode: item.countyCode,
    departmentName,
    authorIds: authors,
  };
}

/** Names of placements (windows, villages) with their parent's name: 综合窗口 of 新宁镇便民服务中心. */
export async function placementViews(
  db: Kysely<DB>,
  placements: readonly Placement[],
): Promise<PlacementView[]> {
  const parentOf = (p: Placement) => codesOfPath(p.path).at(-2) ?? '';
  const names = await findOrgsByCodes(db, [...new Set(placements.flatMap((p) => [p.code, parentOf(p)]))]);
  return placements.map((p) => ({
    code: p.code,
    name: names.get(p.code) ?? p.code,
    parentName: names.get(parentOf(p)) ?? '',
  }));
}

// ---------------------------------------------------------------------------------------------------
// Scope

/** Whether any of the actor's org.read subtrees is reached by the item (see itemReaches in the store). */
async function canReadItem(ctx: AppContext, actor: Actor, item: CatalogItem): Promise<boolean> {
  if (canAt(actor.grants, 'org.read', item.departmentPath)) return true;
  const roots = scopeRoots(actor.grants, 'org.read');
  const [windows, proxies] = await Promise.all([
    listWindows(ctx.db, [item.id]),
    listProxies(ctx.db, [item.id]),
  ]);
  return (
    windows.some((w) => canAt(actor.grants, 'org.read', w.path)) ||
    proxies.some((p) => canAt(actor.grants, 'org.read', p.path) || roots.some((r) => r.startsWith(p.path)))
  );
}

/** An item the actor cannot see answers 404 like one that does not exist, so existence is not revealed. */
export async function readableItem(ctx: AppContext, actor: Actor, itemId: string): Promise<CatalogItem> {
  const item = await findItem(ctx.db, itemId);
  if (!item || !(await canReadItem(ctx, actor, item)))
    throw notFound('catalog.item_not_found', { id: itemId });
  return item;
}

async function readableVersion(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
): Promise<{ item: CatalogItem; version: CatalogVersion }> {
  const version = await findVersion(ctx.db, versionId);
  if (!version) throw notFound('catalog.version_not_found', { id: versionId });
  const item = await findItem(ctx.db, version.itemId);
  if (!item || !(await canReadItem(ctx, actor, item)))
    throw notFound('catalog.version_not_found', { id: versionId });
  return { item, version };
}

function authorizeItem(actor: Actor, permission: Permission, item: CatalogItem): void {
  authorize(actor, permission, { code: item.departmentCode, path: item.departmentPath });
}

/** Refuses at once an actor who holds `permission` nowhere, before any input is looked at. */
export function requireSomewhere(actor: Actor, permission: Permission): void {
  if (scopeRoots(actor.grants, permission).length === 0) {
    throw new Problem(403, 'auth.forbidden', { org: actor.orgCode, permission });
  }
}

// ---------------------------------------------------------------------------------------------------
// Validation

export async function orgRefs(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, OrgRef & Org>> {
  const found = await Promise.all([...new Set(codes)].map((code) => findOrg(db, code)));
  return new Map(found.filter((o): o is Org => o !== null).map((o) => [o.code, o]));
}

export async function validationEnv(
  ctx: AppContext,
  orgs: ReadonlyMap<string, OrgRef>,
): Promise<ValidationEnv> {
  return { orgs, calendar: await ctx.calendar.current(), today: shanghaiDateOf(ctx.now()) };
}

export function invalid(
  errors: readonly (ValidationError | FieldError)[],
  code = 'catalog.invalid',
): Problem {
  const first = errors[0]!;
  return new Problem(
    400,
    code,
    { field: first.field, reason: first.message, count: errors.length },
    errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message })),
  );
}

/** Files named by materials must be this item's own uploads. */
async function checkFiles(db: Kysely<DB>, itemId: string | null, draft: Guide): Promise<ValidationError[]> {
  const ids = fileIdsOf(draft.materials);
  if (ids.length === 0) return [];
  const files = await findFilesMeta(db, ids);
  const errors: ValidationError[] = [];
  draft.materials.forEach((m, i) => {
    for (const key of ['blankFileId', 'sampleFileId'] as const) {
      const id = m[key];
      if (id && files.get(id)?.itemId !== itemId) {
        errors.push({
          field: `materials[${i}].${key}`,
          code: 'catalog.file_unknown',
          message: '文件不存在或不属于本事项，请先上传',
        });
      }
    }
  });
  return errors;
}

async function validated(
  ctx: AppContext,
  input: Record<string, unknown>,
  itemId: string | null,
): Promise<ItemDraft> {
  const env = await validationEnv(ctx, await orgRefs(ctx.db, orgCodesNamed(input)));
  const result = validateItemDraft(input, env);
  if (!result.ok) throw invalid(result.errors);
  const fileErrors = await checkFiles(ctx.db, itemId, result.value);
  if (fileErrors.length > 0) throw invalid(fileErrors);
  return result.value;
}

// ---------------------------------------------------------------------------------------------------
// Reads

export interface ItemListEntry {
  id: string;
  implementationCode: string;
  basicCode: string;
  departmentCode: string;
  departmentName: string;
  level: CatalogItem['level'];
  name: string;
  type: string;
  handlingKind: string;
  latest: { id: string; version: number; status: CatalogVersion['status'] };
  published: { id: string; version: number; publishedAt: string | null } | null;
}

export async function listItems(
  ctx: AppContext,
  actor: Actor,
  query: ItemFilter & { page: number; pageSize: number },
): Promise<{ items: ItemListEntry[]; total: number }> {
  let departmentPath: string | undefined;
  let windowPath: string | undefined;
  if (query.department) {
    const org = await findOrg(ctx.db, query.department);
    if (!org) throw notFound('org.not_found', { code: query.department });
    departmentPath = org.path;
  }
  if (query.window) {
    const org = await findOrg(ctx.db, query.window);
    if (!org) throw notFound('org.not_found', { code: query.window });
    authorize(actor, 'org.read', org);
    windowPath = org.path;
  }
  const found = await searchItems(
    ctx.db,
    scopeRoots(actor.grants, 'org.read'),
    { ...query, departmentPath, windowPath },
    pageWindow(query),
  );
  const names = await findOrgsByCodes(ctx.db, [...new Set(found.items.map((r) => r.item.departmentCode))]);
  return {
    total: found.total,
    items: found.items.map((r) => ({
      id: r.item.id,
      implementationCode: r.item.implementationCode,
      basicCode: r.item.basicCode,
      departmentCode: r.item.departmentCode,
      departmentName: names.get(r.item.departmentCode) ?? r.item.departmentCode,
      level: r.item.level,
      name: r.latest.name,
      type: r.latest.type,
      handlingKind: r.latest.handlingKind,
      latest: { id: r.latest.id, version: r.latest.version, status: r.latest.status },
      published: r.published && { ...r.published, publishedAt: iso(r.published.publishedAt) },
    })),
  };
}

export interface ItemDetail {
  id: string;
  countyCode: string;
  implementationCode: string;
  basicCode: string;
  departmentCode: string;
  departmentName: string;
  level: CatalogItem['level'];
  versions: VersionSummary[];
  windows: PlacementView[];
  proxies: PlacementView[];
}

export async function readItem(ctx: AppContext, actor: Actor, itemId: string): Promise<ItemDetail> {
  const item = await readableItem(ctx, actor, itemId);
  const [versions, windows, proxies, names] = await Promise.all([
    listVersions(ctx.db, item.id),
    listWindows(ctx.db, [item.id]).then((p) => placementViews(ctx.db, p)),
    listProxies(ctx.db, [item.id]).then((p) => placementViews(ctx.db, p)),
    findOrgsByCodes(ctx.db, [item.departmentCode]),
  ]);
  return {
    id: item.id,
    countyCode: item.countyCode,
    implementationCode: item.implementationCode,
    basicCode: item.basicCode,
    departmentCode: item.departmentCode,
    departmentName: names.get(item.departmentCode) ?? item.departmentCode,
    level: item.level,
    versions: versions.map(summaryOf),
    windows,
    proxies,
  };
}

async function viewOf(ctx: AppContext, item: CatalogItem, version: CatalogVersion): Promise<VersionView> {
  const names = await findOrgsByCodes(ctx.db, [item.departmentCode]);
  return versionView(item, version, names.get(item.departmentCode) ?? item.departmentCode);
}

async function viewOfId(ctx: AppContext, item: CatalogItem, versionId: string): Promise<VersionView> {
  const version = await findVersion(ctx.db, versionId);
  if (!version) throw notFound('catalog.version_not_found', { id: versionId });
  return viewOf(ctx, item, version);
}

/**
 * Any version by id, whatever its status: a case bound to a version keeps reading exactly what the
 * resident was told when filing, after newer versions are published.
 */
export async function readVersion(ctx: AppContext, actor: Actor, versionId: string): Promise<VersionView> {
  const { item, version } = await readableVersion(ctx, actor, versionId);
  return viewOf(ctx, item, version);
}

export async function compareVersions(
  ctx: AppContext,
  actor: Actor,
  fromId: string,
  toId: string,
): Promise<{ from: VersionSummary; to: VersionSummary; changes: FieldChange[] }> {
  const from = await readableVersion(ctx, actor, fromId);
  const to = await readableVersion(ctx, actor, toId);
  if (from.item.id !== to.item.id) {
    throw new Problem(400, 'catalog.compare_other_item', { from: fromId, to: toId });
  }
  return {
    from: summaryOf(from.version),
    to: summaryOf(to.version),
    changes: diffValues(guideOf(from.version), guideOf(to.version)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Authoring

const withAuthor = (authors: readonly string[], personId: string) =>
  JSON.stringify(authors.includes(personId) ? authors : [...authors, personId]);

/**
 * Writes a change to a draft (already locked) with its audit entry; the editor joins its authors, so
 * they may not review it.
 */
async function saveDraft(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  item: CatalogItem,
  draft: CatalogVersion,
  columns: { materials: string } | ReturnType<typeof guideColumns>,
  audit: { action: string; before: unknown; after: unknown; ip: string },
): Promise<void> {
  await trx
    .updateTable('catalog_versions')
    .set({
      ...columns,
      authors: withAuthor(draft.authors, actor.personId),
      updated_at: ctx.now(),
      updated_by: actor.displayName,
    })
    .where('id', '=', draft.id)
    .execute();
  await recordAudit(trx, {
    actorId: actor.personId,
    actorName: actor.displayName,
    entityType: 'catalog_version',
    entityId: draft.id,
    orgCode: item.departmentCode,
    orgPath: item.departmentPath,
    ...audit,
  });
}

export async function createItem(
  ctx: AppContext,
  actor: Actor,
  input: Record<string, unknown>,
  ip: string,
): Promise<VersionView> {
  requireSomewhere(actor, 'catalog.write');
  // Out of scope is said before anything about the content.
  const named =
    typeof input.departmentCode === 'string' ? await findOrg(ctx.db, input.departmentCode.trim()) : null;
  if (named) authorize(actor, 'catalog.write', named);
  const draft = await validated(ctx, input, null);
  const dept = (await findOrg(ctx.db, draft.departmentCode))!;
  authorize(actor, 'catalog.write', dept);
  try {
    const { itemId, versionId } = await ctx.db.transaction().execute(async (trx) => {
      const { id: itemId } = await trx
        .insertInto('catalog_items')
        .values(itemRow(dept, draft, actor.displayName, ctx.now()))
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: versionId } = await trx
        .insertInto('catalog_versions')
        .values(versionRow(itemId, 1, draft, { id: actor.personId, name: actor.displayName }, ctx.now()))
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'catalog.item_create',
        entityType: 'catalog_item',
        entityId: itemId,
        orgCode: dept.code,
        orgPath: dept.path,
        after: { implementationCode: draft.implementationCode, name: draft.name, versionId, version: 1 },
        ip,
      });
      return { itemId, versionId };
    });
    const item = (await findItem(ctx.db, itemId))!;
    return viewOfId(ctx, item, versionId);
  } catch (error) {
    if (uniqueViolation(error)) {
      throw new Problem(409, 'catalog.implementation_code_taken', { code: draft.implementationCode });
    }
    throw error;
  }
}

/** A new draft copied from the published version (or the given one): how a published guide is changed. */
export async function createDraft(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  opts: { fromVersionId?: string; ip: string },
): Promise<VersionView> {
  const item = await readableItem(ctx, actor, itemId);
  authorizeItem(actor, 'catalog.write', item);
  const versions = await listVersions(ctx.db, item.id);
  const open = versions.find((v) => isOpen(v.status));
  if (open) throw draftExists(open);
  const source = opts.fromVersionId
    ? versions.find((v) => v.id === opts.fromVersionId)
    : draftSource(versions);
  if (!source) throw notFound('catalog.version_not_found', { id: opts.fromVersionId ?? '' });
  const number = Math.max(...versions.map((v) => v.version)) + 1;
  try {
    const versionId = await ctx.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('catalog_versions')
        .values(
          versionRow(
            item.id,
            number,
            guideOf(source),
            { id: actor.personId, name: actor.displayName },
            ctx.now(),
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'catalog.draft_create',
        entityType: 'catalog_version',
        entityId: id,
        orgCode: item.departmentCode,
        orgPath: item.departmentPath,
        after: { itemId: item.id, version: number, fromVersion: source.version },
        ip: opts.ip,
      });
      return id;
    });
    return viewOfId(ctx, item, versionId);
  } catch (error) {
    if (uniqueViolation(error))
      throw new Problem(409, 'catalog.draft_exists', { version: number, status: '草稿' });
    throw error;
  }
}

function draftExists(open: CatalogVersion): Problem {
  return new Problem(409, 'catalog.draft_exists', {
    version: open.version,
    status: labelOf(VERSION_STATUSES, open.status),
  });
}

function notEditable(v: CatalogVersion): Problem {
  return new Problem(409, 'catalog.version_not_editable', {
    version: v.version,
    status: labelOf(VERSION_STATUSES, v.status),
  });
}

/** Changes fields of a draft; fields left out keep their value. Identity fields are not editable here. */
export async function editDraft(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
  patch: Record<string, unknown>,
  ip: string,
): Promise<VersionView> {
  const { item, version } = await readableVersion(ctx, actor, versionId);
  authorizeItem(actor, 'catalog.write', item);
  if (!canEdit(version.status)) throw notEditable(version);
  const draft = await validated(ctx, { ...identityOf(item), ...guideOf(version), ...patch }, item.id);
  const changes = diffValues(guideOf(version), guideOf(draft));
  if (changes.length === 0) return viewOf(ctx, item, version);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await findVersion(trx, versionId, { forUpdate: true }))!;
    if (!canEdit(locked.status)) throw notEditable(locked);
    await saveDraft(trx, ctx, actor, item, locked, guideColumns(draft), {
      action: 'catalog.version_edit',
      before: Object.fromEntries(changes.map((c) => [c.field, c.before ?? null])),
      after: Object.fromEntries(changes.map((c) => [c.field, c.after ?? null])),
      ip,
    });
  });
  return viewOfId(ctx, item, versionId);
}

const ACTION_PERMISSION: Record<VersionAction, Permission> = {
  submit: 'catalog.write',
  return: 'catalog.review',
  publish: 'catalog.review',
  retire: 'catalog.review',
};

/**
 * Moves a version along its life: submit for review, return to the author, publish (retiring the version
 * published until now, in the same transaction), retire. A reviewer may not publish or return a version
 * they created, edited or submitted.
 */
export async function transitionVersion(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
  action: VersionAction,
  opts: { reason?: string; ip: string },
): Promise<VersionView> {
  const { item, version } = await readableVersion(ctx, actor, versionId);
  authorizeItem(actor, ACTION_PERMISSION[action], item);
  const refuse = (v: CatalogVersion) => {
    const check = checkTransition(v, action, actor.personId);
    if (check.ok) return;
    if (check.code === 'catalog.self_review')
      throw new Problem(403, 'catalog.self_review', { version: v.version });
    throw new Problem(409, 'catalog.transition_invalid', {
      version: v.version,
      status: labelOf(VERSION_STATUSES, v.status),
      action: ACTION_NAMES[action],
    });
  };
  refuse(version);
  // The limits were checked against the calendar of the day the draft was saved; check again on submit.
  if (action === 'submit') await validated(ctx, { ...identityOf(item), ...guideOf(version) }, item.id);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await findVersion(trx, versionId, { forUpdate: true }))!;
    refuse(locked);
    let retired: CatalogVersion | undefined;
    if (action === 'submit') {
      await trx
        .updateTable('catalog_versions')
        .set({
          status: 'review',
          submitted_at: now,
          submitted_by: actor.displayName,
          authors: withAuthor(locked.authors, actor.personId),
        })
        .where('id', '=', versionId)
        .execute();
    } else if (action === 'return') {
      await trx
        .updateTable('catalog_versions')
        .set({
          status: 'draft',
          returned_at: now,
          returned_by: actor.displayName,
          return_reason: opts.reason ?? null,
        })
        .where('id', '=', versionId)
        .execute();
    } else if (action === 'publish') {
      const siblings = await trx
        .selectFrom('catalog_versions')
        .select(['id', 'status', 'version'])
        .where('item_id', '=', item.id)
        .forUpdate()
        .execute();
      const plan = planPublication(siblings, versionId);
      if (plan.retire) {
        retired = (await findVersion(trx, plan.retire)) ?? undefined;
        await trx
          .updateTable('catalog_versions')
          .set({ status: 'retired', retired_at: now, retired_by: actor.displayName })
          .where('id', '=', plan.retire)
          .execute();
      }
      await trx
        .updateTable('catalog_versions')
        .set({ status: 'published', published_at: now, published_by: actor.displayName })
        .where('id', '=', versionId)
        .execute();
    } else {
      await trx
        .updateTable('catalog_versions')
        .set({ status: 'retired', retired_at: now, retired_by: actor.displayName })
        .where('id', '=', versionId)
        .execute();
    }
    const to = checkTransition(locked, action, actor.personId);
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: `catalog.version_${action}`,
      entityType: 'catalog_version',
      entityId: versionId,
      orgCode: item.departmentCode,
      orgPath: item.departmentPath,
      before: { status: locked.status, ...(retired ? { publishedVersion: retired.version } : {}) },
      after: {
        status: to.ok ? to.to : locked.status,
        itemId: item.id,
        version: locked.version,
        name: locked.name,
        ...(opts.reason ? { reason: opts.reason } : {}),
        ...(retired ? { retiredVersion: retired.version } : {}),
      },
      ip: opts.ip,
    });
  });
  return viewOfId(ctx, item, versionId);
}

// ---------------------------------------------------------------------------------------------------
// Windows and village proxies

export type PlacementKind = 'window' | 'village' | 'township';

/**
 * Why `org` cannot take an item whose department lies in `regionPath`, or null if it can: it must be a
 * window (or a village or township for proxies), inside the item's region, and the actor must hold
 * catalog.write there.
 */
export function placementProblem(
  actor: Actor,
  org: Org,
  kinds: readonly PlacementKind[],
  regionPath: string,
): { status: number; code: string; message: string } | null {
  if (!(kinds as readonly string[]).includes(org.kind)) {
    const expected = kinds.includes('window') ? '窗口' : '村或乡镇';
    return { status: 400, code: 'catalog.org_kind_invalid', message: `${org.name} 不是${expected}` };
  }
  if (!org.path.startsWith(regionPath)) {
    return { status: 400, code: 'catalog.outside_region', message: `${org.name} 不在办理部门所在区域内` };
  }
  if (!canAt(actor.grants, 'catalog.write', org.path)) {
    return { status: 403, code: 'auth.forbidden', message: `无权为 ${org.name} 设置事项` };
  }
  return null;
}

async function placementTarget(
  ctx: AppContext,
  actor: Actor,
  item: CatalogItem,
  code: string,
  kinds: readonly PlacementKind[],
): Promise<Org> {
  const org = await findOrg(ctx.db, code);
  if (!org) throw notFound('org.not_found', { code });
  const problem = placementProblem(actor, org, kinds, item.regionPath);
  if (problem?.code === 'auth.forbidden') authorize(actor, 'catalog.write', org);
  if (problem) throw new Problem(problem.status, problem.code, { code, reason: problem.message });
  return org;
}

export async function assignWindow(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  windowCode: string,
  ip: string,
): Promise<PlacementView[]> {
  const item = await findItem(ctx.db, itemId);
  if (!item) throw notFound('catalog.item_not_found', { id: itemId });
  const window = await placementTarget(ctx, actor, item, windowCode, ['window']);
  const already = (await listWindows(ctx.db, [item.id])).some((w) => w.code === window.code);
  if (!already) {
    await ctx.db.transaction().execute(async (trx) => {
      await changePlacements(
        trx,
        'catalog_item_windows',
        item.id,
        { removed: [], added: [window] },
        actor.displayName,
        ctx.now(),
      );
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'catalog.window_assign',
        entityType: 'catalog_item',
        entityId: item.id,
        orgCode: window.code,
        orgPath: window.path,
        after: { windowCode: window.code, implementationCode: item.implementationCode },
        ip,
      });
    });
  }
  return placementViews(ctx.db, await listWindows(ctx.db, [item.id]));
}

export async function unassignWindow(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  windowCode: string,
  ip: string,
): Promise<void> {
  const item = await findItem(ctx.db, itemId);
  if (!item) throw notFound('catalog.item_not_found', { id: itemId });
  const assigned = (await listWindows(ctx.db, [item.id])).find((w) => w.code === windowCode);
  if (!assigned) throw notFound('catalog.window_not_assigned', { code: windowCode });
  authorize(actor, 'catalog.write', assigned);
  await ctx.db.transaction().execute(async (trx) => {
    await changePlacements(
      trx,
      'catalog_item_windows',
      item.id,
      { removed: [assigned], added: [] },
      actor.displayName,
      ctx.now(),
    );
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'catalog.window_unassign',
      entityType: 'catalog_item',
      entityId: item.id,
      orgCode: assigned.code,
      orgPath: assigned.path,
      before: { windowCode, implementationCode: item.implementationCode },
      ip,
    });
  });
}

/**
 * Sets the villages (or whole townships) where a village proxy may file the item, within the actor's
 * own subtree: entries the actor cannot write elsewhere stay as they are, so a township admin manages
 * their villages without touching another township's.
 */
export async function setProxies(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  orgCodes: string[],
  ip: string,
): Promise<PlacementView[]> {
  const item = await findItem(ctx.db, itemId);
  if (!item) throw notFound('catalog.item_not_found', { id: itemId });
  requireSomewhere(actor, 'catalog.write');
  const wanted = [...new Set(orgCodes)];
  const targets: Org[] = [];
  for (const code of wanted)
    targets.push(await placementTarget(ctx, actor, item, code, ['village', 'township']));
  if (targets.length > 0) {
    const versions = await listVersions(ctx.db, item.id);
    if (!versions.some((v) => v.status !== 'retired' && v.proxyAllowed)) {
      throw new Problem(409, 'catalog.proxy_not_allowed', { code: item.implementationCode });
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    const change = await applyPlacements(trx, actor, 'catalog_item_proxies', item.id, targets, ctx.now());
    if (change.removed.length === 0 && change.added.length === 0) return;
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'catalog.proxies_set',
      entityType: 'catalog_item',
      entityId: item.id,
      orgCode: item.departmentCode,
      orgPath: item.departmentPath,
      before: { removed: change.removed.map((p) => p.code) },
      after: { added: change.added.map((p) => p.code) },
      ip,
    });
  });
  return placementViews(ctx.db, await listProxies(ctx.db, [item.id]));
}

/**
 * Makes the windows (or proxy places) of an item that the actor may manage exactly `wanted`; those the
 * actor cannot write stay as they are.
 */
export async function applyPlacements(
  trx: Kysely<DB>,
  actor: Actor,
  table: PlacementTable,
  itemId: string,
  wanted: readonly Org[],
  at: Date,
): Promise<{ removed: Placement[]; added: Org[] }> {
  const current = await listPlacements(trx, table, [itemId]);
  const removed = current.filter(
    (c) => canAt(actor.grants, 'catalog.write', c.path) && !wanted.some((w) => w.code === c.code),
  );
  const added = wanted.filter((w) => !current.some((c) => c.code === w.code));
  await changePlacements(trx, table, itemId, { removed, added }, actor.displayName, at);
  return { removed, added };
}

// ---------------------------------------------------------------------------------------------------
// Files

export const FILE_TYPES = FILE_SIGNATURES;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface FileView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Stores a blank form or a filled-in sample for one material of a draft and names it there. */
export async function uploadMaterialFile(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
  index: number,
  kind: 'blank' | 'sample',
  file: { data: Buffer; contentType: string; name?: string },
  ip: string,
): Promise<FileView> {
  const { item, version } = await readableVersion(ctx, actor, versionId);
  authorizeItem(actor, 'catalog.write', item);
  if (!canEdit(version.status)) throw notEditable(version);
  const material = version.materials[index];
  if (!material) throw notFound('catalog.material_not_found', { index, version: version.version });
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
  const type = FILE_TYPES[contentType];
  if (!type) throw new Problem(415, 'catalog.file_type_unsupported', { type: contentType });
  if (file.data.length === 0) throw new Problem(400, 'catalog.file_empty');
  if (file.data.length > MAX_FILE_BYTES) throw new Problem(413, 'request.body_too_large');
  if (file.data.length < 4 || !type.magic(file.data)) {
    throw new Problem(400, 'catalog.file_type_mismatch', { type: contentType });
  }
  const label = kind === 'blank' ? '空白表格' : '填写范本';
  const name = (file.name?.trim() || `${material.name}（${label}）.${type.ext}`).slice(0, 200);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const key = kind === 'blank' ? 'blankFileId' : 'sampleFileId';
  const fileId = await ctx.db.transaction().execute(async (trx) => {
    const locked = (await findVersion(trx, versionId, { forUpdate: true }))!;
    if (!canEdit(locked.status)) throw notEditable(locked);
    const { id } = await trx
      .insertInto('catalog_files')
      .values({
        item_id: item.id,
        name,
        content_type: contentType,
        size: file.data.length,
        sha256,
        data: file.data,
        created_at: ctx.now(),
        created_by: actor.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const materials = locked.materials.map((m, i) => (i === index ? { ...m, [key]: id } : m));
    await saveDraft(
      trx,
      ctx,
      actor,
      item,
      locked,
      { materials: JSON.stringify(materials) },
      {
        action: 'catalog.file_upload',
        before: { [`materials[${index}].${key}`]: locked.materials[index]?.[key] ?? null },
        after: { [`materials[${index}].${key}`]: id, name, size: file.data.length, sha256 },
        ip,
      },
    );
    return id;
  });
  return { id: fileId, name, contentType, size: file.data.length, sha256 };
}

export async function readFileForStaff(ctx: AppContext, actor: Actor, fileId: string) {
  const file = await findFile(ctx.db, fileId);
  if (!file) throw notFound('catalog.file_not_found', { id: fileId });
  await readableItem(ctx, actor, file.itemId).catch(() => {
    throw notFound('catalog.file_not_found', { id: fileId });
  });
  return file;
}

export type { FieldChange };
