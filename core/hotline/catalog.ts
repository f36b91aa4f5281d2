/**
 * The dispatch catalog (派单目录) of a county's hotline: categories of matters, each with its urgency
 * class and handling limit, the orgs it may be dispatched to, and the Open311 attributes a caller or a
 * client fills in. Pure validation; the server stores what passes.
 */
import { isIsoDate, parseInstant } from '../calendar/dates.ts';
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import type { ClockUnit } from '../clock/clock.ts';
import {
  ATTRIBUTE_CODE,
  ATTRIBUTE_DATATYPES,
  type AttributeDatatype,
  CATEGORY_CODE,
  DEFAULT_LIMITS,
  type HandlingLimit,
  MAX_CONTENT,
  MAX_STRING_ATTRIBUTE,
  URGENCIES,
  type Urgency,
} from './vocabulary.ts';

export interface AttributeValue {
  key: string;
  name: string;
}

export interface AttributeDefinition {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** false: shown to the person as information only, never filled in (Open311 `variable`). */
  variable: boolean;
  /** The question asked (Open311 `description`). */
  description: string;
  datatypeDescription: string | null;
  /** Position in the form, 1 first; unique within the category. */
  order: number;
  /** Only for singlevaluelist and multivaluelist. */
  values: AttributeValue[];
}

export interface CategoryInput {
  code: string;
  name: string;
  parentCode: string | null;
  description: string;
  keywords: string;
  urgency: Urgency;
  limit: HandlingLimit;
  /** Extension units (the limit's unit) the dispatcher may grant in total; 0 = none. */
  maxExtension: number;
  /** Org codes (departments or townships of the county) the category may be dispatched to. */
  targets: string[];
  /** Also any township of the county, e.g. the township where the matter is. */
  anyTownship: boolean;
  attributes: AttributeDefinition[];
  active: boolean;
}

const UNITS: readonly ClockUnit[] = ['hours', 'working_days', 'natural_days'];
/** The longest limit a category may set: a year of working days or the hours of a month. */
const MAX_LIMIT: Record<ClockUnit, number> = { hours: 720, working_days: 250, natural_days: 366 };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** The handling limit of an order: the category's own for its class, the class default otherwise. */
export function limitFor(
  category: { urgency: Urgency; limit: HandlingLimit },
  urgency: Urgency,
): HandlingLimit {
  return urgency === category.urgency ? category.limit : DEFAULT_LIMITS[urgency];
}

/**
 * Checks a category as an administrator submits it; every problem at once, each with its field. Target
 * orgs are checked against the org tree by the server (it alone knows the tree).
 */
export function validateCategory(input: unknown): ValidationResult<CategoryInput> {
  const errors: ValidationError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ field, code, message });
  if (!isObject(input))
    return { ok: false, errors: [{ field: '$', code: 'hotline.invalid', message: '目录项必须是对象' }] };

  const code = text(input.code);
  if (!CATEGORY_CODE.test(code))
    fail('code', 'hotline.category_code_invalid', '代码为 1–40 位字母、数字、- 或 _');
  const name = text(input.name);
  if (name.length < 1 || name.length > 60) fail('name', 'hotline.name_invalid', '名称为 1–60 个字');
  const parentCode = input.parentCode == null || input.parentCode === '' ? null : text(input.parentCode);
  if (parentCode !== null && (!CATEGORY_CODE.test(parentCode) || parentCode === code)) {
    fail('parentCode', 'hotline.parent_invalid', '上级分类代码无效');
  }
  const urgency = input.urgency as Urgency;
  if (!URGENCIES.includes(urgency)) fail('urgency', 'hotline.urgency_invalid', '紧急程度无效');

  const rawLimit = isObject(input.limit) ? input.limit : null;
  let limit: HandlingLimit = DEFAULT_LIMITS[URGENCIES.includes(urgency) ? urgency : 'general'];
  if (rawLimit) {
    const unit = rawLimit.unit as ClockUnit;
    const value = rawLimit.value;
    if (!UNITS.includes(unit)) fail('limit.unit', 'hotline.limit_invalid', '时限单位无效');
    else if (
      !(Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_LIMIT[unit])
    ) {
      fail('limit.value', 'hotline.limit_invalid', `时限为 1–${MAX_LIMIT[unit]} 的整数`);
    } else limit = { value: value as number, unit };
  }
  const maxExtension = input.maxExtension ?? 0;
  if (
    !(Number.isSafeInteger(maxExtension) && (maxExtension as number) >= 0 && (maxExtension as number) <= 250)
  ) {
    fail('maxExtension', 'hotline.limit_invalid', '最长延期为 0–250 的整数');
  }

  const targets: string[] = [];
  if (!Array.isArray(input.targets)) fail('targets', 'hotline.targets_invalid', '承办单位必须是列表');
  else {
    for (const [i, t] of input.targets.entries()) {
      if (typeof t !== 'string' || !/^\d{6}(\d{3})?(-\d{1,5})*$/.test(t)) {
        fail(`targets[${i}]`, 'hotline.targets_invalid', '承办单位代码无效');
      } else if (!targets.includes(t)) targets.push(t);
    }
  }
  const anyTownship = input.anyTownship === true;
  if (targets.length === 0 && !anyTownship && Array.isArray(input.targets)) {
    fail('targets', 'hotline.targets_required', '至少指定一个承办单位，或允许派往任一乡镇');
  }

  const attributes: AttributeDefinition[] = [];
  const rawAttributes = input.attributes ?? [];
  if (!Array.isArray(rawAttributes)) fail('attributes', 'hotline.attribute_invalid', '附加信息必须是列表');
  else {
    const codes = new Set<string>();
    const orders = new Set<number>();
    rawAttributes.forEach((raw: unknown, i) => {
      const at = `attributes[${i}]`;
      if (!isObject(raw)) {
        fail(at, 'hotline.attribute_invalid', '附加信息必须是对象');
        return;
      }
      const aCode = text(raw.code);
      if (!ATTRIBUTE_CODE.test(aCode))
        fail(`${at}.code`, 'hotline.attribute_invalid', '代码为 1–40 位字母、数字、- 或 _');
      else if (codes.has(aCode)) fail(`${at}.code`, 'hotline.attribute_duplicate', `代码 ${aCode} 重复`);
      codes.add(aCode);
      const datatype = raw.datatype as AttributeDatatype;
      if (!ATTRIBUTE_DATATYPES.includes(datatype))
        fail(`${at}.datatype`, 'hotline.attribute_invalid', '数据类型无效');
      const description = text(raw.description);
      if (description.length < 1 || description.length > 200) {
        fail(`${at}.description`, 'hotline.attribute_invalid', '说明为 1–200 个字');
      }
      const order = raw.order ?? i + 1;
      if (!(Number.isSafeInteger(order) && (order as number) > 0))
        fail(`${at}.order`, 'hotline.attribute_invalid', '顺序为正整数');
      else if (orders.has(order as number))
        fail(`${at}.order`, 'hotline.attribute_duplicate', `顺序 ${order} 重复`);
      orders.add(order as number);
      const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
      const values: AttributeValue[] = [];
      const rawValues = raw.values ?? [];
      if (!Array.isArray(rawValues)) fail(`${at}.values`, 'hotline.attribute_invalid', '选项必须是列表');
      else {
        const keys = new Set<string>();
        rawValues.forEach((v: unknown, j) => {
          const key = isObject(v) ? text(v.key) : '';
          const vName = isObject(v) ? text(v.name) : '';
          if (!key || key.length > 40 || !vName || vName.length > 60) {
            fail(`${at}.values[${j}]`, 'hotline.attribute_invalid', '选项需要键（≤40）和名称（≤60）');
          } else if (keys.has(key))
            fail(`${at}.values[${j}].key`, 'hotline.attribute_duplicate', `选项 ${key} 重复`);
          else {
            keys.add(key);
            values.push({ key, name: vName });
          }
        });
        if (isList && rawValues.length === 0)
          fail(`${at}.values`, 'hotline.attribute_values_required', '列表类型至少要有一个选项');
        if (!isList && rawValues.length > 0)
          fail(`${at}.values`, 'hotline.attribute_invalid', '只有列表类型可以有选项');
      }
      const datatypeDescription = text(raw.datatypeDescription) || null;
      attributes.push({
        code: aCode,
        datatype,
        required: raw.required === true,
        variable: raw.variable !== false,
        description,
        datatypeDescription,
        order: order as number,
        values,
      });
    });
  }
  const description = text(input.description);
  if (description.length > 500) fail('description', 'hotline.description_invalid', '说明不超过 500 字');
  const keywords = text(input.keywords);
  if (keywords.length > 200) fail('keywords', 'hotline.description_invalid', '关键词不超过 200 字');

  if (errors.length > 0) return { ok: false, errors };
  attributes.sort((a, b) => a.order - b.order);
  return {
    ok: true,
    value: {
      code,
      name,
      parentCode,
      description,
      keywords,
      urgency,
      limit,
      maxExtension: maxExtension as number,
      targets,
      anyTownship,
      attributes,
      active: input.active !== false,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Attribute values, as an operator or an Open311 client sends them

export type AttributeInput = Record<string, string | readonly string[] | number | null | undefined>;
export type AttributeValues = Record<string, string | string[]>;

export interface AttributeError extends ValidationError {
  /** The attribute's code, for messages ("attribute[ROAD_TYPE]"). */
  attribute: string;
}

function asList(v: AttributeInput[string]): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  const s = String(v).trim();
  return s === '' ? [] : [s];
}

/**
 * Checks the values given for a category's attributes. A required attribute needs a value; an optional
 * one may be absent or empty (an empty list value is accepted and stored as absent); list values must be
 * keys of the definition; a number must be a number, a datetime an ISO 8601 date or instant with its
 * offset. Codes the category does not define are ignored, as are informational (variable = false) ones.
 */
export function validateAttributeValues(
  definitions: readonly AttributeDefinition[],
  input: AttributeInput,
): { ok: true; value: AttributeValues } | { ok: false; errors: AttributeError[] } {
  const errors: AttributeError[] = [];
  const value: AttributeValues = {};
  for (const def of definitions) {
    if (!def.variable) continue;
    const field = `attribute[${def.code}]`;
    const fail = (code: string, message: string) =>
      errors.push({ field, code, message, attribute: def.code });
    const given = Object.hasOwn(input, def.code) ? asList(input[def.code]) : [];
    if (given.length === 0) {
      if (def.required) fail('hotline.attribute_required', `缺少必填项 ${def.code}（${def.description}）`);
      continue;
    }
    const keys = new Set(def.values.map((v) => v.key));
    switch (def.datatype) {
      case 'singlevaluelist':
        if (given.length > 1) fail('hotline.attribute_single_value', `${def.code} 只能选一项`);
        else if (!keys.has(given[0]!))
          fail('hotline.attribute_value_invalid', `${def.code} 的值 ${given[0]} 不在选项中`);
        else value[def.code] = given[0]!;
        break;
      case 'multivaluelist': {
        const bad = given.filter((g) => !keys.has(g));
        if (bad.length > 0)
          fail('hotline.attribute_value_invalid', `${def.code} 的值 ${bad.join('、')} 不在选项中`);
        else value[def.code] = [...new Set(given)];
        break;
      }
      case 'number':
        if (given.length > 1 || !/^-?\d+(\.\d+)?$/.test(given[0]!))
          fail('hotline.attribute_number', `${def.code} 必须是数字`);
        else value[def.code] = given[0]!;
        break;
      case 'datetime':
        if (given.length > 1 || !(isIsoDate(given[0]) || !Number.isNaN(parseInstant(given[0]!)))) {
          fail('hotline.attribute_datetime', `${def.code} 必须是 ISO 8601 日期或带时区的时间`);
        } else value[def.code] = given[0]!;
        break;
      case 'string':
        if (given.length > 1 || /[\r\n]/.test(given[0]!) || given[0]!.length > MAX_STRING_ATTRIBUTE) {
          fail('hotline.attribute_string', `${def.code} 为不超过 ${MAX_STRING_ATTRIBUTE} 字的单行文字`);
        } else value[def.code] = given[0]!;
        break;
      case 'text':
        if (given.length > 1 || given[0]!.length > MAX_CONTENT)
          fail('hotline.attribute_string', `${def.code} 不超过 ${MAX_CONTENT} 字`);
        else value[def.code] = given[0]!;
        break;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
