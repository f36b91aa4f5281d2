import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import {
  type CaseEntryRole,
  type CaseEvent,
  type CaseRecordAction,
  type CaseRole,
  type CaseState,
  isTerminalStatus,
  recordEvent,
} from '../../core/cases/lifecycle.ts';
import { findFiledVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { FILE_SIGNATURES } from '../http/files.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { recordAudit } from '../org/audit-store.ts';
import { holdsAtCase, readableCase } from './case-access.ts';
import { currentCalendar } from './case-service.ts';
import {
  type CaseRecord,
  chainEvents,
  findCase,
  insertEvents,
  lastEvent,
  updateCaseState,
} from './case-store.ts';

/** Scans are PDF or images; 10 MiB holds a multi-page scan at 300 dpi. */
export const CASE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;

export interface CaseFileView {
  id: string;
  material: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
}

export interface CaseFeeView {
  id: string;
  name: string;
  amountFen: number;
  payer: string;
  receiptNumber: string;
  paidAt: string;
  recordedBy: string;
}

/** Who writes a case-file entry: staff in their lifecycle role, the applicant, or the proxy. */
interface Recorder {
  actor: Actor;
  role: CaseRole;
  orgCode: string;
}

/**
 * Appends a non-state entry to the case file in `trx`: chained after the newest event, with the case's
 * version moved on so a transition that read the case before this entry is refused, not forked.
 */
async function appendRecord(
  ctx: AppContext,
  trx: Kysely<DB>,
  c: CaseRecord,
  by: Recorder,
  action: CaseRecordAction,
  payload: Record<string, unknown>,
): Promise<CaseEvent> {
  const now = ctx.now();
  const event = recordEvent(c.state, action, { role: by.role, personId: by.actor.personId }, payload, now);
  const after = await lastEvent(trx, c.id);
  const chain = chainEvents(
    c.id,
    after,
    { id: by.actor.personId, name: by.actor.displayName, role: by.role, orgCode: by.orgCode },
    [event],
  );
  await insertEvents(trx, chain.rows);
  const written = await updateCaseState(
    trx,
    c.id,
    c.version,
    { ...c.state, updatedAt: c.state.updatedAt },
    {
      lastHash: chain.lastHash,
      at: now,
    },
  );
  if (!written) throw new Problem(409, 'case.concurrent_change', { number: c.caseNumber });
  return event;
}

/**
 * Appends an entry another module writes into the case file (supervision's urges), in that
 * module's transaction. The case version stays: a clerk who read the case before a warning still acts
 * without a 409; the chain stays whole because a transition reads the newest event inside its own
 * transaction, and two writers racing for one seq are stopped by the (case_id, seq) key.
 */
export async function appendCaseEntry(
  trx: Kysely<DB>,
  caseId: string,
  entry: {
    action: Extract<CaseRecordAction, 'urge' | 'urge_reply' | 'urge_escalate'>;
    actor: { id: string; name: string; role: CaseEntryRole; orgCode: string };
    payload: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  const row = await trx
    .selectFrom('cases')
    .select(['state'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return;
  const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as CaseState;
  const event = recordEvent(
    state,
    entry.action,
    { role: entry.actor.role, personId: entry.actor.id },
    entry.payload,
    entry.at,
  );
  const chain = chainEvents(caseId, await lastEvent(trx, caseId), entry.actor, [event]);
  await insertEvents(trx, chain.rows);
  await trx.updateTable('cases').set({ last_hash: chain.lastHash }).where('id', '=', caseId).execute();
}

function fileView(r: {
  id: string;
  material: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by_name: string;
}): CaseFileView {
  return {
    id: r.id,
    material: r.material,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedBy: r.uploaded_by_name,
  };
}

/** Staff who handle the case, or the proxy who filed it, may attach and read its materials. */
export async function staffRecorder(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<{ c: CaseRecord; by: Recorder }> {
  const c = await readableCase(ctx, actor, caseId);
  if (c.proxyPersonId === actor.personId) {
    const grant = actor.grants.find((g) => g.role === 'village_proxy');
    return { c, by: { actor, role: 'village_proxy', orgCode: grant?.orgCode ?? actor.orgCode } };
  }
  if (!holdsAtCase(actor, 'case.handle', c)) {
    throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
  }
  const grant = actor.grants.find((g) => g.role === 'window_staff' || g.role === 'approver');
  return {
    c,
    by: {
      actor,
      role: grant?.role === 'approver' ? 'approver' : 'window_staff',
      orgCode: grant?.orgCode ?? actor.orgCode,
    },
  };
}

export function applicantRecorder(c: CaseRecord, resident: Actor): Recorder {
  return { actor: resident, role: 'applicant', orgCode: c.handlingOrgCode };
}

export async function attachFile(
  ctx: AppContext,
  c: CaseRecord,
  by: Recorder,
  material: string,
  file: { data: Buffer; contentType: string; name?: string },
  ip: string,
): Promise<CaseFileView> {
  if (isTerminalStatus(c.status)) throw new Problem(409, 'case.closed', { number: c.caseNumber });
  const version = await findFiledVersion(ctx.db, c.versionId);
  if (!version?.materials.some((m) => m.name === material)) {
    throw new Problem(400, 'case.material_unknown', { name: material }, [
      { field: 'material', in: 'query', message: `「${material}」不在该事项的材料清单中` },
    ]);
  }
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
  const signature = (CASE_FILE_TYPES as readonly string[]).includes(contentType)
    ? FILE_SIGNATURES[contentType]
    : undefined;
  if (!signature) throw new Problem(415, 'case.file_type_unsupported', { type: contentType });
  if (file.data.length === 0) throw new Problem(400, 'case.file_empty');
  if (file.data.length > MAX_CASE_FILE_BYTES) throw new Problem(413, 'request.body_too_large');
  if (file.data.length < 4 || !signature.magic(file.data)) {
    throw new Problem(400, 'case.file_type_mismatch', { type: contentType });
  }
  const name = (file.name?.trim() || `${material}.${signature.ext}`).slice(0, 200);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('case_files')
      .values({
        case_id: c.id,
        material,
        name,
        content_type: contentType,
        size: file.data.length,
        sha256,
        data: file.data,
        uploaded_at: now,
        uploaded_by_id: by.actor.personId,
        uploaded_by_name: by.actor.displayName,
      })
      .returning([
        'id',
        'material',
        'name',
        'content_type',
        'size',
        'sha256',
        'uploaded_at',
        'uploaded_by_name',
      ])
      .executeTakeFirstOrThrow();
    // The hash goes into the chained case file, so a swapped scan is detectable later.
    await appendRecord(ctx, trx, c, by, 'attach_material', {
      fileId: row.id,
      material,
      name,
      sha256,
      size: file.data.length,
    });
    await recordAudit(trx, {
      actorId: by.actor.personId,
      actorName: by.actor.displayName,
      action: 'case.attach_material',
      entityType: 'case',
      entityId: c.id,
      orgCode: c.handlingOrgCode,
      orgPath: c.handlingOrgPath,
      after: { fileId: row.id, material, sha256 },
      ip,
    });
    return fileView(row);
  });
}

export async function listFiles(ctx: AppContext, caseId: string): Promise<CaseFileView[]> {
  const rows = await ctx.db
    .selectFrom('case_files')
    .select(['id', 'material', 'name', 'content_type', 'size', 'sha256', 'uploaded_at', 'uploaded_by_name'])
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .execute();
  return rows.map(fileView);
}

export async function readFile(
  ctx: AppContext,
  caseId: string,
  fileId: string,
): Promise<{ name: string; contentType: string; sha256: string; data: Buffer }> {
  const row = await ctx.db
    .selectFrom('case_files')
    .select(['name', 'content_type', 'sha256', 'data'])
    .where('case_id', '=', caseId)
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!row) throw notFound('case.file_not_found', { id: fileId });
  return { name: row.name, contentType: row.content_type, sha256: row.sha256, data: Buffer.from(row.data) };
}

// ---------------------------------------------------------------------------------------------------
// Fees (一票制)

function feeView(r: {
  id: string;
  name: string;
  amount_fen: number;
  payer: string;
  receipt_number: string;
  paid_at: Date;
  recorded_by_name: string;
}): CaseFeeView {
  return {
    id: r.id,
    name: r.name,
    amountFen: Number(r.amount_fen),
    payer: r.payer,
    receiptNumber: r.receipt_number,
    paidAt: r.paid_at.toISOString(),
    recordedBy: r.recorded_by_name,
  };
}

/** Receipts are numbered per center and year: <center>-SF<YYYY>-<6 digits>. */
async function nextReceiptNumber(trx: Kysely<DB>, center: string, year: number): Promise<string> {
  const row = await trx
    .insertInto('fee_receipt_sequences')
    .values({ center_code: center, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(['center_code', 'year']).doUpdateSet({ last: sql<number>`fee_receipt_sequences.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${center}-SF${year}-${String(row.last).padStart(6, '0')}`;
}

const FEE_LIMIT_FEN = 100_000_000; // 100 万元: beyond any fee a service window collects

export async function recordFee(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: { name: string; amountFen: number; payer?: string },
  ip: string,
): Promise<CaseFeeView> {
  const { c, by } = await staffRecorder(ctx, actor, caseId);
  if (
    by.role !== 'window_staff' ||
    !actor.grants.some((g) => g.role === 'window_staff' && c.handlingOrgPath.startsWith(g.orgPath))
  ) {
    throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
  }
  if (c.status === 'refused' || c.status === 'withdrawn')
    throw new Problem(409, 'case.closed', { number: c.caseNumber });
  const name = input.name.trim();
  const payer = (input.payer ?? c.applicantName).trim();
  const errors: FieldError[] = [];
  if (name === '') errors.push({ field: 'name', in: 'body', message: '必须填写收费项目' });
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0 || input.amountFen > FEE_LIMIT_FEN) {
    errors.push({ field: 'amountFen', in: 'body', message: '金额必须是大于 0 的整数（单位：分）' });
  }
  if (payer === '') errors.push({ field: 'payer', in: 'body', message: '必须填写缴款人' });
  if (errors.length > 0) throw new Problem(400, 'case.fee_invalid', { reason: errors[0]!.message }, errors);
  const now = ctx.now();
  const calendar = await currentCalendar(ctx);
  const center = c.caseNumber.split('-').slice(0, -2).join('-');
  return ctx.db.transaction().execute(async (trx) => {
    const receiptNumber = await nextReceiptNumber(trx, center, Number(shanghaiDateOf(now).slice(0, 4)));
    const row = await trx
      .insertInto('case_fees')
      .values({
        case_id: c.id,
        name,
        amount_fen: input.amountFen,
        payer,
        receipt_number: receiptNumber,
        paid_at: now,
        recorded_by_id: actor.personId,
        recorded_by_name: actor.displayName,
      })
      .returning(['id', 'name', 'amount_fen', 'payer', 'receipt_number', 'paid_at', 'recorded_by_name'])
      .executeTakeFirstOrThrow();
    const event = await appendRecord(ctx, trx, c, by, 'record_fee', {
      feeId: row.id,
      name,
      amountFen: input.amountFen,
      receiptNumber,
    });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'case.record_fee',
      entityType: 'case',
      entityId: c.id,
      orgCode: c.handlingOrgCode,
      orgPath: c.handlingOrgPath,
      after: { feeId: row.id, amountFen: input.amountFen, receiptNumber },
      ip,
    });
    const record = (await findCase(trx, c.id))!;
    for (const listener of ctx.caseListeners) {
      await listener(trx, {
        before: c,
        after: record,
        events: [event],
        actor: { id: actor.personId, name: actor.displayName },
        at: now,
        calendar,
      });
    }
    return feeView(row);
  });
}

export async function listFees(
  ctx: AppContext,
  caseId: string,
): Promise<{ items: CaseFeeView[]; totalFen: number }> {
  const rows = await ctx.db
    .selectFrom('case_fees')
    .select(['id', 'name', 'amount_fen', 'payer', 'receipt_number', 'paid_at', 'recorded_by_name'])
    .where('case_id', '=', caseId)
    .orderBy('paid_at')
    .execute();
  const items = rows.map(feeView);
  return { items, totalFen: items.reduce((sum, f) => sum + f.amountFen, 0) };
}
