import { randomUUID } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { EXAMPLE_ITEM } from '../core/catalog/example.ts';
import { THEMES } from '../core/catalog/vocabulary.ts';
import { itemRow, versionRow } from '../server/catalog/catalog-store.ts';
import { type GuideQuery, searchPublicGuides } from '../server/catalog/portal-service.ts';
import { type AppContext, createContext } from '../server/context.ts';
import type { Database } from '../server/db/database.ts';
import type { CatalogItemsTable, CatalogVersionsTable } from '../server/db/schema.ts';
import { testConfig } from '../test/server.ts';
import { measure } from './measure.ts';
import type { BenchResult } from './result.ts';

const ITEMS = 10_000;
const SUBJECTS = [
  '个体工商户',
  '食品经营',
  '城乡居民养老保险',
  '农村宅基地',
  '残疾人',
  '高龄老人',
  '林木采伐',
  '医师执业',
  '公共场所卫生',
  '娱乐场所',
  '建设工程',
  '不动产',
  '社会保障卡',
  '医保异地就医',
  '就业创业',
  '最低生活保障',
  '临时救助',
  '特困人员',
  '生育服务',
  '营业性演出',
];
const ACTIONS = [
  '设立登记',
  '变更登记',
  '注销登记',
  '许可',
  '审批',
  '申领',
  '备案',
  '补贴申请',
  '证明开具',
  '年度报告',
];
const QUERIES: Omit<GuideQuery, 'page' | 'pageSize'>[] = [
  { q: 'gtgsh' },
  { q: 'ncz' },
  { q: 'yb' },
  { q: '登记' },
  { q: '许可' },
  { q: '残疾人' },
  { theme: 'elderly_care' },
  { q: 'sq', level: 'township' },
];

/**
 * Guide search over a catalog of 10,000 published items: the portal's search as the route runs it
 * (searchPublicGuides: the store's query plus the department names) against one hand-written SQL
 * statement giving the same page, on the same database in the same run. Leaves the 10,000 items behind.
 */
export async function catalogBenches(database: Database): Promise<BenchResult[]> {
  const db = database.db;
  const departments = await db
    .selectFrom('orgs')
    .select(['code', 'path'])
    .where('kind', 'in', ['department', 'center'])
    .orderBy('code')
    .execute();
  if (departments.length === 0)
    throw new Error('catalog bench: run it on a database seeded with the demo county');
  const now = new Date();
  const items: (Insertable<CatalogItemsTable> & { id: string })[] = [];
  const versions: Insertable<CatalogVersionsTable>[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const dept = departments[i % departments.length]!;
    const id = randomUUID();
    const name = `${SUBJECTS[i % SUBJECTS.length]}${ACTIONS[Math.floor(i / SUBJECTS.length) % ACTIONS.length]}（第${i}项）`;
    const township = dept.code.split('-')[0]!.length === 9;
    const identity = {
      level: township || i % 3 === 0 ? ('township' as const) : ('county' as const),
      basicCode: String(i).padStart(12, '0'),
      implementationCode: `BENCH${String(i).padStart(8, '0')}`,
    };
    items.push({ id, ...itemRow(dept, identity, 'bench', now) });
    const guide = { ...EXAMPLE_ITEM, name, themes: [THEMES[i % THEMES.length]!.code] };
    versions.push(versionRow(id, 1, guide, { id: null, name: 'bench' }, now, 'published'));
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ITEMS; i += 500) {
      await trx
        .insertInto('catalog_items')
        .values(items.slice(i, i + 500))
        .execute();
      await trx
        .insertInto('catalog_versions')
        .values(versions.slice(i, i + 500))
        .execute();
    }
  });
  // Steady state, as autovacuum leaves a table: statistics and the visibility map index-only scans use.
  await sql`VACUUM ANALYZE catalog_items`.execute(db);
  await sql`VACUUM ANALYZE catalog_versions`.execute(db);

  const ctx: AppContext = createContext(database, testConfig());
  const PAGE = 20;
  // Same answers, or the comparison means nothing.
  for (const query of QUERIES) {
    const ours = await searchPublicGuides(ctx, { ...query, page: 1, pageSize: PAGE });
    const raw = await rawSearch(database, query, PAGE);
    if (ours.total !== raw.total || ours.items.map((g) => g.versionId).join() !== raw.ids.join()) {
      throw new Error(`catalog bench: the two searches disagree on ${JSON.stringify(query)}`);
    }
  }

  let i = 0;
  const service = await measure(() =>
    searchPublicGuides(ctx, { ...QUERIES[i++ % QUERIES.length]!, page: 1, pageSize: PAGE }),
  );
  i = 0;
  const baseline = await measure(() => rawSearch(database, QUERIES[i++ % QUERIES.length]!, PAGE));
  return [
    {
      bench: `catalog.guideSearch.10k.${database.engine}`,
      value: service.opsPerSecond,
      unit: 'queries/s',
      baseline: baseline.opsPerSecond,
      ratio: service.opsPerSecond / baseline.opsPerSecond,
    },
  ];
}

/** The portal search written by hand: one statement, department names joined in. */
async function rawSearch(
  database: Database,
  query: Omit<GuideQuery, 'page' | 'pageSize'>,
  limit: number,
): Promise<{ total: number; ids: string[] }> {
  const text = query.q?.trim() ?? '';
  const initials = text.toLowerCase();
  const rows = await sql<{ id: string; total: number }>`
    SELECT v.id, v.item_id, v.version, v.name, v.item_type, i.department_code, o.name AS department_name,
           i.level, v.handling_kind, v.promised_limit, v.max_visits, v.themes, v.online_apply,
           v.proxy_allowed, v.charged, count(*) OVER () AS total
    FROM catalog_versions v
    JOIN catalog_items i ON i.id = v.item_id
    JOIN orgs o ON o.code = i.department_code
    WHERE v.status = 'published'
      AND (${text} = '' OR v.name LIKE ${`%${text}%`} OR v.name_initials LIKE ${`${initials}%`})
      AND (${query.level ?? null}::text IS NULL OR i.level = ${query.level ?? null})
      AND (${query.theme ?? null}::text IS NULL OR v.themes @> ARRAY[${query.theme ?? null}]::text[])
    ORDER BY CASE WHEN ${text} <> '' AND (v.name LIKE ${`${text}%`} OR v.name_initials LIKE ${`${initials}%`})
                  THEN 0 ELSE 1 END,
             v.name_initials, v.item_id
    LIMIT ${limit}`.execute(database.db);
  return { total: Number(rows.rows[0]?.total ?? 0), ids: rows.rows.map((r) => r.id) };
}
