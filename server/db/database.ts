import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /**
   * Runs `work` on one dedicated connection while holding a cluster-wide advisory lock (PostgreSQL) so that
   * only one server process does it at a time; `exec` runs a script of several statements, which the
   * query builder cannot send. PGlite is one process and one connection, so no lock is needed there.
   */
  exclusive<T>(lockKey: number, work: (exec: (sqlText: string) => Promise<void>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Both engines must hand back the same JS values: bigint and numeric as numbers (counts, money and ids
// here fit), and a calendar `date` as its 'YYYY-MM-DD' text — never a Date shifted by the server's zone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
const pgliteParsers = {
  [pgliteTypes.INT8]: (v: string) => Number(v),
  [pgliteTypes.NUMERIC]: (v: string) => Number(v),
  [pgliteTypes.DATE]: (v: string) => v,
};

export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client whose server connection ends (a restart, a dropped test database) is discarded by the
  // pool and the next query opens a new one; without a listener the event would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async exclusive(lockKey, work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
        try {
          return await work(async (sqlText) => {
            await client.query(sqlText);
          });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

/** dataDir null keeps the database in memory (tests). */
export async function openPglite(dataDir: string | null): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir: dir, parsers: pgliteParsers });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    engine: 'pglite',
    async exclusive(_lockKey, work) {
      return work(async (sqlText) => {
        await client.exec(sqlText);
      });
    },
    async close() {
      await db.destroy();
    },
  };
}

export function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string | null;
}): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
