import { type Insertable, type Kysely, sql } from 'kysely';
import { adminLevelOfCode, childPath, codesOfPath, countyCodeOf, orgSortKey } from '../../core/org/codes.ts';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import type { Org } from '../../core/org/views.ts';
import type { DB, OrgKind, OrgsTable } from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';

const orgColumns = [
  'o.code',
  'o.name',
  'o.kind',
  'o.depth',
  'o.parent_code',
  'o.path',
  'o.status',
  'o.facility_type',
] as const;

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('orgs as o')
    .select(orgColumns)
    .select((eb) =>
      eb
        .selectFrom('orgs as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.parent_code', '=', 'o.code')
        .as('child_count'),
    );
}

type OrgRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toOrg(r: OrgRow): Org {
  return {
    code: r.code,
    name: r.name,
    kind: r.kind,
    level: adminLevelOfCode(r.code),
    depth: r.depth,
    parentCode: r.parent_code,
    path: r.path,
    status: r.status,
    facilityType: r.facility_type,
    childCount: Number(r.child_count ?? 0),
  };
}

/**
 * A new org's row under the org at `parentPath` ('/' for a root). Everything but the code, kind and name
 * follows from them, so imported divisions, seeded units and units made in the console are built alike.
 */
export function newOrgRow(
  parentPath: string,
  org: { code: string; kind: OrgKind; name: string; facilityType?: string | null },
): Insertable<OrgsTable> {
  const path = childPath(parentPath, org.code);
  const codes = codesOfPath(path);
  return {
    code: org.code,
    parent_code: codes.at(-2) ?? null,
    path,
    depth: codes.length - 1,
    kind: org.kind,
    name: org.name,
    name_initials: pinyinInitials(org.name),
    facility_type: org.kind === 'facility' ? (org.facilityType ?? null) : null,
    county_code: countyCodeOf(org.code),
    sort_key: orgSortKey(org.code),
  };
}

export async function findOrg(db: Kysely<DB>, code: string): Promise<Org | null> {
  const row = await baseQuery(db).where('o.code', '=', code).executeTakeFirst();
  return row ? toOrg(row) : null;
}

const ORG_NAME_TTL_MS = 60_000;
const orgNameCache = new Map<string, { name: string; until: number }>();

/**
 * Org names for display (views, messages), remembered for a minute: a renamed unit shows its new name
 * within that minute, and a busy window does not look its own name up on every case.
 */
export async function orgNamesFor(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, string>> {
  const now = Date.now();
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const code of new Set(codes)) {
    const hit = orgNameCache.get(code);
    if (hit && hit.until > now) out.set(code, hit.name);
    else missing.push(code);
  }
  if (missing.length > 0) {
    if (orgNameCache.size > 5000) orgNameCache.clear();
    for (const [code, name] of await findOrgsByCodes(db, missing)) {
      orgNameCache.set(code, { name, until: now + ORG_NAME_TTL_MS });
      out.set(code, name);
    }
  }
  return out;
}

export async function findOrgsByCodes(db: Kysely<DB>, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('orgs').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function listChildren(
  db: Kysely<DB>,
  parentCode: string,
  opts: { kind?: OrgKind; limit: number; offset: number },
): Promise<{ items: Org[]; total: number }> {
  let q = baseQuery(db).where('o.parent_code', '=', parentCode);
  if (opts.kind) q = q.where('o.kind', '=', opts.kind);
  const [rows, count] = await Promise.all([
    q.orderBy('o.sort_key').orderBy('o.code').limit(opts.limit).offset(opts.offset).execute(),
    db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_code', '=', parentCode)
      .$if(Boolean(opts.kind), (qb) => qb.where('kind', '=', opts.kind!))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toOrg), total: Number(count.n) };
}

/** Orgs strictly below the org at `path` (its whole subtree), optionally of one kind, in code order. */
export async function listDescendants(
  db: Kysely<DB>,
  path: string,
  opts: { kind?: OrgKind; limit: number; offset: number },
): Promise<{ items: Org[]; total: number }> {
  const rows = await baseQuery(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('o.path', 'like', `${escapeLike(path)}_%`)
    .$if(Boolean(opts.kind), (qb) => qb.where('o.kind', '=', opts.kind!))
    .orderBy('o.path')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return { items: rows.map(toOrg), total: Number(rows[0]?.total ?? 0) };
}

/** Every org under any of `roots` (path prefixes) whose name contains `q` or whose initials start with it. */
export async function searchOrgs(
  db: Kysely<DB>,
  roots: string[],
  q: string,
  opts: { limit: number; offset: number },
): Promise<{ items: Org[]; total: number }> {
  if (roots.length === 0) return { items: [], total: 0 };
  const likeEscaped = escapeLike(q.trim().toLowerCase());
  const filtered = (qb: ReturnType<typeof baseQuery>) =>
    qb
      .where(inSubtrees('o.path', roots))
      .where((eb) =>
        eb.or([
          eb('o.name', 'like', `%${likeEscaped}%`),
          eb('o.name_initials', 'like', `${likeEscaped}%`),
          eb('o.code', 'like', `${likeEscaped}%`),
        ]),
      );
  const rows = await filtered(baseQuery(db))
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('o.depth')
    .orderBy('o.code')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return { items: rows.map(toOrg), total: Number(rows[0]?.total ?? 0) };
}

/** Codes of units directly under a parent end in -n; the next one is one past the highest n in use. */
export async function nextUnitCode(db: Kysely<DB>, parentCode: string): Promise<string> {
  const rows = await db
    .selectFrom('orgs')
    .select('code')
    .where('parent_code', '=', parentCode)
    .where('code', 'like', `${parentCode}-%`)
    .execute();
  let max = 0;
  for (const { code } of rows) {
    const n = Number(code.slice(parentCode.length + 1));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return `${parentCode}-${max + 1}`;
}

export type { Org };

/**
 * Active people holding one of `roles` at `orgPath` or an ancestor of it no higher than `withinPath`
 * (usually its region, so a county-wide role does not flood every township's messages): who acts for
 * that org, and so who is told about its cases, orders and ratings.
 */
export async function peopleHolding(
  db: Kysely<DB>,
  roles: readonly string[],
  orgPath: string,
  withinPath: string,
): Promise<string[]> {
  const parts = orgPath.split('/').filter(Boolean);
  const ancestors: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const p = `/${parts.slice(0, i).join('/')}/`;
    if (p.startsWith(withinPath)) ancestors.push(p);
  }
  if (ancestors.length === 0 || roles.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select('r.person_id')
    .distinct()
    .where('r.role', 'in', [...roles])
    .where('r.org_path', 'in', ancestors)
    .where('p.status', '=', 'active')
    .execute();
  return rows.map((r) => r.person_id).sort();
}
