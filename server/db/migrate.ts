import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant will do; it only has to be the same for every process migrating the same database.
const MIGRATION_LOCK_KEY = 7_240_011;

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * Applies the forward-only plain-SQL migrations in name order, each in its own transaction together with
 * its row in schema_migrations. An applied file that was edited afterwards is refused: migrations are
 * history, and a changed one would leave databases that ran the old text silently different.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = readMigrations(dir);
  return database.exclusive(MIGRATION_LOCK_KEY, async (exec) => {
    await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
    const applied = new Map(
      (await database.db.selectFrom('schema_migrations').select(['name', 'checksum']).execute()).map((r) => [
        r.name,
        r.checksum,
      ]),
    );
    const done: string[] = [];
    for (const file of files) {
      const previous = applied.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) {
          throw new Error(
            `migration ${file.name} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      try {
        await exec(
          `BEGIN;\n${file.sql}\n;INSERT INTO schema_migrations (name, checksum) VALUES ('${file.name}', '${file.checksum}');\nCOMMIT;`,
        );
      } catch (error) {
        await exec('ROLLBACK;').catch(() => {});
        throw new Error(`migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(file.name);
    }
    return done;
  });
}
