import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules, WorkingCalendar } from '../calendar/index.ts';
import { evaluateClock } from '../clock/clock.ts';
import {
  allowedComplaintActions,
  allowedRectificationActions,
  complaintStep,
  feedbackClock,
  monthRange,
  overdueFlags,
  rectificationStep,
  validateComplaintFiling,
  validateLimits,
  validateRating,
} from './index.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2026]));

describe('ratings', () => {
  it('accepts the five levels with an overall score and keeps a named rater', () => {
    const r = validateRating({
      level: 'dissatisfied',
      scores: { overall: 2, efficiency: 1, attitude: 3 },
      comment: '  等了很久  ',
      named: true,
      raterName: '王小明',
      raterPhone: '１３９１２３４５６７８',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        level: 'dissatisfied',
        scores: { overall: 2, efficiency: 1, attitude: 3 },
        comment: '等了很久',
        named: true,
        raterName: '王小明',
        raterPhone: '13912345678',
      },
    });
  });

  it('drops personal data sent with an anonymous rating', () => {
    const r = validateRating({
      level: 'satisfied',
      scores: { overall: 5 },
      named: false,
      raterPhone: '13912345678',
    });
    expect(r.ok && r.value).toMatchObject({ named: false, raterName: null, raterPhone: null });
  });

  it('refuses a level outside the five, bad scores and a named rating without a phone, field by field', () => {
    const r = validateRating({
      level: 'excellent',
      scores: { overall: 0, efficiency: 6, guide: 2.5, speed: 3 },
      named: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['level', 'feedback.level_invalid'],
      ['scores.overall', 'feedback.score_invalid'],
      ['scores.efficiency', 'feedback.score_invalid'],
      ['scores.guide', 'feedback.score_invalid'],
      ['scores.speed', 'feedback.score_unknown'],
      ['raterPhone', 'feedback.phone_required'],
    ]);
    const noOverall = validateRating({ level: 'satisfied', scores: { attitude: 4 } });
    expect(!noOverall.ok && noOverall.errors.map((e) => e.code)).toEqual(['feedback.score_required']);
    const badPhone = validateRating({
      level: 'satisfied',
      scores: { overall: 4 },
      named: true,
      raterPhone: '12345',
    });
    expect(!badPhone.ok && badPhone.errors.map((e) => e.code)).toEqual(['phone.format']);
    const long = validateRating({ level: 'satisfied', scores: { overall: 4 }, comment: '好'.repeat(501) });
    expect(!long.ok && long.errors.map((e) => e.field)).toEqual(['comment']);
  });
});

describe('rectification orders', () => {
  const open = { status: 'pending_verification', appealFrom: null, appealDecision: null } as const;

  it('goes 待核实 → 整改中 → 已整改 with the handler writing what was found and done', () => {
    const v = rectificationStep(open, 'verify', 'handler', { note: '经核实，窗口未一次性告知' });
    expect(v).toMatchObject({ ok: true, from: 'pending_verification', to: 'rectifying' });
    const r = rectificationStep({ ...open, status: 'rectifying' }, 'rectify', 'handler', { note: '已培训' });
    expect(r).toMatchObject({ ok: true, to: 'rectified' });
    expect(rectificationStep(open, 'verify', 'handler', { note: '  ' })).toMatchObject({
      ok: false,
      status: 400,
      code: 'feedback.text_required',
      field: 'note',
    });
  });

  it('needs the supervisor for 无法整改 and for appeals, and allows one appeal only', () => {
    expect(rectificationStep(open, 'approve_cannot_rectify', 'handler', { reason: 'x' })).toMatchObject({
      ok: false,
      status: 403,
    });
    const asked = rectificationStep(open, 'request_cannot_rectify', 'handler', { reason: '政策不允许' });
    expect(asked).toMatchObject({ ok: true, to: 'cannot_rectify_requested' });
    const pending = { ...open, status: 'cannot_rectify_requested' } as const;
    expect(
      rectificationStep(pending, 'reject_cannot_rectify', 'supervisor', { reason: '可以整改' }),
    ).toMatchObject({
      ok: true,
      to: 'rectifying',
    });
    expect(
      rectificationStep(pending, 'approve_cannot_rectify', 'supervisor', { reason: '确属政策限制' }),
    ).toMatchObject({
      ok: true,
      to: 'cannot_rectify',
    });

    const appealed = rectificationStep({ ...open, status: 'rectifying' }, 'appeal', 'handler', {
      reason: '评价人评错了办件',
      appealKind: 'mistaken',
    });
    expect(appealed).toMatchObject({ ok: true, to: 'appealed', appealKind: 'mistaken' });
    const inAppeal = { status: 'appealed', appealFrom: 'rectifying', appealDecision: null } as const;
    expect(rectificationStep(inAppeal, 'reject_appeal', 'supervisor', { reason: '差评属实' })).toMatchObject({
      ok: true,
      to: 'rectifying',
    });
    expect(rectificationStep(inAppeal, 'uphold_appeal', 'supervisor', { reason: '恶意' })).toMatchObject({
      ok: true,
      to: 'invalid',
    });
    // An appeal after the decision, or after an outcome, or while one is pending.
    for (const state of [
      { status: 'rectifying', appealFrom: null, appealDecision: 'rejected' },
      { status: 'invalid', appealFrom: null, appealDecision: 'upheld' },
      { status: 'rectified', appealFrom: null, appealDecision: null },
      inAppeal,
    ] as const) {
      expect(
        rectificationStep(state, 'appeal', 'handler', { reason: 'x', appealKind: 'malicious' }),
      ).toMatchObject({
        ok: false,
        status: 409,
        code: 'feedback.appeal_after_decision',
      });
    }
    expect(rectificationStep(open, 'appeal', 'handler', { reason: 'x', appealKind: 'rude' })).toMatchObject({
      ok: false,
      code: 'feedback.appeal_kind_invalid',
    });
    expect(
      allowedRectificationActions({ status: 'rectifying', appealFrom: null, appealDecision: 'rejected' }, [
        'handler',
      ]),
    ).toEqual(['rectify', 'request_cannot_rectify']);
  });

  it('counts working days across the National Day holiday and flags late stages', () => {
    // Wednesday 30 September 2026, 10:00 Shanghai; 1–7 October are holidays, Saturday 10 October a workday.
    const start = new Date('2026-09-30T02:00:00Z');
    const verify = evaluateClock(feedbackClock(start, 1), start, calendar);
    const rectify = evaluateClock(feedbackClock(start, 15), start, calendar);
    expect(verify.deadlineDate).toBe('2026-10-08');
    expect(rectify.deadlineDate).toBe('2026-10-27');
    expect(verify.light).toBe('green');
    expect(evaluateClock(feedbackClock(start, 1), new Date('2026-10-08T02:00:00Z'), calendar).light).toBe(
      'yellow',
    );

    const times = {
      status: 'pending_verification' as const,
      named: true,
      verifyDue: new Date(verify.deadline),
      rectifyDue: new Date(rectify.deadline),
      respondedAt: null,
      firstRevisitAt: null,
      closedAt: null,
    };
    expect(overdueFlags(times, new Date('2026-10-08T15:00:00Z')).any).toBe(false);
    expect(overdueFlags(times, new Date('2026-10-08T16:00:00Z'))).toEqual({
      verify: true,
      revisit: true,
      rectify: false,
      any: true,
    });
    // Done late stays late; done in time is not late; an unknown deadline is never overdue.
    const late = { ...times, respondedAt: new Date('2026-10-09T01:00:00Z'), firstRevisitAt: start };
    expect(overdueFlags(late, new Date('2026-10-09T02:00:00Z'))).toMatchObject({
      verify: true,
      revisit: false,
    });
    expect(
      overdueFlags({ ...times, verifyDue: null, rectifyDue: null }, new Date('2027-06-01T00:00:00Z')).any,
    ).toBe(false);
    expect(
      overdueFlags({ ...times, named: false, respondedAt: start }, new Date('2026-10-09T00:00:00Z')).any,
    ).toBe(false);
  });

  it('validates the limits a locality sets', () => {
    expect(validateLimits({ verifyDays: 1, rectifyDays: 15, complaintDays: 10 }).ok).toBe(true);
    const bad = validateLimits({ verifyDays: 20, rectifyDays: 0, complaintDays: 1.5 });
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['verifyDays', 'rectifyDays', 'complaintDays']);
    const order = validateLimits({ verifyDays: 5, rectifyDays: 3, complaintDays: 10 });
    expect(!order.ok && order.errors.map((e) => e.field)).toEqual(['verifyDays']);
  });
});

describe('complaints', () => {
  const filing = {
    targetKind: 'staff',
    targetStaffName: '工号 0123',
    content: '窗口工作人员态度生硬，不解释原因',
    complainantName: '李四',
    complainantPhone: '13800001111',
  };

  it('checks a filing field by field', () => {
    expect(validateComplaintFiling(filing)).toMatchObject({
      ok: true,
      value: { targetStaffName: '工号 0123' },
    });
    const bad = validateComplaintFiling({
      ...filing,
      targetKind: 'mayor',
      content: '差',
      complainantPhone: 'x',
    });
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['targetKind', 'content', 'complainantPhone']);
    const noStaff = validateComplaintFiling({ ...filing, targetStaffName: '' });
    expect(!noStaff.ok && noStaff.errors.map((e) => e.field)).toEqual(['targetStaffName']);
  });

  it('goes 待调查 → 调查中 → 已答复 → 已办结 and needs a finding and a reply', () => {
    expect(complaintStep('assigned', 'investigate', {})).toMatchObject({ ok: true, to: 'investigating' });
    expect(
      complaintStep('investigating', 'reply', { finding: 'confirmed', findingText: '属实' }),
    ).toMatchObject({
      ok: false,
      field: 'reply',
    });
    expect(
      complaintStep('investigating', 'reply', { finding: 'maybe', findingText: 'a', reply: 'b' }),
    ).toMatchObject({
      ok: false,
      field: 'finding',
    });
    expect(
      complaintStep('investigating', 'reply', {
        finding: 'confirmed',
        findingText: '经调查属实',
        reply: '已批评教育',
      }),
    ).toMatchObject({ ok: true, to: 'replied', finding: 'confirmed' });
    expect(complaintStep('replied', 'record_satisfaction', { satisfaction: 'satisfied' })).toMatchObject({
      ok: true,
      to: 'closed',
    });
    expect(complaintStep('closed', 'record_satisfaction', { satisfaction: 'satisfied' })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(complaintStep('replied', 'close', {})).toMatchObject({ ok: false, field: 'note' });
    expect(allowedComplaintActions('assigned')).toEqual(['investigate', 'reply']);
  });
});

describe('months', () => {
  it('are Shanghai months', () => {
    const { from, to } = monthRange('2026-12');
    expect(from.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(() => monthRange('2026-13')).toThrow();
  });
});
