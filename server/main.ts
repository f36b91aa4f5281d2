import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startDeliveryLoop } from './notify/notify-service.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const ctx = createContext(database, config);
const app = await buildApp(ctx);
await bootstrap(ctx, (msg) => app.log.info(msg));
await app.listen({ port: config.port, host: config.host });
// Sends the outbox every few seconds; app.close() stops it (server/notify).
startDeliveryLoop(ctx, { log: (line) => app.log.info(line) });
// Background jobs (supervision's sweeper and daily summary, deemed acceptance…), one runner per job across processes.
const scheduler = startScheduler(ctx, { log: (line) => app.log.warn(line) });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await scheduler.stop();
    await app.close();
    await database.close();
    process.exit(0);
  });
}
