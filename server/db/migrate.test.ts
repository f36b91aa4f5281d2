import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_ENGINES } from '../../test/db.ts';
import type { Database } from './database.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.ts';

describe.each(TEST_ENGINES)('migrations on %s', (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('applies every migration once, in order', async () => {
    database = await freshDatabase(engine);
    const names = readMigrations().map((m) => m.name);
    expect(await migrate(database)).toEqual(names);
    expect(await migrate(database)).toEqual([]);
  });

  it('rolls back a failing migration whole and refuses an edited one', async () => {
    database = await freshDatabase(engine);
    const dir = mkdtempSync(path.join(tmpdir(), 'bianmin-mig-'));
    writeFileSync(path.join(dir, '001_ok.sql'), 'CREATE TABLE t1 (id int);');
    writeFileSync(path.join(dir, '002_bad.sql'), 'CREATE TABLE t2 (id int); SELECT no_such_function();');
    await expect(migrate(database, dir)).rejects.toThrow(/002_bad\.sql/);
    const tables = await database.db
      .selectFrom('information_schema.tables' as never)
      .select('table_name' as never)
      .where('table_name' as never, 'in', ['t1', 't2'] as never)
      .execute();
    expect(tables.map((t) => (t as { table_name: string }).table_name)).toEqual(['t1']);

    writeFileSync(path.join(dir, '002_bad.sql'), 'CREATE TABLE t2 (id int);');
    expect(await migrate(database, dir)).toEqual(['002_bad.sql']);
    writeFileSync(path.join(dir, '001_ok.sql'), 'CREATE TABLE t1 (id bigint);');
    await expect(migrate(database, dir)).rejects.toThrow(/changed after it was applied/);
  });
});

it('keeps migration files forward-only plain SQL', () => {
  for (const m of readMigrations()) {
    expect(m.name).toMatch(/^\d{3}_[a-z0-9_]+\.sql$/);
    // The runner wraps each file in its own transaction; a function body's BEGIN … END ($$ … $$) is no
    // transaction control.
    const statements = readFileSync(path.join(MIGRATIONS_DIR, m.name), 'utf8').replace(
      /\$\$[\s\S]*?\$\$/g,
      '',
    );
    expect(statements).not.toMatch(/\bBEGIN\b|\bCOMMIT\b/i);
  }
});
