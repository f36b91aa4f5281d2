import { describe, expect, it } from 'vitest';
import {
  candidates,
  DEFAULT_WEIGHTS,
  indicatorScores,
  rank,
  scoreOf,
  validateWeights,
} from './evaluation.ts';
import { addCounts, emptyCounts, parsePeriod, periodOf, ratesOf, trailingPeriods } from './statistics.ts';

const counts = (partial: Record<string, number>) => addCounts(emptyCounts(), partial);

describe('statistics', () => {
  it('computes each rate over completed cases, null without any', () => {
    const c = counts({
      completed: 20,
      completed_on_time: 18,
      completed_early: 5,
      completed_on_the_spot: 8,
      completed_extended: 2,
      overdue: 1,
      ratings: 10,
      ratings_satisfied: 9,
      complaints: 3,
    });
    expect(ratesOf(c)).toEqual({
      onTimeRate: 0.9,
      earlyRate: 0.25,
      onTheSpotRate: 0.4,
      extensionRate: 0.1,
      overdueCount: 1,
      satisfactionRate: 0.9,
      complaintCount: 3,
    });
    expect(ratesOf(emptyCounts())).toMatchObject({
      onTimeRate: null,
      satisfactionRate: null,
      overdueCount: 0,
    });
  });

  it('parses months, quarters and years and walks back for trends', () => {
    expect(parsePeriod('2026-02')).toEqual({
      kind: 'month',
      key: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(parsePeriod('2024-02')?.to).toBe('2024-02-29');
    expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-1', '']) expect(parsePeriod(bad)).toBeNull();
    expect(periodOf('quarter', '2026-05-31').key).toBe('2026-Q2');
    expect(trailingPeriods(parsePeriod('2026-02')!, 4).map((p) => p.key)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('weights', () => {
  it('accepts weights that sum to 100 and names the sum when they do not', () => {
    expect(validateWeights(DEFAULT_WEIGHTS).ok).toBe(true);
    const off = validateWeights({ ...DEFAULT_WEIGHTS, onTime: 45 });
    expect(off.ok).toBe(false);
    if (!off.ok)
      expect(off.errors).toEqual([
        expect.objectContaining({ code: 'supervision.weights_sum', field: 'weights' }),
      ]);
    const bad = validateWeights({ ...DEFAULT_WEIGHTS, onTime: -5, bogus: 1 });
    if (bad.ok) throw new Error('expected errors');
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['weights.bogus', 'weights.onTime']);
    const missing = validateWeights({ onTime: 100 });
    expect(missing.ok).toBe(false);
    expect(validateWeights({ ...DEFAULT_WEIGHTS, onTime: 39.995, early: 10.005 }).ok).toBe(false);
    expect(validateWeights({ ...DEFAULT_WEIGHTS, onTime: 39.5, early: 10.5 }).ok).toBe(true);
  });
});

describe('scores and ranking', () => {
  it('scores out of 100, leaves out indicators without data and subtracts deductions', () => {
    const perfect = counts({
      completed: 10,
      completed_on_time: 10,
      completed_early: 10,
      completed_on_the_spot: 10,
    });
    // No ratings: satisfaction is left out and the other 90 points are scaled to 100.
    expect(indicatorScores(perfect).satisfaction).toBeNull();
    expect(scoreOf(perfect, DEFAULT_WEIGHTS)).toMatchObject({ base: 100, score: 100, deductions: 0 });
    expect(scoreOf(perfect, DEFAULT_WEIGHTS, [2.5, 1])).toMatchObject({ score: 96.5, deductions: 3.5 });
    expect(scoreOf(perfect, DEFAULT_WEIGHTS, [150]).score).toBe(0);

    const half = counts({ completed: 10, completed_on_time: 5, overdue: 20, complaints: 1 });
    const s = scoreOf(half, DEFAULT_WEIGHTS);
    // onTime .5·40 + early 0·10 + spot 0·10 + extension 1·10 + overdue 0·10 + complaints .9·10 = 39 of 90.
    expect(s.indicators).toMatchObject({ onTime: 0.5, overdue: 0, complaints: 0.9, extension: 1 });
    expect(s.base).toBe(43.33);
    expect(scoreOf(emptyCounts(), DEFAULT_WEIGHTS)).toMatchObject({ base: null, score: null });
    // Overdue cases with nothing completed are measured: they score 0 there.
    expect(scoreOf(counts({ overdue: 1 }), DEFAULT_WEIGHTS)).toMatchObject({ base: 0, score: 0 });
  });

  it('ranks with ties sharing a rank, unscored last, and includes ties in the top-N candidates', () => {
    const ranked = rank([
      { id: 'a', name: '甲窗口', score: 90 },
      { id: 'b', name: '乙窗口', score: 95 },
      { id: 'c', name: '丙窗口', score: 90 },
      { id: 'd', name: '丁窗口', score: null },
      { id: 'e', name: '戊窗口', score: 80 },
    ]);
    expect(ranked.map((r) => [r.subject.id, r.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 2],
      ['e', 4],
      ['d', null],
    ]);
    expect(candidates(ranked, 2).map((s) => s.id)).toEqual(['b', 'c', 'a']);
    expect(candidates(ranked, 1).map((s) => s.id)).toEqual(['b']);
    expect(candidates(ranked, 0)).toEqual([]);
  });
});
