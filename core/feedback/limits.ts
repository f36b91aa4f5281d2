/**
 * The time limits of the feedback loop and the clocks built from them (DESIGN.md, "The clock": bad rating
 * rectification is configurable per locality, often verify in 1 and rectify in 15 working days; named bad
 * ratings get a 100% revisit).
 *
 * - verifyDays: the handler verifies the bad rating (核实) and, when it is named, revisits the rater (回访)
 *   within this many working days of the rating;
 * - rectifyDays: the order reaches an outcome (已整改, 无法整改 approved, 无效差评 upheld) within this many
 *   working days of the rating;
 * - complaintDays: the supervision office investigates a complaint and replies within this many working
 *   days of its filing.
 *
 * All are counted like every other clock of core/clock: working days on the loaded calendar, the day of
 * the event not counted, a deadline the end of its Shanghai day. A locality's supervisor sets them in the
 * console; an order or complaint keeps the limits in force when it opened (its clock is stored on the row).
 */
import { epochDayFromParts, MS_PER_DAY, SHANGHAI_OFFSET_MS, tryEpochDay } from '../calendar/dates.ts';
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import type { Clock } from '../clock/clock.ts';

export interface FeedbackLimits {
  verifyDays: number;
  rectifyDays: number;
  complaintDays: number;
}

export const DEFAULT_FEEDBACK_LIMITS: Readonly<FeedbackLimits> = {
  verifyDays: 1,
  rectifyDays: 15,
  complaintDays: 10,
};

/** Bounds a locality may choose within. */
export const LIMIT_BOUNDS: Readonly<Record<keyof FeedbackLimits, { min: number; max: number }>> = {
  verifyDays: { min: 0, max: 10 },
  rectifyDays: { min: 1, max: 60 },
  complaintDays: { min: 1, max: 60 },
};

export function validateLimits(input: unknown): ValidationResult<FeedbackLimits> {
  const errors: ValidationError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: '$', code: 'feedback.limits_invalid', message: '时限必须是对象' }],
    };
  }
  const raw = input as Record<string, unknown>;
  const out: Partial<FeedbackLimits> = {};
  for (const key of Object.keys(LIMIT_BOUNDS) as (keyof FeedbackLimits)[]) {
    const value = raw[key];
    const { min, max } = LIMIT_BOUNDS[key];
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
      errors.push({
        field: key,
        code: 'feedback.limits_invalid',
        message: `${key} 必须是 ${min}–${max} 的整数（工作日）`,
      });
    } else {
      out[key] = value;
    }
  }
  if (out.verifyDays !== undefined && out.rectifyDays !== undefined && out.verifyDays > out.rectifyDays) {
    errors.push({
      field: 'verifyDays',
      code: 'feedback.limits_invalid',
      message: '核实回访时限不能长于整改时限',
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out as FeedbackLimits };
}

/**
 * A working-day clock of `days` from `startedAt`. A one-day (or same-day) clock would be yellow from its
 * first minute under the default "≤ 1 unit left" rule, so short clocks turn yellow only on their last day.
 */
export function feedbackClock(startedAt: Date | string, days: number): Clock {
  const clock: Clock = {
    startedAt: startedAt instanceof Date ? startedAt.toISOString() : startedAt,
    limit: { value: days, unit: 'working_days' },
    pauses: [],
    extensions: [],
    maxExtensionDays: 0,
  };
  if (days <= 1) clock.thresholds = { yellowWhenLeftAtMost: 0 };
  return clock;
}

// ---------------------------------------------------------------------------------------------------
// Months (Asia/Shanghai), for monthly counts and the public satisfaction page

export function isMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 2000;
}

/** The instants [from, to) of a Shanghai calendar month 'YYYY-MM'. */
export function monthRange(month: string): { from: Date; to: Date } {
  if (!isMonth(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const year = Number(month.slice(0, 4));
  const mon = Number(month.slice(5, 7));
  const startDay = epochDayFromParts(year, mon, 1);
  const nextDay = mon === 12 ? epochDayFromParts(year + 1, 1, 1) : epochDayFromParts(year, mon + 1, 1);
  return {
    from: new Date(startDay * MS_PER_DAY - SHANGHAI_OFFSET_MS),
    to: new Date(nextDay * MS_PER_DAY - SHANGHAI_OFFSET_MS),
  };
}

/** The instants [from, to) covering Shanghai dates from..to inclusive ('YYYY-MM-DD'). */
export function dateRange(from: string, to: string): { from: Date; to: Date } {
  const day = (d: string) => {
    const n = tryEpochDay(d);
    if (Number.isNaN(n)) throw new RangeError(`date must be YYYY-MM-DD, got ${d}`);
    return n;
  };
  return {
    from: new Date(day(from) * MS_PER_DAY - SHANGHAI_OFFSET_MS),
    to: new Date((day(to) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS),
  };
}

/** The Shanghai month 'YYYY-MM' of an instant. */
export function monthOf(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}
