/**
 * Efficiency statistics (效能统计) as pure functions over counts. The server keeps the counts per org,
 * day and metric (case_counters); every figure here is a ratio or a sum of them, so a month, a quarter or
 * a year of a township is a sum of rows, never a scan of cases. The exact definitions are written out in
 * docs/supervision.md and mirrored in the comments below.
 */
import { daysInMonth, epochDayOf, isoDateOfEpochDay } from '../calendar/dates.ts';

/**
 * What the counters count; each is incremented once, on the Shanghai day the thing happened.
 * - received: a case is received (收件) — a walk-in registration, or an online/proxy filing passing
 *   pre-review or being received at the window;
 * - accepted: accepted (受理), including deemed acceptance (视为受理);
 * - refused: not accepted (不予受理); withdrawn: withdrawn by the applicant;
 * - decided: a decision is made (准予 or 不予许可);
 * - completed: the case is closed (办结) — after delivery, or on the spot for 即办件;
 * - completed_on_the_spot: closed on the spot (即办办结, the same working day);
 * - completed_on_time: closed, and its main clock (decision, or 即办 for on-the-spot items) was not red
 *   when it stopped — decided within the promised limit;
 * - completed_early: closed, and the main clock stopped with at least one whole unit left — decided
 *   before the day of the promised deadline (a same-day 即办件 has no unit to spare and is never early);
 * - completed_extended: closed, and the decision clock was extended (延期) at least once;
 * - completed_late: closed, and the main clock was red when it stopped;
 * - extended: an extension is granted (each grant counts);
 * - overdue: a case goes past a legal limit for the first time (counted once per case, by the sweeper
 *   or by the transition that reveals it);
 * - fees_fen: fees collected, in fen (分);
 * - ratings, ratings_satisfied: evaluations received and those rated satisfied (基本满意 or better) —
 *   fed by the 好差评 module when it lands;
 * - complaints: complaints about the unit — fed by the feedback module when it lands.
 */
export const METRICS = [
  'received',
  'accepted',
  'refused',
  'withdrawn',
  'decided',
  'completed',
  'completed_on_the_spot',
  'completed_on_time',
  'completed_early',
  'completed_extended',
  'completed_late',
  'extended',
  'overdue',
  'fees_fen',
  'ratings',
  'ratings_satisfied',
  'complaints',
] as const;
export type Metric = (typeof METRICS)[number];
export type Counts = Record<Metric, number>;

export function isMetric(value: string): value is Metric {
  return (METRICS as readonly string[]).includes(value);
}

export function emptyCounts(): Counts {
  return Object.fromEntries(METRICS.map((m) => [m, 0])) as Counts;
}

/** Sums partial counts (rows of the counters table) into full ones; unknown metrics are ignored. */
export function addCounts(into: Counts, from: Partial<Record<string, number>>): Counts {
  for (const m of METRICS) into[m] += Number(from[m] ?? 0);
  return into;
}

/** The figures a daily summary shows (item 4 of the issue), in its column order. */
export const SUMMARY_METRICS = [
  'received',
  'accepted',
  'refused',
  'completed',
  'completed_on_the_spot',
  'completed_early',
  'extended',
  'overdue',
  'fees_fen',
] as const satisfies readonly Metric[];
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface Rates {
  /** 按时办结率 = completed_on_time / completed. */
  onTimeRate: number | null;
  /** 提前办结率 = completed_early / completed. */
  earlyRate: number | null;
  /** 现场办结率 = completed_on_the_spot / completed. */
  onTheSpotRate: number | null;
  /** 延期率 = completed_extended / completed. */
  extensionRate: number | null;
  /** 逾期件数 = overdue. */
  overdueCount: number;
  /** 满意率 = ratings_satisfied / ratings; null until ratings exist (the 好差评 module feeds them). */
  satisfactionRate: number | null;
  /** 投诉件数 = complaints. */
  complaintCount: number;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/** The statistics of a set of counts. A rate whose denominator is zero is null ("no cases"), never 0. */
export function ratesOf(c: Counts): Rates {
  return {
    onTimeRate: ratio(c.completed_on_time, c.completed),
    earlyRate: ratio(c.completed_early, c.completed),
    onTheSpotRate: ratio(c.completed_on_the_spot, c.completed),
    extensionRate: ratio(c.completed_extended, c.completed),
    overdueCount: c.overdue,
    satisfactionRate: ratio(c.ratings_satisfied, c.ratings),
    complaintCount: c.complaints,
  };
}

// ---------------------------------------------------------------------------------------------------
// Periods

export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

export interface Period {
  kind: PeriodKind;
  /** '2026-03', '2026-Q1' or '2026'. */
  key: string;
  /** First and last Shanghai date, inclusive. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthPeriod(year: number, month: number): Period {
  return {
    kind: 'month',
    key: `${year}-${pad(month)}`,
    from: `${year}-${pad(month)}-01`,
    to: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`,
  };
}

function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarter',
    key: `${year}-Q${quarter}`,
    from: monthPeriod(year, first).from,
    to: monthPeriod(year, first + 2).to,
  };
}

function yearPeriod(year: number): Period {
  return { kind: 'year', key: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
}

/** '2026-03' → March 2026, '2026-Q1' → Q1, '2026' → the year; null for anything else. */
export function parsePeriod(key: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? monthPeriod(Number(m[1]), month) : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(key);
  return m ? yearPeriod(Number(m[1])) : null;
}

/** The period of `kind` containing a date. */
export function periodOf(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'month') return monthPeriod(year, month);
  if (kind === 'quarter') return quarterPeriod(year, Math.floor((month - 1) / 3) + 1);
  return yearPeriod(year);
}

/** The `count` periods of `p`'s kind ending with `p`, oldest first (a trend series). */
export function trailingPeriods(p: Period, count: number): Period[] {
  const out: Period[] = [p];
  let cur = p;
  while (out.length < count) {
    cur = periodOf(cur.kind, isoDateOfEpochDay(epochDayOf(cur.from) - 1));
    out.unshift(cur);
  }
  return out;
}
