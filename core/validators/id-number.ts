/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence code (odd for
 * men, even for women) and an ISO 7064 MOD 11-2 check character. Validated on entry because the number is
 * the key residents are found by and the case file must never carry a mistyped one (个人信息保护法 requires
 * personal information to be accurate, art. 8).
 */
import { isoDateOfEpochDay, shanghaiDateOf, tryEpochDay } from '../calendar/dates.ts';
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';

export interface IdNumberInfo {
  /** 18 characters, check character upper-case. */
  normalized: string;
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  sex: 'male' | 'female';
  /** The 6-digit address code: where the number was first issued, not where the person lives now. */
  regionCode: string;
}

export interface IdNumberOptions {
  /**
   * Today's date ('YYYY-MM-DD', or an instant read as its Asia/Shanghai date). Without it the
   * "birth date not in the future" check is skipped: core code never reads the system clock.
   */
  today?: string | Date;
  /** JSON path reported in errors; `$` by default. */
  field?: string;
}

/**
 * Province-level prefixes of GB/T 2260 that can start an address code. 83 is not in GB/T 2260 but is the
 * prefix of 台湾居民居住证 numbers, which follow GB 11643 and are accepted wherever a 身份证 is
 * (国办发〔2018〕81号); 81 and 82 serve the same purpose for Hong Kong and Macao residents.
 */
// biome-ignore format: one row per region group reads better than one prefix per line
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/**
 * Nobody holding a number today was born before this year; an earlier "birth date" is a typing error
 * (e.g. 0019… for 1999…) rather than a real person.
 */
const EARLIEST_BIRTH_YEAR = 1850;

/** W_i = 2^(17-i) mod 11 for i = 1…17 (GB 11643-1999, ISO 7064 MOD 11-2). */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
/** The check character for each value of (Σ a_i·W_i) mod 11. */
const CHECK_CHARS = '10X98765432';

/**
 * Full-width ASCII (as Chinese input methods produce: ５１１７… or ｘ) folded to half-width, and the
 * surrounding spaces of a pasted value trimmed. Inner spaces stay, so "5117 23…" is still rejected.
 */
export function toHalfWidth(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out.trim();
}

/** The check character for a 17-digit body; throws on anything but 17 digits (a programming error). */
export function idNumberCheckDigit(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new RangeError('身份证号码本体码必须是 17 位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function todayText(today: string | Date): string {
  return today instanceof Date ? shanghaiDateOf(today) : today;
}

/**
 * Validates a 居民身份证号码 as typed at a window or online. Lower-case x and full-width characters are
 * accepted and normalised. Every problem found is reported: a bad birth date and a bad check character
 * are independent typing errors. The 15-digit first-generation numbers are refused: those cards stopped
 * being valid on 1 January 2013 (公安部公告, 第一代居民身份证停止使用).
 */
export function validateIdNumber(value: unknown, opts: IdNumberOptions = {}): ValidationResult<IdNumberInfo> {
  const field = opts.field ?? '$';
  const fail = (code: string, message: string): ValidationResult<IdNumberInfo> => ({
    ok: false,
    errors: [{ field, code, message }],
  });
  if (typeof value !== 'string') return fail('id_number.format', '身份证号码必须是字符串');
  const normalized = toHalfWidth(value).toUpperCase();
  if (/^\d{15}$/.test(normalized)) {
    return fail('id_number.format', '15 位的第一代身份证号码已停止使用，请填写 18 位号码');
  }
  if (normalized.length !== 18) {
    return fail('id_number.format', `身份证号码必须是 18 位，收到 ${normalized.length} 位`);
  }
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    return fail('id_number.format', '身份证号码前 17 位必须是数字，最后一位是数字或 X');
  }
  const regionCode = normalized.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) {
    return fail('id_number.format', `地址码 ${regionCode} 的前两位不是有效的省级行政区划代码`);
  }

  const errors: ValidationError[] = [];
  const raw = normalized.slice(6, 14);
  const birthDate = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
  const birthDay = tryEpochDay(birthDate);
  if (Number.isNaN(birthDay) || Number(raw.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    errors.push({ field, code: 'id_number.birth_date', message: `出生日期 ${raw} 不是有效的日期` });
  } else if (opts.today !== undefined) {
    const today = tryEpochDay(todayText(opts.today));
    if (Number.isNaN(today)) throw new RangeError('today 必须是有效的日期（YYYY-MM-DD）或时间');
    if (birthDay > today) {
      errors.push({
        field,
        code: 'id_number.birth_date',
        message: `出生日期 ${birthDate} 晚于今天 ${isoDateOfEpochDay(today)}`,
      });
    }
  }
  const expected = idNumberCheckDigit(normalized.slice(0, 17));
  if (normalized[17] !== expected) {
    errors.push({
      field,
      code: 'id_number.check_digit',
      message: `校验码不符：最后一位应为 ${expected}，请核对号码是否输错`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const sequenceLast = normalized.charCodeAt(16) - 48;
  return {
    ok: true,
    value: { normalized, birthDate, sex: sequenceLast % 2 === 1 ? 'male' : 'female', regionCode },
  };
}

/**
 * The number as lists and exports show it: the address code and the last four characters, the birth date
 * and most of the sequence hidden (个人信息保护法 art. 51: 去标识化). Anything too short to keep both ends
 * is hidden entirely.
 */
export function maskIdNumber(value: string): string;
export function maskIdNumber(value: string | null): string | null;
export function maskIdNumber(value: string | null): string | null {
  if (value === null) return null;
  const v = toHalfWidth(value).toUpperCase();
  if (v.length <= 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}
