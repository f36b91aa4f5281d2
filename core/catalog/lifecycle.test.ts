import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { diffValues } from './diff.ts';
import { fivePublics, visitBadge } from './five-publics.ts';
import type { Guide } from './guide.ts';
import { canEdit, checkTransition, draftSource, planPublication } from './lifecycle.ts';
import { expectedCompletion, formatLimit, limitDeadline, parseLimit } from './limits.ts';
import { codeFromText, HANDLING_KINDS, THEMES } from './vocabulary.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));

describe('version state machine', () => {
  const draft = { status: 'draft' as const, authors: ['ann'] };
  const review = { status: 'review' as const, authors: ['ann'] };

  it('moves draft → review → published → retired and back from review to draft', () => {
    expect(checkTransition(draft, 'submit', 'ann')).toEqual({ ok: true, to: 'review' });
    expect(checkTransition(review, 'publish', 'bob')).toEqual({ ok: true, to: 'published' });
    expect(checkTransition(review, 'return', 'bob')).toEqual({ ok: true, to: 'draft' });
    expect(checkTransition({ status: 'published', authors: ['ann'] }, 'retire', 'ann')).toEqual({
      ok: true,
      to: 'retired',
    });
  });

  it('refuses skipping review, touching retired versions and reviewing one’s own work', () => {
    expect(checkTransition(draft, 'publish', 'bob')).toEqual({
      ok: false,
      code: 'catalog.transition_invalid',
    });
    expect(checkTransition({ status: 'retired', authors: [] }, 'retire', 'bob')).toMatchObject({ ok: false });
    expect(checkTransition({ status: 'published', authors: [] }, 'submit', 'bob')).toMatchObject({
      ok: false,
    });
    expect(checkTransition(review, 'publish', 'ann')).toEqual({ ok: false, code: 'catalog.self_review' });
    expect(checkTransition(review, 'return', 'ann')).toEqual({ ok: false, code: 'catalog.self_review' });
  });

  it('edits only drafts', () => {
    expect(canEdit('draft')).toBe(true);
    for (const s of ['review', 'published', 'retired'] as const) expect(canEdit(s)).toBe(false);
  });

  it('retires the version published before when publishing another', () => {
    const versions = [
      { id: 'v1', status: 'retired' as const, version: 1 },
      { id: 'v2', status: 'published' as const, version: 2 },
      { id: 'v3', status: 'review' as const, version: 3 },
    ];
    expect(planPublication(versions, 'v3')).toEqual({ publish: 'v3', retire: 'v2' });
    expect(planPublication(versions.slice(0, 1), 'v1')).toEqual({ publish: 'v1', retire: null });
    expect(draftSource(versions)?.id).toBe('v2');
    expect(draftSource([versions[0]!, { id: 'v4', status: 'retired', version: 4 }])?.id).toBe('v4');
    expect(draftSource([])).toBeNull();
  });
});

describe('limits', () => {
  it('counts working days across National Day and natural days plainly, as the case clock does', () => {
    expect(limitDeadline(calendar, '2025-09-26', { value: 20, unit: 'working_days' })).toBe('2025-10-30');
    expect(limitDeadline(calendar, '2025-09-26', { value: 0, unit: 'working_days' })).toBe('2025-09-26');
    expect(limitDeadline(calendar, '2025-09-27', { value: 0, unit: 'working_days' })).toBe('2025-09-28');
    expect(limitDeadline(calendar, '2025-09-30', { value: 1, unit: 'natural_days' })).toBe('2025-10-01');
    expect(limitDeadline(calendar, '2025-09-01', { value: 10, unit: 'natural_days' })).toBe('2025-09-11');
  });

  it('gives the expected completion of 即办 and promised items', () => {
    const onTheSpot = {
      handling: { kind: 'on_the_spot' as const, lead: null, participants: [], targetLevel: null },
      promisedLimit: { value: 0, unit: 'working_days' as const },
    };
    expect(expectedCompletion(calendar, '2025-10-04', onTheSpot)).toBe('2025-10-09');
    expect(
      expectedCompletion(calendar, '2025-09-26', {
        handling: { ...onTheSpot.handling, kind: 'promised' },
        promisedLimit: { value: 20, unit: 'working_days' },
      }),
    ).toBe('2025-10-30');
  });

  it('writes and reads limits as lists spell them', () => {
    expect(formatLimit({ value: 20, unit: 'working_days' })).toBe('20个工作日');
    expect(formatLimit({ value: 60, unit: 'natural_days' }, 'en')).toBe('60 calendar days');
    expect(formatLimit({ value: 0, unit: 'working_days' })).toBe('即办');
    expect(formatLimit(null)).toBe('无');
    expect(parseLimit('20个工作日')).toEqual({ value: 20, unit: 'working_days' });
    expect(parseLimit(' 60 自然日 ')).toEqual({ value: 60, unit: 'natural_days' });
    expect(parseLimit('20 working days')).toEqual({ value: 20, unit: 'working_days' });
    expect(parseLimit('当场办结')).toEqual({ value: 0, unit: 'working_days' });
    expect(parseLimit('无')).toBeNull();
    expect(parseLimit('')).toBeNull();
    expect(parseLimit('20日')).toBeUndefined();
    expect(parseLimit('二十个工作日')).toBeUndefined();
  });
});

describe('five publics and vocabulary', () => {
  const guide = {
    maxVisits: 1,
    onlineApply: true,
    proxyAllowed: false,
    steps: [{}, {}],
    materials: [
      { required: true, form: 'original', copies: 1 },
      { required: false, form: 'copy', copies: 2 },
    ],
    legalLimit: { value: 20, unit: 'working_days' },
    promisedLimit: { value: 5, unit: 'working_days' },
    handling: { kind: 'promised' },
    charged: true,
    fees: [{}],
  } as unknown as Guide;

  it('badges zero and one visit', () => {
    expect(visitBadge(0)).toBe('zero_visit');
    expect(visitBadge(1)).toBe('at_most_once');
    expect(visitBadge(2)).toBeNull();
  });

  it('derives the five publics', () => {
    expect(fivePublics(guide)).toEqual({
      service: { badge: 'at_most_once', maxVisits: 1, onlineApply: true, proxyAllowed: false },
      procedure: { steps: 2 },
      materials: { total: 2, required: 1, originals: 1, copies: 3 },
      timeLimit: {
        legal: { value: 20, unit: 'working_days' },
        promised: { value: 5, unit: 'working_days' },
        sameDay: false,
        shortenedPercent: 75,
      },
      fees: { charged: true, items: 1 },
    });
  });

  it('reads codes, labels and aliases', () => {
    expect(codeFromText(HANDLING_KINDS, '联办')).toBe('joint');
    expect(codeFromText(HANDLING_KINDS, '联办件')).toBe('joint');
    expect(codeFromText(THEMES, 'Elderly care')).toBe('elderly_care');
    expect(codeFromText(THEMES, '养老')).toBe('elderly_care');
    expect(codeFromText(THEMES, '太空')).toBeUndefined();
  });
});

describe('diffValues', () => {
  it('names each changed field by its JSON path', () => {
    const before = { name: 'a', materials: [{ copies: 1 }, { copies: 2 }], legalLimit: null };
    const after = {
      name: 'a',
      materials: [{ copies: 1 }, { copies: 3 }, { copies: 1 }],
      legalLimit: undefined,
    };
    expect(diffValues(before, after)).toEqual([
      { field: 'materials[1].copies', before: 2, after: 3 },
      { field: 'materials[2]', before: undefined, after: { copies: 1 } },
    ]);
    expect(diffValues(1, 1)).toEqual([]);
  });
});
