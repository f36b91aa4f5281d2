import type { ResidentProfile } from '../../core/org/views.ts';
import { api, request, setCsrfToken } from '../api.ts';
import type { Me } from '../shell/session.tsx';
import type { ListResult } from './portalApi.ts';

/**
 * The resident side of the cases API (docs: /work/briefs cases-api contract): registering an account, the
 * resident's own cases under /api/my/…, and the public progress lookup by case number and query code.
 */

export type { ResidentProfile };

export interface TimelineEntry {
  label: string;
  at: string;
}

/** GET /api/public/cases/{number}?code= — no personal data. */
export interface PublicProgress {
  caseNumber: string;
  itemName: string;
  status: string;
  timeline: TimelineEntry[];
  expectedCompletionDate: string | null;
}

export interface MyCaseListItem {
  id: string;
  caseNumber: string;
  itemName: string;
  status: string;
  publicLabel: string;
  expectedCompletionDate?: string | null;
  createdAt?: string;
  receivedAt?: string | null;
  /** Set when the resident filed for an enterprise they represent. */
  applicant?: { kind: 'person' | 'enterprise'; name: string } | null;
}

export interface CaseFile {
  id: string;
  material: string;
  name: string;
  contentType: string;
  size: number;
  uploadedAt: string;
}

export type MyCaseAction = 'withdraw' | 'supplement';

export interface MyCase {
  id?: string;
  itemId?: string;
  caseNumber: string;
  itemName: string;
  status: string;
  publicLabel: string;
  timeline: TimelineEntry[];
  expectedCompletionDate: string | null;
  /** The one-time notice's list (一次性告知) while a supplement is due; null otherwise. */
  missing: string[] | null;
  files: CaseFile[];
  actions: MyCaseAction[];
}

export interface OnlineApplication {
  itemId: string;
  orgCode?: string;
  /** Omitted when the resident applies for themself. */
  applicant?: { kind: 'enterprise'; name: string; creditCode: string };
  materials: string[];
}

export interface FiledCase {
  id: string;
  caseNumber: string;
  status: string;
  queryCode: string;
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

export interface Registration {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}

/** Creates the account and signs it in: the answer is the same as signing in. */
export async function registerResident(body: Registration): Promise<Me> {
  const answer = await api.post<{ user: Me; csrfToken: string }>('/api/public/residents', body, {
    skipAuthRedirect: true,
  });
  setCsrfToken(answer.csrfToken);
  return answer.user;
}

export function fetchProfile(signal?: AbortSignal): Promise<ResidentProfile> {
  return api.get<ResidentProfile>('/api/my/profile', undefined, signal);
}

export function listMyCases(
  paging: { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ListResult<MyCaseListItem>> {
  return api.get<ListResult<MyCaseListItem>>('/api/my/cases', { ...paging }, signal);
}

export function fetchMyCase(id: string, signal?: AbortSignal): Promise<MyCase> {
  return api.get<MyCase>(`/api/my/cases/${enc(id)}`, undefined, signal);
}

export function applyOnline(body: OnlineApplication, key: string): Promise<FiledCase> {
  return api.post<FiledCase>('/api/my/cases', body, { headers: { 'Idempotency-Key': key } });
}

export function uploadMyFile(
  caseId: string,
  material: string,
  file: File,
  contentType: string,
): Promise<CaseFile> {
  return request<CaseFile>('POST', `/api/my/cases/${enc(caseId)}/files`, {
    query: { material },
    raw: { body: file, contentType },
    headers: { 'x-file-name': enc(file.name) },
  });
}

/** The file as uploaded, for the resident who uploaded it (opens in a new tab). */
export function myFileUrl(caseId: string, fileId: string): string {
  return `/api/my/cases/${enc(caseId)}/files/${enc(fileId)}`;
}

export function withdrawMyCase(id: string, reason: string | undefined, key: string): Promise<unknown> {
  return api.post(`/api/my/cases/${enc(id)}/withdraw`, reason ? { reason } : {}, {
    headers: { 'Idempotency-Key': key },
  });
}

export function supplementMyCase(id: string, note: string | undefined, key: string): Promise<unknown> {
  return api.post(`/api/my/cases/${enc(id)}/supplement`, note ? { note } : {}, {
    headers: { 'Idempotency-Key': key },
  });
}

/** A wrong code answers exactly like an unknown number (404); that is the point. */
export function fetchProgress(
  caseNumber: string,
  code: string,
  signal?: AbortSignal,
): Promise<PublicProgress> {
  return api.get<PublicProgress>(`/api/public/cases/${enc(caseNumber)}`, { code }, signal);
}
