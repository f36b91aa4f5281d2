import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { canReadOrder, isDispatcherAt, isReceiverAt } from './access.ts';
import { type AttributeDefinition, limitFor, validateAttributeValues, validateCategory } from './catalog.ts';
import { distanceMetres, duplicateMatch, rankDuplicates, textSimilarity } from './duplicates.ts';
import {
  availableActions,
  clockState,
  extendedClock,
  handlingClock,
  nextStatus,
  open311Status,
  repliedOnTime,
  stoppedClock,
} from './lifecycle.ts';
import { isSatisfied } from './vocabulary.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));

const ROAD_TYPE: AttributeDefinition = {
  code: 'road_type',
  datatype: 'singlevaluelist',
  required: true,
  variable: true,
  description: '道路类型',
  datatypeDescription: null,
  order: 1,
  values: [
    { key: 'county', name: '县道' },
    { key: 'village', name: '村道' },
  ],
};
const DAMAGE: AttributeDefinition = {
  ...ROAD_TYPE,
  code: 'damage',
  datatype: 'multivaluelist',
  required: false,
  order: 2,
  values: [
    { key: 'pothole', name: '坑洼' },
    { key: 'crack', name: '裂缝' },
  ],
};
const AREA: AttributeDefinition = {
  ...ROAD_TYPE,
  code: 'area',
  datatype: 'number',
  required: false,
  order: 3,
  values: [],
};
const SINCE: AttributeDefinition = {
  ...ROAD_TYPE,
  code: 'since',
  datatype: 'datetime',
  required: false,
  order: 4,
  values: [],
};
const DEFS = [ROAD_TYPE, DAMAGE, AREA, SINCE];

describe('dispatch catalog', () => {
  const valid = {
    code: 'ROAD',
    name: '道路破损',
    urgency: 'general',
    limit: { value: 7, unit: 'working_days' },
    targets: ['511723-5'],
    anyTownship: true,
    attributes: [ROAD_TYPE, DAMAGE],
  };

  it('accepts a well-formed category and sorts its attributes', () => {
    const r = validateCategory({ ...valid, attributes: [DAMAGE, ROAD_TYPE] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.attributes.map((a) => a.code)).toEqual(['road_type', 'damage']);
  });

  it('reports every problem of a bad category with its field', () => {
    const r = validateCategory({
      code: 'bad code',
      name: '',
      urgency: 'soon',
      limit: { value: 0, unit: 'hours' },
      targets: [],
      attributes: [
        { ...ROAD_TYPE, values: [] },
        { ...AREA, code: 'road_type', values: [{ key: 'x', name: 'y' }] },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const fields = r.errors.map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'code',
          'name',
          'urgency',
          'limit.value',
          'targets',
          'attributes[0].values',
          'attributes[1].code',
        ]),
      );
    }
  });

  it('takes the category limit for its own class and the class default otherwise', () => {
    const c = { urgency: 'general' as const, limit: { value: 5, unit: 'natural_days' as const } };
    expect(limitFor(c, 'general')).toEqual({ value: 5, unit: 'natural_days' });
    expect(limitFor(c, 'urgent')).toEqual({ value: 2, unit: 'hours' });
    expect(limitFor(c, 'complex')).toEqual({ value: 15, unit: 'working_days' });
  });
});

describe('attribute values', () => {
  it('requires required attributes and refuses values outside a list', () => {
    const r = validateAttributeValues(DEFS, { damage: ['pothole', 'bogus'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.code).sort()).toEqual([
        'hotline.attribute_required',
        'hotline.attribute_value_invalid',
      ]);
    }
  });

  it('accepts an empty optional list value as absent and dedupes multiple values', () => {
    expect(validateAttributeValues(DEFS, { road_type: 'village', damage: [''] })).toEqual({
      ok: true,
      value: { road_type: 'village' },
    });
    expect(
      validateAttributeValues(DEFS, { road_type: 'village', damage: ['crack', 'crack', 'pothole'] }),
    ).toEqual({
      ok: true,
      value: { road_type: 'village', damage: ['crack', 'pothole'] },
    });
  });

  it('checks numbers, datetimes and single values; ignores unknown codes', () => {
    const r = validateAttributeValues(DEFS, {
      road_type: ['county', 'village'],
      area: 'big',
      since: 'yesterday',
      extra: 'x',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.attribute).sort()).toEqual(['area', 'road_type', 'since']);
    const ok = validateAttributeValues(DEFS, {
      road_type: 'county',
      area: '12.5',
      since: '2025-10-01',
      extra: 'x',
    });
    expect(ok).toEqual({ ok: true, value: { road_type: 'county', area: '12.5', since: '2025-10-01' } });
  });
});

describe('lifecycle', () => {
  it('offers each party its own actions', () => {
    expect(
      availableActions(
        { status: 'registered', extensionPending: false },
        { dispatcher: true, receiver: false },
      ),
    ).toEqual(['dispatch', 'reply', 'merge']);
    expect(
      availableActions(
        { status: 'dispatched', extensionPending: false },
        { dispatcher: false, receiver: true },
      ),
    ).toEqual(['accept', 'send_back']);
    expect(
      availableActions({ status: 'accepted', extensionPending: true }, { dispatcher: true, receiver: true }),
    ).toEqual(['send_back', 'approve_extension', 'reject_extension', 'reply', 'merge']);
    expect(
      availableActions({ status: 'closed', extensionPending: false }, { dispatcher: true, receiver: true }),
    ).toEqual([]);
  });

  it('returns a rejected send-back to where it was', () => {
    expect(nextStatus('reject_send_back', 'send_back_pending', 'accepted')).toBe('accepted');
    expect(nextStatus('reject_send_back', 'send_back_pending', 'dispatched')).toBe('dispatched');
    expect(nextStatus('approve_send_back', 'send_back_pending')).toBe('registered');
    expect(open311Status('merged')).toBe('closed');
    expect(open311Status('replied')).toBe('open');
  });
});

describe('handling limits across holidays', () => {
  // 2025 National Day: 1–8 October off, Sunday 28 September and Saturday 11 October worked (调休).
  it('counts 7 working days over the National Day holiday', () => {
    const clock = handlingClock({ value: 7, unit: 'working_days' }, new Date('2025-09-30T02:00:00Z'), 5);
    const s = clockState(clock, new Date('2025-09-30T03:00:00Z'), calendar);
    // 9 Oct, 10 Oct, 11 Oct (adjusted workday), 13, 14, 15, 16 Oct.
    expect(s.deadlineDate).toBe('2025-10-16');
    expect(s.light).toBe('green');
    expect(clockState(clock, new Date('2025-10-17T01:00:00Z'), calendar).light).toBe('red');
  });

  it('counts natural days straight through the holiday', () => {
    const clock = handlingClock({ value: 5, unit: 'natural_days' }, new Date('2025-09-30T02:00:00Z'), 0);
    expect(clockState(clock, new Date('2025-09-30T03:00:00Z'), calendar).deadlineDate).toBe('2025-10-05');
  });

  it('counts hours on the clock, holiday or not', () => {
    const clock = handlingClock({ value: 2, unit: 'hours' }, new Date('2025-10-01T02:00:00Z'), 4);
    const s = clockState(clock, new Date('2025-10-01T02:30:00Z'), calendar);
    expect(s.deadline).toBe('2025-10-01T04:00:00.000Z');
    expect(s.light).toBe('green');
    // Yellow with an hour or less left, red once the two hours are over — on a holiday like any day.
    expect(clockState(clock, new Date('2025-10-01T03:10:00Z'), calendar).light).toBe('yellow');
    expect(clockState(clock, new Date('2025-10-01T04:01:00Z'), calendar).light).toBe('red');
  });

  it('judges a reply on time against the deadline and freezes the stopped clock', () => {
    const clock = handlingClock({ value: 2, unit: 'hours' }, new Date('2025-10-01T02:00:00Z'), 4);
    expect(repliedOnTime(clock, new Date('2025-10-01T03:59:00Z'), calendar)).toBe(true);
    expect(repliedOnTime(clock, new Date('2025-10-01T04:01:00Z'), calendar)).toBe(false);
    const stopped = stoppedClock(clock, new Date('2025-10-01T03:00:00Z'));
    expect(clockState(stopped, new Date('2025-10-02T00:00:00Z'), calendar).light).not.toBe('red');
  });

  it('extends within the allowance only', () => {
    const clock = handlingClock({ value: 7, unit: 'working_days' }, new Date('2025-09-30T02:00:00Z'), 5);
    const ok = extendedClock(clock, {
      units: 3,
      approvedBy: '派单员',
      reason: '需协调',
      at: new Date('2025-10-09T02:00:00Z'),
    });
    expect(ok.ok).toBe(true);
    if (ok.ok)
      expect(clockState(ok.value, new Date('2025-10-09T03:00:00Z'), calendar).deadlineDate).toBe(
        '2025-10-21',
      );
    expect(
      extendedClock(clock, {
        units: 6,
        approvedBy: '派单员',
        reason: '需协调',
        at: new Date('2025-10-09T02:00:00Z'),
      }).ok,
    ).toBe(false);
  });
});

describe('duplicates', () => {
  const base = {
    phone: '13800000001',
    categoryCode: 'ROAD',
    locationOrgCode: '511723100001',
    address: '新宁镇解放街 12 号',
    lat: 31.082,
    lng: 107.868,
    content: '解放街路面塌陷一个大坑，晚上很危险',
  };

  it('names each reason', () => {
    expect(duplicateMatch(base, { ...base }).reasons).toEqual([
      'same_phone',
      'same_place',
      'nearby',
      'similar_text',
    ]);
    const other = {
      ...base,
      phone: '13900000002',
      locationOrgCode: null,
      address: null,
      lat: null,
      lng: null,
    };
    expect(duplicateMatch(base, { ...other, content: '解放街路面塌陷了一个大坑，晚上危险' }).reasons).toEqual(
      ['similar_text'],
    );
    expect(duplicateMatch(base, { ...other, content: '咨询低保政策' }).reasons).toEqual([]);
    expect(
      duplicateMatch(base, { ...other, categoryCode: 'LIGHT', address: '解放街12号', content: '路灯' })
        .reasons,
    ).toEqual([]);
    expect(
      duplicateMatch(base, { ...other, address: '开江县新宁镇解放街12号', content: '又坏了' }).reasons,
    ).toEqual(['same_place']);
  });

  it('measures text and distance plainly', () => {
    expect(textSimilarity('路灯不亮', '路灯不亮')).toBe(1);
    expect(textSimilarity('路灯不亮', '咨询低保')).toBe(0);
    expect(distanceMetres(31.082, 107.868, 31.083, 107.868)).toBeGreaterThan(100);
    expect(distanceMetres(31.082, 107.868, 31.083, 107.868)).toBeLessThan(120);
  });

  it('ranks by reasons, then similarity', () => {
    const ranked = rankDuplicates(base, [
      {
        ...base,
        phone: null,
        locationOrgCode: null,
        address: null,
        lat: null,
        lng: null,
        createdAt: '2025-01-02',
      },
      { ...base, createdAt: '2025-01-01' },
      {
        ...base,
        phone: '1',
        categoryCode: 'X',
        content: 'zzz',
        lat: null,
        lng: null,
        createdAt: '2025-01-03',
      },
    ]);
    expect(ranked.map((r) => r.createdAt)).toEqual(['2025-01-01', '2025-01-02']);
  });
});

describe('access', () => {
  const grants = [
    { role: 'admin' as const, orgCode: '511723', orgPath: '/511723/' },
    { role: 'approver' as const, orgCode: '511723100', orgPath: '/511723/511723100/' },
  ];
  it('derives dispatchers, receivers and readers from existing roles', () => {
    expect(isDispatcherAt(grants, '/511723/')).toBe(true);
    expect(isDispatcherAt([grants[1]!], '/511723/')).toBe(false);
    expect(isReceiverAt([grants[1]!], '/511723/511723100/')).toBe(true);
    expect(isReceiverAt([grants[1]!], '/511723/511723101/')).toBe(false);
    expect(canReadOrder([grants[1]!], { centerPath: '/511723/', receiverPath: '/511723/511723101/' })).toBe(
      false,
    );
    expect(canReadOrder([grants[1]!], { centerPath: '/511723/', receiverPath: '/511723/511723100/' })).toBe(
      true,
    );
    expect(isSatisfied('basic')).toBe(true);
    expect(isSatisfied('unsatisfied')).toBe(false);
  });
});
