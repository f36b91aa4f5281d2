import dayjs from 'dayjs';

export const ZONE = 'Asia/Shanghai';

/** Today as a Beijing calendar day, whatever the browser's own time zone. */
export function beijingToday(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}

/** A 'YYYY-MM-DD' day as local midnight, for formatting, weekdays and whole-day steps only. */
export function day(date: string): dayjs.Dayjs {
  return dayjs(date);
}

export interface MonthCell {
  key: string;
  /** null for the padding before the 1st and after the last day. */
  date: string | null;
}

/** The month as weeks of seven cells, Monday first. */
export function monthWeeks(year: number, month: number): MonthCell[][] {
  const first = dayjs(new Date(year, month, 1));
  const lead = (first.day() + 6) % 7;
  const cells: MonthCell[] = Array.from({ length: lead }, (_, i) => ({ key: `lead-${i}`, date: null }));
  for (let d = 1; d <= first.daysInMonth(); d++) {
    const date = first.date(d).format('YYYY-MM-DD');
    cells.push({ key: date, date });
  }
  for (let i = 0; cells.length % 7; i++) cells.push({ key: `trail-${i}`, date: null });
  const weeks: MonthCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Natural days from `from` to `to` (both 'YYYY-MM-DD'), the start day not counted. */
export function naturalDaysBetween(from: string, to: string): number {
  return day(to).diff(day(from), 'day');
}

/** Consecutive dates in runs, so 10/1–10/8 reads as one range rather than eight dates. */
export function runsOf(dates: readonly string[]): [string, string][] {
  const sorted = [...dates].sort();
  const runs: [string, string][] = [];
  for (const date of sorted) {
    const last = runs.at(-1);
    if (last && day(last[1]).add(1, 'day').format('YYYY-MM-DD') === date) last[1] = date;
    else runs.push([date, date]);
  }
  return runs;
}
