// `npm run bench`: one JSON object per line, { bench, value, unit, baseline, ratio }, each measured
// against its baseline in the same run. PostgreSQL entries run when the server at BIANMIN_TEST_PG_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) is reachable; each run uses a fresh database.
import { bootstrap } from '../server/bootstrap.ts';
import { createContext } from '../server/context.ts';
import type { Database } from '../server/db/database.ts';
import { freshDatabase } from '../test/db.ts';
import { testConfig } from '../test/server.ts';
import { calendarBenches } from './calendar.bench.ts';
import { caseBenches } from './cases.bench.ts';
import { catalogBenches } from './catalog.bench.ts';
import { orgBenches } from './org.bench.ts';
import type { BenchResult } from './result.ts';
import { supervisionBenches } from './supervision.bench.ts';

function print(results: BenchResult[]): void {
  for (const r of results) {
    console.log(
      JSON.stringify({ ...r, value: round(r.value), baseline: round(r.baseline), ratio: round(r.ratio, 3) }),
    );
  }
}
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

print(await calendarBenches());
for (const engine of ['pglite', 'postgres'] as const) {
  let database: Database;
  try {
    database = await freshDatabase(engine);
  } catch {
    console.error(`bench: ${engine} not reachable, skipping its entries`);
    continue;
  }
  try {
    await bootstrap(createContext(database, testConfig()));
    print(await orgBenches(database));
    print(await catalogBenches(database));
    print(await caseBenches(database));
    // Last: it loads a million watch rows and leaves the supervision tables empty.
    print(await supervisionBenches(database));
  } finally {
    await database.close();
  }
}
