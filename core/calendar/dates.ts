/**
 * Calendar-date and instant helpers. Dates are 'YYYY-MM-DD' strings at the edges and epoch-day integers
 * (days since 1970-01-01) inside, so that arithmetic is integer arithmetic. Asia/Shanghai has been a
 * fixed UTC+8 without daylight saving since 1991, which lets every Shanghai conversion be a constant
 * shift instead of a slow Intl lookup; instants before 1991 (never a case deadline) are out of scope.
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;
/** Offset of Asia/Shanghai from UTC. */
export const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;

/** A bad argument given to a calendar function: `field` names the argument, as validation errors do. */
export class CalendarInputError extends Error {
  readonly code = 'calendar.invalid_input' as const;
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'CalendarInputError';
    this.field = field;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function epochDayFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/**
 * Epoch day of a strict 'YYYY-MM-DD' date, or NaN if the text is not exactly that shape or not a real
 * date ('2025-02-29' is NaN). Hand-parsed because it sits on the hot path of every calendar query.
 */
export function tryEpochDay(date: string): number {
  if (typeof date !== 'string' || date.length !== 10) return Number.NaN;
  return epochDayAt(date, 0);
}

/** The date in s[o..o+10) as an epoch day, or NaN; the caller checks what follows it. */
function epochDayAt(s: string, o: number): number {
  if (s.charCodeAt(o + 4) !== 45 || s.charCodeAt(o + 7) !== 45) return Number.NaN;
  const year = digit(s, o) * 1000 + digit(s, o + 1) * 100 + digit(s, o + 2) * 10 + digit(s, o + 3);
  const month = digit(s, o + 5) * 10 + digit(s, o + 6);
  const day = digit(s, o + 8) * 10 + digit(s, o + 9);
  // NaN fails every comparison below, so a non-digit anywhere ends here.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  return epochDayFromParts(year, month, day);
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(tryEpochDay(value));
}

/** Epoch day of a 'YYYY-MM-DD' date; throws CalendarInputError naming `field` if it is not one. */
export function epochDayOf(date: string, field = 'date'): number {
  const day = tryEpochDay(date);
  if (Number.isNaN(day)) {
    throw new CalendarInputError(field, `${field} 必须是有效的日期（YYYY-MM-DD），收到：${String(date)}`);
  }
  return day;
}

/** Calendar year of an epoch day (civil_from_days, year part only). */
export function yearOfEpochDay(epochDay: number): number {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** 'YYYY-MM-DD' of an epoch day (civil_from_days). */
export function isoDateOfEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yyyy = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** Day of week of an epoch day, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The Shanghai calendar day an instant (ms since the epoch) falls on, as an epoch day. */
export function shanghaiEpochDayOfMs(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The instant 23:59:59.999 +08:00 of an epoch day, in ms since the epoch. */
export function endOfShanghaiEpochDayMs(epochDay: number): number {
  return (epochDay + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1;
}

function instantMs(instant: Date, field: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new CalendarInputError(field, `${field} 必须是有效的时间`);
  return ms;
}

/** The Shanghai calendar date ('YYYY-MM-DD') of an instant. */
export function shanghaiDateOf(instant: Date): string {
  return isoDateOfEpochDay(shanghaiEpochDayOfMs(instantMs(instant, 'instant')));
}

/**
 * The last millisecond of a Shanghai day, 23:59:59.999 +08:00, as a Date (i.e. 15:59:59.999Z). A deadline
 * is the end of its day, so this is the instant after which a case on that deadline is overdue.
 */
export function endOfShanghaiDay(date: string): Date {
  return new Date(endOfShanghaiEpochDayMs(epochDayOf(date)));
}

/**
 * `date` plus `n` calendar days (n may be negative: this is plain date arithmetic; the working calendar's
 * own addNaturalDays is the deadline-facing one and only goes forward).
 */
export function addNaturalDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new CalendarInputError('n', `n 必须是整数，收到：${String(n)}`);
  return isoDateOfEpochDay(epochDayOf(date) + n);
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant with an explicit offset —
 * 'YYYY-MM-DDTHH:mm[:ss[.fraction]](Z|±HH:MM)' — or NaN. An instant without an offset is rejected
 * because Date.parse would read it in the server's local zone, which is exactly the silent ambiguity
 * stored timestamps must not have. Hand-parsed: a clock evaluation parses several of these per case.
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string') return Number.NaN;
  const len = text.length;
  if (len < 17 || text.charCodeAt(10) !== 84 /* T */) return Number.NaN;
  const epochDay = epochDayAt(text, 0);
  if (Number.isNaN(epochDay) || text.charCodeAt(13) !== 58 /* : */) return Number.NaN;
  const hour = digit(text, 11) * 10 + digit(text, 12);
  const minute = digit(text, 14) * 10 + digit(text, 15);
  let i = 16;
  let second = 0;
  let ms = 0;
  if (text.charCodeAt(i) === 58) {
    second = digit(text, i + 1) * 10 + digit(text, i + 2);
    i += 3;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      const start = i;
      let scale = 100;
      while (i < len) {
        const d = digit(text, i);
        if (Number.isNaN(d)) break;
        // Digits past milliseconds are truncated: storage is millisecond precision.
        if (scale >= 1) ms += d * scale;
        scale /= 10;
        i++;
      }
      if (i === start || i - start > 9) return Number.NaN;
    }
  }
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  let offsetMinutes = 0;
  const sign = text.charCodeAt(i);
  if (sign === 90 /* Z */) {
    if (i + 1 !== len) return Number.NaN;
  } else if (sign === 43 /* + */ || sign === 45 /* - */) {
    if (i + 6 !== len || text.charCodeAt(i + 3) !== 58) return Number.NaN;
    const oh = digit(text, i + 1) * 10 + digit(text, i + 2);
    const om = digit(text, i + 4) * 10 + digit(text, i + 5);
    if (!(oh <= 23 && om <= 59)) return Number.NaN;
    offsetMinutes = (sign === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return Number.NaN;
  }
  return (
    epochDay * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + ms - offsetMinutes * 60_000
  );
}

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(parseInstant(value));
}
