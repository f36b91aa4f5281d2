import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Clock, ClockLight } from '../../core/clock/clock.ts';
import type { CaseLight, LegalLimit, LegalMode } from '../../core/supervision/index.ts';
import { json } from '../db/json.ts';
import type {
  CaseClockWatchTable,
  CaseCountersTable,
  CaseLightGaugesTable,
  CaseWarningsTable,
  DB,
} from '../db/schema.ts';

// ---------------------------------------------------------------------------------------------------
// Watch rows

export interface WatchRow {
  caseId: string;
  clockKey: string;
  countyCode: string;
  caseNumber: string;
  itemName: string;
  caseStatus: string;
  clockName: string;
  handlingOrgCode: string;
  handlingOrgPath: string;
  departmentCode: string;
  departmentPath: string;
  handlerOrgCode: string;
  handlerOrgPath: string;
  handlerRole: string;
  staffPersonId: string | null;
  staffName: string | null;
  clock: Clock;
  legalMode: LegalMode;
  legalLimit: LegalLimit | null;
  light: ClockLight;
  overdue: boolean;
  paused: boolean;
  deadline: Date;
  legalDeadline: Date | null;
  nextChangeAt: Date | null;
  /** A year whose holidays are not loaded that the deadline reaches; the light is then the last known. */
  calendarGap: number | null;
  updatedAt: Date;
}

function watchOf(r: Selectable<CaseClockWatchTable>): WatchRow {
  return {
    caseId: r.case_id,
    clockKey: r.clock_key,
    countyCode: r.county_code,
    caseNumber: r.case_number,
    itemName: r.item_name,
    caseStatus: r.case_status,
    clockName: r.clock_name,
    handlingOrgCode: r.handling_org_code,
    handlingOrgPath: r.handling_org_path,
    departmentCode: r.department_code,
    departmentPath: r.department_path,
    handlerOrgCode: r.handler_org_code,
    handlerOrgPath: r.handler_org_path,
    handlerRole: r.handler_role,
    staffPersonId: r.staff_person_id,
    staffName: r.staff_name,
    clock: json<Clock>(r.clock),
    legalMode: r.legal_mode,
    legalLimit: r.legal_limit === null ? null : json<LegalLimit>(r.legal_limit),
    light: r.light,
    overdue: r.overdue,
    paused: r.paused,
    deadline: r.deadline,
    legalDeadline: r.legal_deadline,
    nextChangeAt: r.next_change_at,
    calendarGap: r.calendar_gap,
    updatedAt: r.updated_at,
  };
}

function watchRowValues(w: WatchRow): Insertable<CaseClockWatchTable> {
  return {
    case_id: w.caseId,
    clock_key: w.clockKey,
    county_code: w.countyCode,
    case_number: w.caseNumber,
    item_name: w.itemName,
    case_status: w.caseStatus,
    clock_name: w.clockName,
    handling_org_code: w.handlingOrgCode,
    handling_org_path: w.handlingOrgPath,
    department_code: w.departmentCode,
    department_path: w.departmentPath,
    handler_org_code: w.handlerOrgCode,
    handler_org_path: w.handlerOrgPath,
    handler_role: w.handlerRole,
    staff_person_id: w.staffPersonId,
    staff_name: w.staffName,
    clock: JSON.stringify(w.clock),
    legal_mode: w.legalMode,
    legal_limit: w.legalLimit === null ? null : JSON.stringify(w.legalLimit),
    light: w.light,
    overdue: w.overdue,
    paused: w.paused,
    deadline: w.deadline,
    legal_deadline: w.legalDeadline,
    next_change_at: w.nextChangeAt,
    calendar_gap: w.calendarGap,
    updated_at: w.updatedAt,
  };
}

/** The watch rows of some cases, locked for this transaction, in (case, clock) order. */
export async function lockWatchRows(trx: Kysely<DB>, caseIds: readonly string[]): Promise<WatchRow[]> {
  if (caseIds.length === 0) return [];
  const rows = await trx
    .selectFrom('case_clock_watch')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .orderBy('case_id')
    .orderBy('clock_key')
    .forUpdate()
    .execute();
  return rows.map(watchOf);
}

/**
 * The cases with a clock whose change is due at `now`, oldest change first, skipping rows another
 * transaction holds (a transition in progress recomputes its case anyway): the sweeper's selection, on
 * the partial index of next_change_at.
 */
export async function dueCaseIds(trx: Kysely<DB>, now: Date, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('case_clock_watch')
    .select('case_id')
    .where('next_change_at', 'is not', null)
    .where('next_change_at', '<=', now)
    .orderBy('next_change_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return [...new Set(rows.map((r) => r.case_id))];
}

export async function writeWatchRows(trx: Kysely<DB>, rows: readonly WatchRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('case_clock_watch')
    .values(rows.map(watchRowValues))
    .onConflict((oc) =>
      oc.columns(['case_id', 'clock_key']).doUpdateSet((eb) => ({
        county_code: eb.ref('excluded.county_code'),
        case_number: eb.ref('excluded.case_number'),
        item_name: eb.ref('excluded.item_name'),
        case_status: eb.ref('excluded.case_status'),
        clock_name: eb.ref('excluded.clock_name'),
        handling_org_code: eb.ref('excluded.handling_org_code'),
        handling_org_path: eb.ref('excluded.handling_org_path'),
        department_code: eb.ref('excluded.department_code'),
        department_path: eb.ref('excluded.department_path'),
        handler_org_code: eb.ref('excluded.handler_org_code'),
        handler_org_path: eb.ref('excluded.handler_org_path'),
        handler_role: eb.ref('excluded.handler_role'),
        staff_person_id: eb.ref('excluded.staff_person_id'),
        staff_name: eb.ref('excluded.staff_name'),
        clock: eb.ref('excluded.clock'),
        legal_mode: eb.ref('excluded.legal_mode'),
        legal_limit: eb.ref('excluded.legal_limit'),
        light: eb.ref('excluded.light'),
        overdue: eb.ref('excluded.overdue'),
        paused: eb.ref('excluded.paused'),
        deadline: eb.ref('excluded.deadline'),
        legal_deadline: eb.ref('excluded.legal_deadline'),
        next_change_at: eb.ref('excluded.next_change_at'),
        calendar_gap: eb.ref('excluded.calendar_gap'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteWatchRows(
  trx: Kysely<DB>,
  caseId: string,
  clockKeys: readonly string[],
): Promise<void> {
  if (clockKeys.length === 0) return;
  await trx
    .deleteFrom('case_clock_watch')
    .where('case_id', '=', caseId)
    .where('clock_key', 'in', [...clockKeys])
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Gauges and counters

export type GaugeBucket = CaseLightGaugesTable['bucket'];

export interface GaugeDelta {
  countyCode: string;
  dimension: 'handling' | 'department';
  orgCode: string;
  orgPath: string;
  bucket: GaugeBucket;
  delta: number;
}

/** The buckets a case counts in: its worst light, and overdue / paused when it is. */
export function bucketsOf(light: CaseLight | null): GaugeBucket[] {
  if (light === null) return [];
  const out: GaugeBucket[] = [light.light];
  if (light.overdue) out.push('overdue');
  if (light.paused) out.push('paused');
  return out;
}

const gaugeKey = (d: Omit<GaugeDelta, 'delta'>) => `${d.countyCode}|${d.dimension}|${d.orgCode}|${d.bucket}`;

/** Adds deltas into a map keyed by gauge row, dropping those that cancel out. */
export function collectGauges(into: Map<string, GaugeDelta>, deltas: readonly GaugeDelta[]): void {
  for (const d of deltas) {
    const key = gaugeKey(d);
    const found = into.get(key);
    if (found) found.delta += d.delta;
    else into.set(key, { ...d });
  }
}

/** Applies gauge deltas in one statement, rows in key order (so concurrent writers lock them alike). */
export async function applyGauges(trx: Kysely<DB>, deltas: Map<string, GaugeDelta>): Promise<void> {
  const sorted = [...deltas.entries()].filter(([, d]) => d.delta !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (sorted.length === 0) return;
  await trx
    .insertInto('case_light_gauges')
    .values(
      sorted.map(([, d]) => ({
        county_code: d.countyCode,
        dimension: d.dimension,
        org_code: d.orgCode,
        org_path: d.orgPath,
        bucket: d.bucket,
        count: d.delta,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'dimension', 'org_code', 'bucket'])
        .doUpdateSet({ count: sql<number>`case_light_gauges.count + excluded.count` }),
    )
    .execute();
}

export type CounterRow = Omit<Insertable<CaseCountersTable>, 'person_id'> & { person_id: string };

const counterKey = (r: CounterRow) =>
  `${r.county_code}|${r.dimension}|${r.org_code}|${r.person_id}|${r.day}|${r.metric}`;

/** Increments counters in one statement (duplicates summed first, rows in key order). */
export async function bumpCounters(trx: Kysely<DB>, rows: readonly CounterRow[]): Promise<void> {
  const merged = new Map<string, CounterRow>();
  for (const r of rows) {
    const key = counterKey(r);
    const found = merged.get(key);
    if (found) found.count = Number(found.count) + Number(r.count);
    else merged.set(key, { ...r });
  }
  const sorted = [...merged.entries()]
    .filter(([, r]) => Number(r.count) !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (sorted.length === 0) return;
  await trx
    .insertInto('case_counters')
    .values(sorted.map(([, r]) => r))
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'dimension', 'org_code', 'person_id', 'day', 'metric'])
        .doUpdateSet({ count: sql<number>`case_counters.count + excluded.count` }),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Warnings

export type WarningKind = CaseWarningsTable['kind'];

/** Inserts warnings, keeping the first of each (case, clock, kind); returns those actually written. */
export async function insertWarnings(
  trx: Kysely<DB>,
  rows: readonly Insertable<CaseWarningsTable>[],
): Promise<{ caseId: string; clockKey: string; kind: WarningKind }[]> {
  if (rows.length === 0) return [];
  const written = await trx
    .insertInto('case_warnings')
    .values([...rows])
    .onConflict((oc) => oc.columns(['case_id', 'clock_key', 'kind']).doNothing())
    .returning(['case_id', 'clock_key', 'kind'])
    .execute();
  return written.map((r) => ({ caseId: r.case_id, clockKey: r.clock_key, kind: r.kind }));
}

/** Cases among `caseIds` that already had an overdue warning before this transaction's ones. */
export async function casesAlreadyOverdue(
  trx: Kysely<DB>,
  caseIds: readonly string[],
  except: readonly { caseId: string; clockKey: string }[],
): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('case_warnings')
    .select(['case_id', 'clock_key'])
    .where('case_id', 'in', [...caseIds])
    .where('kind', '=', 'overdue')
    .execute();
  const skip = new Set(except.map((e) => `${e.caseId}|${e.clockKey}`));
  return new Set(rows.filter((r) => !skip.has(`${r.case_id}|${r.clock_key}`)).map((r) => r.case_id));
}

// ---------------------------------------------------------------------------------------------------
// People (read-only lookups: display names, and who holds a role where)

export async function personNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (valid.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(valid)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
