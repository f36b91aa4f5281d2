/**
 * 好差评 (国办发〔2019〕51号): what a rating is and when it is valid. Pure, shared by the server (which
 * refuses bad input) and the web pages (which check before sending).
 *
 * - One rating per case (一事一评) for a case that is finished — 办结 (closed) or 不予受理 (refused: the
 *   resident was served and may judge how) — and only once; or one per window visit without a case
 *   (一次一评: the window, the date, the staff member if the resident names them).
 * - Five levels, best first. 不满意 and 非常不满意 are 差评: each opens a rectification order.
 *   基本满意 or better counts as satisfied (满意率 = satisfied / valid ratings).
 * - Dimension scores 1–5: overall is required, the others (efficiency, guide accuracy, convenience,
 *   attitude) optional.
 * - Named (实名) ratings carry a phone number (and optionally a name) so the handler can revisit; an
 *   anonymous rating keeps no personal data at all — a name or phone sent with it is dropped.
 */
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import { validatePhone } from '../validators/index.ts';

export const RATING_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** 差评: the levels that open a rectification order. */
export const BAD_LEVELS: readonly RatingLevel[] = ['dissatisfied', 'very_dissatisfied'];
/** The levels counted as satisfied in 满意率 (基本满意 or better). */
export const SATISFIED_LEVELS: readonly RatingLevel[] = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
];

export function isRatingLevel(value: unknown): value is RatingLevel {
  return typeof value === 'string' && (RATING_LEVELS as readonly string[]).includes(value);
}

export function isBadLevel(level: RatingLevel): boolean {
  return BAD_LEVELS.includes(level);
}

export function isSatisfiedLevel(level: RatingLevel): boolean {
  return SATISFIED_LEVELS.includes(level);
}

export const RATING_DIMENSIONS = ['overall', 'efficiency', 'guide', 'convenience', 'attitude'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];
export type RatingScores = { overall: number } & Partial<Record<Exclude<RatingDimension, 'overall'>, number>>;

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const RATING_CHANNELS = ['portal', 'receipt_qr', 'hall_tablet', 'sms', 'hotline_12345'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

export const RATING_KINDS = ['case', 'visit'] as const;
export type RatingKind = (typeof RATING_KINDS)[number];

/** Case statuses after which the case may be rated: 办结, and 不予受理 (the service ended there). */
export const RATEABLE_CASE_STATUSES = ['closed', 'refused'] as const;

export function isRateableCaseStatus(status: string): boolean {
  return (RATEABLE_CASE_STATUSES as readonly string[]).includes(status);
}

export const COMMENT_MAX = 500;
export const NAME_MAX = 50;
/** A visit may be rated up to this many days after it (a tablet rates today; an SMS link may lag). */
export const VISIT_MAX_AGE_DAYS = 30;

export interface RatingInput {
  level: unknown;
  scores: unknown;
  comment?: unknown;
  named?: unknown;
  raterName?: unknown;
  raterPhone?: unknown;
}

export interface CleanRating {
  level: RatingLevel;
  scores: RatingScores;
  comment: string | null;
  named: boolean;
  raterName: string | null;
  raterPhone: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/**
 * Checks a rating as it arrives and returns a clean copy; every problem is reported with its field.
 * Codes: feedback.level_invalid, feedback.score_required, feedback.score_invalid, feedback.score_unknown,
 * feedback.comment_too_long, feedback.name_too_long, feedback.phone_required, phone.format.
 */
export function validateRating(input: RatingInput): ValidationResult<CleanRating> {
  const errors: ValidationError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ field, code, message });

  const level = input.level;
  if (!isRatingLevel(level)) {
    fail('level', 'feedback.level_invalid', `评价等级必须是 ${RATING_LEVELS.join('、')} 之一`);
  }

  const scores: Partial<RatingScores> = {};
  if (!isPlainObject(input.scores)) {
    fail('scores.overall', 'feedback.score_required', '必须给出总体评分（1–5）');
  } else {
    for (const [key, raw] of Object.entries(input.scores)) {
      const field = `scores.${key}`;
      if (!(RATING_DIMENSIONS as readonly string[]).includes(key)) {
        fail(field, 'feedback.score_unknown', `没有这一评价维度：${key}`);
        continue;
      }
      if (raw === undefined || raw === null) continue;
      if (!(typeof raw === 'number' && Number.isInteger(raw) && raw >= SCORE_MIN && raw <= SCORE_MAX)) {
        fail(field, 'feedback.score_invalid', `评分必须是 ${SCORE_MIN}–${SCORE_MAX} 的整数`);
        continue;
      }
      scores[key as RatingDimension] = raw;
    }
    if (scores.overall === undefined && !errors.some((e) => e.field === 'scores.overall')) {
      fail('scores.overall', 'feedback.score_required', '必须给出总体评分（1–5）');
    }
  }

  let comment: string | null = null;
  if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
    fail('comment', 'feedback.comment_too_long', '评价内容必须是文字');
  } else {
    comment = optionalText(input.comment);
    if (comment !== null && [...comment].length > COMMENT_MAX) {
      fail('comment', 'feedback.comment_too_long', `评价内容不超过 ${COMMENT_MAX} 字`);
    }
  }

  const named = input.named === true;
  let raterName: string | null = null;
  let raterPhone: string | null = null;
  if (named) {
    raterName = optionalText(input.raterName);
    if (raterName !== null && [...raterName].length > NAME_MAX) {
      fail('raterName', 'feedback.name_too_long', `姓名不超过 ${NAME_MAX} 字`);
    }
    const phoneText = optionalText(input.raterPhone);
    if (phoneText === null) {
      fail('raterPhone', 'feedback.phone_required', '实名评价须留下联系电话，以便回访');
    } else {
      const phone = validatePhone(phoneText, { field: 'raterPhone' });
      if (phone.ok) raterPhone = phone.value;
      else errors.push(...phone.errors);
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      level: level as RatingLevel,
      scores: scores as RatingScores,
      comment,
      named,
      raterName,
      raterPhone,
    },
  };
}
