/**
 * Monthly evaluation (月度考评): configurable weights turn a window's or a staff member's statistics into
 * a score out of 100; manual deductions (扣分, each with a reason) come off it; subjects are ranked, and
 * the top ones become candidates for 红旗窗口 (windows) and 优秀个人 (staff), named after a supervisor
 * confirms. Everything here is pure; docs/supervision.md states the formulas.
 */
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import { type Counts, ratesOf } from './statistics.ts';

/**
 * The indicators a scheme weighs, each scored from 0 (worst) to 1 (best):
 * - onTime: 按时办结率; early: 提前办结率; onTheSpot: 现场办结率;
 * - extension: 1 − 延期率;
 * - overdue: 1 − overdue / completed, floored at 0 (every overdue case costs as much as a completed case
 *   earns; a unit with overdue cases and nothing completed scores 0);
 * - satisfaction: 满意率;
 * - complaints: 1 − complaints / completed, floored at 0.
 * An indicator without data (no completed case; no rating yet) is left out and the weights of the others
 * are scaled up to 100, so a unit is not punished for what nobody measured.
 */
export const INDICATORS = [
  'onTime',
  'early',
  'onTheSpot',
  'extension',
  'overdue',
  'satisfaction',
  'complaints',
] as const;
export type Indicator = (typeof INDICATORS)[number];
export type Weights = Record<Indicator, number>;

export const DEFAULT_WEIGHTS: Weights = {
  onTime: 40,
  early: 10,
  onTheSpot: 10,
  extension: 10,
  overdue: 10,
  satisfaction: 10,
  complaints: 10,
};

const WEIGHT_TOLERANCE = 1e-9;

/**
 * Checks weights as they arrive: every indicator present, each a number from 0 to 100 with at most two
 * decimals, and together exactly 100 (`supervision.weights_sum`, naming the sum).
 */
export function validateWeights(input: unknown): ValidationResult<Weights> {
  const errors: ValidationError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: 'weights', code: 'supervision.weights_invalid', message: '权重必须是对象' }],
    };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(INDICATORS as readonly string[]).includes(key)) {
      errors.push({
        field: `weights.${key}`,
        code: 'supervision.weights_invalid',
        message: `未知的考评指标：${key}`,
      });
    }
  }
  const weights = {} as Weights;
  let sum = 0;
  for (const key of INDICATORS) {
    const value = raw[key];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > 100 ||
      Math.abs(Math.round(value * 100) - value * 100) > WEIGHT_TOLERANCE
    ) {
      errors.push({
        field: `weights.${key}`,
        code: 'supervision.weights_invalid',
        message: '权重必须是 0 到 100 之间的数（最多两位小数）',
      });
      continue;
    }
    weights[key] = value;
    sum += value;
  }
  if (errors.length === 0 && Math.abs(sum - 100) > 1e-6) {
    errors.push({
      field: 'weights',
      code: 'supervision.weights_sum',
      message: `各项权重之和必须等于 100，现为 ${Math.round(sum * 100) / 100}`,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: weights };
}

export function weightSum(weights: Partial<Record<string, unknown>>): number {
  let sum = 0;
  for (const key of INDICATORS) {
    const v = weights[key];
    if (typeof v === 'number' && Number.isFinite(v)) sum += v;
  }
  return Math.round(sum * 100) / 100;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Each indicator's score from 0 to 1, or null when there is nothing to measure it on. */
export function indicatorScores(c: Counts): Record<Indicator, number | null> {
  const r = ratesOf(c);
  const perCompleted = (n: number) => (c.completed > 0 ? clamp01(1 - n / c.completed) : n > 0 ? 0 : null);
  return {
    onTime: r.onTimeRate,
    early: r.earlyRate,
    onTheSpot: r.onTheSpotRate,
    extension: r.extensionRate === null ? null : 1 - r.extensionRate,
    overdue: perCompleted(c.overdue),
    satisfaction: r.satisfactionRate,
    complaints: perCompleted(c.complaints),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface Scored {
  /** Each indicator's 0–1 score (null: not measured). */
  indicators: Record<Indicator, number | null>;
  /** Weighted score out of 100 before deductions; null when nothing at all was measured. */
  base: number | null;
  deductions: number;
  /** base − deductions, floored at 0 and rounded to two decimals; null when not scored. */
  score: number | null;
}

/** The score of one subject from its counts, the scheme's weights and its deductions (points). */
export function scoreOf(c: Counts, weights: Weights, deductionPoints: readonly number[] = []): Scored {
  const indicators = indicatorScores(c);
  let weighted = 0;
  let weightUsed = 0;
  for (const key of INDICATORS) {
    const s = indicators[key];
    if (s === null || weights[key] === 0) continue;
    weighted += weights[key] * s;
    weightUsed += weights[key];
  }
  const deductions = round2(deductionPoints.reduce((a, b) => a + b, 0));
  if (weightUsed === 0) return { indicators, base: null, deductions, score: null };
  const base = round2((weighted / weightUsed) * 100);
  return { indicators, base, deductions, score: Math.max(0, round2(base - deductions)) };
}

export interface RankInput {
  id: string;
  name: string;
  score: number | null;
}

export interface Ranked<T extends RankInput> {
  subject: T;
  /** Standard competition ranking (1, 2, 2, 4): equal scores share a rank. Null when not scored. */
  rank: number | null;
}

/**
 * Ranks subjects by score, best first. Equal scores share a rank and the next rank skips (1, 2, 2, 4);
 * among equals the order is by name then id, for a stable list. Unscored subjects come last, unranked.
 */
export function rank<T extends RankInput>(subjects: readonly T[]): Ranked<T>[] {
  const scored = subjects
    .filter((s) => s.score !== null)
    .sort(
      (a, b) =>
        b.score! - a.score! ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const out: Ranked<T>[] = [];
  scored.forEach((s, i) => {
    const prev = out[i - 1];
    const sameAsPrev = prev && prev.subject.score === s.score;
    out.push({ subject: s, rank: sameAsPrev ? prev.rank : i + 1 });
  });
  for (const s of subjects) if (s.score === null) out.push({ subject: s, rank: null });
  return out;
}

/**
 * The honour candidates: every ranked subject whose rank is within the top `n` — ties at the boundary
 * are all included (two windows sharing 3rd place are both candidates for three flags); the supervisor
 * who confirms chooses among them. A subject needs a score above `minScore` as well.
 */
export function candidates<T extends RankInput>(ranked: readonly Ranked<T>[], n: number, minScore = 0): T[] {
  if (n <= 0) return [];
  return ranked
    .filter((r) => r.rank !== null && r.rank <= n && (r.subject.score ?? 0) > minScore)
    .map((r) => r.subject);
}

/** 'YYYY-MM' of a real month, or null. */
export function isMonthKey(value: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}
