import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import {
  CalendarInputError,
  CalendarYearNotLoadedError,
  WorkingCalendar,
} from '../calendar/working-calendar.ts';
import { evaluateClock, extendClock, pauseClock, resumeClock, validateClock } from './clock.ts';
import {
  clockFromPreset,
  DISCLOSURE_SUPPLEMENT_REQUEST_DAYS,
  deemedAcceptance,
  deliveryClock,
  disclosureOnRequestClock,
  isPresetName,
  jointHandlingClock,
  licensingDecisionClock,
  oneTimeNoticeClock,
  onTheSpotDeadline,
  PRESETS,
  preliminaryReviewClock,
  supplementRequestDeadline,
  THIRD_PARTY_CONSULTATION_DAYS,
  thirdPartyConsultationDeadline,
} from './presets.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));
const at = (local: string) => new Date(`${local}+08:00`);

describe('PRESETS', () => {
  it('carries the statutory limits and their legal basis', () => {
    expect(PRESETS).toMatchObject({
      one_time_notice: {
        limit: { value: 5, unit: 'working_days' },
        maxExtensionDays: 0,
        restartOnSupplement: false,
      },
      licensing_decision: { limit: { value: 20, unit: 'working_days' }, maxExtensionDays: 10 },
      joint_handling: { limit: { value: 45, unit: 'working_days' }, maxExtensionDays: 15 },
      preliminary_review: { limit: { value: 20, unit: 'working_days' }, maxExtensionDays: 0 },
      delivery: { limit: { value: 10, unit: 'working_days' }, maxExtensionDays: 0 },
      disclosure_on_request: {
        limit: { value: 20, unit: 'working_days' },
        maxExtensionDays: 20,
        restartOnSupplement: true,
      },
    });
    expect(PRESETS.one_time_notice.basis).toContain('第三十二条');
    expect(PRESETS.disclosure_on_request.basis).toContain('政府信息公开条例');
    expect(DISCLOSURE_SUPPLEMENT_REQUEST_DAYS).toBe(7);
    expect(THIRD_PARTY_CONSULTATION_DAYS).toBe(15);
    expect(isPresetName('delivery')).toBe(true);
    expect(isPresetName('toString')).toBe(false);
  });

  it('makes valid clocks that remember their preset', () => {
    const start = at('2025-09-26T10:00:00');
    const clocks = [
      oneTimeNoticeClock(start),
      licensingDecisionClock(start),
      jointHandlingClock(start),
      preliminaryReviewClock(start),
      deliveryClock(start),
      disclosureOnRequestClock(start),
    ];
    expect(clocks.map((c) => c.preset)).toEqual([
      'one_time_notice',
      'licensing_decision',
      'joint_handling',
      'preliminary_review',
      'delivery',
      'disclosure_on_request',
    ]);
    for (const c of clocks) expect(validateClock(c)).toEqual({ ok: true, value: c });
    expect(licensingDecisionClock(start)).toEqual({
      startedAt: '2025-09-26T02:00:00.000Z',
      limit: { value: 20, unit: 'working_days' },
      pauses: [],
      extensions: [],
      maxExtensionDays: 10,
      preset: 'licensing_decision',
    });
    expect(disclosureOnRequestClock('2025-03-03T10:00:00+08:00')).toMatchObject({
      startedAt: '2025-03-03T10:00:00+08:00',
      restartOnSupplement: true,
    });
  });

  it('rejects unknown presets and bad start instants', () => {
    expect(() => clockFromPreset('nope' as 'delivery', at('2025-09-26T10:00:00'))).toThrow(
      CalendarInputError,
    );
    expect(() => licensingDecisionClock('2025-09-26 10:00')).toThrow(CalendarInputError);
    expect(() => licensingDecisionClock(new Date('x'))).toThrow(CalendarInputError);
  });
});

describe('preset clocks on the calendar', () => {
  it('licensing decision: 20 working days, extendable by 10 only', () => {
    const c = licensingDecisionClock(at('2025-09-26T10:00:00'));
    expect(evaluateClock(c, at('2025-10-09T10:00:00'), calendar).deadlineDate).toBe('2025-10-30');
    const extended = extendClock(c, {
      days: 10,
      approvedBy: '局长',
      reason: '需现场核查',
      at: at('2025-10-20T09:00:00'),
    });
    expect(extended.ok).toBe(true);
    if (!extended.ok) return;
    expect(evaluateClock(extended.value, at('2025-10-21T10:00:00'), calendar).deadlineDate).toBe(
      '2025-11-13',
    );
    expect(
      extendClock(extended.value, {
        days: 1,
        approvedBy: '局长',
        reason: '再延',
        at: at('2025-10-21T09:00:00'),
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'extensions[1].days', code: 'clock.extension_exceeds_limit' }],
    });
  });

  it('joint handling: 45 working days, plus 15', () => {
    const c = jointHandlingClock(at('2026-01-05T10:00:00'));
    expect(evaluateClock(c, at('2026-01-06T10:00:00'), calendar).deadlineDate).toBe(
      calendar.addWorkingDays('2026-01-05', 45),
    );
    expect(calendar.addWorkingDays('2026-01-05', 45)).toBe('2026-03-13'); // across the Spring Festival
    expect(
      extendClock(c, { days: 16, approvedBy: '县长', reason: '复杂', at: at('2026-02-02T10:00:00') }).ok,
    ).toBe(false);
  });

  it('one-time notice across National Day', () => {
    const c = oneTimeNoticeClock(at('2025-09-30T15:00:00'));
    expect(evaluateClock(c, at('2025-10-09T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-10-14',
      used: 1,
      light: 'green',
    });
  });

  it('delivery: 10 working days after the decision', () => {
    expect(
      evaluateClock(deliveryClock(at('2026-02-12T16:00:00')), at('2026-02-13T10:00:00'), calendar)
        .deadlineDate,
    ).toBe(
      '2026-03-04', // 02-13, the worked Saturday 02-14, then from 02-24 on
    );
  });

  it('disclosure: a supplement restarts the 20 working days on receipt', () => {
    const received = disclosureOnRequestClock(at('2025-03-03T10:00:00'));
    const asked = pauseClock(received, { at: at('2025-03-05T10:00:00'), reason: 'supplement' });
    if (!asked.ok) throw new Error('pause rejected');
    const supplied = resumeClock(asked.value, at('2025-03-12T10:00:00'));
    if (!supplied.ok) throw new Error('resume rejected');
    expect(evaluateClock(supplied.value, at('2025-03-14T10:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-04-10',
      used: 2,
    });
  });
});

describe('deadline helpers', () => {
  it('on-the-spot items are due the same working day, or the next one', () => {
    expect(onTheSpotDeadline(at('2025-09-30T17:30:00'), calendar)).toEqual({
      deadline: '2025-09-30T15:59:59.999Z',
      deadlineDate: '2025-09-30',
    });
    expect(onTheSpotDeadline(at('2025-10-03T09:00:00'), calendar).deadlineDate).toBe('2025-10-09');
    expect(onTheSpotDeadline(at('2026-02-14T09:00:00'), calendar).deadlineDate).toBe('2026-02-14');
    expect(onTheSpotDeadline('2026-02-15T01:00:00Z', calendar).deadlineDate).toBe('2026-02-24');
  });

  it('disclosure supplement requests and third-party opinions', () => {
    expect(supplementRequestDeadline(at('2025-09-26T10:00:00'), calendar).deadlineDate).toBe('2025-10-13');
    expect(thirdPartyConsultationDeadline(at('2026-02-06T10:00:00'), calendar).deadlineDate).toBe(
      '2026-03-05',
    );
  });

  it('throws for an unloaded year', () => {
    expect(() => onTheSpotDeadline(at('2027-01-04T09:00:00'), calendar)).toThrow(CalendarYearNotLoadedError);
  });
});

describe('deemedAcceptance', () => {
  // Received Tuesday 2025-09-30; the 5th working day after is 10-14 (10-11 is a worked Saturday).
  const receivedAt = at('2025-09-30T15:00:00');

  it('is not deemed before the end of the 5th working day', () => {
    expect(deemedAcceptance({ receivedAt, now: at('2025-10-14T23:59:00'), calendar })).toEqual({
      deemed: false,
      acceptedOn: '2025-09-30',
      deadline: '2025-10-14T15:59:59.999Z',
    });
  });

  it('is deemed accepted on the day of receipt when nothing happened in time', () => {
    expect(deemedAcceptance({ receivedAt, now: at('2025-10-15T08:00:00'), calendar })).toMatchObject({
      deemed: true,
      acceptedOn: '2025-09-30',
    });
  });

  it('is not deemed when a notice or an acceptance came in time', () => {
    const now = at('2025-11-01T08:00:00');
    expect(deemedAcceptance({ receivedAt, noticeAt: at('2025-10-14T17:00:00'), now, calendar }).deemed).toBe(
      false,
    );
    expect(deemedAcceptance({ receivedAt, acceptedAt: '2025-10-09T01:00:00Z', now, calendar }).deemed).toBe(
      false,
    );
  });

  it('is still deemed when the notice came too late', () => {
    expect(
      deemedAcceptance({
        receivedAt,
        noticeAt: at('2025-10-15T09:00:00'),
        acceptedAt: null,
        now: at('2025-10-16T08:00:00'),
        calendar,
      }).deemed,
    ).toBe(true);
  });

  it('counts from the Shanghai date of receipt', () => {
    // 23:30 on Friday 2026-02-13 in Shanghai: 02-14 (worked Saturday), then 02-24..02-27.
    expect(
      deemedAcceptance({ receivedAt: '2026-02-13T15:30:00Z', now: at('2026-02-28T09:00:00'), calendar }),
    ).toEqual({ deemed: true, acceptedOn: '2026-02-13', deadline: '2026-02-27T15:59:59.999Z' });
  });
});
