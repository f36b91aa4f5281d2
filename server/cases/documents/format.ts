/**
 * How the documents print dates, durations and money. Pure; the renderer and its tests use these.
 */
import {
  isIsoDate,
  isoDateOfEpochDay,
  MS_PER_DAY,
  parseInstant,
  SHANGHAI_OFFSET_MS,
  shanghaiEpochDayOfMs,
} from '../../../core/calendar/dates.ts';
import type { ClockUnit } from '../../../core/clock/clock.ts';
import { AMOUNT_DIGITS, AMOUNT_GROUPS, AMOUNT_UNITS, AMOUNT_WORDS, UNITS } from './wording.ts';

/** True for an ISO date ('2026-11-23') or an ISO instant with an offset. */
export function isDateLike(value: unknown): value is string {
  return typeof value === 'string' && (isIsoDate(value) || !Number.isNaN(parseInstant(value)));
}

function shanghaiParts(value: string): { y: number; m: number; d: number; minutes: number | null } {
  let date: string;
  let minutes: number | null = null;
  if (isIsoDate(value)) {
    date = value;
  } else {
    const ms = parseInstant(value);
    if (Number.isNaN(ms)) throw new RangeError(`not an ISO date or instant: ${JSON.stringify(value)}`);
    date = isoDateOfEpochDay(shanghaiEpochDayOfMs(ms));
    minutes = Math.floor(((((ms + SHANGHAI_OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d, minutes };
}

/**
 * 2026年11月23日 in Asia/Shanghai. Months and days carry no leading zero (GB/T 9704: 月、日不编虚位).
 * A plain date is taken as a Shanghai date; an instant is converted.
 */
export function chineseDate(value: string): string {
  const { y, m, d } = shanghaiParts(value);
  return `${y}年${m}月${d}日`;
}

/** 2026年11月23日 09:05 (Shanghai); a plain date prints without a time. */
export function chineseDateTime(value: string): string {
  const { minutes } = shanghaiParts(value);
  if (minutes === null) return chineseDate(value);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${chineseDate(value)} ${hh}:${mm}`;
}

/** The Shanghai year of a date or instant. */
export function shanghaiYear(value: string): number {
  return shanghaiParts(value).y;
}

/** 10个工作日, 15日, 48小时. */
export function duration(value: number, unit: ClockUnit): string {
  return UNITS[unit](value);
}

/** Fen (integer) → '1234.50'. */
export function yuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be whole fen ≥ 0: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function groupUpper(group: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const digit = Math.floor(group / 10 ** pos) % 10;
    if (digit === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += AMOUNT_WORDS.zero;
    zero = false;
    out += AMOUNT_DIGITS[digit]! + AMOUNT_UNITS[pos]!;
  }
  return out;
}

/**
 * Fen → the uppercase amount written on Chinese receipts: 壹万零伍拾元整, 壹仟元零伍分, 伍角整.
 * Rules (会计基础工作规范 第五十二条): 整 after 元 or 角, never after 分; one 零 for any run of zeros
 * inside the number, none at the end of a group.
 */
export function yuanUppercase(fen: number): string {
  yuan(fen); // validates
  if (fen === 0) return `${AMOUNT_WORDS.zero}${AMOUNT_WORDS.yuan}${AMOUNT_WORDS.whole}`;
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = '';
  const groups: number[] = [];
  for (let rest = whole; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let pendingZero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!;
    if (group === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (out && (pendingZero || group < 1000)) out += AMOUNT_WORDS.zero;
    pendingZero = false;
    out += groupUpper(group) + AMOUNT_GROUPS[g]!;
  }
  if (out) out += AMOUNT_WORDS.yuan;
  if (jiao === 0 && cents === 0) return out + AMOUNT_WORDS.whole;
  if (jiao > 0) out += AMOUNT_DIGITS[jiao]! + AMOUNT_WORDS.jiao;
  else if (out) out += AMOUNT_WORDS.zero;
  if (cents > 0) return out + AMOUNT_DIGITS[cents]! + AMOUNT_WORDS.fen;
  return out + AMOUNT_WORDS.whole;
}

/** A free-text clause to be followed by 。: trailing punctuation and spaces removed. */
export function clause(text: string): string {
  return text.trim().replace(/[。．.，,；;：:\s]+$/u, '');
}

/** A free-text sentence: ends with 。 (or another full stop the writer chose). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。！？!?]$/u.test(t) ? t : `${clause(t)}。`;
}
