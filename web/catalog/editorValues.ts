import type { Guide, Limit, Material } from '../../core/catalog/guide.ts';
import type { FieldError } from '../api.ts';

/** A limit as the form holds it: the number may be empty while typing (and for "no legal limit"). */
export interface LimitValue {
  value: number | null;
  unit: string;
}

export interface EditorValues {
  departmentCode?: string;
  level?: string;
  basicCode?: string;
  implementationCode?: string;
  name: string;
  type: string;
  legalBasis: string;
  conditions: string;
  materials: (Omit<Material, 'note'> & { note: string })[];
  steps: { name: string; role: string; limit: LimitValue }[];
  legalLimit: LimitValue;
  promisedLimit: LimitValue;
  handling: { kind: string; lead: string | null; participants: string[]; targetLevel: string | null };
  charged: boolean;
  fees: Guide['fees'];
  place: string;
  hours: string;
  consultPhone: string;
  complaintPhone: string;
  onlineApply: boolean;
  appointment: boolean;
  proxyAllowed: boolean;
  maxVisits: number;
  themes: string[];
  faq: Guide['faq'];
}

const limitIn = (limit: Limit | null): LimitValue =>
  limit ? { value: limit.value, unit: limit.unit } : { value: null, unit: 'working_days' };

function limitOut(limit: LimitValue | undefined): Limit | null {
  if (!limit || limit.value === null || limit.value === undefined) return null;
  return { value: limit.value, unit: limit.unit as Limit['unit'] };
}

export const NEW_MATERIAL: EditorValues['materials'][number] = {
  name: '',
  required: true,
  form: 'original',
  copies: 1,
  source: 'applicant',
  note: '',
  blankFileId: null,
  sampleFileId: null,
};

export const EMPTY_GUIDE: EditorValues = {
  name: '',
  type: 'administrative_license',
  legalBasis: '',
  conditions: '',
  materials: [{ ...NEW_MATERIAL }],
  steps: [
    { name: '受理', role: '窗口人员', limit: { value: 0, unit: 'working_days' } },
    { name: '审核', role: '审核人员', limit: { value: null, unit: 'working_days' } },
  ],
  legalLimit: { value: 20, unit: 'working_days' },
  promisedLimit: { value: 10, unit: 'working_days' },
  handling: { kind: 'promised', lead: null, participants: [], targetLevel: null },
  charged: false,
  fees: [],
  place: '',
  hours: '',
  consultPhone: '',
  complaintPhone: '12345',
  onlineApply: false,
  appointment: false,
  proxyAllowed: false,
  maxVisits: 1,
  themes: [],
  faq: [],
};

/** A stored version as the form edits it. */
export function toForm(guide: Guide): EditorValues {
  return {
    name: guide.name,
    type: guide.type,
    legalBasis: guide.legalBasis,
    conditions: guide.conditions,
    materials: guide.materials.map((m) => ({ ...m, note: m.note ?? '' })),
    steps: guide.steps.map((s) => ({ name: s.name, role: s.role, limit: limitIn(s.limit) })),
    legalLimit: limitIn(guide.legalLimit),
    promisedLimit: limitIn(guide.promisedLimit),
    handling: {
      kind: guide.handling.kind,
      lead: guide.handling.lead,
      participants: [...guide.handling.participants],
      targetLevel: guide.handling.targetLevel,
    },
    charged: guide.charged,
    fees: guide.fees.map((f) => ({ ...f })),
    place: guide.place,
    hours: guide.hours,
    consultPhone: guide.consultPhone,
    complaintPhone: guide.complaintPhone,
    onlineApply: guide.onlineApply,
    appointment: guide.appointment,
    proxyAllowed: guide.proxyAllowed,
    maxVisits: guide.maxVisits,
    themes: [...guide.themes],
    faq: guide.faq.map((f) => ({ ...f })),
  };
}

/**
 * The form's values as the API body: every guide field, so what is saved is exactly what is on screen.
 * Checks stay on the server (one set of rules for the API and the spreadsheets); only shapes change here.
 */
export function fromForm(v: EditorValues): Record<string, unknown> {
  const kind = v.handling?.kind;
  return {
    name: v.name ?? '',
    type: v.type,
    legalBasis: v.legalBasis ?? '',
    conditions: v.conditions ?? '',
    materials: (v.materials ?? []).map((m) => ({
      name: m.name ?? '',
      required: Boolean(m.required),
      form: m.form,
      copies: m.copies,
      source: m.source,
      note: m.note?.trim() ? m.note : null,
      blankFileId: m.blankFileId ?? null,
      sampleFileId: m.sampleFileId ?? null,
    })),
    steps: (v.steps ?? []).map((s) => ({ name: s.name ?? '', role: s.role ?? '', limit: limitOut(s.limit) })),
    legalLimit: limitOut(v.legalLimit),
    // An empty promised limit is sent as it is, so the server names the field that is missing.
    promisedLimit: limitOut(v.promisedLimit) ?? { value: -1, unit: v.promisedLimit?.unit ?? 'working_days' },
    handling: {
      kind,
      lead: kind === 'joint' ? (v.handling.lead ?? null) : null,
      participants: kind === 'joint' ? (v.handling.participants ?? []) : [],
      targetLevel: kind === 'escalated' ? (v.handling.targetLevel ?? null) : null,
    },
    charged: Boolean(v.charged),
    fees: v.charged
      ? (v.fees ?? []).map((f) => ({ name: f.name ?? '', standard: f.standard ?? '', basis: f.basis ?? '' }))
      : [],
    place: v.place ?? '',
    hours: v.hours ?? '',
    consultPhone: v.consultPhone ?? '',
    complaintPhone: v.complaintPhone ?? '',
    onlineApply: Boolean(v.onlineApply),
    appointment: Boolean(v.appointment),
    proxyAllowed: Boolean(v.proxyAllowed),
    maxVisits: v.maxVisits,
    themes: v.themes ?? [],
    faq: (v.faq ?? []).map((f) => ({ question: f.question ?? '', answer: f.answer ?? '' })),
  };
}

/** `materials[2].copies` → ['materials', 2, 'copies']. */
export function pathOf(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

const LEAVES: Record<string, readonly string[]> = {
  materials: ['name', 'required', 'form', 'copies', 'source', 'note'],
  steps: ['name', 'role'],
  fees: ['name', 'standard', 'basis'],
  faq: ['question', 'answer'],
};
const SIMPLE = new Set([
  'departmentCode',
  'level',
  'basicCode',
  'implementationCode',
  'name',
  'type',
  'legalBasis',
  'conditions',
  'charged',
  'place',
  'hours',
  'consultPhone',
  'complaintPhone',
  'onlineApply',
  'appointment',
  'proxyAllowed',
  'maxVisits',
  'themes',
]);

/**
 * Where in the form a server complaint belongs: the name path of the control that shows it, or null when
 * it concerns a whole list (steps whose limits add up to too much) or something without a control (a
 * file id), which the editor shows above the list instead.
 */
export function formNameOf(field: string): (string | number)[] | null {
  const path = pathOf(field);
  const [head, second, third] = path;
  if (typeof head !== 'string') return null;
  if (SIMPLE.has(head)) return [head];
  if (head === 'promisedLimit' || head === 'legalLimit')
    return [head, third === 'unit' || second === 'unit' ? 'unit' : 'value'];
  if (head === 'handling') {
    if (second === 'participants') return ['handling', 'participants'];
    return typeof second === 'string' ? ['handling', second] : ['handling', 'kind'];
  }
  if (head in LEAVES && typeof second === 'number') {
    if (head === 'steps' && third === 'limit')
      return ['steps', second, 'limit', path[3] === 'unit' ? 'unit' : 'value'];
    if (typeof third === 'string' && LEAVES[head]!.includes(third)) return [head, second, third];
  }
  return null;
}

export interface PlacedErrors {
  fields: { name: (string | number)[]; errors: string[] }[];
  /** Complaints about a list or without a control, by the section they belong to (materials, steps…). */
  sections: Record<string, string[]>;
}

export function placeErrors(errors: readonly FieldError[]): PlacedErrors {
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const sections: Record<string, string[]> = {};
  for (const e of errors) {
    const name = formNameOf(e.field);
    if (name) {
      const key = JSON.stringify(name);
      const entry = byName.get(key) ?? { name, errors: [] };
      entry.errors.push(e.message);
      byName.set(key, entry);
    } else {
      const head = String(pathOf(e.field)[0] ?? '$');
      sections[head] = [...(sections[head] ?? []), e.message];
    }
  }
  return { fields: [...byName.values()], sections };
}
