/**
 * The statutory clock of a case (DESIGN.md, "The clock"): a plain JSON value stored on the case row and
 * re-evaluated against the working calendar whenever someone (or the sweeper) looks at it.
 *
 * Rules it encodes:
 * - The day an event happens is not counted; a day-unit deadline is the end (23:59:59.999 +08:00) of its
 *   Asia/Shanghai day. Working-day clock: deadline date = addWorkingDays(start date, total + suspended),
 *   where total = limit + extensions.
 * - A closed pause from f to t suspends the working (or natural) days d with date(f) < d ≤ date(t): the day
 *   a pause starts still counts, the day it ends does not, so a pause that starts and ends on holidays
 *   suspends no working days. Hours clocks suspend the exact paused duration instead.
 * - An open pause suspends up to now: the deadline is then a projection ("if the pause ended now"),
 *   `paused` is true and the light is frozen at what it was when the pause began — a pause keeps a green
 *   case green while the applicant or the expert is the one taking time (行政许可法 art. 45).
 * - restartOnSupplement (政府信息公开条例 art. 30): a closed supplement pause restarts the count from its
 *   end, discarding the days used before it; while such a pause is open, the projection is a full limit
 *   from today.
 * - Extensions add to the limit, in the clock's unit (called `days` because statutory extensions are);
 *   their sum may not exceed maxExtensionDays when it is set.
 * - used = units elapsed since the start (today included) minus suspended units; left = total - used and
 *   may go negative. Once the case is closed (`stoppedAt`), everything is evaluated as of that moment.
 * - Light: red once the deadline has passed; else yellow when left ≤ yellowWhenLeftAtMost (default 1)
 *   or used/total ≥ yellowWhenUsedRatio (default 0.8); else green.
 * - overdueBy = whole units past the deadline (= -left), 0 when not red. A working-day clock is red but 0
 *   working days overdue on the weekend right after a Friday deadline: no working day has passed yet.
 *
 * Evaluation is "as of" an instant: pauses that begin, extensions granted and stops recorded after it are
 * not yet known, and a pause whose end is after it is still open. This keeps replays of the case file and
 * the frozen light consistent with what was shown at the time.
 */
import {
  CalendarInputError,
  endOfShanghaiEpochDayMs,
  MS_PER_HOUR,
  parseInstant,
  shanghaiEpochDayOfMs,
} from '../calendar/dates.ts';
import { CalendarYearNotLoadedError, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';

export type ClockUnit = 'working_days' | 'natural_days' | 'hours';
export const CLOCK_UNITS: readonly ClockUnit[] = ['working_days', 'natural_days', 'hours'];

/** Why a clock is paused: 补正, a special procedure (行政许可法 art. 45), or 征求第三方意见 (条例 art. 33). */
export const PAUSE_REASONS = ['supplement', 'special_procedure', 'third_party_consultation'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The special procedures whose time is not counted (行政许可法 art. 45). */
export const SPECIAL_PROCEDURES = [
  '听证',
  '招标',
  '拍卖',
  '检验',
  '检测',
  '检疫',
  '鉴定',
  '专家评审',
] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

export interface ClockPause {
  /** ISO instant with offset. */
  from: string;
  /** ISO instant with offset; absent or null while the pause is open. */
  to?: string | null;
  reason: PauseReason;
  /** Only for reason 'special_procedure'. */
  procedureKind?: SpecialProcedure;
  note?: string;
}

export interface ClockExtension {
  /** Units added to the limit (days for day clocks, hours for an hours clock). */
  days: number;
  approvedBy: string;
  reason: string;
  /** When it was approved (ISO instant); it counts from then on. */
  at: string;
}

export interface ClockThresholds {
  /** Yellow when at most this many units are left. Default 1, in the clock's unit. */
  yellowWhenLeftAtMost?: number;
  /** Yellow when used/total reaches this ratio. Default 0.8. */
  yellowWhenUsedRatio?: number;
}

export interface Clock {
  startedAt: string;
  limit: { value: number; unit: ClockUnit };
  pauses: ClockPause[];
  extensions: ClockExtension[];
  maxExtensionDays?: number;
  restartOnSupplement?: boolean;
  thresholds?: ClockThresholds;
  stoppedAt?: string | null;
  /** Name of the preset the clock was made from, for display; the clock's own fields are what count. */
  preset?: string;
}

export type ClockLight = 'green' | 'yellow' | 'red';

export interface ClockState {
  /** ISO instant (UTC); for day units the end of the deadline's Shanghai day. */
  deadline: string;
  /** Shanghai date of the deadline for day units; null for hours. */
  deadlineDate: string | null;
  unit: ClockUnit;
  /** limit + extensions granted so far. */
  total: number;
  used: number;
  left: number;
  paused: boolean;
  light: ClockLight;
  overdueBy: number;
}

export const DEFAULT_YELLOW_WHEN_LEFT_AT_MOST = 1;
export const DEFAULT_YELLOW_WHEN_USED_RATIO = 0.8;

// Scratch space reused by every evaluation: the sweeper evaluates every open case, so the clock's
// instants are parsed once into these typed arrays instead of into fresh objects. JS is single-threaded
// and evaluation never re-enters itself, so sharing them is safe.
let pauseFrom = new Float64Array(8);
let pauseTo = new Float64Array(8);
let pauseIsSupplement = new Uint8Array(8);
let extensionAt = new Float64Array(8);
let extensionUnits = new Float64Array(8);

/** Result of one evaluation pass; a single mutable object of fixed shape, for the same reason. */
const pass = { total: 0, used: 0, deadlineMs: 0, deadlineDay: 0, openPauseFrom: Number.NaN };

function badInstant(value: unknown, field: string): CalendarInputError {
  return new CalendarInputError(field, `${field} 必须是带时区的 ISO 时间，收到：${String(value)}`);
}

function instantField(value: string, field: string): number {
  const ms = parseInstant(value);
  if (Number.isNaN(ms)) throw badInstant(value, field);
  return ms;
}

function loadInstants(clock: Clock): void {
  const pauses = clock.pauses;
  const extensions = clock.extensions;
  if (pauses.length > pauseFrom.length) {
    const size = Math.max(pauses.length, pauseFrom.length * 2);
    pauseFrom = new Float64Array(size);
    pauseTo = new Float64Array(size);
    pauseIsSupplement = new Uint8Array(size);
  }
  if (extensions.length > extensionAt.length) {
    const size = Math.max(extensions.length, extensionAt.length * 2);
    extensionAt = new Float64Array(size);
    extensionUnits = new Float64Array(size);
  }
  for (let i = 0; i < pauses.length; i++) {
    const p = pauses[i]!;
    const from = parseInstant(p.from);
    if (Number.isNaN(from)) throw badInstant(p.from, `clock.pauses[${i}].from`);
    const to = p.to == null ? Number.POSITIVE_INFINITY : parseInstant(p.to);
    if (Number.isNaN(to)) throw badInstant(p.to, `clock.pauses[${i}].to`);
    pauseFrom[i] = from;
    pauseTo[i] = to;
    pauseIsSupplement[i] = p.reason === 'supplement' ? 1 : 0;
  }
  for (let i = 0; i < extensions.length; i++) {
    const e = extensions[i]!;
    const at = parseInstant(e.at);
    if (Number.isNaN(at)) throw badInstant(e.at, `clock.extensions[${i}].at`);
    extensionAt[i] = at;
    extensionUnits[i] = e.days;
  }
}

/** One evaluation as of instant `at`, over the instants loaded by loadInstants; fills `pass`. */
function runPass(clock: Clock, startMs: number, at: number, calendar: WorkingCalendar): void {
  const unit = clock.limit.unit;
  const pauseCount = clock.pauses.length;
  const restart = clock.restartOnSupplement === true;

  let total = clock.limit.value;
  for (let i = 0; i < clock.extensions.length; i++) {
    if (extensionAt[i]! <= at) total += extensionUnits[i]!;
  }

  let originMs = startMs;
  let openPauseFrom = Number.NaN;
  for (let i = 0; i < pauseCount; i++) {
    const from = pauseFrom[i]!;
    if (!(from < at)) continue;
    const to = pauseTo[i]!;
    if (to > at) {
      openPauseFrom = from;
      // The projection of an open supplement under the restart rule: the count starts over today.
      if (restart && pauseIsSupplement[i] === 1) originMs = at;
    } else if (restart && pauseIsSupplement[i] === 1 && to > originMs) {
      originMs = to;
    }
  }

  if (unit === 'hours') {
    let pausedMs = 0;
    for (let i = 0; i < pauseCount; i++) {
      const from = pauseFrom[i]!;
      if (!(from < at)) continue;
      const start = Math.max(from, originMs);
      const end = Math.min(pauseTo[i]!, at);
      if (end > start) pausedMs += end - start;
    }
    const usedMs = at - originMs - pausedMs;
    pass.total = total;
    pass.used = usedMs > 0 ? usedMs / MS_PER_HOUR : 0;
    pass.deadlineMs = originMs + total * MS_PER_HOUR + pausedMs;
    pass.deadlineDay = Number.NaN;
    pass.openPauseFrom = openPauseFrom;
    return;
  }

  const working = unit === 'working_days';
  const originDay = shanghaiEpochDayOfMs(originMs);
  const today = shanghaiEpochDayOfMs(at);
  let suspended = 0;
  for (let i = 0; i < pauseCount; i++) {
    const from = pauseFrom[i]!;
    if (!(from < at)) continue;
    const start = Math.max(from, originMs);
    const end = Math.min(pauseTo[i]!, at);
    if (!(end > start)) continue;
    const fromDay = shanghaiEpochDayOfMs(start);
    const toDay = shanghaiEpochDayOfMs(end);
    if (toDay > fromDay) {
      suspended += working ? calendar.workingDaysBetweenEpochDays(fromDay, toDay) : toDay - fromDay;
    }
  }
  const deadlineDay = working
    ? calendar.addWorkingDaysToEpochDay(originDay, total + suspended)
    : originDay + total + suspended;
  let elapsed = 0;
  if (today > originDay) {
    elapsed = working ? calendar.workingDaysBetweenEpochDays(originDay, today) : today - originDay;
  }
  pass.total = total;
  pass.used = elapsed > suspended ? elapsed - suspended : 0;
  pass.deadlineMs = endOfShanghaiEpochDayMs(deadlineDay);
  pass.deadlineDay = deadlineDay;
  pass.openPauseFrom = openPauseFrom;
}

function lightOf(at: number, deadlineMs: number, total: number, used: number, clock: Clock): ClockLight {
  if (at > deadlineMs) return 'red';
  const leftAtMost = clock.thresholds?.yellowWhenLeftAtMost ?? DEFAULT_YELLOW_WHEN_LEFT_AT_MOST;
  const usedRatio = clock.thresholds?.yellowWhenUsedRatio ?? DEFAULT_YELLOW_WHEN_USED_RATIO;
  if (total - used <= leftAtMost) return 'yellow';
  if (total > 0 && used / total >= usedRatio) return 'yellow';
  return 'green';
}

/**
 * The clock's state as of `now` (or as of `stoppedAt` for a closed case). Expects a clock that passed
 * validateClock; a malformed instant still throws CalendarInputError rather than yielding a wrong light.
 * Throws CalendarYearNotLoadedError when a working-day count reaches a year without a loaded schedule.
 */
export function evaluateClock(clock: Clock, now: Date, calendar: WorkingCalendar): ClockState {
  let at = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(at)) throw new CalendarInputError('now', 'now 必须是有效的时间');
  const startMs = instantField(clock.startedAt, 'clock.startedAt');
  if (clock.stoppedAt != null) {
    const stoppedMs = instantField(clock.stoppedAt, 'clock.stoppedAt');
    if (stoppedMs < at) at = stoppedMs;
  }
  loadInstants(clock);

  runPass(clock, startMs, at, calendar);
  const total = pass.total;
  const used = pass.used;
  const left = total - used;
  const deadlineMs = pass.deadlineMs;
  const deadlineDay = pass.deadlineDay;
  const openPauseFrom = pass.openPauseFrom;
  const paused = !Number.isNaN(openPauseFrom);

  let light: ClockLight;
  if (paused) {
    runPass(clock, startMs, openPauseFrom, calendar);
    light = lightOf(openPauseFrom, pass.deadlineMs, pass.total, pass.used, clock);
  } else {
    light = lightOf(at, deadlineMs, total, used, clock);
  }

  const unit = clock.limit.unit;
  let deadline: string;
  let deadlineDate: string | null = null;
  if (unit === 'hours') {
    deadline = new Date(deadlineMs).toISOString();
  } else {
    // 23:59:59.999 in Shanghai is 15:59:59.999 UTC on the same date: no Date needed to format it.
    deadlineDate = calendar.dateOfEpochDay(deadlineDay);
    deadline = `${deadlineDate}T15:59:59.999Z`;
  }
  return {
    deadline,
    deadlineDate,
    unit,
    total,
    used,
    left,
    paused,
    light,
    overdueBy: light === 'red' && left < 0 ? -left : 0,
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const REASON_NAMES: Record<PauseReason, string> = {
  supplement: '补正',
  special_procedure: '特别程序',
  third_party_consultation: '征求第三方意见',
};

/**
 * Checks a clock as it arrives from a request or the database and returns a clean copy (unknown fields
 * dropped, pauses in the order given). Every problem is reported, each with the JSON path of its field.
 * Beyond the shape it enforces the rules that make evaluation meaningful: pauses lie after the start,
 * end after they begin, do not overlap and at most one is open; extensions name who approved them and
 * why, and together stay within maxExtensionDays.
 */
/**
 * The clock evaluated, or null when there is no calendar or the deadline falls in a year whose holidays
 * are not loaded: such a deadline is unknown and shown as such, never guessed (DESIGN.md, "The clock").
 */
export function evaluateClockIfKnown(
  clock: Clock,
  now: Date,
  calendar: WorkingCalendar | null,
): ClockState | null {
  if (!calendar) return null;
  try {
    return evaluateClock(clock, now, calendar);
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError) return null;
    throw error;
  }
}

export function validateClock(input: unknown): ValidationResult<Clock> {
  const errors: ValidationError[] = [];
  const fail = (field: string, code: string, message: string) => {
    errors.push({ field, code, message });
  };
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field: '$', code: 'clock.invalid', message: '计时器必须是对象' }] };
  }

  const instant = (value: unknown, field: string): number => {
    const ms = typeof value === 'string' ? parseInstant(value) : Number.NaN;
    if (Number.isNaN(ms)) fail(field, 'clock.instant_invalid', `${field} 必须是带时区的 ISO 8601 时间`);
    return ms;
  };

  const startMs = instant(input.startedAt, 'startedAt');

  let limit: Clock['limit'] | undefined;
  const rawLimit = input.limit;
  if (!isPlainObject(rawLimit)) {
    fail('limit', 'clock.limit_invalid', '必须给出时限（value 与 unit）');
  } else {
    const { value, unit } = rawLimit;
    let limitOk = true;
    if (!isNonNegativeInteger(value)) {
      fail('limit.value', 'clock.limit_invalid', '时限必须是非负整数');
      limitOk = false;
    }
    if (!CLOCK_UNITS.includes(unit as ClockUnit)) {
      fail('limit.unit', 'clock.unit_invalid', '时限单位必须是 working_days、natural_days 或 hours');
      limitOk = false;
    }
    if (limitOk) limit = { value: value as number, unit: unit as ClockUnit };
  }

  // Pauses
  const pauses: ClockPause[] = [];
  const spans: { index: number; from: number; to: number }[] = [];
  const rawPauses = input.pauses ?? [];
  if (!Array.isArray(rawPauses)) {
    fail('pauses', 'clock.invalid', 'pauses 必须是数组');
  } else {
    let openIndex = -1;
    rawPauses.forEach((raw: unknown, i) => {
      const at = `pauses[${i}]`;
      if (!isPlainObject(raw)) {
        fail(at, 'clock.invalid', '暂停记录必须是对象');
        return;
      }
      const errorsBefore = errors.length;
      const from = instant(raw.from, `${at}.from`);
      const open = raw.to === undefined || raw.to === null;
      const to = open ? Number.POSITIVE_INFINITY : instant(raw.to, `${at}.to`);
      if (!Number.isNaN(from) && !Number.isNaN(startMs) && from < startMs) {
        fail(`${at}.from`, 'clock.pause_before_start', '暂停不能早于计时开始');
      }
      if (!Number.isNaN(from) && !Number.isNaN(to) && to < from) {
        fail(`${at}.to`, 'clock.pause_ends_before_start', '暂停的结束时间早于开始时间');
      }
      if (open) {
        if (openIndex >= 0) {
          fail(
            `${at}.to`,
            'clock.multiple_open_pauses',
            `同时只能有一个未结束的暂停（另见 pauses[${openIndex}]）`,
          );
        } else {
          openIndex = i;
        }
      }
      const reason = raw.reason;
      if (!PAUSE_REASONS.includes(reason as PauseReason)) {
        fail(`${at}.reason`, 'clock.pause_reason_invalid', `暂停原因必须是 ${PAUSE_REASONS.join('、')} 之一`);
      }
      const procedureKind = raw.procedureKind;
      if (procedureKind !== undefined && procedureKind !== null) {
        if (!SPECIAL_PROCEDURES.includes(procedureKind as SpecialProcedure)) {
          fail(
            `${at}.procedureKind`,
            'clock.procedure_kind_invalid',
            `特别程序必须是 ${SPECIAL_PROCEDURES.join('、')} 之一`,
          );
        } else if (reason !== 'special_procedure') {
          fail(`${at}.procedureKind`, 'clock.procedure_kind_invalid', '只有特别程序暂停才能注明程序种类');
        }
      }
      if (raw.note !== undefined && raw.note !== null && typeof raw.note !== 'string') {
        fail(`${at}.note`, 'clock.invalid', '备注必须是字符串');
      }
      if (errors.length > errorsBefore) return;
      const pause: ClockPause = { from: raw.from as string, reason: reason as PauseReason };
      if (!open) pause.to = raw.to as string;
      if (procedureKind != null) pause.procedureKind = procedureKind as SpecialProcedure;
      if (typeof raw.note === 'string') pause.note = raw.note;
      pauses.push(pause);
      spans.push({ index: i, from, to });
    });
    spans.sort((a, b) => a.from - b.from || a.index - b.index);
    for (let k = 1; k < spans.length; k++) {
      const prev = spans[k - 1]!;
      const cur = spans[k]!;
      const bothOpen = prev.to === Number.POSITIVE_INFINITY && cur.to === Number.POSITIVE_INFINITY;
      if (prev.to > cur.from && !bothOpen) {
        fail(`pauses[${cur.index}].from`, 'clock.pauses_overlap', `暂停时间与 pauses[${prev.index}] 重叠`);
      }
    }
  }

  // Extensions
  const extensions: ClockExtension[] = [];
  const rawExtensions = input.extensions ?? [];
  const maxExtension = input.maxExtensionDays;
  const maxOk = maxExtension === undefined || maxExtension === null || isNonNegativeInteger(maxExtension);
  if (!maxOk) fail('maxExtensionDays', 'clock.max_extension_invalid', '最长延期必须是非负整数');
  if (!Array.isArray(rawExtensions)) {
    fail('extensions', 'clock.invalid', 'extensions 必须是数组');
  } else {
    let sum = 0;
    rawExtensions.forEach((raw: unknown, i) => {
      const at = `extensions[${i}]`;
      if (!isPlainObject(raw)) {
        fail(at, 'clock.invalid', '延期记录必须是对象');
        return;
      }
      const errorsBefore = errors.length;
      const { days, approvedBy, reason } = raw;
      if (!(typeof days === 'number' && Number.isSafeInteger(days) && days > 0)) {
        fail(`${at}.days`, 'clock.extension_days_invalid', '延期天数必须是正整数');
      }
      if (!isNonBlankString(approvedBy)) {
        fail(`${at}.approvedBy`, 'clock.extension_needs_approver', '延期必须写明批准人');
      }
      if (!isNonBlankString(reason)) {
        fail(`${at}.reason`, 'clock.extension_needs_approver', '延期必须写明理由（并告知申请人）');
      }
      instant(raw.at, `${at}.at`);
      if (errors.length > errorsBefore) return;
      sum += days as number;
      if (maxOk && typeof maxExtension === 'number' && sum > maxExtension) {
        fail(`${at}.days`, 'clock.extension_exceeds_limit', `延期合计 ${sum} 超过法定上限 ${maxExtension}`);
        return;
      }
      extensions.push({
        days: days as number,
        approvedBy: approvedBy as string,
        reason: reason as string,
        at: raw.at as string,
      });
    });
  }

  if (input.restartOnSupplement !== undefined && typeof input.restartOnSupplement !== 'boolean') {
    fail('restartOnSupplement', 'clock.invalid', 'restartOnSupplement 必须是布尔值');
  }

  let thresholds: ClockThresholds | undefined;
  const rawThresholds = input.thresholds;
  if (rawThresholds !== undefined && rawThresholds !== null) {
    if (!isPlainObject(rawThresholds)) {
      fail('thresholds', 'clock.threshold_invalid', 'thresholds 必须是对象');
    } else {
      const { yellowWhenLeftAtMost: leftAtMost, yellowWhenUsedRatio: ratio } = rawThresholds;
      thresholds = {};
      if (leftAtMost !== undefined) {
        if (typeof leftAtMost !== 'number' || !Number.isFinite(leftAtMost) || leftAtMost < 0) {
          fail('thresholds.yellowWhenLeftAtMost', 'clock.threshold_invalid', '黄灯剩余量必须是非负数');
        } else {
          thresholds.yellowWhenLeftAtMost = leftAtMost;
        }
      }
      if (ratio !== undefined) {
        if (typeof ratio !== 'number' || !(ratio > 0 && ratio <= 1)) {
          fail('thresholds.yellowWhenUsedRatio', 'clock.threshold_invalid', '黄灯用时比例必须在 0 到 1 之间');
        } else {
          thresholds.yellowWhenUsedRatio = ratio;
        }
      }
    }
  }

  const rawStopped = input.stoppedAt;
  if (rawStopped !== undefined && rawStopped !== null) {
    const stoppedMs = instant(rawStopped, 'stoppedAt');
    if (!Number.isNaN(stoppedMs) && !Number.isNaN(startMs) && stoppedMs < startMs) {
      fail('stoppedAt', 'clock.stopped_before_start', '停止时间早于开始时间');
    }
  }

  if (input.preset !== undefined && input.preset !== null && typeof input.preset !== 'string') {
    fail('preset', 'clock.invalid', 'preset 必须是字符串');
  }

  if (errors.length > 0 || limit === undefined) return { ok: false, errors };
  const value: Clock = { startedAt: input.startedAt as string, limit, pauses, extensions };
  if (typeof maxExtension === 'number') value.maxExtensionDays = maxExtension;
  if (typeof input.restartOnSupplement === 'boolean') value.restartOnSupplement = input.restartOnSupplement;
  if (thresholds && Object.keys(thresholds).length > 0) value.thresholds = thresholds;
  if (typeof rawStopped === 'string') value.stoppedAt = rawStopped;
  if (typeof input.preset === 'string') value.preset = input.preset;
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------------
// Transitions: small pure helpers for the case service; each returns a new clock, validated.

function toInstantText(at: Date | string): string {
  return at instanceof Date ? at.toISOString() : at;
}

/** Starts a pause; fails if one is already open or the result is otherwise invalid. */
export function pauseClock(
  clock: Clock,
  pause: { at: Date | string; reason: PauseReason; procedureKind?: SpecialProcedure; note?: string },
): ValidationResult<Clock> {
  const next: ClockPause = { from: toInstantText(pause.at), to: null, reason: pause.reason };
  if (pause.procedureKind !== undefined) next.procedureKind = pause.procedureKind;
  if (pause.note !== undefined) next.note = pause.note;
  return validateClock({ ...clock, pauses: [...clock.pauses, next] });
}

/** Ends the open pause at `at`. */
export function resumeClock(clock: Clock, at: Date | string): ValidationResult<Clock> {
  const index = clock.pauses.findIndex((p) => p.to == null);
  if (index < 0) {
    return {
      ok: false,
      errors: [{ field: 'pauses', code: 'clock.not_paused', message: '没有未结束的暂停' }],
    };
  }
  const pauses = clock.pauses.map((p, i) => (i === index ? { ...p, to: toInstantText(at) } : p));
  return validateClock({ ...clock, pauses });
}

/** Grants an extension; fails without approver and reason, or beyond maxExtensionDays. */
export function extendClock(
  clock: Clock,
  extension: { days: number; approvedBy: string; reason: string; at: Date | string },
): ValidationResult<Clock> {
  const next: ClockExtension = { ...extension, at: toInstantText(extension.at) };
  return validateClock({ ...clock, extensions: [...clock.extensions, next] });
}

/** Stops the clock when the case is decided or closed; the state is frozen as of that moment. */
export function stopClock(clock: Clock, at: Date | string): ValidationResult<Clock> {
  return validateClock({ ...clock, stoppedAt: toInstantText(at) });
}

/** The human name of a pause reason, for notices and the case file. */
export function pauseReasonName(reason: PauseReason): string {
  return REASON_NAMES[reason];
}
