import type { CaseAction, CaseStatus } from '../../core/cases/lifecycle.ts';
import type { ClockLight, ClockUnit } from '../../core/clock/clock.ts';
import type { AvailableDocument, CaseDocumentKind } from '../../server/cases/case-documents.ts';
import type { CaseFileView as CaseFile, CaseFeeView as Fee } from '../../server/cases/case-records.ts';
import type {
  ApplicantInput,
  ApplicantView,
  CaseEventView,
  CaseListItem,
  CaseListMode,
  CaseView,
  ClockView,
  ProxyFilingInput,
  RegisteredCase,
  RegisterInput,
} from '../../server/cases/case-service.ts';
import { api, buildUrl, request } from '../api.ts';
import type { Version } from '../catalog/catalogApi.ts';
import type { ListResult } from '../portal/portalApi.ts';

/**
 * The console's calls to server/cases (case-routes.ts). The shapes are the server's own view types
 * (type-only imports: nothing of the server is bundled).
 */

export type {
  ApplicantInput,
  ApplicantView,
  AvailableDocument,
  CaseAction,
  CaseDocumentKind,
  CaseEventView,
  CaseFile,
  CaseListItem,
  CaseStatus,
  CaseView,
  ClockLight,
  ClockUnit,
  ClockView,
  Fee,
  ListResult,
  RegisteredCase,
  RegisterInput,
};

export type Light = ClockLight;
export type JointTaskView = NonNullable<CaseView['joint']>['tasks'][number];

export interface CaseFilters {
  view?: CaseListMode;
  status?: string;
  q?: string;
  itemId?: string;
}

const enc = encodeURIComponent;

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, and a county LAN may serve plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const idempotent = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export function listCases(
  filters: CaseFilters & { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ListResult<CaseListItem>> {
  return api.get<ListResult<CaseListItem>>('/api/cases', { ...filters }, signal);
}

export function fetchCase(id: string, signal?: AbortSignal): Promise<CaseView> {
  return api.get<CaseView>(`/api/cases/${enc(id)}`, undefined, signal);
}

export function registerCase(body: RegisterInput, key: string): Promise<RegisteredCase> {
  return api.post<RegisteredCase>('/api/cases', body, idempotent(key));
}

export function fileForResident(body: ProxyFilingInput, key: string): Promise<RegisteredCase> {
  return api.post<RegisteredCase>('/api/cases/proxy', body, idempotent(key));
}

export function runAction(
  id: string,
  action: CaseAction | string,
  body: { payload?: Record<string, unknown>; materials?: string[] },
  key: string,
): Promise<CaseView> {
  return api.post<CaseView>(`/api/cases/${enc(id)}/actions/${enc(action)}`, body, idempotent(key));
}

export function fetchEvents(id: string, signal?: AbortSignal): Promise<CaseEventView[]> {
  return api.get<CaseEventView[]>(`/api/cases/${enc(id)}/events`, undefined, signal);
}

export function verifyCase(id: string): Promise<{ valid: boolean; events: number }> {
  return api.get(`/api/cases/${enc(id)}/verify`);
}

/** The unmasked applicant; the server writes the read into the audit log. */
export function revealApplicant(id: string): Promise<ApplicantView> {
  return api.get<ApplicantView>(`/api/cases/${enc(id)}/applicant`);
}

export function fetchFiles(id: string, signal?: AbortSignal): Promise<CaseFile[]> {
  return api.get<CaseFile[]>(`/api/cases/${enc(id)}/files`, undefined, signal);
}

export function uploadFile(id: string, material: string, file: File, contentType: string): Promise<CaseFile> {
  return request<CaseFile>('POST', `/api/cases/${enc(id)}/files`, {
    query: { material },
    raw: { body: file, contentType },
    headers: { 'x-file-name': enc(file.name) },
  });
}

export function fileUrl(caseId: string, fileId: string): string {
  return `/api/cases/${enc(caseId)}/files/${enc(fileId)}`;
}

export function fetchFees(id: string, signal?: AbortSignal): Promise<{ items: Fee[]; totalFen: number }> {
  return api.get(`/api/cases/${enc(id)}/fees`, undefined, signal);
}

export function addFee(
  id: string,
  body: { name: string; amountFen: number; payer?: string },
  key: string,
): Promise<Fee> {
  return api.post<Fee>(`/api/cases/${enc(id)}/fees`, body, idempotent(key));
}

/** The printable PDF of a case document; opened in a new tab, where the browser prints it. */
export function documentUrl(id: string, kind: CaseDocumentKind, feeId?: string): string {
  return buildUrl(`/api/cases/${enc(id)}/documents/${enc(kind)}.pdf`, { feeId });
}

/** The documents the case has by now (a fee receipt once per fee). */
export function fetchDocuments(id: string, signal?: AbortSignal): Promise<AvailableDocument[]> {
  return api.get<AvailableDocument[]>(`/api/cases/${enc(id)}/documents`, undefined, signal);
}

/** The catalog version the case was filed under: its checklist is what the materials are ticked against. */
export function fetchCaseVersion(versionId: string, signal?: AbortSignal): Promise<Version> {
  return api.get<Version>(`/api/catalog/versions/${enc(versionId)}`, undefined, signal);
}
