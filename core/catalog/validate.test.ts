import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { EXAMPLE_ITEM } from './example.ts';
import type { OrgRef, ValidationEnv } from './validate.ts';
import { orgCodesNamed, validateItemDraft } from './validate.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));
const orgs = new Map<string, OrgRef>(
  [
    { code: '511723-2', kind: 'department', path: '/511723/511723-2/' },
    { code: '511723-6', kind: 'department', path: '/511723/511723-6/' },
    { code: '511723-10', kind: 'department', path: '/511723/511723-10/' },
    { code: '511723100-1', kind: 'center', path: '/511723/511723100/511723100-1/' },
    { code: '511723-1-1', kind: 'window', path: '/511723/511723-1/511723-1-1/' },
  ].map((o) => [o.code, o]),
);
const env: ValidationEnv = { orgs, calendar, today: '2025-09-26' };

function validDraft(): Record<string, unknown> {
  return {
    ...structuredClone(EXAMPLE_ITEM),
    name: ' 个体工商户设立登记 ',
    themes: ['business_startup', 'business_startup'],
  };
}

function errorsOf(patch: Record<string, unknown>) {
  const result = validateItemDraft({ ...validDraft(), ...patch }, env);
  return result.ok ? [] : result.errors;
}

describe('validateItemDraft', () => {
  it('accepts a complete draft and cleans it', () => {
    const result = validateItemDraft(validDraft(), env);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.name).toBe('个体工商户设立登记');
    expect(result.value.themes).toEqual(['business_startup']);
    expect(result.value.handling).toEqual({
      kind: 'on_the_spot',
      lead: null,
      participants: [],
      targetLevel: null,
    });
    expect(result.value.materials[0]).toMatchObject({ note: null, blankFileId: null, sampleFileId: null });
  });

  it('refuses an item without a handling department, or with one that is not a department', () => {
    expect(errorsOf({ departmentCode: undefined })).toEqual([
      expect.objectContaining({ field: 'departmentCode', code: 'catalog.department_required' }),
    ]);
    expect(errorsOf({ departmentCode: '511799-2' })[0]).toMatchObject({ code: 'catalog.org_unknown' });
    expect(errorsOf({ departmentCode: '511723-1-1' })[0]).toMatchObject({
      code: 'catalog.org_not_department',
    });
  });

  it('refuses a level above the department', () => {
    expect(errorsOf({ departmentCode: '511723100-1', level: 'county' })[0]).toMatchObject({
      field: 'level',
      code: 'catalog.level_above_department',
    });
    expect(errorsOf({ departmentCode: '511723100-1', level: 'township' })).toEqual([]);
  });

  it('refuses a promised limit above the legal one, in the same unit and across units', () => {
    const base = { handling: { kind: 'promised' }, steps: [{ name: '审核', role: '审核人员', limit: null }] };
    expect(
      errorsOf({
        ...base,
        legalLimit: { value: 20, unit: 'working_days' },
        promisedLimit: { value: 25, unit: 'working_days' },
      }),
    ).toEqual([expect.objectContaining({ field: 'promisedLimit', code: 'catalog.promised_exceeds_legal' })]);
    expect(
      errorsOf({
        ...base,
        legalLimit: { value: 20, unit: 'working_days' },
        promisedLimit: { value: 20, unit: 'working_days' },
      }),
    ).toEqual([]);
    // From Friday 2025-09-26, 10 working days end on 2025-10-16 (National Day week off): 15 natural days
    // (2025-10-11, a worked Saturday) is shorter.
    expect(
      errorsOf({
        ...base,
        legalLimit: { value: 15, unit: 'natural_days' },
        promisedLimit: { value: 10, unit: 'working_days' },
      }),
    ).toEqual([expect.objectContaining({ code: 'catalog.promised_exceeds_legal' })]);
    expect(
      errorsOf({
        ...base,
        legalLimit: { value: 30, unit: 'natural_days' },
        promisedLimit: { value: 10, unit: 'working_days' },
      }),
    ).toEqual([]);
  });

  it('names the year when the limits reach past the loaded calendar', () => {
    const late = { ...env, today: '2026-12-20' };
    const result = validateItemDraft(
      {
        ...validDraft(),
        handling: { kind: 'promised' },
        legalLimit: { value: 60, unit: 'natural_days' },
        promisedLimit: { value: 20, unit: 'working_days' },
      },
      late,
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ field: 'promisedLimit', code: 'calendar.year_not_loaded' }),
    ]);
  });

  it('keeps 即办 same-day and other kinds at least a day', () => {
    expect(errorsOf({ promisedLimit: { value: 1, unit: 'working_days' } })[0]).toMatchObject({
      code: 'catalog.on_the_spot_limit',
    });
    expect(errorsOf({ handling: { kind: 'promised' } })[0]).toMatchObject({
      code: 'catalog.promised_limit_zero',
    });
  });

  it('requires a lead and participants for 联办', () => {
    const joint = { promisedLimit: { value: 2, unit: 'working_days' }, legalLimit: null };
    expect(errorsOf({ ...joint, handling: { kind: 'joint', participants: ['511723-6'] } })).toEqual([
      expect.objectContaining({ field: 'handling.lead', code: 'catalog.joint_lead_required' }),
    ]);
    expect(errorsOf({ ...joint, handling: { kind: 'joint', lead: '511723-10', participants: [] } })).toEqual([
      expect.objectContaining({
        field: 'handling.participants',
        code: 'catalog.joint_participants_required',
      }),
    ]);
    expect(
      errorsOf({
        ...joint,
        handling: { kind: 'joint', lead: '511723-10', participants: ['511723-6', '511723-10'] },
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'handling.participants[1]',
        code: 'catalog.joint_participant_duplicate',
      }),
    ]);
    const ok = validateItemDraft(
      {
        ...validDraft(),
        ...joint,
        handling: { kind: 'joint', lead: '511723-10', participants: ['511723-6'], targetLevel: 'city' },
      },
      env,
    );
    expect(ok.ok && ok.value.handling).toEqual({
      kind: 'joint',
      lead: '511723-10',
      participants: ['511723-6'],
      targetLevel: null,
    });
  });

  it('requires a higher target level for 上报', () => {
    const up = { promisedLimit: { value: 20, unit: 'working_days' }, legalLimit: null };
    expect(errorsOf({ ...up, handling: { kind: 'escalated' } })[0]).toMatchObject({
      field: 'handling.targetLevel',
      code: 'catalog.escalation_level_required',
    });
    expect(errorsOf({ ...up, handling: { kind: 'escalated', targetLevel: 'county' } })[0]).toMatchObject({
      code: 'catalog.escalation_level_not_higher',
    });
    expect(
      errorsOf({ ...up, level: 'township', handling: { kind: 'escalated', targetLevel: 'county' } }),
    ).toEqual([]);
  });

  it('refuses an unknown theme by its place in the list', () => {
    expect(errorsOf({ themes: ['birth', 'space_travel'] })).toEqual([
      expect.objectContaining({ field: 'themes[1]', code: 'catalog.theme_unknown' }),
    ]);
  });

  it('names the material, the step and the fee that are wrong', () => {
    const draft = validDraft();
    (draft.materials as Record<string, unknown>[]).push({
      name: '委托书',
      required: 'yes',
      form: 'scan',
      copies: 0,
      source: 'applicant',
    });
    const result = validateItemDraft(draft, env);
    expect(result.ok ? [] : result.errors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'materials[2].required catalog.boolean_invalid',
      'materials[2].form catalog.material_form_unknown',
      'materials[2].copies catalog.copies_invalid',
    ]);
    expect(errorsOf({ steps: [] })[0]).toMatchObject({ field: 'steps', code: 'catalog.steps_required' });
    expect(
      errorsOf({ steps: [{ name: '审核', role: '', limit: { value: 2, unit: 'working_days' } }] }).map(
        (e) => e.field,
      ),
    ).toEqual(['steps[0].role', 'steps']);
    expect(errorsOf({ charged: true })[0]).toMatchObject({ field: 'fees', code: 'catalog.fees_required' });
    expect(errorsOf({ fees: [{ name: '工本费', standard: '10元', basis: '文件' }] })[0]).toMatchObject({
      code: 'catalog.fees_without_charge',
    });
  });

  it('checks phones, codes, visits and the shape of the input', () => {
    expect(errorsOf({ consultPhone: 'call us' })[0]).toMatchObject({ code: 'catalog.phone_invalid' });
    expect(errorsOf({ implementationCode: 'a b' })[0]).toMatchObject({ code: 'catalog.code_invalid' });
    expect(errorsOf({ onlineApply: false })[0]).toMatchObject({ code: 'catalog.zero_visits_needs_online' });
    expect(errorsOf({ maxVisits: -1 })[0]).toMatchObject({ code: 'catalog.max_visits_invalid' });
    expect(errorsOf({ type: '行政许可' })[0]).toMatchObject({ field: 'type', code: 'catalog.type_unknown' });
    expect(errorsOf({ legalLimit: { value: 2, unit: 'weeks' } })[0]).toMatchObject({
      code: 'catalog.limit_invalid',
    });
    expect(validateItemDraft('x', env)).toMatchObject({ ok: false, errors: [{ field: '$' }] });
  });

  it('lists the org codes an input names', () => {
    expect(
      orgCodesNamed({
        departmentCode: '511723-2',
        handling: { kind: 'joint', lead: '511723-10', participants: ['511723-6', 7] },
      }),
    ).toEqual(['511723-2', '511723-10', '511723-6']);
  });
});
