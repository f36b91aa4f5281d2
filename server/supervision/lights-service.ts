import type { Insertable, Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { CalendarYearNotLoadedError, type WorkingCalendar } from '../../core/calendar/index.ts';
import type { CaseEvent, CaseState } from '../../core/cases/lifecycle.ts';
import { type Clock, evaluateClock } from '../../core/clock/clock.ts';
import {
  type CaseLight,
  caseLightOf,
  type LegalLimit,
  legalClockOf,
  legalModeOf,
  lightRank,
  type Metric,
  watchClock,
} from '../../core/supervision/index.ts';
import { type CaseHandler, caseHandlers } from '../cases/case-access.ts';
import type { CaseChange } from '../cases/case-hooks.ts';
import type { CaseRecord } from '../cases/case-store.ts';
import { findVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { CaseWarningsTable, DB } from '../db/schema.ts';
import { fill, labels } from '../i18n/index.ts';
import { findOrgsByCodes } from '../org/org-store.ts';
import { enqueueWarningAlerts, publishLightsChanged, publishWarnings, type WarningAlert } from './alerts.ts';
import {
  applyGauges,
  bucketsOf,
  bumpCounters,
  type CounterRow,
  casesAlreadyOverdue,
  collectGauges,
  deleteWatchRows,
  dueCaseIds,
  type GaugeDelta,
  insertWarnings,
  lockWatchRows,
  type WarningKind,
  type WatchRow,
  writeWatchRows,
} from './supervision-store.ts';

/**
 * Lights, warnings and counters (issue 6, items 1 and 9). Two writers keep them:
 * - the case listener, inside every transition's transaction: it rewrites the case's watch rows (one per
 *   open clock), counts what the events did (received, accepted, completed on time…) and moves the light
 *   gauges, so they commit with the change;
 * - the sweeper (job `supervision.lights`): it reads only the watch rows whose next_change_at is due,
 *   re-evaluates them, writes the first yellow / red / overdue warning of each clock, tells the handler
 *   and moves the gauges.
 * Both lock a case's watch rows before changing them and then take gauge and counter rows in key order,
 * so they never deadlock and never count a change twice.
 */

/** How many due cases one sweeper transaction handles. */
export const SWEEP_BATCH = 500;

/** A clock whose deadline reaches an unloaded year is looked at again this often. */
const GAP_RETRY_MS = 24 * 3_600_000;

const STAFF_ROLES = new Set(['window_staff', 'approver', 'village_proxy']);

// ---------------------------------------------------------------------------------------------------
// Inputs the listener needs without leaving the transaction

interface VersionFacts {
  name: string;
  legalLimit: LegalLimit | null;
}

// Published versions do not change, so their name and legal limit are cached (bounded).
const versionCache = new Map<string, VersionFacts>();
const VERSION_CACHE_LIMIT = 5000;

async function versionFacts(trx: Kysely<DB>, versionId: string): Promise<VersionFacts> {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const v = await findVersion(trx, versionId);
  const facts: VersionFacts = {
    name: v?.name ?? '',
    legalLimit: (v?.legalLimit as LegalLimit | null | undefined) ?? null,
  };
  if (v?.status === 'published' || v?.status === 'retired') {
    if (versionCache.size >= VERSION_CACHE_LIMIT) versionCache.clear();
    versionCache.set(versionId, facts);
  }
  return facts;
}

/** Display name of a clock, from the module's labels (Chinese: what notifications and exports say). */
export function clockNameOf(
  key: string,
  state: CaseState,
  orgNames: Map<string, string>,
  lang: 'zh-CN' | 'en' = 'zh-CN',
): string {
  const names = labels(lang, 'supervision.clock.');
  if (key.startsWith('step:'))
    return fill(names.step ?? key, { name: state.steps[Number(key.slice(5))]?.name ?? '' });
  if (key.startsWith('task:')) {
    const code = key.slice(5);
    return fill(names.task ?? key, { name: orgNames.get(code) ?? code });
  }
  return names[key] ?? key;
}

const WINDOW_CLOCKS = new Set(['acceptance', 'on_the_spot', 'delivery']);

/** Who must act for one clock: its 联办 participant, the window for intake and delivery, else the reviewer. */
export function clockHandler(c: CaseRecord, key: string, handlers: readonly CaseHandler[]): CaseHandler {
  if (key.startsWith('task:')) {
    const party = c.participants.find((p) => p.orgCode === key.slice(5));
    if (party) return { orgCode: party.orgCode, orgPath: party.orgPath, role: 'approver' };
  }
  if (WINDOW_CLOCKS.has(key)) {
    return (
      handlers.find((h) => h.role === 'window_staff') ??
      handlers[0] ?? { orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath, role: 'window_staff' }
    );
  }
  return (
    handlers.find((h) => h.role === 'approver') ??
    handlers[0] ?? { orgCode: c.departmentCode, orgPath: c.departmentPath, role: 'approver' }
  );
}

// ---------------------------------------------------------------------------------------------------
// Evaluating rows

interface Evaluated {
  light: WatchRow['light'];
  overdue: boolean;
  paused: boolean;
  deadline: Date;
  legalDeadline: Date | null;
  nextChangeAt: Date | null;
  calendarGap: number | null;
}

function evaluateRow(
  clock: Clock,
  legalMode: WatchRow['legalMode'],
  legalLimit: LegalLimit | null,
  at: Date,
  calendar: WorkingCalendar,
  previous: WatchRow | undefined,
): Evaluated {
  try {
    const w = watchClock(clock, legalClockOf(clock, legalMode, legalLimit), at, calendar);
    return {
      light: w.light,
      overdue: w.overdue,
      paused: w.paused,
      deadline: new Date(w.deadline),
      legalDeadline: w.legalDeadline === null ? null : new Date(w.legalDeadline),
      nextChangeAt: w.nextChangeAt === null ? null : new Date(w.nextChangeAt),
      calendarGap: null,
    };
  } catch (error) {
    if (!(error instanceof CalendarYearNotLoadedError)) throw error;
    // Unknown, never guessed: keep what was known and look again daily (see the migration).
    return {
      light: previous?.light ?? 'green',
      overdue: previous?.overdue ?? false,
      paused: previous?.paused ?? false,
      deadline: previous?.deadline ?? new Date(Date.UTC(error.year, 0, 1) - 8 * 3_600_000 - 1),
      legalDeadline: previous?.legalDeadline ?? null,
      nextChangeAt: new Date(at.getTime() + GAP_RETRY_MS),
      calendarGap: error.year,
    };
  }
}

function isStopped(clock: Clock): boolean {
  return clock.stoppedAt != null;
}

// ---------------------------------------------------------------------------------------------------
// Warnings, gauges and counters from a before/after of watch rows

interface Outcome {
  gauges: Map<string, GaugeDelta>;
  warnings: Insertable<CaseWarningsTable>[];
  /** For the notification: per (case, clock), the rows as they are now. */
  changed: Map<string, WatchRow>;
}

function newOutcome(): Outcome {
  return { gauges: new Map(), warnings: [], changed: new Map() };
}

const caseLight = (rows: readonly WatchRow[]): CaseLight | null => caseLightOf(rows);

/** Gauge deltas of one case moving from `before` rows to `after` rows. */
function gaugeDeltas(before: readonly WatchRow[], after: readonly WatchRow[]): GaugeDelta[] {
  const out: GaugeDelta[] = [];
  const side = (rows: readonly WatchRow[], sign: 1 | -1) => {
    const first = rows[0];
    if (!first) return;
    for (const bucket of bucketsOf(caseLight(rows))) {
      out.push(
        {
          countyCode: first.countyCode,
          dimension: 'handling',
          orgCode: first.handlingOrgCode,
          orgPath: first.handlingOrgPath,
          bucket,
          delta: sign,
        },
        {
          countyCode: first.countyCode,
          dimension: 'department',
          orgCode: first.departmentCode,
          orgPath: first.departmentPath,
          bucket,
          delta: sign,
        },
      );
    }
  };
  side(before, -1);
  side(after, 1);
  return out;
}

/** The warnings a clock earns by moving from `old` to `now` (a clock just started earns none). */
function warningKinds(old: WatchRow | undefined, now: WatchRow): WarningKind[] {
  if (!old) return [];
  const kinds: WarningKind[] = [];
  if (lightRank(now.light) >= 1 && lightRank(old.light) < 1) kinds.push('yellow');
  if (now.light === 'red' && old.light !== 'red') kinds.push('red');
  if (now.overdue && !old.overdue) kinds.push('overdue');
  return kinds;
}

function collect(out: Outcome, before: readonly WatchRow[], after: readonly WatchRow[], at: Date): void {
  collectGauges(out.gauges, gaugeDeltas(before, after));
  const old = new Map(before.map((r) => [r.clockKey, r]));
  for (const row of after) {
    for (const kind of warningKinds(old.get(row.clockKey), row)) {
      out.warnings.push({
        county_code: row.countyCode,
        case_id: row.caseId,
        clock_key: row.clockKey,
        kind,
        handling_org_code: row.handlingOrgCode,
        handling_org_path: row.handlingOrgPath,
        department_path: row.departmentPath,
        handler_org_code: row.handlerOrgCode,
        handler_org_path: row.handlerOrgPath,
        handler_role: row.handlerRole,
        deadline: kind === 'overdue' ? row.legalDeadline : row.deadline,
        at,
      });
      out.changed.set(`${row.caseId}|${row.clockKey}`, row);
    }
  }
}

function counterRows(
  row: Pick<
    WatchRow,
    'countyCode' | 'handlingOrgCode' | 'handlingOrgPath' | 'departmentCode' | 'departmentPath'
  >,
  day: string,
  metric: Metric,
  count: number,
  staff: { personId: string; orgCode: string; orgPath: string } | null,
): CounterRow[] {
  const rows: CounterRow[] = [
    {
      county_code: row.countyCode,
      dimension: 'handling',
      org_code: row.handlingOrgCode,
      org_path: row.handlingOrgPath,
      person_id: '',
      day,
      metric,
      count,
    },
    {
      county_code: row.countyCode,
      dimension: 'department',
      org_code: row.departmentCode,
      org_path: row.departmentPath,
      person_id: '',
      day,
      metric,
      count,
    },
  ];
  if (staff) {
    rows.push({
      county_code: row.countyCode,
      dimension: 'staff',
      org_code: staff.orgCode,
      org_path: staff.orgPath,
      person_id: staff.personId,
      day,
      metric,
      count,
    });
  }
  return rows;
}

/**
 * Writes the warnings (first of each kind per clock), counts cases going overdue for the first time and
 * queues the handlers' in-app messages. Returns the alerts to push live once the transaction commits.
 */
async function settleOutcome(
  ctx: AppContext,
  trx: Kysely<DB>,
  out: Outcome,
  at: Date,
): Promise<WarningAlert[]> {
  await applyGauges(trx, out.gauges);
  const written = await insertWarnings(trx, out.warnings);
  if (written.length === 0) return [];
  const overdue = written.filter((w) => w.kind === 'overdue');
  const earlier = await casesAlreadyOverdue(trx, [...new Set(overdue.map((w) => w.caseId))], overdue);
  const counters: CounterRow[] = [];
  const day = shanghaiDateOf(at);
  const counted = new Set<string>();
  for (const w of overdue) {
    if (earlier.has(w.caseId) || counted.has(w.caseId)) continue;
    counted.add(w.caseId);
    const row = out.changed.get(`${w.caseId}|${w.clockKey}`)!;
    counters.push(...counterRows(row, day, 'overdue', 1, null));
  }
  await bumpCounters(trx, counters);
  // One message per clock, about the worst of what it just reached.
  const worst = new Map<string, WarningKind>();
  const rank: Record<WarningKind, number> = { yellow: 0, red: 1, overdue: 2 };
  for (const w of written) {
    const key = `${w.caseId}|${w.clockKey}`;
    const had = worst.get(key);
    if (!had || rank[w.kind] > rank[had]) worst.set(key, w.kind);
  }
  const alerts: WarningAlert[] = [];
  for (const [key, kind] of worst) {
    const row = out.changed.get(key)!;
    alerts.push({
      caseId: row.caseId,
      caseNumber: row.caseNumber,
      clockKey: row.clockKey,
      clockName: row.clockName,
      kind,
      light: row.light,
      deadline: (kind === 'overdue' ? row.legalDeadline : row.deadline)?.toISOString() ?? null,
      handlerOrgCode: row.handlerOrgCode,
      handlerOrgPath: row.handlerOrgPath,
      handlerRole: row.handlerRole,
      handlingOrgPath: row.handlingOrgPath,
      departmentPath: row.departmentPath,
      at: at.toISOString(),
    });
  }
  // Warnings stay in case_warnings, not the case file: the sweeper holds watch rows, and a case-row lock
  // taken after them would invert the order a transition takes them in (case, then watch rows).
  await enqueueWarningAlerts(ctx, trx, alerts);
  return alerts;
}

// ---------------------------------------------------------------------------------------------------
// The case listener

/** What each event adds to the counters (see core/supervision/statistics.ts for the definitions). */
function eventMetrics(e: CaseEvent, after: CaseState, calendar: WorkingCalendar): [Metric, number][] {
  const out: [Metric, number][] = [];
  switch (e.action) {
    case 'receive':
    case 'pre_review_pass':
      out.push(['received', 1]);
      break;
    case 'accept':
    case 'deem_accept':
      out.push(['accepted', 1]);
      break;
    case 'refuse':
      out.push(['refused', 1]);
      break;
    case 'withdraw':
      out.push(['withdrawn', 1]);
      break;
    case 'decide':
      out.push(['decided', 1]);
      break;
    case 'extend':
      out.push(['extended', 1]);
      break;
    case 'record_fee': {
      const fen = Number(e.payload.amountFen);
      if (Number.isSafeInteger(fen) && fen > 0) out.push(['fees_fen', fen]);
      break;
    }
    default:
      break;
  }
  if (e.to === 'closed' && e.from !== 'closed') {
    out.push(['completed', 1]);
    if (e.action === 'close_on_the_spot') out.push(['completed_on_the_spot', 1]);
    for (const [metric, n] of completionMetrics(after, calendar)) out.push([metric, n]);
  }
  return out;
}

/**
 * How a closed case did against its promise: its main clock (the decision clock, or the 即办 clock of an
 * on-the-spot item) as it stood when it stopped. Without such a clock nothing was promised to miss.
 */
function completionMetrics(state: CaseState, calendar: WorkingCalendar): [Metric, number][] {
  const clock = state.clocks.decision ?? state.clocks.on_the_spot;
  if (!clock) return [['completed_on_time', 1]];
  const out: [Metric, number][] = [];
  if (clock.extensions.length > 0) out.push(['completed_extended', 1]);
  try {
    const at = new Date(clock.stoppedAt ?? state.closedAt ?? state.updatedAt);
    const s = evaluateClock(clock, at, calendar);
    if (s.light === 'red') out.push(['completed_late', 1]);
    else {
      out.push(['completed_on_time', 1]);
      if (s.left >= 1) out.push(['completed_early', 1]);
    }
  } catch (error) {
    if (!(error instanceof CalendarYearNotLoadedError)) throw error;
  }
  return out;
}

/** The last staff member acting in these events, if any (an administrator acting as the system is not). */
function lastStaff(events: readonly CaseEvent[]): { personId: string; role: string } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const a = events[i]!.actor;
    if (STAFF_ROLES.has(a.role)) return { personId: a.personId, role: a.role };
  }
  return null;
}

/** The org a staff member's counts belong to: the department for its approvers, else the receiving unit. */
function staffOrg(c: CaseRecord, role: string): { orgCode: string; orgPath: string } {
  if (role === 'approver' && !(c.state.handlingKind === 'escalated' && !c.state.escalation)) {
    return { orgCode: c.departmentCode, orgPath: c.departmentPath };
  }
  return { orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath };
}

/** The watch rows a case should have at `at`: one per clock that has not stopped. */
async function watchRowsOf(
  trx: Kysely<DB>,
  c: CaseRecord,
  at: Date,
  calendar: WorkingCalendar,
  previous: readonly WatchRow[],
  staff: { personId: string | null; name: string | null },
): Promise<WatchRow[]> {
  const open = Object.entries(c.state.clocks).filter(([, clock]) => !isStopped(clock));
  if (open.length === 0) return [];
  const facts = await versionFacts(trx, c.versionId);
  const handlers = caseHandlers(c);
  const taskOrgs = open.filter(([k]) => k.startsWith('task:')).map(([k]) => k.slice(5));
  const orgNames = taskOrgs.length > 0 ? await findOrgsByCodes(trx, taskOrgs) : new Map<string, string>();
  const prev = new Map(previous.map((r) => [r.clockKey, r]));
  return open.map(([key, clock]) => {
    const { mode, limit } = legalModeOf(key, facts.legalLimit);
    const handler = clockHandler(c, key, handlers);
    return {
      caseId: c.id,
      clockKey: key,
      countyCode: c.countyCode,
      caseNumber: c.caseNumber,
      itemName: facts.name,
      caseStatus: c.status,
      clockName: clockNameOf(key, c.state, orgNames),
      handlingOrgCode: c.handlingOrgCode,
      handlingOrgPath: c.handlingOrgPath,
      departmentCode: c.departmentCode,
      departmentPath: c.departmentPath,
      handlerOrgCode: handler.orgCode,
      handlerOrgPath: handler.orgPath,
      handlerRole: handler.role,
      staffPersonId: staff.personId,
      staffName: staff.name,
      clock,
      legalMode: mode,
      legalLimit: limit,
      ...evaluateRow(clock, mode, limit, at, calendar, prev.get(key)),
      updatedAt: at,
    };
  });
}

/**
 * The listener registered on ctx.caseListeners: inside the transition's transaction it brings the case's
 * watch rows, gauges and counters up to date, writes any warning the transition reveals (a clock resumed
 * past its deadline) and queues its messages.
 */
export function supervisionListener(ctx: AppContext) {
  return async (trx: Kysely<DB>, change: CaseChange): Promise<void> => {
    const c = change.after;
    const at = change.at;
    // Evaluated just after the transition, so what it recorded at `at` (a pause, a stop) already counts.
    const asOf = new Date(at.getTime() + 1);
    // The calendar read before the transaction began: inside it nothing may query outside `trx`.
    const calendar = change.calendar;
    const before = await lockWatchRows(trx, [c.id]);
    const acting = lastStaff(change.events);
    let staff = { personId: before[0]?.staffPersonId ?? null, name: before[0]?.staffName ?? null };
    if (acting) {
      const name = acting.personId === change.actor.id ? change.actor.name : null;
      staff = { personId: acting.personId, name };
    }
    const after = await watchRowsOf(trx, c, asOf, calendar, before, staff);
    const keep = new Set(after.map((r) => r.clockKey));
    await deleteWatchRows(
      trx,
      c.id,
      before.filter((r) => !keep.has(r.clockKey)).map((r) => r.clockKey),
    );
    await writeWatchRows(trx, after);

    const out = newOutcome();
    collect(out, before, after, at);
    await settleOutcome(ctx, trx, out, at);

    // Counters: what each event did, on the day it happened.
    const place = {
      countyCode: c.countyCode,
      handlingOrgCode: c.handlingOrgCode,
      handlingOrgPath: c.handlingOrgPath,
      departmentCode: c.departmentCode,
      departmentPath: c.departmentPath,
    };
    const rows: CounterRow[] = [];
    for (const e of change.events) {
      const metrics = eventMetrics(e, c.state, calendar);
      if (metrics.length === 0) continue;
      const who = STAFF_ROLES.has(e.actor.role)
        ? { personId: e.actor.personId, ...staffOrg(c, e.actor.role) }
        : null;
      const day = shanghaiDateOf(new Date(e.at));
      for (const [metric, n] of metrics) rows.push(...counterRows(place, day, metric, n, who));
    }
    await bumpCounters(trx, rows);
  };
}

// ---------------------------------------------------------------------------------------------------
// The sweeper

export interface SweepReport {
  /** Cases looked at (each had at least one clock whose change was due). */
  cases: number;
  /** Clocks whose light or overdue flag changed. */
  changed: number;
  warnings: number;
  batches: number;
}

/**
 * One pass of the light sweeper at ctx.now(): batches of due cases, each in one transaction (rows held by
 * a transition in progress are skipped: that transition recomputes them). Incremental: it reads only the
 * rows whose next_change_at has come, through the partial index.
 */
export async function sweepLights(ctx: AppContext, opts: { batch?: number } = {}): Promise<SweepReport> {
  const batch = opts.batch ?? SWEEP_BATCH;
  const report: SweepReport = { cases: 0, changed: 0, warnings: 0, batches: 0 };
  const calendar = await ctx.calendar.current();
  const seen = new Set<string>();
  const changedPaths = new Set<string>();
  for (;;) {
    const now = ctx.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const ids = (await dueCaseIds(trx, now, batch)).filter((id) => !seen.has(id));
      if (ids.length === 0) return null;
      for (const id of ids) seen.add(id);
      const rows = await lockWatchRows(trx, ids);
      const byCase = new Map<string, WatchRow[]>();
      for (const r of rows) {
        const list = byCase.get(r.caseId) ?? [];
        list.push(r);
        byCase.set(r.caseId, list);
      }
      const out = newOutcome();
      const updated: WatchRow[] = [];
      let changed = 0;
      for (const before of byCase.values()) {
        const after = before.map((r) => {
          if (r.nextChangeAt === null || r.nextChangeAt > now) return r;
          const next = {
            ...r,
            ...evaluateRow(r.clock, r.legalMode, r.legalLimit, now, calendar, r),
            updatedAt: now,
          };
          if (next.light !== r.light || next.overdue !== r.overdue) {
            changed++;
            changedPaths.add(r.handlingOrgPath);
          }
          updated.push(next);
          return next;
        });
        collect(out, before, after, now);
      }
      await writeWatchRows(trx, updated);
      const alerts = await settleOutcome(ctx, trx, out, now);
      return { cases: byCase.size, changed, alerts, full: ids.length >= batch };
    });
    if (result === null) break;
    report.batches++;
    report.cases += result.cases;
    report.changed += result.changed;
    report.warnings += result.alerts.length;
    publishWarnings(ctx, result.alerts);
    if (!result.full) break;
  }
  publishLightsChanged(ctx, changedPaths);
  return report;
}
