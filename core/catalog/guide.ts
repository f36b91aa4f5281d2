import type {
  EscalationLevel,
  HandlingKind,
  ItemLevel,
  ItemType,
  LimitUnit,
  MaterialForm,
  MaterialSource,
  ThemeCode,
} from './vocabulary.ts';

/** A time limit as lists state it: "20个工作日", "60个自然日"; 0 working days is 即办 (same day). */
export interface Limit {
  value: number;
  unit: LimitUnit;
}

export interface Material {
  name: string;
  required: boolean;
  form: MaterialForm;
  copies: number;
  source: MaterialSource;
  note: string | null;
  /** catalog_files id of the blank form (空白表格), if there is one. */
  blankFileId: string | null;
  /** catalog_files id of the filled-in sample (填写范本). */
  sampleFileId: string | null;
}

export interface Step {
  name: string;
  /** Who handles the step, as the guide tells residents: 受理人员, 审核人员, 批准人… */
  role: string;
  limit: Limit | null;
}

export interface Fee {
  name: string;
  standard: string;
  basis: string;
}

export interface Faq {
  question: string;
  answer: string;
}

/**
 * How an item is handled. `lead` and `participants` (org codes of departments) only for 联办;
 * `targetLevel` only for 上报. Other kinds carry null / [] there.
 */
export interface Handling {
  kind: HandlingKind;
  lead: string | null;
  participants: string[];
  targetLevel: EscalationLevel | null;
}

/** The content of one version of an item's guide (办事指南): everything that is versioned and reviewed. */
export interface Guide {
  name: string;
  type: ItemType;
  legalBasis: string;
  conditions: string;
  materials: Material[];
  steps: Step[];
  /** null: no statutory limit (many public services have none). */
  legalLimit: Limit | null;
  promisedLimit: Limit;
  handling: Handling;
  charged: boolean;
  fees: Fee[];
  place: string;
  hours: string;
  consultPhone: string;
  complaintPhone: string;
  onlineApply: boolean;
  appointment: boolean;
  proxyAllowed: boolean;
  maxVisits: number;
  themes: ThemeCode[];
  faq: Faq[];
}

/** What identifies an item across its versions and is not reviewed per version. */
export interface ItemIdentity {
  /** The handling department (实施主体): a department or service center. */
  departmentCode: string;
  level: ItemLevel;
  /** 基本编码, shared by every county's implementation of the same item. */
  basicCode: string;
  /** 实施编码, unique to this implementation. */
  implementationCode: string;
}

export type ItemDraft = ItemIdentity & Guide;

export const GUIDE_FIELDS = [
  'name',
  'type',
  'legalBasis',
  'conditions',
  'materials',
  'steps',
  'legalLimit',
  'promisedLimit',
  'handling',
  'charged',
  'fees',
  'place',
  'hours',
  'consultPhone',
  'complaintPhone',
  'onlineApply',
  'appointment',
  'proxyAllowed',
  'maxVisits',
  'themes',
  'faq',
] as const satisfies readonly (keyof Guide)[];

export const IDENTITY_FIELDS = [
  'departmentCode',
  'level',
  'basicCode',
  'implementationCode',
] as const satisfies readonly (keyof ItemIdentity)[];

export function guideOf(draft: Guide): Guide {
  const out = {} as Record<keyof Guide, unknown>;
  for (const f of GUIDE_FIELDS) out[f] = draft[f];
  return out as Guide;
}
