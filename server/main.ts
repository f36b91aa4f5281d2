import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { CalendarService } from './calendar/calendar-service.ts';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/database.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const now = () => new Date();
const ctx: AppContext = {
  database,
  db: database.db,
  config,
  now,
  calendar: new CalendarService({ db: database.db, now }),
};
const app = await buildApp(ctx);
await bootstrap(ctx, (msg) => app.log.info(msg));
await app.listen({ port: config.port, host: config.host });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
}
