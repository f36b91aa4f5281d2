// `npm run bench`: one JSON object per line, { bench, value, unit, baseline, ratio }, each measured
// against its baseline in the same run. PostgreSQL entries run when the server at BIANMIN_TEST_PG_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) is reachable; each run uses a fresh database.
import { bootstrap } from '../server/bootstrap.ts';
import { CalendarService } from '../server/calendar/calendar-service.ts';
import type { Engine } from '../server/db/database.ts';
import { freshDatabase } from '../test/db.ts';
import { testConfig } from '../test/server.ts';
import { calendarBenches } from './calendar.bench.ts';
import { catalogBenches } from './catalog.bench.ts';
import { orgBenches } from './org.bench.ts';
import type { BenchResult } from './result.ts';

function print(results: BenchResult[]): void {
  for (const r of results) {
    console.log(
      JSON.stringify({ ...r, value: round(r.value), baseline: round(r.baseline), ratio: round(r.ratio, 3) }),
    );
  }
}
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function engineAvailable(engine: Engine): Promise<boolean> {
  if (engine === 'pglite') return true;
  try {
    const db = await freshDatabase('postgres');
    await db.close();
    return true;
  } catch {
    console.error('bench: PostgreSQL not reachable, skipping its entries');
    return false;
  }
}

print(await calendarBenches());
for (const engine of ['pglite', 'postgres'] as const) {
  if (!(await engineAvailable(engine))) continue;
  const database = await freshDatabase(engine);
  try {
    const now = () => new Date();
    const calendar = new CalendarService({ db: database.db, now });
    const ctx = { database, db: database.db, config: testConfig(), now, calendar };
    await bootstrap(ctx);
    print(await orgBenches(database));
    print(await catalogBenches(database));
  } finally {
    await database.close();
  }
}
