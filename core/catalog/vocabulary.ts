/**
 * The closed vocabularies of a Chinese implementation list (实施清单). Codes are stable English words
 * stored in the database and sent over the API; the Chinese label is what officials and residents read
 * and what spreadsheets carry.
 */
export interface Term<C extends string = string> {
  code: C;
  zh: string;
  en: string;
  /** Other spellings officials write in spreadsheets (即办 for 即办件). */
  aliases?: readonly string[];
}

function terms<const C extends string>(list: readonly Term<C>[]) {
  return list;
}

export const ITEM_TYPES = terms([
  { code: 'administrative_license', zh: '行政许可', en: 'Administrative licence' },
  { code: 'administrative_payment', zh: '行政给付', en: 'Administrative payment' },
  { code: 'administrative_confirmation', zh: '行政确认', en: 'Administrative confirmation' },
  { code: 'administrative_ruling', zh: '行政裁决', en: 'Administrative ruling' },
  { code: 'administrative_reward', zh: '行政奖励', en: 'Administrative reward' },
  { code: 'other_administrative_power', zh: '其他行政权力', en: 'Other administrative power' },
  { code: 'public_service', zh: '公共服务', en: 'Public service' },
]);
export type ItemType = (typeof ITEM_TYPES)[number]['code'];

/**
 * 即办: settled at the window the same working day. 承诺: decided within the promised limit.
 * 联办: one lead department owns the overall clock, participants work in parallel.
 * 上报: received and reviewed at this level, decided at a higher one.
 */
export const HANDLING_KINDS = terms([
  { code: 'on_the_spot', zh: '即办件', en: 'On the spot', aliases: ['即办'] },
  { code: 'promised', zh: '承诺件', en: 'Promised', aliases: ['承诺'] },
  { code: 'joint', zh: '联办件', en: 'Joint', aliases: ['联办'] },
  { code: 'escalated', zh: '上报件', en: 'Escalated', aliases: ['上报'] },
]);
export type HandlingKind = (typeof HANDLING_KINDS)[number]['code'];

/** Where residents are served: the county center, a township center or a village point. */
export const ITEM_LEVELS = terms([
  { code: 'county', zh: '县级', en: 'County', aliases: ['县'] },
  { code: 'township', zh: '乡镇级', en: 'Township', aliases: ['乡镇', '乡级', '镇级'] },
  { code: 'village', zh: '村级', en: 'Village', aliases: ['村'] },
]);
export type ItemLevel = (typeof ITEM_LEVELS)[number]['code'];

/** Levels a 上报 item may be reported to. */
export const ESCALATION_LEVELS = terms([
  { code: 'province', zh: '省级', en: 'Province', aliases: ['省'] },
  { code: 'city', zh: '市级', en: 'City', aliases: ['市'] },
  { code: 'county', zh: '县级', en: 'County', aliases: ['县'] },
  { code: 'township', zh: '乡镇级', en: 'Township', aliases: ['乡镇'] },
]);
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number]['code'];

/** Administrative rank of a level, as core/org/codes.ts adminLevelOfCode counts it (1 province … 5 village). */
export const LEVEL_RANK: Readonly<Record<ItemLevel | EscalationLevel, number>> = {
  province: 1,
  city: 2,
  county: 3,
  township: 4,
  village: 5,
};

export const LIMIT_UNITS = terms([
  { code: 'working_days', zh: '个工作日', en: 'working days' },
  { code: 'natural_days', zh: '个自然日', en: 'calendar days' },
]);
export type LimitUnit = (typeof LIMIT_UNITS)[number]['code'];

export const MATERIAL_FORMS = terms([
  { code: 'original', zh: '原件', en: 'Original' },
  { code: 'copy', zh: '复印件', en: 'Copy' },
  { code: 'original_and_copy', zh: '原件和复印件', en: 'Original and copy' },
  { code: 'electronic', zh: '电子材料', en: 'Electronic' },
]);
export type MaterialForm = (typeof MATERIAL_FORMS)[number]['code'];

export const MATERIAL_SOURCES = terms([
  { code: 'applicant', zh: '申请人自备', en: 'From the applicant' },
  { code: 'government', zh: '政府部门核发', en: 'Issued by a government department' },
  { code: 'intermediary', zh: '中介机构出具', en: 'Issued by an intermediary' },
  { code: 'other', zh: '其他', en: 'Other' },
]);
export type MaterialSource = (typeof MATERIAL_SOURCES)[number]['code'];

/** Life-event themes (一件事) residents browse by. The migration's CHECK lists the same codes. */
export const THEMES = terms([
  { code: 'birth', zh: '生育', en: 'Birth' },
  { code: 'school', zh: '入学', en: 'School enrolment' },
  { code: 'employment', zh: '就业', en: 'Employment' },
  { code: 'elderly_care', zh: '养老', en: 'Elderly care' },
  { code: 'disability', zh: '残疾人', en: 'Disability' },
  { code: 'business_startup', zh: '开办企业', en: 'Business start-up' },
  { code: 'marriage', zh: '婚姻', en: 'Marriage' },
  { code: 'housing', zh: '住房', en: 'Housing' },
  { code: 'medical', zh: '医疗', en: 'Medical care' },
  { code: 'social_assistance', zh: '社会救助', en: 'Social assistance' },
  { code: 'farming', zh: '农业', en: 'Farming' },
  { code: 'culture', zh: '文化', en: 'Culture' },
  { code: 'other', zh: '其他', en: 'Other' },
]);
export type ThemeCode = (typeof THEMES)[number]['code'];

export const VERSION_STATUSES = terms([
  { code: 'draft', zh: '草稿', en: 'Draft' },
  { code: 'review', zh: '待审核', en: 'Under review' },
  { code: 'published', zh: '已发布', en: 'Published' },
  { code: 'retired', zh: '已停用', en: 'Retired' },
]);
export type VersionStatus = (typeof VERSION_STATUSES)[number]['code'];

/** The badges the county reports count: 零跑动 (0 visits) and 最多跑一次 (at most one). */
export const VISIT_BADGES = terms([
  { code: 'zero_visit', zh: '零跑动', en: 'No visit needed' },
  { code: 'at_most_once', zh: '最多跑一次', en: 'At most one visit' },
]);
export type VisitBadge = (typeof VISIT_BADGES)[number]['code'];

export function codesOf<C extends string>(list: readonly Term<C>[]): C[] {
  return list.map((t) => t.code);
}

export function isCode<C extends string>(list: readonly Term<C>[], value: unknown): value is C {
  return typeof value === 'string' && list.some((t) => t.code === value);
}

export function labelOf<C extends string>(
  list: readonly Term<C>[],
  code: C,
  lang: 'zh' | 'en' = 'zh',
): string {
  return list.find((t) => t.code === code)?.[lang] ?? code;
}

/** The code a cell names by its code, Chinese label or English label (spreadsheets carry labels). */
export function codeFromText<C extends string>(list: readonly Term<C>[], text: string): C | undefined {
  const wanted = text.trim().toLowerCase();
  const exact = text.trim();
  return list.find(
    (t) => t.code === wanted || t.zh === exact || t.en.toLowerCase() === wanted || t.aliases?.includes(exact),
  )?.code;
}
