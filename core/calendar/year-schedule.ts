import { tryEpochDay } from './dates.ts';
import type { YearSchedule } from './working-calendar.ts';

export interface ValidationError {
  /** JSON path of the offending value, e.g. `days[3].date`; `$` is the input itself. */
  field: string;
  /** Stable code; the server maps it to localized text. */
  code: string;
  /** Developer-facing explanation in Chinese. */
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

/** Years a State Council holiday notice can exist for: the PRC's founding to a generous horizon. */
export const MIN_SCHEDULE_YEAR = 1949;
export const MAX_SCHEDULE_YEAR = 2200;

type DayEntry = YearSchedule['days'][number];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a year's holiday arrangement as an admin would upload it (the State Council's yearly notice).
 * All problems are reported at once. On success the value is a clean copy with the days sorted by date
 * and exact duplicates (same date, same kind) merged; the same date with two kinds is a conflict.
 * An empty day list is accepted: it states that the year has no holidays or adjusted workdays, which is
 * an explicit statement, unlike a year that is not loaded at all.
 */
export function validateYearSchedule(input: unknown): ValidationResult<YearSchedule> {
  const errors: ValidationError[] = [];
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [{ field: '$', code: 'calendar.schedule_invalid', message: '年度安排必须是对象' }],
    };
  }
  const { year, source, days } = input;
  const yearOk =
    typeof year === 'number' &&
    Number.isInteger(year) &&
    year >= MIN_SCHEDULE_YEAR &&
    year <= MAX_SCHEDULE_YEAR;
  if (!yearOk) {
    errors.push({
      field: 'year',
      code: 'calendar.year_invalid',
      message: `年份必须是 ${MIN_SCHEDULE_YEAR} 到 ${MAX_SCHEDULE_YEAR} 之间的整数`,
    });
  }
  if (typeof source !== 'string' || source.trim() === '') {
    errors.push({
      field: 'source',
      code: 'calendar.schedule_invalid',
      message: '必须注明来源（如国务院办公厅的节假日安排通知）',
    });
  }
  if (!Array.isArray(days)) {
    errors.push({ field: 'days', code: 'calendar.schedule_invalid', message: 'days 必须是数组' });
    return { ok: false, errors };
  }

  const seen = new Map<string, { kind: DayEntry['kind']; index: number }>();
  const clean: DayEntry[] = [];
  days.forEach((entry: unknown, i) => {
    const at = `days[${i}]`;
    if (!isPlainObject(entry)) {
      errors.push({ field: at, code: 'calendar.schedule_invalid', message: '每一天必须是对象' });
      return;
    }
    const { date, kind, name } = entry;
    let entryOk = true;
    if (typeof date !== 'string' || Number.isNaN(tryEpochDay(date))) {
      errors.push({
        field: `${at}.date`,
        code: 'calendar.date_invalid',
        message: `日期必须是有效的 YYYY-MM-DD，收到：${String(date)}`,
      });
      entryOk = false;
    } else if (yearOk && date.slice(0, 4) !== String(year)) {
      errors.push({
        field: `${at}.date`,
        code: 'calendar.date_outside_year',
        message: `日期 ${date} 不在 ${year} 年内`,
      });
      entryOk = false;
    }
    if (kind !== 'holiday' && kind !== 'adjusted_workday') {
      errors.push({
        field: `${at}.kind`,
        code: 'calendar.day_kind_invalid',
        message: `类型必须是 holiday（放假）或 adjusted_workday（调休上班），收到：${String(kind)}`,
      });
      entryOk = false;
    }
    if (name !== undefined && name !== null && typeof name !== 'string') {
      errors.push({ field: `${at}.name`, code: 'calendar.schedule_invalid', message: '名称必须是字符串' });
      entryOk = false;
    }
    if (!entryOk) return;
    const d = date as string;
    const k = kind as DayEntry['kind'];
    const earlier = seen.get(d);
    if (earlier) {
      if (earlier.kind !== k) {
        errors.push({
          field: `${at}.date`,
          code: 'calendar.date_conflict',
          message: `日期 ${d} 同时被列为放假和调休上班（另见 days[${earlier.index}]）`,
        });
      }
      return;
    }
    seen.set(d, { kind: k, index: i });
    clean.push(typeof name === 'string' && name !== '' ? { date: d, kind: k, name } : { date: d, kind: k });
  });

  if (errors.length > 0) return { ok: false, errors };
  clean.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, value: { year: year as number, source: (source as string).trim(), days: clean } };
}
