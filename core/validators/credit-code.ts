/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters — registration authority (1), organisation type (1),
 * region code of the registering authority (6, GB/T 2260), the subject identifier, which is the
 * organisation code of GB 11714-1997 with its own check character (9), and a MOD 31 check character (1).
 * The one code an enterprise applicant is known by (国发〔2015〕33号), so it is validated on entry.
 */
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import { toHalfWidth } from './id-number.ts';

/** GB 32100-2015: digits and upper-case letters except I, O, Z, S, V, valued 0…30 in this order. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** W_i = 3^(i-1) mod 31 for i = 1…17 (GB 32100-2015, after ISO 7064 / GB/T 17710). */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** GB 11714-1997: weights of the 8 body characters of an organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export interface OrgTypeEntry {
  code: string;
  name: string;
}

export interface AuthorityEntry {
  code: string;
  name: string;
  orgTypes: readonly OrgTypeEntry[];
}

/**
 * 登记管理部门代码 and the 机构类别代码 each allows: those of GB 32100-2015 (1 机构编制, 5 民政, 9 工商,
 * Y 其他) and those assigned to registration authorities since (2 外交 … 8 工会, A, N). Names are the
 * published ones; 工商 is today's 市场监管. New combinations are added here, not in the checks below.
 */
export const REGISTRATION_AUTHORITIES: readonly AuthorityEntry[] = [
  {
    code: '1',
    name: '机构编制',
    orgTypes: [
      { code: '1', name: '机关' },
      { code: '2', name: '事业单位' },
      { code: '3', name: '中央编办直接管理机构编制的群众团体' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '2',
    name: '外交',
    orgTypes: [
      { code: '1', name: '外国常驻新闻机构' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '3',
    name: '司法行政',
    orgTypes: [
      { code: '1', name: '律师执业机构' },
      { code: '2', name: '公证处' },
      { code: '3', name: '基层法律服务所' },
      { code: '4', name: '司法鉴定机构' },
      { code: '5', name: '仲裁委员会' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '4',
    name: '文化',
    orgTypes: [
      { code: '1', name: '外国在华文化中心' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '5',
    name: '民政',
    orgTypes: [
      { code: '1', name: '社会团体' },
      { code: '2', name: '民办非企业单位' },
      { code: '3', name: '基金会' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '6',
    name: '旅游',
    orgTypes: [
      { code: '1', name: '外国旅游部门常驻代表机构' },
      { code: '2', name: '港澳台地区旅游部门常驻内地（大陆）代表机构' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '7',
    name: '宗教',
    orgTypes: [
      { code: '1', name: '宗教活动场所' },
      { code: '2', name: '宗教院校' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '8',
    name: '工会',
    orgTypes: [
      { code: '1', name: '基层工会' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: '9',
    name: '工商',
    orgTypes: [
      { code: '1', name: '企业' },
      { code: '2', name: '个体工商户' },
      { code: '3', name: '农民专业合作社' },
    ],
  },
  {
    code: 'A',
    name: '中央军委改革和编制办公室',
    orgTypes: [
      { code: '1', name: '军队事业单位' },
      { code: '9', name: '其他' },
    ],
  },
  {
    code: 'N',
    name: '农业',
    orgTypes: [
      { code: '1', name: '组级集体经济组织' },
      { code: '2', name: '村级集体经济组织' },
      { code: '3', name: '乡镇级集体经济组织' },
      { code: '9', name: '其他' },
    ],
  },
  // 其他: the standard does not subdivide these and uses 1 for all of them.
  { code: 'Y', name: '其他', orgTypes: [{ code: '1', name: '其他' }] },
];

const AUTHORITY_BY_CODE = new Map(REGISTRATION_AUTHORITIES.map((a) => [a.code, a]));

/**
 * First two digits of a registering authority's region code: the provinces of GB/T 2260, and 10 for the
 * national level (100000, used by authorities of the central government).
 */
const REGION_PREFIXES = new Set([
  '10',
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
]);

export interface CreditCodeInfo {
  /** 18 characters, upper-case. */
  normalized: string;
  /** 登记管理部门代码 (position 1). */
  authority: string;
  authorityName: string;
  /** 机构类别代码 (position 2). */
  orgType: string;
  orgTypeName: string;
  /** 登记管理机关行政区划码 (positions 3–8). */
  regionCode: string;
  /** 主体标识码 / 组织机构代码 (positions 9–17), as printed on old certificates without the hyphen. */
  orgCode: string;
}

export interface CreditCodeOptions {
  /** JSON path reported in errors; `$` by default. */
  field?: string;
}

/** GB 11714 values characters 0–9 as themselves and A–Z as 10–35 (all 26 letters, unlike GB 32100). */
function orgCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return Number.NaN;
}

/** The GB 11714 check character (0–9 or X) of an 8-character organisation code body. */
export function orgCodeCheckChar(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new RangeError('组织机构代码本体必须是 8 位数字或大写字母');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The GB 32100 check character of a 17-character body drawn from CREDIT_CODE_CHARSET. */
export function creditCodeCheckChar(body: string): string {
  if (body.length !== 17) throw new RangeError('统一社会信用代码本体必须是 17 位');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(body[i]!);
    if (v < 0) throw new RangeError(`字符 ${body[i]} 不在统一社会信用代码字符集中`);
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * Validates a 统一社会信用代码 as typed or read off a business licence. Lower-case and full-width input
 * is normalised. The letters I, O, Z, S, V are never silently read as 1, 0, 2, 5, U: a code that
 * contains them was misread and the applicant should check the licence. Shape problems stop the check;
 * the two check characters are verified independently and both are reported when both are wrong.
 */
export function validateCreditCode(
  value: unknown,
  opts: CreditCodeOptions = {},
): ValidationResult<CreditCodeInfo> {
  const field = opts.field ?? '$';
  const fail = (message: string): ValidationResult<CreditCodeInfo> => ({
    ok: false,
    errors: [{ field, code: 'credit_code.format', message }],
  });
  if (typeof value !== 'string') return fail('统一社会信用代码必须是字符串');
  const normalized = toHalfWidth(value).toUpperCase();
  if (normalized.length !== 18) return fail(`统一社会信用代码必须是 18 位，收到 ${normalized.length} 位`);
  for (let i = 0; i < 18; i++) {
    const ch = normalized[i]!;
    if (!CREDIT_CODE_CHARSET.includes(ch)) {
      const hint = 'IOZSV'.includes(ch) ? '（代码中不使用字母 I、O、Z、S、V）' : '';
      return fail(`第 ${i + 1} 位的字符「${ch}」不允许${hint}`);
    }
  }
  const authority = AUTHORITY_BY_CODE.get(normalized[0]!);
  if (!authority) return fail(`第 1 位登记管理部门代码「${normalized[0]}」不存在`);
  const orgType = authority.orgTypes.find((t) => t.code === normalized[1]);
  if (!orgType) {
    const allowed = authority.orgTypes.map((t) => t.code).join('、');
    return fail(
      `第 2 位机构类别代码「${normalized[1]}」不属于登记管理部门「${authority.name}」（可用：${allowed}）`,
    );
  }
  const regionCode = normalized.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || !REGION_PREFIXES.has(regionCode.slice(0, 2))) {
    return fail(`第 3–8 位登记管理机关行政区划码「${regionCode}」无效`);
  }

  const errors: ValidationError[] = [];
  const orgCode = normalized.slice(8, 17);
  const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8));
  if (orgCode[8] !== orgExpected) {
    errors.push({
      field,
      code: 'credit_code.org_code_check',
      message: `第 17 位（组织机构代码校验码）应为 ${orgExpected}，请核对第 9–17 位`,
    });
  }
  const expected = creditCodeCheckChar(normalized.slice(0, 17));
  if (normalized[17] !== expected) {
    errors.push({
      field,
      code: 'credit_code.check_char',
      message: `第 18 位校验码应为 ${expected}，请核对代码是否输错`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      normalized,
      authority: authority.code,
      authorityName: authority.name,
      orgType: orgType.code,
      orgTypeName: orgType.name,
      regionCode,
      orgCode,
    },
  };
}
