import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Guide, Limit } from './guide.ts';
import { codeFromText, LIMIT_UNITS } from './vocabulary.ts';

/** 即办: the same working day. */
export const SAME_DAY: Limit = Object.freeze({ value: 0, unit: 'working_days' });

/**
 * The last day a limit allows when counting starts on `from` (the day itself not counted), as the case
 * clock counts it: working days on the calendar (0 = `from` if it is a working day, else the next one),
 * natural days plainly, even when the last one is a holiday (see docs/calendar.md). Throws
 * CalendarYearNotLoadedError rather than guess a working day.
 */
export function limitDeadline(calendar: WorkingCalendar, from: string, limit: Limit): string {
  return limit.unit === 'working_days'
    ? calendar.addWorkingDays(from, limit.value)
    : calendar.addNaturalDays(from, limit.value);
}

/**
 * Whether `promised` allows no more time than `legal`. Same unit: compare the values. Different units:
 * compare the deadlines both give from the same day, which is what a resident filing that day would see.
 */
export function promisedWithinLegal(
  calendar: WorkingCalendar,
  from: string,
  promised: Limit,
  legal: Limit,
): boolean {
  if (promised.unit === legal.unit) return promised.value <= legal.value;
  return limitDeadline(calendar, from, promised) <= limitDeadline(calendar, from, legal);
}

/**
 * The day a case filed today should be done by: the promised limit counted from today; an on-the-spot
 * item is today if it is a working day, else the next working day.
 */
export function expectedCompletion(
  calendar: WorkingCalendar,
  today: string,
  guide: Pick<Guide, 'handling' | 'promisedLimit'>,
): string {
  return limitDeadline(
    calendar,
    today,
    guide.handling.kind === 'on_the_spot' ? SAME_DAY : guide.promisedLimit,
  );
}

/** "20个工作日", "即办" for 0 working days, "无" for no limit (English: "20 working days", "same day", "none"). */
export function formatLimit(limit: Limit | null, lang: 'zh' | 'en' = 'zh'): string {
  if (!limit) return lang === 'zh' ? '无' : 'none';
  if (limit.value === 0 && limit.unit === 'working_days') return lang === 'zh' ? '即办' : 'same day';
  const unit = LIMIT_UNITS.find((u) => u.code === limit.unit)!;
  return lang === 'zh' ? `${limit.value}${unit.zh}` : `${limit.value} ${unit.en}`;
}

/**
 * Reads what formatLimit writes, plus the spellings officials use ("20工作日", "当场办结"). Returns null
 * for an empty or "无" cell and undefined for text that is not a limit.
 */
export function parseLimit(text: string): Limit | null | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '' || t === '无' || t.toLowerCase() === 'none') return null;
  if (['即办', '当场办结', '即时办结', 'same day'].includes(t.toLowerCase())) return { ...SAME_DAY };
  const m = /^(\d{1,4}) ?(?:个)? ?(.+)$/.exec(t);
  if (!m) return undefined;
  const word = m[2]!.trim();
  // A bare 日 or 天 is refused: the licensing law counts 日 as working days, other laws as natural days.
  const unit = codeFromText(LIMIT_UNITS, word) ?? codeFromText(LIMIT_UNITS, `个${word}`);
  return unit ? { value: Number(m[1]), unit } : undefined;
}
