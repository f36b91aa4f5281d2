import { CalendarYearNotLoadedError, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import { adminLevelOfCode } from '../org/codes.ts';
import type { Faq, Fee, Handling, ItemDraft, Limit, Material, Step } from './guide.ts';
import { formatLimit, promisedWithinLegal } from './limits.ts';
import {
  ESCALATION_LEVELS,
  type EscalationLevel,
  HANDLING_KINDS,
  ITEM_LEVELS,
  ITEM_TYPES,
  type ItemLevel,
  isCode,
  LEVEL_RANK,
  LIMIT_UNITS,
  MATERIAL_FORMS,
  MATERIAL_SOURCES,
  type Term,
  THEMES,
  type ThemeCode,
} from './vocabulary.ts';

export type { ValidationError, ValidationResult };

/** What the validator needs to know about an org the input names. */
export interface OrgRef {
  code: string;
  kind: string;
  path: string;
}

export interface ValidationEnv {
  /** The orgs the input names (department, lead, participants) by code; a code missing here is unknown. */
  orgs: ReadonlyMap<string, OrgRef>;
  calendar: WorkingCalendar;
  /** The day limits are compared from (Asia/Shanghai, YYYY-MM-DD): normally today. */
  today: string;
}

/** Org kinds that can handle an item: a department (局/办) or a service center (便民服务中心). */
export const HANDLING_UNIT_KINDS = ['department', 'center'] as const;

export const CODE_PATTERN = /^[0-9A-Za-z-]{4,64}$/;
// Landlines with or without area code, mobiles, and short hotlines such as 12345.
const PHONE_PATTERN = /^(?:0\d{2,3}-?\d{7,8}|\d{7,8}|1[3-9]\d{9}|1\d{4})$/;

export const LIMITS = {
  name: 100,
  shortText: 200,
  longText: 4000,
  listItems: 100,
  limitValue: 3650,
  copies: 99,
  maxVisits: 10,
} as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly errors: ValidationError[] = [];

  fail(field: string, code: string, message: string): void {
    this.errors.push({ field, code, message });
  }

  text(field: string, value: unknown, label: string, opts: { max: number; optional?: boolean }): string {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (!opts.optional) this.fail(field, 'catalog.field_required', `${label}不能为空`);
      return '';
    }
    if (typeof value !== 'string') {
      this.fail(field, 'catalog.text_invalid', `${label}必须是文字`);
      return '';
    }
    const trimmed = value.trim();
    if (trimmed.length > opts.max) {
      this.fail(field, 'catalog.text_too_long', `${label}不能超过 ${opts.max} 个字符`);
    }
    return trimmed;
  }

  bool(field: string, value: unknown, label: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(field, 'catalog.boolean_invalid', `${label}须为“是”或“否”（true/false）`);
      return false;
    }
    return value;
  }

  oneOf<C extends string>(
    field: string,
    value: unknown,
    list: readonly Term<C>[],
    code: string,
    label: string,
  ) {
    if (isCode(list, value)) return value;
    const allowed = list.map((t) => `${t.zh}（${t.code}）`).join('、');
    this.fail(field, code, `${label}“${String(value ?? '')}”不在可选范围内：${allowed}`);
    return undefined;
  }

  int(field: string, value: unknown, min: number, max: number, code: string, label: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, code, `${label}必须是 ${min} 到 ${max} 之间的整数，收到：${String(value ?? '')}`);
      return min;
    }
    return value;
  }

  list(field: string, value: unknown, label: string, opts: { min?: number } = {}): unknown[] {
    if (value === undefined || value === null) value = [];
    if (!Array.isArray(value)) {
      this.fail(field, 'catalog.list_invalid', `${label}必须是列表`);
      return [];
    }
    if (value.length > LIMITS.listItems) {
      this.fail(field, 'catalog.list_invalid', `${label}最多 ${LIMITS.listItems} 项`);
      return [];
    }
    if (value.length < (opts.min ?? 0)) {
      this.fail(field, `catalog.${field}_required`, `至少要有 ${opts.min} 项${label}`);
    }
    return value;
  }

  object(field: string, value: unknown, label: string): Record<string, unknown> {
    if (isPlainObject(value)) return value;
    this.fail(field, 'catalog.object_invalid', `${label}格式不正确`);
    return {};
  }

  limit(field: string, value: unknown, label: string, opts: { nullable: boolean }): Limit | null {
    if (value === null || value === undefined) {
      if (!opts.nullable) this.fail(field, 'catalog.field_required', `${label}不能为空`);
      return null;
    }
    if (
      !isPlainObject(value) ||
      typeof value.value !== 'number' ||
      !Number.isInteger(value.value) ||
      value.value < 0 ||
      value.value > LIMITS.limitValue ||
      !isCode(LIMIT_UNITS, value.unit)
    ) {
      this.fail(
        field,
        'catalog.limit_invalid',
        `${label}须为 0 到 ${LIMITS.limitValue} 的整数加单位（工作日 working_days 或自然日 natural_days）`,
      );
      return null;
    }
    return { value: value.value, unit: value.unit };
  }
}

function checkOrg(
  c: Checker,
  env: ValidationEnv,
  field: string,
  code: unknown,
  label: string,
): { code: string; ref: OrgRef } | null {
  if (typeof code !== 'string' || code.trim() === '') return null;
  const ref = env.orgs.get(code.trim());
  if (!ref) {
    c.fail(field, 'catalog.org_unknown', `${label}机构代码 ${code} 不存在`);
    return null;
  }
  if (!(HANDLING_UNIT_KINDS as readonly string[]).includes(ref.kind)) {
    c.fail(field, 'catalog.org_not_department', `${label} ${code} 不是部门或服务中心，不能办理事项`);
    return null;
  }
  return { code: ref.code, ref };
}

function checkMaterial(c: Checker, at: string, raw: unknown): Material {
  const m = c.object(at, raw, '申请材料');
  return {
    name: c.text(`${at}.name`, m.name, '材料名称', { max: LIMITS.shortText }),
    required: c.bool(`${at}.required`, m.required, '是否必要'),
    form:
      c.oneOf(`${at}.form`, m.form, MATERIAL_FORMS, 'catalog.material_form_unknown', '材料形式') ??
      'original',
    copies: c.int(`${at}.copies`, m.copies, 1, LIMITS.copies, 'catalog.copies_invalid', '份数'),
    source:
      c.oneOf(`${at}.source`, m.source, MATERIAL_SOURCES, 'catalog.material_source_unknown', '材料来源') ??
      'applicant',
    note: c.text(`${at}.note`, m.note, '备注', { max: LIMITS.shortText, optional: true }) || null,
    blankFileId: fileId(c, `${at}.blankFileId`, m.blankFileId),
    sampleFileId: fileId(c, `${at}.sampleFileId`, m.sampleFileId),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fileId(c: Checker, field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !UUID.test(value)) {
    c.fail(field, 'catalog.file_id_invalid', '文件标识格式不正确');
    return null;
  }
  return value.toLowerCase();
}

function checkHandling(
  c: Checker,
  env: ValidationEnv,
  raw: unknown,
  level: ItemLevel | undefined,
): Handling | null {
  const h = c.object('handling', raw, '办件类型');
  const kind = c.oneOf('handling.kind', h.kind, HANDLING_KINDS, 'catalog.handling_kind_unknown', '办件类型');
  if (!kind) return null;
  const handling: Handling = { kind, lead: null, participants: [], targetLevel: null };
  if (kind === 'joint') {
    if (typeof h.lead !== 'string' || h.lead.trim() === '') {
      c.fail('handling.lead', 'catalog.joint_lead_required', '联办件必须指定牵头部门');
    } else {
      handling.lead = checkOrg(c, env, 'handling.lead', h.lead, '牵头部门')?.code ?? null;
    }
    const participants = c.list('handling.participants', h.participants, '配合部门');
    if (participants.length === 0) {
      c.fail('handling.participants', 'catalog.joint_participants_required', '联办件至少要有一个配合部门');
    }
    const seen = new Set<string>(typeof h.lead === 'string' ? [h.lead.trim()] : []);
    participants.forEach((p, i) => {
      const field = `handling.participants[${i}]`;
      if (typeof p !== 'string' || p.trim() === '') {
        c.fail(field, 'catalog.field_required', '配合部门代码不能为空');
        return;
      }
      if (seen.has(p.trim())) {
        c.fail(
          field,
          'catalog.joint_participant_duplicate',
          `部门 ${p} 重复（配合部门不能重复，也不能是牵头部门）`,
        );
        return;
      }
      seen.add(p.trim());
      const org = checkOrg(c, env, field, p, '配合部门');
      if (org) handling.participants.push(org.code);
    });
  }
  if (kind === 'escalated') {
    if (h.targetLevel === undefined || h.targetLevel === null || h.targetLevel === '') {
      c.fail('handling.targetLevel', 'catalog.escalation_level_required', '上报件必须写明上报到哪一级');
    } else {
      const target = c.oneOf(
        'handling.targetLevel',
        h.targetLevel,
        ESCALATION_LEVELS,
        'catalog.escalation_level_unknown',
        '上报层级',
      );
      if (target && level && LEVEL_RANK[target] >= LEVEL_RANK[level]) {
        c.fail(
          'handling.targetLevel',
          'catalog.escalation_level_not_higher',
          `上报层级必须高于办理层级（${labelOfLevel(level)}）`,
        );
      }
      handling.targetLevel = target ?? null;
    }
  }
  return handling;
}

function labelOfLevel(level: ItemLevel | EscalationLevel): string {
  return [...ITEM_LEVELS, ...ESCALATION_LEVELS].find((t) => t.code === level)?.zh ?? level;
}

/**
 * Checks one item version as an author submits it (the API body merged over the stored draft, or one
 * spreadsheet row) and returns a clean copy: trimmed text, null for empty optional text, themes without
 * repeats, handling fields that do not apply to the kind emptied. Every problem is reported at once,
 * each naming its field as a JSON path (`materials[2].copies`).
 */
export function validateItemDraft(input: unknown, env: ValidationEnv): ValidationResult<ItemDraft> {
  const c = new Checker();
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field: '$', code: 'catalog.object_invalid', message: '事项必须是对象' }] };
  }
  const i = input;

  // Identity
  let departmentCode = '';
  if (typeof i.departmentCode !== 'string' || i.departmentCode.trim() === '') {
    c.fail('departmentCode', 'catalog.department_required', '必须指定办理部门（实施主体）');
  } else {
    departmentCode = checkOrg(c, env, 'departmentCode', i.departmentCode, '办理部门')?.code ?? '';
  }
  const level = c.oneOf('level', i.level, ITEM_LEVELS, 'catalog.level_unknown', '办理层级');
  if (level && departmentCode && LEVEL_RANK[level] < adminLevelOfCode(departmentCode)) {
    c.fail(
      'level',
      'catalog.level_above_department',
      `办理层级（${labelOfLevel(level)}）不能高于办理部门所在层级`,
    );
  }
  const codeField = (field: 'basicCode' | 'implementationCode', label: string) => {
    const v = c.text(field, i[field], label, { max: 64 });
    if (v && !CODE_PATTERN.test(v)) {
      c.fail(field, 'catalog.code_invalid', `${label}只能由 4–64 位字母、数字和连字符组成`);
    }
    return v;
  };
  const basicCode = codeField('basicCode', '基本编码');
  const implementationCode = codeField('implementationCode', '实施编码');

  // Guide
  const name = c.text('name', i.name, '事项名称', { max: LIMITS.name });
  const type = c.oneOf('type', i.type, ITEM_TYPES, 'catalog.type_unknown', '事项类型');
  const legalBasis = c.text('legalBasis', i.legalBasis, '设定依据', { max: LIMITS.longText });
  const conditions = c.text('conditions', i.conditions, '受理条件', { max: LIMITS.longText });
  const materials = c
    .list('materials', i.materials, '申请材料')
    .map((m, k) => checkMaterial(c, `materials[${k}]`, m));
  const steps = c.list('steps', i.steps, '办理环节', { min: 1 }).map((raw, k): Step => {
    const s = c.object(`steps[${k}]`, raw, '办理环节');
    return {
      name: c.text(`steps[${k}].name`, s.name, '环节名称', { max: LIMITS.shortText }),
      role: c.text(`steps[${k}].role`, s.role, '办理人员', { max: LIMITS.shortText }),
      limit: c.limit(`steps[${k}].limit`, s.limit, '环节时限', { nullable: true }),
    };
  });
  const legalLimit = c.limit('legalLimit', i.legalLimit, '法定时限', { nullable: true });
  const promisedLimit = c.limit('promisedLimit', i.promisedLimit, '承诺时限', { nullable: false });
  const handling = checkHandling(c, env, i.handling, level);

  if (handling && promisedLimit) {
    const sameDay = promisedLimit.value === 0;
    if (handling.kind === 'on_the_spot' && !sameDay) {
      c.fail('promisedLimit', 'catalog.on_the_spot_limit', '即办件的承诺时限必须是当天办结（0 个工作日）');
    }
    if (handling.kind !== 'on_the_spot' && sameDay) {
      c.fail(
        'promisedLimit',
        'catalog.promised_limit_zero',
        '当天办结的事项请选择“即办件”，其他办件类型的承诺时限至少 1 天',
      );
    }
  }
  if (promisedLimit && legalLimit) {
    try {
      if (!promisedWithinLegal(env.calendar, env.today, promisedLimit, legalLimit)) {
        c.fail(
          'promisedLimit',
          'catalog.promised_exceeds_legal',
          `承诺时限（${formatLimit(promisedLimit)}）不能超过法定时限（${formatLimit(legalLimit)}）`,
        );
      }
    } catch (error) {
      if (!(error instanceof CalendarYearNotLoadedError)) throw error;
      c.fail(
        'promisedLimit',
        'calendar.year_not_loaded',
        `${error.year} 年的节假日安排尚未加载，无法比较时限`,
      );
    }
  }
  if (promisedLimit) {
    const stepTotal = steps.reduce(
      (sum, s) => sum + (s.limit?.unit === promisedLimit.unit ? s.limit.value : 0),
      0,
    );
    if (stepTotal > promisedLimit.value) {
      c.fail(
        'steps',
        'catalog.steps_exceed_promised',
        `各环节时限合计 ${stepTotal} 超过承诺时限（${formatLimit(promisedLimit)}）`,
      );
    }
  }

  const charged = c.bool('charged', i.charged, '是否收费');
  const fees = c.list('fees', i.fees, '收费项目').map((raw, k): Fee => {
    const f = c.object(`fees[${k}]`, raw, '收费项目');
    return {
      name: c.text(`fees[${k}].name`, f.name, '收费项目名称', { max: LIMITS.shortText }),
      standard: c.text(`fees[${k}].standard`, f.standard, '收费标准', { max: LIMITS.shortText }),
      basis: c.text(`fees[${k}].basis`, f.basis, '收费依据', { max: LIMITS.shortText * 2 }),
    };
  });
  if (charged && fees.length === 0)
    c.fail('fees', 'catalog.fees_required', '收费事项必须列出收费项目、标准和依据');
  if (!charged && fees.length > 0)
    c.fail('fees', 'catalog.fees_without_charge', '不收费的事项不能列收费项目');

  const place = c.text('place', i.place, '办理地点', { max: LIMITS.shortText * 2 });
  const hours = c.text('hours', i.hours, '办理时间', { max: LIMITS.shortText });
  const phone = (field: 'consultPhone' | 'complaintPhone', label: string) => {
    const v = c.text(field, i[field], label, { max: 20 });
    if (v && !PHONE_PATTERN.test(v))
      c.fail(field, 'catalog.phone_invalid', `${label} ${v} 不是有效的电话号码`);
    return v;
  };
  const consultPhone = phone('consultPhone', '咨询电话');
  const complaintPhone = phone('complaintPhone', '监督投诉电话');
  const onlineApply = c.bool('onlineApply', i.onlineApply, '网上办理');
  const appointment = c.bool('appointment', i.appointment, '预约办理');
  const proxyAllowed = c.bool('proxyAllowed', i.proxyAllowed, '村代办');
  const maxVisits = c.int(
    'maxVisits',
    i.maxVisits,
    0,
    LIMITS.maxVisits,
    'catalog.max_visits_invalid',
    '跑动次数',
  );
  if (maxVisits === 0 && typeof i.maxVisits === 'number' && !onlineApply && !proxyAllowed) {
    c.fail('maxVisits', 'catalog.zero_visits_needs_online', '零跑动的事项必须可以网上办理或由村代办');
  }

  const themes: ThemeCode[] = [];
  c.list('themes', i.themes, '主题').forEach((t, k) => {
    const code = c.oneOf(`themes[${k}]`, t, THEMES, 'catalog.theme_unknown', '主题');
    if (code && !themes.includes(code)) themes.push(code);
  });
  const faq = c.list('faq', i.faq, '常见问题').map((raw, k): Faq => {
    const q = c.object(`faq[${k}]`, raw, '常见问题');
    return {
      question: c.text(`faq[${k}].question`, q.question, '问题', { max: LIMITS.shortText * 2 }),
      answer: c.text(`faq[${k}].answer`, q.answer, '解答', { max: LIMITS.longText }),
    };
  });

  if (c.errors.length > 0 || !level || !type || !handling || !promisedLimit) {
    return { ok: false, errors: c.errors };
  }
  return {
    ok: true,
    value: {
      departmentCode,
      level,
      basicCode,
      implementationCode,
      name,
      type,
      legalBasis,
      conditions,
      materials,
      steps,
      legalLimit,
      promisedLimit,
      handling,
      charged,
      fees,
      place,
      hours,
      consultPhone,
      complaintPhone,
      onlineApply,
      appointment,
      proxyAllowed,
      maxVisits,
      themes,
      faq,
    },
  };
}

/** Org codes an input names, so the caller can look them up before validating. */
export function orgCodesNamed(input: unknown): string[] {
  if (!isPlainObject(input)) return [];
  const codes = new Set<string>();
  if (typeof input.departmentCode === 'string') codes.add(input.departmentCode.trim());
  if (isPlainObject(input.handling)) {
    const { lead, participants } = input.handling;
    if (typeof lead === 'string') codes.add(lead.trim());
    if (Array.isArray(participants))
      for (const p of participants) if (typeof p === 'string') codes.add(p.trim());
  }
  codes.delete('');
  return [...codes];
}
