import { type Expression, type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { Guide, Handling, ItemIdentity, Limit, Material } from '../../core/catalog/index.ts';
import type { ItemLevel, ItemType, ThemeCode, VersionStatus } from '../../core/catalog/vocabulary.ts';
import { countyCodeOf, regionPathOf } from '../../core/org/codes.ts';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import { json } from '../db/json.ts';
import type { CatalogItemsTable, CatalogVersionsTable, DB } from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';

export interface CatalogItem {
  id: string;
  countyCode: string;
  departmentCode: string;
  departmentPath: string;
  regionPath: string;
  level: ItemLevel;
  basicCode: string;
  implementationCode: string;
}

export interface VersionMeta {
  id: string;
  itemId: string;
  version: number;
  status: VersionStatus;
  authors: string[];
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
  updatedBy: string | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  returnedAt: Date | null;
  returnedBy: string | null;
  returnReason: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  retiredAt: Date | null;
  retiredBy: string | null;
}

export type CatalogVersion = VersionMeta & Guide;

const itemColumns = [
  'i.id',
  'i.county_code',
  'i.department_code',
  'i.department_path',
  'i.region_path',
  'i.level',
  'i.basic_code',
  'i.implementation_code',
] as const;

type ItemRow = {
  id: string;
  county_code: string;
  department_code: string;
  department_path: string;
  region_path: string;
  level: ItemLevel;
  basic_code: string;
  implementation_code: string;
};

function toItem(r: ItemRow): CatalogItem {
  return {
    id: r.id,
    countyCode: r.county_code,
    departmentCode: r.department_code,
    departmentPath: r.department_path,
    regionPath: r.region_path,
    level: r.level,
    basicCode: r.basic_code,
    implementationCode: r.implementation_code,
  };
}

function toVersion(r: Selectable<CatalogVersionsTable>): CatalogVersion {
  return {
    id: r.id,
    itemId: r.item_id,
    version: Number(r.version),
    status: r.status,
    authors: json<string[]>(r.authors),
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    returnedAt: r.returned_at,
    returnedBy: r.returned_by,
    returnReason: r.return_reason,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    retiredAt: r.retired_at,
    retiredBy: r.retired_by,
    name: r.name,
    type: r.item_type as ItemType,
    legalBasis: r.legal_basis,
    conditions: r.conditions,
    materials: json<Material[]>(r.materials),
    steps: json<Guide['steps']>(r.steps),
    legalLimit: json<Limit | null>(r.legal_limit),
    promisedLimit: json<Limit>(r.promised_limit),
    handling: json<Handling>(r.handling),
    charged: r.charged,
    fees: json<Guide['fees']>(r.fees),
    place: r.place,
    hours: r.hours,
    consultPhone: r.consult_phone,
    complaintPhone: r.complaint_phone,
    onlineApply: r.online_apply,
    appointment: r.appointment,
    proxyAllowed: r.proxy_allowed,
    maxVisits: Number(r.max_visits),
    themes: r.themes as ThemeCode[],
    faq: json<Guide['faq']>(r.faq),
  };
}

/** The guide as version columns (insert or update of a draft). */
export function guideColumns(guide: Guide) {
  return {
    name: guide.name,
    name_initials: pinyinInitials(guide.name),
    item_type: guide.type,
    legal_basis: guide.legalBasis,
    conditions: guide.conditions,
    materials: JSON.stringify(guide.materials),
    steps: JSON.stringify(guide.steps),
    legal_limit: guide.legalLimit ? JSON.stringify(guide.legalLimit) : null,
    promised_limit: JSON.stringify(guide.promisedLimit),
    handling_kind: guide.handling.kind,
    handling: JSON.stringify(guide.handling),
    charged: guide.charged,
    fees: JSON.stringify(guide.fees),
    place: guide.place,
    hours: guide.hours,
    consult_phone: guide.consultPhone,
    complaint_phone: guide.complaintPhone,
    online_apply: guide.onlineApply,
    appointment: guide.appointment,
    proxy_allowed: guide.proxyAllowed,
    max_visits: guide.maxVisits,
    themes: guide.themes,
    faq: JSON.stringify(guide.faq),
  };
}

export function itemRow(
  department: { code: string; path: string },
  identity: Pick<ItemIdentity, 'level' | 'basicCode' | 'implementationCode'>,
  by: string,
  at: Date,
): Insertable<CatalogItemsTable> {
  return {
    county_code: countyCodeOf(department.code),
    department_code: department.code,
    department_path: department.path,
    region_path: regionPathOf(department.path),
    level: identity.level,
    basic_code: identity.basicCode,
    implementation_code: identity.implementationCode,
    created_at: at,
    created_by: by,
  };
}

/**
 * A new version row. Its author (a person id; none for seeded data) may not review it; a version
 * written straight into review or publication carries those steps' times too.
 */
export function versionRow(
  itemId: string,
  version: number,
  guide: Guide,
  by: { id: string | null; name: string },
  at: Date,
  status: 'draft' | 'review' | 'published' = 'draft',
): Insertable<CatalogVersionsTable> {
  return {
    item_id: itemId,
    version,
    status,
    ...guideColumns(guide),
    authors: JSON.stringify(by.id ? [by.id] : []),
    created_at: at,
    created_by: by.name,
    updated_at: at,
    updated_by: by.name,
    ...(status === 'draft' ? {} : { submitted_at: at, submitted_by: by.name }),
    ...(status === 'published' ? { published_at: at, published_by: by.name } : {}),
  };
}

export async function findItem(db: Kysely<DB>, id: string): Promise<CatalogItem | null> {
  const row = await db
    .selectFrom('catalog_items as i')
    .select(itemColumns)
    .where('i.id', '=', id)
    .executeTakeFirst();
  return row ? toItem(row) : null;
}

export async function findItemsByImplementationCodes(
  db: Kysely<DB>,
  codes: string[],
): Promise<Map<string, CatalogItem>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('catalog_items as i')
    .select(itemColumns)
    .where('i.implementation_code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.implementation_code, toItem(r)]));
}

export async function findVersion(
  db: Kysely<DB>,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CatalogVersion | null> {
  let q = db.selectFrom('catalog_versions').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toVersion(row) : null;
}

const FILED_VERSION_CACHE_SIZE = 2000;
const filedVersions = new Map<string, CatalogVersion>();

/**
 * A version cases are filed under, read once per process: a published version's content never changes
 * (a trigger refuses it), so only its status could be stale here — callers use the content.
 */
export async function findFiledVersion(db: Kysely<DB>, id: string): Promise<CatalogVersion | null> {
  const cached = filedVersions.get(id);
  if (cached) return cached;
  const version = await findVersion(db, id);
  if (version && (version.status === 'published' || version.status === 'retired')) {
    if (filedVersions.size >= FILED_VERSION_CACHE_SIZE)
      filedVersions.delete(filedVersions.keys().next().value!);
    filedVersions.set(id, version);
  }
  return version;
}

export async function listVersions(db: Kysely<DB>, itemId: string): Promise<CatalogVersion[]> {
  const rows = await db
    .selectFrom('catalog_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersion);
}

export async function findPublishedVersion(db: Kysely<DB>, itemId: string): Promise<CatalogVersion | null> {
  const row = await db
    .selectFrom('catalog_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/**
 * For each item, one version: with 'published' the published one, else the most recent not retired one
 * (what the catalog shows); with 'latest' the most recent of all (what is being worked on).
 */
export async function currentVersions(
  db: Kysely<DB>,
  itemIds: string[],
  mode: 'published' | 'latest' = 'published',
): Promise<Map<string, CatalogVersion>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('catalog_versions')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .$if(mode === 'published', (qb) => qb.where('status', '<>', 'retired'))
    .orderBy('item_id')
    .orderBy('version', 'desc')
    .execute();
  const out = new Map<string, CatalogVersion>();
  for (const v of rows.map(toVersion)) {
    const seen = out.get(v.itemId);
    if (!seen || (mode === 'published' && v.status === 'published' && seen.status !== 'published')) {
      out.set(v.itemId, v);
    }
  }
  return out;
}

export interface Placement {
  itemId: string;
  code: string;
  path: string;
}

/** Windows that accept items, villages (or townships) where a proxy may file them. */
export type PlacementTable = 'catalog_item_windows' | 'catalog_item_proxies';

export async function listPlacements(
  db: Kysely<DB>,
  table: PlacementTable,
  itemIds: readonly string[],
): Promise<Placement[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom(table)
    .select(['item_id', 'org_code', 'org_path'])
    .where('item_id', 'in', itemIds)
    .orderBy('org_path')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, code: r.org_code, path: r.org_path }));
}

export const listWindows = (db: Kysely<DB>, itemIds: readonly string[]) =>
  listPlacements(db, 'catalog_item_windows', itemIds);
export const listProxies = (db: Kysely<DB>, itemIds: readonly string[]) =>
  listPlacements(db, 'catalog_item_proxies', itemIds);

export async function changePlacements(
  trx: Kysely<DB>,
  table: PlacementTable,
  itemId: string,
  change: { removed: readonly { code: string }[]; added: readonly { code: string; path: string }[] },
  by: string,
  at: Date,
): Promise<void> {
  if (change.removed.length > 0) {
    await trx
      .deleteFrom(table)
      .where('item_id', '=', itemId)
      .where(
        'org_code',
        'in',
        change.removed.map((p) => p.code),
      )
      .execute();
  }
  if (change.added.length > 0) {
    await trx
      .insertInto(table)
      .values(
        change.added.map((t) => ({
          item_id: itemId,
          org_code: t.code,
          org_path: t.path,
          created_at: at,
          created_by: by,
        })),
      )
      .execute();
  }
}

/**
 * Items reach the orgs whose staff work with them: the department's subtree, the windows that accept
 * them and the villages that may proxy them (a proxy entry on a township covers all its villages, so a
 * root inside that township is reached too).
 */
export function itemReaches(roots: readonly string[]): Expression<SqlBool> {
  if (roots.length === 0) return sql<SqlBool>`false`;
  const insideProxy = sql.join(
    roots.map((r) => sql`starts_with(${r}, p.org_path)`),
    sql` OR `,
  );
  return sql<SqlBool>`(${inSubtrees('i.department_path', roots)}
    OR EXISTS (SELECT 1 FROM catalog_item_windows w WHERE w.item_id = i.id AND ${inSubtrees('w.org_path', roots)})
    OR EXISTS (SELECT 1 FROM catalog_item_proxies p WHERE p.item_id = i.id
               AND (${inSubtrees('p.org_path', roots)} OR ${insideProxy})))`;
}

/**
 * Items a resident at `org` can get done there: those its staff work with (itemReaches) and those served
 * at its level by a department of a region it lies in (a county bureau's township-level items in every
 * township, its village-level items in every village).
 */
export function availableAt(org: { path: string; level: ItemLevel }): Expression<SqlBool> {
  return sql<SqlBool>`(${itemReaches([org.path])}
    OR (i.level = ${org.level} AND starts_with(${org.path}, i.region_path)))`;
}

export interface ItemFilter {
  q?: string;
  department?: string;
  theme?: string;
  level?: ItemLevel;
  status?: VersionStatus;
  window?: string;
}

export interface ItemListRow {
  item: CatalogItem;
  latest: {
    id: string;
    version: number;
    status: VersionStatus;
    name: string;
    type: ItemType;
    handlingKind: string;
  };
  published: { id: string; version: number; publishedAt: Date | null } | null;
}

/** Staff list: items reaching `roots`, filtered, with their latest and published versions. */
export async function searchItems(
  db: Kysely<DB>,
  roots: readonly string[],
  filter: ItemFilter & { departmentPath?: string; windowPath?: string },
  page: { limit: number; offset: number },
): Promise<{ items: ItemListRow[]; total: number }> {
  let q = db
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_versions as v', (join) =>
      join
        .onRef('v.item_id', '=', 'i.id')
        .on(
          'v.version',
          '=',
          sql<number>`(SELECT max(x.version) FROM catalog_versions x WHERE x.item_id = i.id)`,
        ),
    )
    .leftJoin('catalog_versions as p', (join) =>
      join.onRef('p.item_id', '=', 'i.id').on('p.status', '=', 'published'),
    )
    .where(itemReaches(roots));
  if (filter.q) {
    const text = escapeLike(filter.q.trim());
    q = q.where((eb) =>
      eb.or([
        eb('v.name', 'like', `%${text}%`),
        eb('v.name_initials', 'like', `${text.toLowerCase()}%`),
        eb('i.implementation_code', 'like', `${text}%`),
        eb('i.basic_code', 'like', `${text}%`),
      ]),
    );
  }
  if (filter.departmentPath) q = q.where(inSubtrees('i.department_path', [filter.departmentPath]));
  if (filter.level) q = q.where('i.level', '=', filter.level);
  if (filter.theme) q = q.where(sql<SqlBool>`v.themes @> ARRAY[${filter.theme}]::text[]`);
  if (filter.status) {
    q = q.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM catalog_versions s WHERE s.item_id = i.id AND s.status = ${filter.status})`,
    );
  }
  if (filter.windowPath) {
    q = q.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM catalog_item_windows w
                   WHERE w.item_id = i.id AND ${inSubtrees('w.org_path', [filter.windowPath])})`,
    );
  }
  const rows = await q
    .select(itemColumns)
    .select([
      'v.id as v_id',
      'v.version as v_version',
      'v.status as v_status',
      'v.name as v_name',
      'v.item_type as v_type',
      'v.handling_kind as v_handling_kind',
      'p.id as p_id',
      'p.version as p_version',
      'p.published_at as p_published_at',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('v.name_initials')
    .orderBy('i.implementation_code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      item: toItem(r),
      latest: {
        id: r.v_id,
        version: Number(r.v_version),
        status: r.v_status,
        name: r.v_name,
        type: r.v_type as ItemType,
        handlingKind: r.v_handling_kind,
      },
      published: r.p_id ? { id: r.p_id, version: Number(r.p_version), publishedAt: r.p_published_at } : null,
    })),
  };
}

export interface GuideFilter {
  q?: string;
  departmentPath?: string;
  theme?: string;
  level?: ItemLevel;
  /** Where the resident is: see availableAt. */
  org?: { path: string; level: ItemLevel };
}

export interface GuideListRow {
  itemId: string;
  versionId: string;
  version: number;
  name: string;
  type: ItemType;
  departmentCode: string;
  level: ItemLevel;
  handlingKind: string;
  promisedLimit: Limit;
  maxVisits: number;
  themes: ThemeCode[];
  onlineApply: boolean;
  proxyAllowed: boolean;
  charged: boolean;
}

/**
 * The portal's guide search over published versions: `q` matches a name substring or a prefix of the
 * pinyin initials (gtgsh → 个体工商户设立登记). Names that start with the text, or whose initials do,
 * come first; then pinyin order. Two steps: the page of matching ids from the narrow published-search
 * index (no wide guide row is read for the thousands that do not make the page), then the page's rows.
 */
export async function searchGuides(
  db: Kysely<DB>,
  filter: GuideFilter,
  page: { limit: number; offset: number },
): Promise<{ items: GuideListRow[]; total: number }> {
  let q = db.selectFrom('catalog_versions as v').where('v.status', '=', 'published');
  const text = filter.q?.trim() ?? '';
  const escaped = escapeLike(text);
  const initials = escapeLike(text.toLowerCase().replace(/\s+/g, ''));
  if (text) {
    q = q.where((eb) =>
      eb.or([eb('v.name', 'like', `%${escaped}%`), eb('v.name_initials', 'like', `${initials}%`)]),
    );
  }
  if (filter.theme) q = q.where(sql<SqlBool>`v.themes @> ARRAY[${filter.theme}]::text[]`);
  const onItem: Expression<SqlBool>[] = [];
  if (filter.departmentPath) onItem.push(inSubtrees('i.department_path', [filter.departmentPath]));
  if (filter.level) onItem.push(sql<SqlBool>`i.level = ${filter.level}`);
  if (filter.org) onItem.push(availableAt(filter.org));
  if (onItem.length > 0) {
    q = q.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM catalog_items i WHERE i.id = v.item_id AND ${sql.join(onItem, sql` AND `)})`,
    );
  }
  const rank = sql<number>`CASE WHEN v.name LIKE ${`${escaped}%`} OR v.name_initials LIKE ${`${initials}%`} THEN 0 ELSE 1 END`;
  const hits = await q
    .select(['v.id', sql<number>`count(*) over ()`.as('total')])
    .$if(Boolean(text), (qb) => qb.orderBy(rank))
    .orderBy('v.name_initials')
    .orderBy('v.item_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (hits.length === 0) return { items: [], total: 0 };
  const rows = await db
    .selectFrom('catalog_versions as v')
    .innerJoin('catalog_items as i', 'i.id', 'v.item_id')
    .select([
      'v.item_id',
      'v.id',
      'v.version',
      'v.name',
      'v.item_type',
      'i.department_code',
      'i.level',
      'v.handling_kind',
      'v.promised_limit',
      'v.max_visits',
      'v.themes',
      'v.online_apply',
      'v.proxy_allowed',
      'v.charged',
    ])
    .where(
      'v.id',
      'in',
      hits.map((h) => h.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: Number(hits[0]!.total),
    items: hits
      .map((h) => byId.get(h.id))
      .filter((r) => r !== undefined)
      .map((r) => ({
        itemId: r.item_id,
        versionId: r.id,
        version: Number(r.version),
        name: r.name,
        type: r.item_type as ItemType,
        departmentCode: r.department_code,
        level: r.level,
        handlingKind: r.handling_kind,
        promisedLimit: json<Limit>(r.promised_limit),
        maxVisits: Number(r.max_visits),
        themes: r.themes as ThemeCode[],
        onlineApply: r.online_apply,
        proxyAllowed: r.proxy_allowed,
        charged: r.charged,
      })),
  };
}

/** How many published guides each theme and each department has, for the portal's filters. */
export async function countPublished(
  db: Kysely<DB>,
  countyCode: string | undefined,
): Promise<{ themes: Map<string, number>; departments: Map<string, number> }> {
  const base = db
    .selectFrom('catalog_versions as v')
    .innerJoin('catalog_items as i', 'i.id', 'v.item_id')
    .where('v.status', '=', 'published')
    .$if(Boolean(countyCode), (qb) => qb.where('i.county_code', '=', countyCode!));
  const [themes, departments] = await Promise.all([
    base
      .select([sql<string>`unnest(v.themes)`.as('theme')])
      .execute()
      .then((rows) => {
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(r.theme, (counts.get(r.theme) ?? 0) + 1);
        return counts;
      }),
    base
      .select(['i.department_code', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('i.department_code')
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.department_code, Number(r.n)]))),
  ]);
  return { themes, departments };
}

export interface StoredFileMeta {
  id: string;
  itemId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

function toFileMeta(r: {
  id: string;
  item_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
}): StoredFileMeta {
  return {
    id: r.id,
    itemId: r.item_id,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
  };
}

export async function findFilesMeta(db: Kysely<DB>, ids: string[]): Promise<Map<string, StoredFileMeta>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('catalog_files')
    .select(['id', 'item_id', 'name', 'content_type', 'size', 'sha256'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, toFileMeta(r)]));
}

export async function findFile(
  db: Kysely<DB>,
  id: string,
): Promise<(StoredFileMeta & { data: Buffer }) | null> {
  const r = await db.selectFrom('catalog_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  // pg gives a Buffer, PGlite a Uint8Array: callers get a Buffer either way.
  return { ...toFileMeta(r), data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
}

/** Every file id the materials of a guide name. */
export function fileIdsOf(materials: readonly Material[]): string[] {
  return [
    ...new Set(
      materials.flatMap((m) => [m.blankFileId, m.sampleFileId]).filter((id): id is string => Boolean(id)),
    ),
  ];
}
