/**
 * The written documents of a case (文书) as PDF: 收件回执, 受理通知书, 补正材料一次性告知书, 不予受理通知书,
 * 特别程序告知书, 延长办理期限告知书, 行政许可决定书 and the 缴费凭证 (一票制).
 *
 * `renderCaseDocument` is pure apart from reading the font once per process: it takes plain data that the
 * caller has already resolved from the case, its events and its fees (names, masked numbers, dates), and
 * checks that the data a kind prints is there before drawing anything. The fixed wording is in wording.ts.
 */
import {
  CLOCK_UNITS,
  type ClockUnit,
  SPECIAL_PROCEDURES,
  type SpecialProcedure,
} from '../../../core/clock/clock.ts';
import {
  chineseDate,
  chineseDateTime,
  clause,
  duration,
  isDateLike,
  sentence,
  shanghaiYear,
  yuan,
  yuanUppercase,
} from './format.ts';
import {
  type Cell,
  CONTENT_WIDTH,
  centred,
  closing,
  type Doc,
  FONT,
  newDocument,
  PAGE,
  pageNumbers,
  paragraph,
  SIZE,
  table,
} from './layout.ts';
import {
  ACCEPTANCE,
  DECISION,
  DECISION_TITLES,
  documentNumber,
  EXTENSION,
  FEE,
  LABELS,
  NOTICE,
  NUMBER_PREFIXES,
  QUERY,
  RECEIPT,
  REFUSAL,
  REMEDIES,
  SALUTATION,
  SPECIAL_PROCEDURE,
  TITLES,
} from './wording.ts';

export const CASE_DOCUMENT_KINDS = [
  'receipt',
  'acceptance',
  'notice',
  'refusal',
  'special_procedure',
  'extension',
  'decision',
  'fee_receipt',
] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

/** Dates are ISO strings: an instant with an offset ('2026-11-23T02:05:00Z') or a plain Shanghai date. */
export type IsoDateOrInstant = string;

export interface DocumentMaterial {
  name: string;
  /** As printed, e.g. 原件, 复印件 (catalog MATERIAL_FORMS' zh); omitted → —. */
  form?: string | null;
  copies?: number | null;
}

export interface MissingMaterial {
  name: string;
  /** What exactly is missing or wrong, e.g. 需加盖公章; omitted → —. */
  requirement?: string | null;
}

export interface FeeLine {
  name: string;
  /** Whole fen (分), ≥ 0. */
  amountFen: number;
}

export interface CaseDocumentData {
  /** The organ issuing the document and named at its foot, e.g. 开江县市场监督管理局. */
  issuingOrg: string;
  /** Printed under the title; default `<prefix>〔<year>〕<caseNumber>号` (fee receipt: the receipt number). */
  documentNumber?: string | null;
  caseNumber: string;
  /** Only known at registration; null → the line is omitted. */
  queryCode: string | null;
  itemName: string;
  /** Catalog item type: the 行政许可法 articles are cited only for 'administrative_license'. */
  itemType: string;
  applicant: {
    kind: 'person' | 'enterprise';
    name: string;
    /** Masked ID number (person) or credit code (enterprise, public data, as is); null → —. */
    identifier: string | null;
    /** Masked phone ('139****5678'); an unmasked phone is refused. */
    phone: string | null;
  };
  /** The document's date (its foot). */
  issuedAt: IsoDateOrInstant;
  receivedAt?: IsoDateOrInstant | null;
  acceptedAt?: IsoDateOrInstant | null;
  /** The decision (or delivery) deadline shown to the applicant. */
  expectedCompletion?: IsoDateOrInstant | null;
  /** receipt (and optionally acceptance): the materials received. */
  materials?: DocumentMaterial[] | null;
  /** notice: everything to supplement, at once. */
  missingMaterials?: MissingMaterial[] | null;
  /** notice: optional date by which to supplement. */
  supplementBy?: IsoDateOrInstant | null;
  /** refusal: the refuse action's payload. */
  refusal?: { reason: string; remedies: string; referTo?: string | null } | null;
  /** special_procedure: the start_special_procedure payload. */
  specialProcedure?: {
    kind: SpecialProcedure;
    expectedDuration: { value: number; unit: ClockUnit };
    startedAt?: IsoDateOrInstant | null;
    note?: string | null;
  } | null;
  /** extension: the extend payload and the resulting deadline. */
  extension?: {
    days: number;
    /** Unit of `days` (the clock's); default working_days. */
    unit?: ClockUnit | null;
    reason: string;
    approvedBy: string;
    newDeadline: IsoDateOrInstant;
    previousDeadline?: IsoDateOrInstant | null;
  } | null;
  /** decision: the decide payload. `reason` and `remedies` are required when denied. */
  decision?: {
    outcome: 'approved' | 'denied';
    opinion?: string | null;
    reason?: string | null;
    remedies?: string | null;
  } | null;
  /** fee_receipt: one voucher for all the case's fees (一票制). */
  fee?: {
    receiptNumber: string;
    payer: string;
    lines: FeeLine[];
    paidAt: IsoDateOrInstant;
    /** As printed, e.g. 微信支付, 现金. */
    method?: string | null;
  } | null;
  /** The clerk or official who handled the step the document records. */
  handlerName: string;
  /** The public progress page; the QR code encodes exactly this. */
  progressUrl: string;
  consultPhone?: string | null;
  complaintPhone?: string | null;
}

/** The data cannot make the document asked for: a bug in the caller, reported with every bad field. */
export class CaseDocumentDataError extends Error {
  constructor(
    readonly kind: string,
    readonly fields: string[],
  ) {
    super(`case document '${kind}': missing or invalid data: ${fields.join(', ')}`);
    this.name = 'CaseDocumentDataError';
  }
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Every problem with `data` for `kind`, as field paths with a short reason. Empty when it can render. */
export function checkCaseDocumentData(kind: CaseDocumentKind, data: CaseDocumentData): string[] {
  const bad: string[] = [];
  const need = (ok: boolean, field: string, why = 'required') => {
    if (!ok) bad.push(`${field} (${why})`);
  };
  const date = (v: unknown, field: string, required: boolean) => {
    if (v === undefined || v === null) need(!required, field);
    else need(isDateLike(v), field, 'not an ISO date or instant');
  };
  const d = (data ?? {}) as Partial<CaseDocumentData>;
  need(text(d.issuingOrg), 'issuingOrg');
  need(text(d.caseNumber), 'caseNumber');
  need(d.queryCode === null || text(d.queryCode), 'queryCode', 'a code or null');
  need(text(d.itemName), 'itemName');
  need(text(d.itemType), 'itemType');
  need(text(d.handlerName), 'handlerName');
  need(text(d.progressUrl) && /^https?:\/\/\S+$/.test(d.progressUrl), 'progressUrl', 'an http(s) URL');
  const a = d.applicant;
  need(a?.kind === 'person' || a?.kind === 'enterprise', 'applicant.kind', "'person' or 'enterprise'");
  need(text(a?.name), 'applicant.name');
  if (a?.kind === 'person' && a.identifier)
    need(a.identifier.includes('*'), 'applicant.identifier', 'must be masked');
  if (a?.phone) need(a.phone.includes('*'), 'applicant.phone', 'must be masked');
  date(d.issuedAt, 'issuedAt', true);
  date(d.receivedAt, 'receivedAt', kind === 'receipt');
  date(d.acceptedAt, 'acceptedAt', kind === 'acceptance');
  date(d.expectedCompletion, 'expectedCompletion', kind === 'acceptance');
  date(d.supplementBy, 'supplementBy', false);
  if (kind === 'receipt' || d.materials) {
    need(Array.isArray(d.materials), 'materials', 'a list (may be empty)');
    d.materials?.forEach((m, i) => {
      need(text(m?.name), `materials[${i}].name`);
      if (m?.copies !== undefined && m.copies !== null) {
        need(Number.isSafeInteger(m.copies) && m.copies > 0, `materials[${i}].copies`, 'a positive integer');
      }
    });
  }
  if (kind === 'notice') {
    need(
      Array.isArray(d.missingMaterials) && d.missingMaterials.length > 0,
      'missingMaterials',
      'at least one',
    );
    for (const [i, m] of (d.missingMaterials ?? []).entries())
      need(text(m?.name), `missingMaterials[${i}].name`);
  }
  if (kind === 'refusal') {
    need(text(d.refusal?.reason), 'refusal.reason');
    need(text(d.refusal?.remedies), 'refusal.remedies');
  }
  if (kind === 'special_procedure') {
    const s = d.specialProcedure;
    need(
      SPECIAL_PROCEDURES.includes(s?.kind as SpecialProcedure),
      'specialProcedure.kind',
      SPECIAL_PROCEDURES.join('/'),
    );
    const dur = s?.expectedDuration;
    need(
      Number.isSafeInteger(dur?.value) &&
        (dur?.value ?? 0) > 0 &&
        CLOCK_UNITS.includes(dur?.unit as ClockUnit),
      'specialProcedure.expectedDuration',
      '{ value: positive integer, unit }',
    );
    date(s?.startedAt, 'specialProcedure.startedAt', false);
  }
  if (kind === 'extension') {
    const e = d.extension;
    need(Number.isSafeInteger(e?.days) && (e?.days ?? 0) > 0, 'extension.days', 'a positive integer');
    if (e?.unit) need(CLOCK_UNITS.includes(e.unit), 'extension.unit');
    need(text(e?.reason), 'extension.reason');
    need(text(e?.approvedBy), 'extension.approvedBy');
    date(e?.newDeadline, 'extension.newDeadline', true);
    date(e?.previousDeadline, 'extension.previousDeadline', false);
  }
  if (kind === 'decision') {
    const o = d.decision?.outcome;
    need(o === 'approved' || o === 'denied', 'decision.outcome', "'approved' or 'denied'");
    if (o === 'denied') {
      need(text(d.decision?.reason), 'decision.reason', 'required when denied');
      need(text(d.decision?.remedies), 'decision.remedies', 'required when denied');
    }
  }
  if (kind === 'fee_receipt') {
    const f = d.fee;
    need(text(f?.receiptNumber), 'fee.receiptNumber');
    need(text(f?.payer), 'fee.payer');
    date(f?.paidAt, 'fee.paidAt', true);
    need(Array.isArray(f?.lines) && f.lines.length > 0, 'fee.lines', 'at least one');
    f?.lines?.forEach((l, i) => {
      need(text(l?.name), `fee.lines[${i}].name`);
      need(
        Number.isSafeInteger(l?.amountFen) && l.amountFen >= 0,
        `fee.lines[${i}].amountFen`,
        'whole fen ≥ 0',
      );
    });
    const total =
      f?.lines?.reduce((s, l) => s + (Number.isSafeInteger(l?.amountFen) ? l.amountFen : 0), 0) ?? 0;
    need(Number.isSafeInteger(total), 'fee.lines', 'total too large');
  }
  return bad;
}

/** The title printed on the document (the decision's depends on outcome and item type). */
export function caseDocumentTitle(
  kind: CaseDocumentKind,
  data: Pick<CaseDocumentData, 'itemType' | 'decision'>,
): string {
  if (kind !== 'decision') return TITLES[kind];
  const family = data.itemType === 'administrative_license' ? DECISION_TITLES.license : DECISION_TITLES.other;
  return family[data.decision?.outcome === 'denied' ? 'denied' : 'approved'];
}

/**
 * Renders one document. Throws CaseDocumentDataError (before drawing) when the data lacks what the kind
 * prints, and an Error when the font package cannot be read.
 */
export async function renderCaseDocument(kind: CaseDocumentKind, data: CaseDocumentData): Promise<Buffer> {
  if (!(CASE_DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    throw new CaseDocumentDataError(String(kind), ['kind (unknown)']);
  }
  const problems = checkCaseDocumentData(kind, data);
  if (problems.length > 0) throw new CaseDocumentDataError(kind, problems);

  const title = caseDocumentTitle(kind, data);
  const { doc, finish } = await newDocument({
    title,
    author: data.issuingOrg,
    subject: data.caseNumber,
    created: new Date(parseDateOrInstant(data.issuedAt)),
  });
  const license = data.itemType === 'administrative_license';

  // Head: organ, title, number.
  centred(doc, data.issuingOrg, SIZE.org, true, 1, 4);
  centred(doc, title, SIZE.title, true, title.length <= 6 ? 6 : 2, 2);
  if (kind === 'fee_receipt') centred(doc, FEE.subtitle, SIZE.number, false, 0, 2);
  const number =
    kind === 'fee_receipt'
      ? `${LABELS.receiptNumber}：${data.fee!.receiptNumber}`
      : (data.documentNumber ??
        documentNumber(NUMBER_PREFIXES[kind], shanghaiYear(data.issuedAt), data.caseNumber));
  centred(doc, number, SIZE.number, false, 0, 12);

  infoTable(doc, kind, data);

  if (kind !== 'fee_receipt') {
    doc.font(FONT.bold).fontSize(SIZE.body).text(SALUTATION(data.applicant.name), PAGE.left, doc.y, {
      width: CONTENT_WIDTH,
    });
    doc.y += 4;
  }
  body(doc, kind, data, license);

  const signedOn = kind === 'fee_receipt' ? data.fee!.paidAt : data.issuedAt;
  const lines: string[] = [];
  lines.push(
    `${kind === 'fee_receipt' ? LABELS.collectedBy : LABELS.handler}：${data.handlerName}　　${LABELS.caseNumber}：${data.caseNumber}`,
  );
  const phones = [
    data.consultPhone ? `${LABELS.consultPhone}：${data.consultPhone}` : null,
    data.complaintPhone ? `${LABELS.complaintPhone}：${data.complaintPhone}` : null,
  ].filter((p): p is string => p !== null);
  if (phones.length) lines.push(phones.join('　　'));
  if (kind === 'receipt' || kind === 'acceptance' || kind === 'notice' || kind === 'refusal') {
    lines.push(`${LABELS.applicantSignature}＿＿＿＿＿＿＿＿　　${LABELS.signatureDate}`);
  }
  closing(doc, {
    org: data.issuingOrg,
    date: chineseDate(signedOn),
    seal: LABELS.seal,
    lines,
    url: data.progressUrl,
    caption: LABELS.qrCaption,
  });
  pageNumbers(doc, LABELS.page);
  return finish();
}

function parseDateOrInstant(value: string): number {
  // A plain date stands for Shanghai midnight.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+08:00`) : Date.parse(value);
}

function infoTable(doc: Doc, kind: CaseDocumentKind, data: CaseDocumentData): void {
  const a = data.applicant;
  const label = (t: string): Cell => ({ text: t, bold: true, fill: true, align: 'center' });
  const value = (t: string | null | undefined, span = 1): Cell => ({ text: t || LABELS.noValue, span });
  const rows: Cell[][] = [
    [label(LABELS.caseNumber), value(data.caseNumber, data.queryCode ? 1 : 3)],
    [label(LABELS.itemName), value(data.itemName, 3)],
    [
      label(LABELS.applicant),
      value(a.name),
      label(a.kind === 'enterprise' ? LABELS.creditCode : LABELS.personId),
      value(a.identifier),
    ],
  ];
  if (data.queryCode) rows[0]!.push(label(LABELS.queryCode), value(data.queryCode));
  if (kind === 'fee_receipt') {
    const f = data.fee!;
    rows.push(
      [label(LABELS.payer), value(f.payer), label(LABELS.phone), value(a.phone)],
      [label(LABELS.paidAt), value(chineseDateTime(f.paidAt)), label(LABELS.payMethod), value(f.method)],
    );
  } else {
    const when = data.receivedAt ? chineseDateTime(data.receivedAt) : null;
    rows.push([label(LABELS.phone), value(a.phone), label(LABELS.receivedAt), value(when)]);
  }
  table(
    doc,
    [
      { header: '', width: 15 },
      { header: '', width: 33 },
      { header: '', width: 23 },
      { header: '', width: 29 },
    ],
    rows,
    false,
  );
}

function body(doc: Doc, kind: CaseDocumentKind, data: CaseDocumentData, license: boolean): void {
  const org = data.issuingOrg;
  const item = data.itemName;
  const received = data.receivedAt ? chineseDate(data.receivedAt) : null;
  const acceptedOn = data.acceptedAt ? chineseDate(data.acceptedAt) : null;
  const queryLine = () => {
    if (kind === 'receipt') {
      paragraph(
        doc,
        data.queryCode
          ? RECEIPT.query(data.caseNumber, data.queryCode, data.progressUrl)
          : RECEIPT.queryNoCode(data.caseNumber, data.progressUrl),
      );
    } else {
      paragraph(doc, QUERY.progress(data.progressUrl));
    }
  };
  const remedies = (specific: string) => {
    // 行政复议/行政诉讼 are remedies against administrative acts; a public service states only its own text.
    paragraph(
      doc,
      data.itemType === 'public_service' ? sentence(specific) : `${REMEDIES.general}${sentence(specific)}`,
    );
  };

  switch (kind) {
    case 'receipt':
      paragraph(doc, RECEIPT.received(org, item, chineseDateTime(data.receivedAt!)));
      materialsTable(doc, data.materials ?? []);
      paragraph(doc, RECEIPT.nextSteps(org));
      queryLine();
      break;
    case 'acceptance':
      paragraph(doc, ACCEPTANCE.accepted(org, item, received, chineseDate(data.acceptedAt!), license));
      if (data.materials && data.materials.length > 0) materialsTable(doc, data.materials);
      paragraph(doc, ACCEPTANCE.completion(chineseDate(data.expectedCompletion!)));
      queryLine();
      break;
    case 'notice':
      paragraph(doc, NOTICE.intro(item, received, license));
      table(
        doc,
        [
          { header: LABELS.index, width: 10, align: 'center' },
          { header: LABELS.missingName, width: 40 },
          { header: LABELS.missingRequirement, width: 50 },
        ],
        data.missingMaterials!.map((m, i) => [
          { text: String(i + 1) },
          { text: m.name },
          { text: m.requirement || LABELS.noValue },
        ]),
      );
      paragraph(doc, NOTICE.clock(org));
      if (data.supplementBy) paragraph(doc, NOTICE.deadline(chineseDate(data.supplementBy)));
      queryLine();
      break;
    case 'refusal': {
      const r = data.refusal!;
      paragraph(doc, REFUSAL.refused(org, item, received, clause(r.reason), license));
      if (r.referTo) paragraph(doc, REFUSAL.referTo(org, clause(r.referTo)));
      remedies(r.remedies);
      break;
    }
    case 'special_procedure': {
      const s = data.specialProcedure!;
      paragraph(doc, SPECIAL_PROCEDURE.intro(item, s.kind, license));
      table(
        doc,
        [
          { header: LABELS.procedureKind, width: 30, align: 'center' },
          { header: LABELS.procedureStart, width: 35, align: 'center' },
          { header: LABELS.procedureDuration, width: 35, align: 'center' },
        ],
        [
          [
            { text: s.kind },
            { text: s.startedAt ? chineseDate(s.startedAt) : LABELS.noValue },
            { text: duration(s.expectedDuration.value, s.expectedDuration.unit) },
          ],
        ],
      );
      if (s.note) paragraph(doc, SPECIAL_PROCEDURE.note(sentence(s.note)));
      paragraph(doc, SPECIAL_PROCEDURE.resume(org, s.kind));
      queryLine();
      break;
    }
    case 'extension': {
      const e = data.extension!;
      paragraph(
        doc,
        EXTENSION.extended(
          org,
          item,
          clause(e.reason),
          e.approvedBy.trim(),
          duration(e.days, e.unit ?? 'working_days'),
          chineseDate(e.newDeadline),
          license,
        ),
      );
      if (e.previousDeadline) paragraph(doc, EXTENSION.previous(chineseDate(e.previousDeadline)));
      queryLine();
      break;
    }
    case 'decision': {
      const dec = data.decision!;
      if (dec.outcome === 'approved') {
        paragraph(doc, DECISION.approved(org, item, received, acceptedOn, license));
        if (dec.opinion) paragraph(doc, DECISION.opinion(sentence(dec.opinion)));
        paragraph(doc, DECISION.delivery(org, license));
        if (data.expectedCompletion)
          paragraph(doc, DECISION.completion(chineseDate(data.expectedCompletion)));
      } else {
        paragraph(doc, DECISION.denied(org, item, received, acceptedOn, clause(dec.reason!), license));
        if (dec.opinion) paragraph(doc, DECISION.opinion(sentence(dec.opinion)));
        remedies(dec.remedies!);
      }
      queryLine();
      break;
    }
    case 'fee_receipt': {
      const f = data.fee!;
      paragraph(doc, FEE.intro(item));
      const total = f.lines.reduce((s, l) => s + l.amountFen, 0);
      table(
        doc,
        [
          { header: LABELS.index, width: 10, align: 'center' },
          { header: LABELS.feeName, width: 60 },
          { header: LABELS.feeAmount, width: 30, align: 'right' },
        ],
        [
          ...f.lines.map((l, i): Cell[] => [
            { text: String(i + 1) },
            { text: l.name },
            { text: yuan(l.amountFen) },
          ]),
          [
            { text: LABELS.feeTotal, bold: true, align: 'center' },
            { text: FEE.total(yuanUppercase(total), yuan(total)), span: 2, bold: true, align: 'right' },
          ],
        ],
      );
      paragraph(doc, FEE.disclaimer);
      break;
    }
  }
}

function materialsTable(doc: Doc, materials: readonly DocumentMaterial[]): void {
  table(
    doc,
    [
      { header: LABELS.index, width: 10, align: 'center' },
      { header: LABELS.materialName, width: 60 },
      { header: LABELS.materialForm, width: 18, align: 'center' },
      { header: LABELS.copies, width: 12, align: 'center' },
    ],
    materials.length > 0
      ? materials.map((m, i) => [
          { text: String(i + 1) },
          { text: m.name },
          { text: m.form || LABELS.noValue },
          { text: m.copies ? String(m.copies) : LABELS.noValue },
        ])
      : [[{ text: LABELS.none, span: 4, align: 'center' }]],
  );
}
