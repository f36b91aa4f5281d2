import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type Engine, openPglite, openPostgres } from '../server/db/database.ts';

/** The admin connection for creating and dropping per-run test databases. */
export const POSTGRES_ADMIN_URL =
  process.env.BIANMIN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Engines the data-layer tests run on: both unless BIANMIN_TEST_ENGINES narrows it (e.g. "pglite").
 * PostgreSQL being unreachable is a failure, not a skip: .ci/run starts it.
 */
export const TEST_ENGINES: Engine[] = (process.env.BIANMIN_TEST_ENGINES ?? 'pglite,postgres')
  .split(',')
  .map((e) => e.trim())
  .filter((e): e is Engine => e === 'pglite' || e === 'postgres');

/** A fresh empty database on `engine`; close() drops it. */
export async function freshDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') return openPglite(null);
  const name = `bianmin_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
