import type { CaseStatus } from '../../core/cases/lifecycle.ts';
import { MATERIAL_FORMS } from '../../core/catalog/vocabulary.ts';
import type { ClockUnit, SpecialProcedure } from '../../core/clock/clock.ts';
import { findFiledVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { findOrgsByCodes } from '../org/org-store.ts';
import { readableCase } from './case-access.ts';
import { listFees } from './case-records.ts';
import { type CaseView, caseViewOf, centerCodeOf } from './case-service.ts';
import { type CaseRecord, listEvents, type StoredEvent } from './case-store.ts';
import {
  CASE_DOCUMENT_KINDS,
  type CaseDocumentData,
  type CaseDocumentKind,
  caseDocumentTitle,
  renderCaseDocument,
} from './documents/case-document.ts';
import { unsealQueryCode } from './query-code.ts';

export { CASE_DOCUMENT_KINDS, type CaseDocumentKind };

/** The event payload as the lifecycle stored it (see chainEvents): the validated action payload inside. */
type EventDetail = { to: CaseStatus; payload: Record<string, unknown> };
const detailOf = (e: StoredEvent) => e.payload as EventDetail;

export interface AvailableDocument {
  kind: CaseDocumentKind;
  title: string;
  /** For fee receipts: the fee it belongs to. */
  feeId?: string;
}

/** Which documents a case has by now: each exists from the event that gives rise to it. */
function available(c: CaseRecord, events: StoredEvent[], feeIds: string[]): CaseDocumentKind[] {
  const did = (action: string) => events.some((e) => e.action === action);
  const kinds: CaseDocumentKind[] = [];
  if (c.receivedAt) kinds.push('receipt');
  if (c.acceptedAt && c.status !== 'refused') kinds.push('acceptance');
  if (did('issue_notice')) kinds.push('notice');
  if (c.status === 'refused') kinds.push('refusal');
  if (did('start_special_procedure')) kinds.push('special_procedure');
  if (did('extend')) kinds.push('extension');
  if (c.state.decision && did('decide')) kinds.push('decision');
  if (feeIds.length > 0) kinds.push('fee_receipt');
  return kinds;
}

export async function listDocuments(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<AvailableDocument[]> {
  const c = await readableCase(ctx, actor, caseId);
  const [events, version, fees] = await Promise.all([
    listEvents(ctx.db, c.id),
    findFiledVersion(ctx.db, c.versionId),
    listFees(ctx, c.id),
  ]);
  if (!version) throw notFound('catalog.version_not_found', { id: c.versionId });
  const out: AvailableDocument[] = [];
  for (const kind of available(
    c,
    events,
    fees.items.map((f) => f.id),
  )) {
    const title = caseDocumentTitle(kind, {
      itemType: version.type,
      decision: c.state.decision ? { outcome: c.state.decision.outcome } : null,
    });
    if (kind === 'fee_receipt') for (const f of fees.items) out.push({ kind, title, feeId: f.id });
    else out.push({ kind, title });
  }
  return out;
}

const formName = (code: string) => MATERIAL_FORMS.find((f) => f.code === code)?.zh ?? null;

/**
 * The data a document prints, resolved from the case, its version, its events and fees. Personal data
 * stays masked as in the console view; the issuing org is the center for intake papers and the deciding
 * department for acceptance, special procedure, extension and decision.
 */
async function documentData(
  ctx: AppContext,
  c: CaseRecord,
  view: CaseView,
  kind: CaseDocumentKind,
  opts: { feeId?: string; baseUrl: string },
): Promise<CaseDocumentData> {
  const [events, version, fees] = await Promise.all([
    listEvents(ctx.db, c.id),
    findFiledVersion(ctx.db, c.versionId),
    listFees(ctx, c.id),
  ]);
  if (!version) throw notFound('catalog.version_not_found', { id: c.versionId });
  if (
    !available(
      c,
      events,
      fees.items.map((f) => f.id),
    ).includes(kind)
  ) {
    throw new Problem(409, 'case.document_not_available', { kind });
  }
  // The service center above the receiving unit issues the intake papers.
  const center = await centerCodeOf(ctx, { code: c.handlingOrgCode, path: c.handlingOrgPath });
  const names = await findOrgsByCodes(ctx.db, [center, c.departmentCode]);
  const intakeOrg = names.get(center) ?? '';
  const decidingOrg = names.get(c.departmentCode) ?? intakeOrg;
  // The document is issued with the event it reports; the receipt with the receiving one.
  const issuing =
    events.findLast((e) => ISSUED_WITH[kind].includes(e.action)) ??
    events.find((e) => detailOf(e).to === 'received') ??
    events[0]!;
  const queryCode = unsealQueryCode(ctx.config.cookieSecret, c.caseNumber, c.querySealed);
  const progressUrl = `${opts.baseUrl}/progress/${encodeURIComponent(c.caseNumber)}${queryCode ? `?code=${queryCode}` : ''}`;
  const decisionClock = view.clocks.find((k) => k.key === 'decision' || k.key === 'on_the_spot');
  const data: CaseDocumentData = {
    issuingOrg: ['acceptance', 'special_procedure', 'extension', 'decision'].includes(kind)
      ? decidingOrg
      : intakeOrg,
    caseNumber: c.caseNumber,
    queryCode: kind === 'receipt' || kind === 'acceptance' ? queryCode : null,
    itemName: version.name,
    itemType: version.type,
    applicant: {
      kind: c.applicantKind,
      name: c.applicantName,
      identifier: view.applicant.idNumber ?? view.applicant.creditCode,
      phone: view.applicant.phone || null,
    },
    issuedAt: issuing.at,
    receivedAt: c.receivedAt?.toISOString() ?? null,
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    expectedCompletion: decisionClock?.deadline ?? null,
    materials: version.materials
      .filter((m) => c.materials.includes(m.name))
      .map((m) => ({ name: m.name, form: formName(m.form), copies: m.copies })),
    handlerName: issuing.actorName,
    progressUrl,
    consultPhone: version.consultPhone || null,
    complaintPhone: version.complaintPhone || null,
  };
  const payload = detailOf(issuing).payload ?? {};
  switch (kind) {
    case 'notice':
      data.missingMaterials = ((payload.missing as string[] | undefined) ?? []).map((name) => ({ name }));
      break;
    case 'refusal':
      data.refusal = {
        reason: String(payload.reason ?? ''),
        remedies: String(payload.remedies ?? ''),
        referTo: (payload.referTo as string | undefined) ?? null,
      };
      break;
    case 'special_procedure': {
      const duration = payload.expectedDuration as { value: number; unit: ClockUnit };
      data.specialProcedure = {
        kind: payload.kind as SpecialProcedure,
        expectedDuration: duration,
        startedAt: issuing.at,
        note: (payload.note as string | undefined) ?? null,
      };
      break;
    }
    case 'extension':
      data.extension = {
        days: Number(payload.days),
        unit: c.state.clocks.decision?.limit.unit ?? 'working_days',
        reason: String(payload.reason ?? ''),
        approvedBy: String(payload.approvedBy ?? ''),
        newDeadline: decisionClock?.deadline ?? issuing.at,
      };
      break;
    case 'decision':
      data.decision = {
        outcome: c.state.decision!.outcome,
        opinion: (payload.opinion as string | undefined) ?? null,
        reason: (payload.reason as string | undefined) ?? null,
        remedies: (payload.remedies as string | undefined) ?? null,
      };
      break;
    case 'fee_receipt': {
      const fee = fees.items.find((f) => f.id === opts.feeId);
      if (!fee) throw notFound('case.fee_not_found', { id: opts.feeId ?? '' });
      data.issuedAt = fee.paidAt;
      data.handlerName = fee.recordedBy;
      data.fee = {
        receiptNumber: fee.receiptNumber,
        payer: fee.payer,
        lines: [{ name: fee.name, amountFen: fee.amountFen }],
        paidAt: fee.paidAt,
      };
      break;
    }
    default:
      break;
  }
  return data;
}

const ISSUED_WITH: Record<CaseDocumentKind, readonly string[]> = {
  receipt: ['receive', 'pre_review_pass'],
  acceptance: ['accept', 'deem_accept'],
  notice: ['issue_notice'],
  refusal: ['refuse'],
  special_procedure: ['start_special_procedure'],
  extension: ['extend'],
  decision: ['decide'],
  fee_receipt: ['record_fee'],
};

export async function renderDocument(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  kind: CaseDocumentKind,
  opts: { feeId?: string; baseUrl: string },
): Promise<{ name: string; data: Buffer }> {
  const c = await readableCase(ctx, actor, caseId);
  const version = await findFiledVersion(ctx.db, c.versionId);
  // Only the masked applicant and the clocks are printed: no caller, so no actions are worked out.
  const view = await caseViewOf(ctx, c, version?.name ?? '', null);
  const data = await documentData(ctx, c, view, kind, opts);
  const title = caseDocumentTitle(kind, data);
  return { name: `${title}-${c.caseNumber}.pdf`, data: await renderCaseDocument(kind, data) };
}
