import dayjs, { type Dayjs } from 'dayjs';
import type { PeriodKind } from './supervisionApi.ts';

/** The statistics period key of a date: '2026-03', '2026-Q1' or '2026'. */
export function periodKeyOf(kind: PeriodKind, d: Dayjs): string {
  if (kind === 'month') return d.format('YYYY-MM');
  if (kind === 'quarter') return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  return String(d.year());
}

/** The first day of a period key (for the pickers); null for anything else. */
export function periodStart(key: string): Dayjs | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return dayjs(`${m[1]}-${m[2]}-01`);
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return dayjs(`${m[1]}-01-01`).month((Number(m[2]) - 1) * 3);
  m = /^(\d{4})$/.exec(key);
  return m ? dayjs(`${m[1]}-01-01`) : null;
}

export function kindOfKey(key: string): PeriodKind | null {
  if (/^\d{4}-\d{2}$/.test(key)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^\d{4}$/.test(key)) return 'year';
  return null;
}
