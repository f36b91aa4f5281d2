import dayjs from 'dayjs';
import { formatTime } from '../i18n/index.ts';

/** A rate (0–1, null = no cases) as a percentage with one decimal, or a dash. */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Fen as yuan with two decimals. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** An instant as a Shanghai date and minute. */
export function minute(iso: string | null | undefined): string {
  return iso ? formatTime(iso).slice(0, 16) : '—';
}

/** Today in Shanghai (YYYY-MM-DD). */
export function shanghaiToday(): string {
  return dayjs().tz('Asia/Shanghai').format('YYYY-MM-DD');
}

/** This month in Shanghai (YYYY-MM). */
export function shanghaiMonth(): string {
  return shanghaiToday().slice(0, 7);
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  return dayjs(`${month}-01`).subtract(1, 'month').format('YYYY-MM');
}
