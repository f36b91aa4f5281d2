import ExcelJS from 'exceljs';
import { EXAMPLE_ITEM } from '../../core/catalog/example.ts';
import {
  codeFromText,
  ESCALATION_LEVELS,
  formatLimit,
  type Guide,
  HANDLING_KINDS,
  ITEM_LEVELS,
  ITEM_TYPES,
  type ItemDraft,
  isOpen as isOpenStatus,
  labelOf,
  MATERIAL_FORMS,
  MATERIAL_SOURCES,
  parseLimit,
  type Term,
  THEMES,
  VERSION_STATUSES,
  validateItemDraft,
} from '../../core/catalog/index.ts';
import { regionPathOf } from '../../core/org/codes.ts';
import { canAt, scopeRoots } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, Problem } from '../http/problem.ts';
import { type Lang, labels } from '../i18n/index.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, listDescendants, type Org } from '../org/org-store.ts';
import {
  applyPlacements,
  orgRefs,
  type PlacementKind,
  placementProblem,
  requireSomewhere,
  validationEnv,
} from './catalog-service.ts';
import {
  type CatalogItem,
  currentVersions,
  findItemsByImplementationCodes,
  type ItemFilter,
  itemRow,
  listProxies,
  listVersions,
  listWindows,
  searchItems,
  versionRow,
} from './catalog-store.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_IMPORT_ROWS = 5000;
/** Rows whose implementation code starts with this are the template's examples and are never imported. */
export const EXAMPLE_PREFIX = '示例';

type ColumnKey =
  | 'implementationCode'
  | 'basicCode'
  | 'name'
  | 'type'
  | 'departmentCode'
  | 'departmentName'
  | 'level'
  | 'handlingKind'
  | 'lead'
  | 'participants'
  | 'targetLevel'
  | 'legalLimit'
  | 'promisedLimit'
  | 'legalBasis'
  | 'conditions'
  | 'materials'
  | 'steps'
  | 'charged'
  | 'fees'
  | 'place'
  | 'hours'
  | 'consultPhone'
  | 'complaintPhone'
  | 'onlineApply'
  | 'appointment'
  | 'proxyAllowed'
  | 'maxVisits'
  | 'themes'
  | 'faq'
  | 'windows'
  | 'proxies'
  | 'version'
  | 'status';

interface Column {
  key: ColumnKey;
  width: number;
  /** Must be present in an imported sheet (its cells may still be empty where the field allows it). */
  required?: boolean;
  /** Written on export for the reader, ignored on import. */
  exportOnly?: boolean;
  /** A closed vocabulary: offered as a drop-down in the template and listed in the help sheet. */
  terms?: readonly Term[];
}

const YES_NO: readonly Term[] = [
  { code: 'true', zh: '是', en: 'yes' },
  { code: 'false', zh: '否', en: 'no' },
];
const REQUIRED_TERMS: readonly Term[] = [
  { code: 'true', zh: '必要', en: 'required' },
  { code: 'false', zh: '非必要', en: 'optional' },
];

/** The columns of the 事项清单 sheet, in order: template, export and import share them. */
export const COLUMNS: readonly Column[] = [
  { key: 'implementationCode', width: 34, required: true },
  { key: 'basicCode', width: 16, required: true },
  { key: 'name', width: 28, required: true },
  { key: 'type', width: 14, required: true, terms: ITEM_TYPES },
  { key: 'departmentCode', width: 14, required: true },
  { key: 'departmentName', width: 24, exportOnly: true },
  { key: 'level', width: 10, required: true, terms: ITEM_LEVELS },
  { key: 'handlingKind', width: 10, required: true, terms: HANDLING_KINDS },
  { key: 'lead', width: 14 },
  { key: 'participants', width: 20 },
  { key: 'targetLevel', width: 10, terms: ESCALATION_LEVELS },
  { key: 'legalLimit', width: 14 },
  { key: 'promisedLimit', width: 14, required: true },
  { key: 'legalBasis', width: 40, required: true },
  { key: 'conditions', width: 40, required: true },
  { key: 'materials', width: 60, required: true },
  { key: 'steps', width: 40, required: true },
  { key: 'charged', width: 10, required: true, terms: YES_NO },
  { key: 'fees', width: 40 },
  { key: 'place', width: 30, required: true },
  { key: 'hours', width: 30, required: true },
  { key: 'consultPhone', width: 16, required: true },
  { key: 'complaintPhone', width: 16, required: true },
  { key: 'onlineApply', width: 10, required: true, terms: YES_NO },
  { key: 'appointment', width: 10, required: true, terms: YES_NO },
  { key: 'proxyAllowed', width: 10, required: true, terms: YES_NO },
  { key: 'maxVisits', width: 10, required: true },
  { key: 'themes', width: 20 },
  { key: 'faq', width: 40 },
  { key: 'windows', width: 30 },
  { key: 'proxies', width: 30 },
  { key: 'version', width: 8, exportOnly: true },
  { key: 'status', width: 10, exportOnly: true, terms: VERSION_STATUSES },
];

/** The column an error's field belongs to: `materials[2].copies` → materials, `handling.lead` → lead. */
export function columnOfField(field: string): ColumnKey {
  const [head, second] = field.split(/[.[]/);
  if (head === 'handling') {
    if (second === 'lead' || second === 'targetLevel' || second === 'participants') return second;
    return 'handlingKind';
  }
  return (COLUMNS.find((c) => c.key === head)?.key ?? 'implementationCode') as ColumnKey;
}

// ---------------------------------------------------------------------------------------------------
// Cells ↔ values. Lists are one entry a line, fields separated by "|".

const LIST_SEPARATOR = /[、,，;；\s]+/;
const FIELD_SEPARATOR = /\s*[|｜]\s*/;

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function fields(line: string, count: number): string[] {
  const parts = line.split(FIELD_SEPARATOR);
  // The last field takes the rest, so an answer or a note may itself contain "|".
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('|')];
}

const codeOr = (list: readonly Term[], text: string): string => codeFromText(list, text) ?? text;
const boolOr = (list: readonly Term[], text: string): boolean | string => {
  const code = codeFromText(list, text) ?? codeFromText(list, text.toLowerCase());
  if (code === 'true') return true;
  if (code === 'false') return false;
  return ['true', 'y', '1'].includes(text.toLowerCase())
    ? true
    : ['false', 'n', '0'].includes(text.toLowerCase())
      ? false
      : text;
};
const intOr = (text: string): number | string => (/^\d{1,6}$/.test(text) ? Number(text) : text);
const limitOr = (text: string) => {
  const limit = parseLimit(text);
  return limit === undefined ? text : limit;
};
const optional = (text: string | undefined) => (text === undefined || text === '' ? undefined : text);

/** One sheet row as the validator's input; unreadable cells are passed on as text for it to name. */
export function rowToInput(cells: Partial<Record<ColumnKey, string>>): Record<string, unknown> {
  const cell = (k: ColumnKey) => cells[k]?.trim() ?? '';
  const kind = codeOr(HANDLING_KINDS, cell('handlingKind'));
  return {
    implementationCode: cell('implementationCode'),
    basicCode: cell('basicCode'),
    name: cell('name'),
    type: codeOr(ITEM_TYPES, cell('type')),
    departmentCode: cell('departmentCode'),
    level: codeOr(ITEM_LEVELS, cell('level')),
    handling: {
      kind: cell('handlingKind') === '' ? undefined : kind,
      lead: optional(cell('lead')) ?? null,
      participants: cell('participants').split(LIST_SEPARATOR).filter(Boolean),
      targetLevel: optional(cell('targetLevel')) && codeOr(ESCALATION_LEVELS, cell('targetLevel')),
    },
    legalLimit: limitOr(cell('legalLimit')),
    promisedLimit: cell('promisedLimit') === '' ? undefined : limitOr(cell('promisedLimit')),
    legalBasis: cell('legalBasis'),
    conditions: cell('conditions'),
    materials: lines(cell('materials')).map((line) => {
      const [name, required, form, copies, source, note] = fields(line, 6);
      return {
        name,
        required: boolOr(REQUIRED_TERMS, required ?? ''),
        form: codeOr(MATERIAL_FORMS, form ?? ''),
        copies: intOr(copies ?? ''),
        source: codeOr(MATERIAL_SOURCES, source ?? ''),
        note: optional(note) ?? null,
      };
    }),
    steps: lines(cell('steps')).map((line) => {
      const [name, role, limit] = fields(line, 3);
      return { name, role, limit: limitOr(limit ?? '') };
    }),
    charged: boolOr(YES_NO, cell('charged')),
    fees: lines(cell('fees')).map((line) => {
      const [name, standard, basis] = fields(line, 3);
      return { name, standard, basis };
    }),
    place: cell('place'),
    hours: cell('hours'),
    consultPhone: cell('consultPhone'),
    complaintPhone: cell('complaintPhone'),
    onlineApply: boolOr(YES_NO, cell('onlineApply')),
    appointment: boolOr(YES_NO, cell('appointment')),
    proxyAllowed: boolOr(YES_NO, cell('proxyAllowed')),
    maxVisits: intOr(cell('maxVisits')),
    themes: cell('themes')
      .split(LIST_SEPARATOR)
      .filter(Boolean)
      .map((t) => codeOr(THEMES, t)),
    faq: lines(cell('faq')).map((line) => {
      const [question, answer] = fields(line, 2);
      return { question, answer };
    }),
  };
}

type Side = 'zh' | 'en';
const sideOf = (lang: Lang): Side => (lang === 'en' ? 'en' : 'zh');

/** An item version as sheet cells (what rowToInput reads back). */
export function draftToRow(
  draft: ItemDraft,
  extra: { departmentName: string; windows: string[]; proxies: string[]; version: number; status: string },
  lang: Lang,
): Record<ColumnKey, string | number> {
  const side = sideOf(lang);
  const yes = (b: boolean) => (b ? YES_NO[0]! : YES_NO[1]!)[side];
  const limit = (l: Guide['legalLimit']) => formatLimit(l, side);
  return {
    implementationCode: draft.implementationCode,
    basicCode: draft.basicCode,
    name: draft.name,
    type: labelOf(ITEM_TYPES, draft.type, side),
    departmentCode: draft.departmentCode,
    departmentName: extra.departmentName,
    level: labelOf(ITEM_LEVELS, draft.level, side),
    handlingKind: labelOf(HANDLING_KINDS, draft.handling.kind, side),
    lead: draft.handling.lead ?? '',
    participants: draft.handling.participants.join('、'),
    targetLevel: draft.handling.targetLevel
      ? labelOf(ESCALATION_LEVELS, draft.handling.targetLevel, side)
      : '',
    legalLimit: limit(draft.legalLimit),
    promisedLimit: limit(draft.promisedLimit),
    legalBasis: draft.legalBasis,
    conditions: draft.conditions,
    materials: draft.materials
      .map((m) =>
        [
          m.name,
          (m.required ? REQUIRED_TERMS[0]! : REQUIRED_TERMS[1]!)[side],
          labelOf(MATERIAL_FORMS, m.form, side),
          m.copies,
          labelOf(MATERIAL_SOURCES, m.source, side),
          ...(m.note ? [m.note] : []),
        ].join('|'),
      )
      .join('\n'),
    steps: draft.steps.map((s) => [s.name, s.role, s.limit ? limit(s.limit) : ''].join('|')).join('\n'),
    charged: yes(draft.charged),
    fees: draft.fees.map((f) => [f.name, f.standard, f.basis].join('|')).join('\n'),
    place: draft.place,
    hours: draft.hours,
    consultPhone: draft.consultPhone,
    complaintPhone: draft.complaintPhone,
    onlineApply: yes(draft.onlineApply),
    appointment: yes(draft.appointment),
    proxyAllowed: yes(draft.proxyAllowed),
    maxVisits: draft.maxVisits,
    themes: draft.themes.map((t) => labelOf(THEMES, t, side)).join('、'),
    faq: draft.faq.map((f) => `${f.question}|${f.answer}`).join('\n'),
    windows: extra.windows.join('、'),
    proxies: extra.proxies.join('、'),
    version: extra.version,
    status: labelOf(VERSION_STATUSES, extra.status as (typeof VERSION_STATUSES)[number]['code'], side),
  };
}

// ---------------------------------------------------------------------------------------------------
// Workbooks

const TEXT_COLUMNS: readonly ColumnKey[] = [
  'implementationCode',
  'basicCode',
  'departmentCode',
  'lead',
  'participants',
  'windows',
  'proxies',
];

function headerOf(key: ColumnKey, lang: Lang): string {
  return labels(lang, 'catalog.column.')[key] ?? key;
}

function newSheet(workbook: ExcelJS.Workbook, lang: Lang): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(labels(lang, 'catalog.sheet.').items ?? 'catalog');
  sheet.columns = COLUMNS.map((c) => ({ header: headerOf(c.key, lang), key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 3 }];
  // Codes are text: as numbers Excel would drop the leading zeros of 000101001000.
  for (const key of TEXT_COLUMNS) sheet.getColumn(key).numFmt = '@';
  return sheet;
}

function addRow(sheet: ExcelJS.Worksheet, row: Record<string, string | number>): ExcelJS.Row {
  const added = sheet.addRow(row);
  added.alignment = { wrapText: true, vertical: 'top' };
  return added;
}

/** The import template: the header row, one example row (never imported) and a sheet explaining each column. */
export async function buildTemplate(ctx: AppContext, actor: Actor, lang: Lang): Promise<Buffer> {
  const roots = scopeRoots(actor.grants, 'catalog.write');
  let departmentCode = actor.orgCode;
  if (roots[0]) {
    const found = await listDescendants(ctx.db, roots[0], { kind: 'department', limit: 1, offset: 0 });
    departmentCode = found.items[0]?.code ?? departmentCode;
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin';
  const sheet = newSheet(workbook, lang);
  const example = addRow(
    sheet,
    draftToRow(
      {
        ...EXAMPLE_ITEM,
        implementationCode: `${EXAMPLE_PREFIX}-${EXAMPLE_ITEM.implementationCode}`,
        departmentCode,
      },
      { departmentName: '', windows: [], proxies: [], version: 1, status: 'draft' },
      lang,
    ),
  );
  example.font = { italic: true, color: { argb: 'FF808080' } };
  // Drop-downs for the closed vocabularies, on the rows officials are likely to fill.
  COLUMNS.forEach((c, i) => {
    if (!c.terms || c.exportOnly) return;
    const list = `"${c.terms.map((t) => t[sideOf(lang)]).join(',')}"`;
    for (let r = 2; r <= 201; r++) {
      sheet.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
    }
  });

  const text = labels(lang, 'catalog.help.');
  const help = workbook.addWorksheet(labels(lang, 'catalog.sheet.').help ?? 'help');
  help.columns = [
    { header: text.headerColumn, key: 'column', width: 16 },
    { header: text.headerRequired, key: 'required', width: 10 },
    { header: text.headerMeaning, key: 'meaning', width: 70 },
    { header: text.headerValues, key: 'values', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of COLUMNS) {
    const row = help.addRow({
      column: headerOf(c.key, lang),
      required: c.exportOnly ? text.exportOnly : c.required ? text.yes : text.no,
      meaning: text[c.key] ?? '',
      values:
        c.terms && c.key !== 'status'
          ? c.terms.map((t) => t[sideOf(lang)]).join('、')
          : (text[`${c.key}Values`] ?? ''),
    });
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  help.addRow({});
  help.addRow({ column: text.notes, meaning: text.notesText }).alignment = {
    wrapText: true,
    vertical: 'top',
  };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const EXPORT_LIMIT = 10_000;

/**
 * The catalog the actor can see, one row per item: its published version, or with `version: 'latest'`
 * the newest one (a draft being worked on). Files are not exported.
 */
export async function exportCatalog(
  ctx: AppContext,
  actor: Actor,
  filter: ItemFilter & { version?: 'published' | 'latest' },
  lang: Lang,
): Promise<Buffer> {
  let departmentPath: string | undefined;
  if (filter.department) {
    const org = await findOrg(ctx.db, filter.department);
    if (!org) throw new Problem(404, 'org.not_found', { code: filter.department });
    departmentPath = org.path;
  }
  const found = await searchItems(
    ctx.db,
    scopeRoots(actor.grants, 'org.read'),
    { ...filter, departmentPath },
    { limit: EXPORT_LIMIT, offset: 0 },
  );
  const items = found.items.map((r) => r.item);
  const ids = items.map((i) => i.id);
  const [current, windows, proxies, names] = await Promise.all([
    currentVersions(ctx.db, ids, filter.version ?? 'published'),
    listWindows(ctx.db, ids),
    listProxies(ctx.db, ids),
    orgRefs(ctx.db, [...new Set(items.map((i) => i.departmentCode))]),
  ]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin';
  const sheet = newSheet(workbook, lang);
  for (const item of items) {
    const v = current.get(item.id);
    if (!v) continue;
    addRow(
      sheet,
      draftToRow(
        { ...item, ...v },
        {
          departmentName: names.get(item.departmentCode)?.name ?? '',
          windows: windows.filter((w) => w.itemId === item.id).map((w) => w.code),
          proxies: proxies.filter((p) => p.itemId === item.id).map((p) => p.code),
          version: v.version,
          status: v.status,
        },
        lang,
      ),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------
// Import

export interface RowError extends FieldError {
  row: number;
  column: string;
}

interface ParsedRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

function malformed(reason: string, errors?: FieldError[]): Problem {
  return new Problem(400, 'catalog.import_malformed', { reason }, errors);
}

/** Reads the 事项清单 sheet: header names (Chinese or English) to columns, then the non-empty rows. */
async function readSheet(data: Buffer): Promise<ParsedRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw malformed(`不是有效的 .xlsx 文件（${(error as Error).message.slice(0, 100)}）`);
  }
  const names = [labels('zh-CN', 'catalog.sheet.').items, labels('en', 'catalog.sheet.').items];
  const sheet = workbook.worksheets.find((s) => names.includes(s.name)) ?? workbook.worksheets[0];
  if (!sheet) throw malformed('文件中没有工作表');
  const byHeader = new Map<string, ColumnKey>();
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const c of COLUMNS) byHeader.set(headerOf(c.key, lang).trim().toLowerCase(), c.key);
  }
  const positions = new Map<ColumnKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(cell.text.trim().toLowerCase());
    if (key && !positions.has(key)) positions.set(key, col);
  });
  const missing = COLUMNS.filter((c) => c.required && !positions.has(c.key));
  if (missing.length > 0) {
    const header = (k: ColumnKey) => headerOf(k, 'zh-CN');
    throw malformed(
      `缺少必需的列：${missing.map((c) => header(c.key)).join('、')}`,
      missing.map((c) => ({
        field: c.key,
        code: 'catalog.column_missing',
        message: `缺少“${header(c.key)}”列`,
      })),
    );
  }
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS) throw malformed(`一次最多导入 ${MAX_IMPORT_ROWS} 行`);
  const rows: ParsedRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Partial<Record<ColumnKey, string>> = {};
    let any = false;
    for (const [key, col] of positions) {
      const text = row.getCell(col).text.trim();
      if (text) any = true;
      cells[key] = text;
    }
    if (!any || cells.implementationCode?.startsWith(EXAMPLE_PREFIX)) return;
    rows.push({ row: number, cells });
  });
  if (rows.length === 0) throw malformed('表格中没有可导入的行（示例行不导入）');
  return rows;
}

interface PlannedRow {
  row: number;
  draft: ItemDraft;
  department: Org;
  existing: CatalogItem | null;
  nextVersion: number;
  windows: Org[] | null;
  proxies: Org[] | null;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  items: { row: number; itemId: string; versionId: string; implementationCode: string; created: boolean }[];
}

/**
 * Imports a 事项清单 spreadsheet: every row is checked first and nothing is stored if any row is wrong;
 * the report names the row, the column and the problem. A new implementation code creates an item with
 * a draft v1; a known one adds a new draft to that item. With `submit`, the drafts go straight to review.
 * Windows and proxy villages listed replace those the importer may manage.
 */
export async function importCatalog(
  ctx: AppContext,
  actor: Actor,
  data: Buffer,
  opts: { submit: boolean; ip: string },
): Promise<ImportOutcome> {
  requireSomewhere(actor, 'catalog.write');
  const rows = await readSheet(data);
  const inputs = rows.map((r) => ({ row: r.row, cells: r.cells, input: rowToInput(r.cells) }));
  const listed = (text: string | undefined) => (text ?? '').split(LIST_SEPARATOR).filter(Boolean);
  const codes = new Set<string>();
  for (const { input, cells } of inputs) {
    for (const c of [
      input.departmentCode,
      (input.handling as { lead?: unknown }).lead,
      ...(input.handling as { participants: unknown[] }).participants,
      ...listed(cells.windows),
      ...listed(cells.proxies),
    ]) {
      if (typeof c === 'string' && c) codes.add(c);
    }
  }
  const orgs = await orgRefs(ctx.db, [...codes]);
  const env = await validationEnv(ctx, orgs);
  const existing = await findItemsByImplementationCodes(ctx.db, [
    ...new Set(inputs.map((i) => String(i.input.implementationCode))),
  ]);
  const errors: RowError[] = [];
  const fail = (row: number, field: string, code: string, message: string) =>
    errors.push({ row, column: headerOf(columnOfField(field), 'zh-CN'), field, code, message });
  const seen = new Map<string, number>();
  const planned: PlannedRow[] = [];

  for (const { row, cells, input } of inputs) {
    const result = validateItemDraft(input, env);
    if (!result.ok) {
      for (const e of result.errors) fail(row, e.field, e.code, e.message);
      continue;
    }
    const draft = result.value;
    const before = errors.length;
    const earlier = seen.get(draft.implementationCode);
    if (earlier) {
      fail(
        row,
        'implementationCode',
        'catalog.implementation_code_repeated',
        `实施编码与第 ${earlier} 行重复`,
      );
    }
    seen.set(draft.implementationCode, row);
    const department = orgs.get(draft.departmentCode)!;
    if (!canAt(actor.grants, 'catalog.write', department.path)) {
      fail(row, 'departmentCode', 'auth.forbidden', `无权维护 ${department.name} 的事项`);
    }
    const item = existing.get(draft.implementationCode) ?? null;
    let nextVersion = 1;
    if (item) {
      if (item.departmentCode !== draft.departmentCode || item.level !== draft.level) {
        fail(
          row,
          'departmentCode',
          'catalog.identity_changed',
          '已有事项的办理部门和办理层级不能通过导入修改',
        );
      }
      const versions = await listVersions(ctx.db, item.id);
      const open = versions.find((v) => isOpenStatus(v.status));
      if (open) {
        fail(
          row,
          'implementationCode',
          'catalog.draft_exists',
          `该事项已有未发布的第 ${open.version} 版（${labelOf(VERSION_STATUSES, open.status)}）`,
        );
      }
      nextVersion = Math.max(0, ...versions.map((v) => v.version)) + 1;
    }
    const region = regionPathOf(department.path);
    const placements = (column: 'windows' | 'proxies', kinds: readonly PlacementKind[]): Org[] | null => {
      if (cells[column] === undefined) return null;
      const found: Org[] = [];
      listed(cells[column]).forEach((code, i) => {
        const org = orgs.get(code);
        const problem = org
          ? placementProblem(actor, org, kinds, region)
          : { status: 404, code: 'catalog.org_unknown', message: `机构代码 ${code} 不存在` };
        if (problem) fail(row, `${column}[${i}]`, problem.code, problem.message);
        else found.push(org!);
      });
      return found;
    };
    const windows = placements('windows', ['window']);
    const proxies = placements('proxies', ['village', 'township']);
    if (proxies && proxies.length > 0 && !draft.proxyAllowed) {
      fail(row, 'proxies', 'catalog.proxy_not_allowed', '“村代办”为“否”时不能列出代办村');
    }
    if (errors.length === before) {
      planned.push({ row, draft, department, existing: item, nextVersion, windows, proxies });
    }
  }
  if (errors.length > 0) {
    const rowsWrong = new Set(errors.map((e) => e.row)).size;
    throw new Problem(400, 'catalog.import_invalid', { rows: rowsWrong, count: errors.length }, errors);
  }

  return ctx.db.transaction().execute(async (trx) => {
    const outcome: ImportOutcome = { created: 0, updated: 0, items: [] };
    const now = ctx.now();
    for (const p of planned) {
      const itemId =
        p.existing?.id ??
        (
          await trx
            .insertInto('catalog_items')
            .values(itemRow(p.department, p.draft, actor.displayName, now))
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const { id: versionId } = await trx
        .insertInto('catalog_versions')
        .values(
          versionRow(
            itemId,
            p.nextVersion,
            p.draft,
            { id: actor.personId, name: actor.displayName },
            now,
            opts.submit ? 'review' : 'draft',
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      if (p.windows) await applyPlacements(trx, actor, 'catalog_item_windows', itemId, p.windows, now);
      if (p.proxies) await applyPlacements(trx, actor, 'catalog_item_proxies', itemId, p.proxies, now);
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'catalog.import',
        entityType: 'catalog_version',
        entityId: versionId,
        orgCode: p.department.code,
        orgPath: p.department.path,
        after: {
          itemId,
          implementationCode: p.draft.implementationCode,
          version: p.nextVersion,
          row: p.row,
          windows: p.windows?.map((w) => w.code),
          proxies: p.proxies?.map((o) => o.code),
        },
        ip: opts.ip,
      });
      if (p.existing) outcome.updated++;
      else outcome.created++;
      outcome.items.push({
        row: p.row,
        itemId,
        versionId,
        implementationCode: p.draft.implementationCode,
        created: !p.existing,
      });
    }
    return outcome;
  });
}
