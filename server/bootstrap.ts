import { seedDemoCatalog } from './catalog/demo-catalog.ts';
import type { AppContext } from './context.ts';
import { migrate } from './db/migrate.ts';
import { seedDemoHotline } from './hotline/demo-hotline.ts';
import { seedDemoNetwork, seedFirstAdmin } from './org/demo-seed.ts';
import { applyDivisions, DIVISION_SOURCE, readCountyDivisions } from './org/division-import.ts';

/**
 * Brings a database to a runnable state: migrations, the calendar (the published years seeded on first
 * start), then on an empty database the county's divisions and
 * either the demo network with its accounts (demo mode) or a single administrator who must change the
 * password. Safe to run at every start.
 */
export async function bootstrap(ctx: AppContext, log: (msg: string) => void = () => {}): Promise<void> {
  const applied = await migrate(ctx.database);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  await ctx.calendar.init();
  const people = await ctx.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(people.n) > 0) return;
  const county = ctx.config.demoCounty;
  const result = await applyDivisions(ctx.db, await readCountyDivisions(county), {
    source: DIVISION_SOURCE,
    actor: { id: null, name: 'system' },
  });
  log(`divisions of ${county} imported from ${DIVISION_SOURCE}: ${result.added} added`);
  if (ctx.config.demo) {
    await seedDemoNetwork(ctx.db, county);
    await seedDemoCatalog(ctx);
    await seedDemoHotline(ctx);
    log('demo network, demo accounts and demo catalog created (demo mode)');
  } else {
    const password = await seedFirstAdmin(ctx.db, county, process.env.BIANMIN_ADMIN_PASSWORD);
    log(
      `administrator account created: username "admin", password "${password}" (must be changed at first sign-in)`,
    );
  }
}
