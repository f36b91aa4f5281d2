import { sql } from 'kysely';
import type { Database } from '../server/db/database.ts';
import { listDescendants } from '../server/org/org-store.ts';
import { measure } from './measure.ts';
import type { BenchResult } from './result.ts';

/**
 * "All villages under a township" through the store (what the API runs) against hand-written SQL doing the
 * same selection, on the same database in the same run. The ratio shows what the query builder and row
 * mapping cost on top of the database.
 */
export async function orgBenches(database: Database): Promise<BenchResult[]> {
  const townships = (
    await database.db.selectFrom('orgs').select(['path']).where('kind', '=', 'township').execute()
  ).map((r) => r.path);
  let i = 0;
  const store = await measure(async () => {
    const path = townships[i++ % townships.length]!;
    await listDescendants(database.db, path, { kind: 'village', limit: 500, offset: 0 });
  });
  i = 0;
  const raw = await measure(async () => {
    const path = townships[i++ % townships.length]!;
    await sql`SELECT o.code, o.name, o.kind, o.depth, o.parent_code, o.path, o.status, o.facility_type,
                (SELECT count(*) FROM orgs c WHERE c.parent_code = o.code) AS child_count,
                count(*) OVER () AS total
              FROM orgs o WHERE o.path LIKE ${`${path}_%`} AND o.kind = 'village'
              ORDER BY o.path LIMIT 500`.execute(database.db);
  });
  return [
    {
      bench: `org.subtree.villagesUnderTownship.${database.engine}`,
      value: store.opsPerSecond,
      unit: 'queries/s',
      baseline: raw.opsPerSecond,
      ratio: store.opsPerSecond / raw.opsPerSecond,
    },
  ];
}
