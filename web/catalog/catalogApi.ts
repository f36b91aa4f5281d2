import type { Guide } from '../../core/catalog/guide.ts';
import { ApiError, api, buildUrl, request } from '../api.ts';
import i18n from '../i18n/index.ts';
import type { ListResult, Placement } from '../portal/portalApi.ts';

/** The staff shapes of server/catalog/catalog-schemas.ts. */

export type { ListResult, Placement };

export type VersionStatus = 'draft' | 'review' | 'published' | 'retired';
export type VersionAction = 'submit' | 'return' | 'publish' | 'retire';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ItemListEntry {
  id: string;
  implementationCode: string;
  basicCode: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  name: string;
  type: string;
  handlingKind: string;
  latest: { id: string; version: number; status: VersionStatus };
  published: { id: string; version: number; publishedAt: string | null } | null;
}

export interface VersionSummary {
  id: string;
  version: number;
  status: VersionStatus;
  name: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}

export interface ItemDetail {
  id: string;
  countyCode: string;
  implementationCode: string;
  basicCode: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  versions: VersionSummary[];
  windows: Placement[];
  proxies: Placement[];
}

export interface Version extends Guide {
  id: string;
  itemId: string;
  version: number;
  status: VersionStatus;
  countyCode: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  basicCode: string;
  implementationCode: string;
  /** Everyone who created, edited or submitted it: none of them may publish or return it. */
  authorIds: string[];
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  returnedAt: string | null;
  returnedBy: string | null;
  returnReason: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  retiredAt: string | null;
  retiredBy: string | null;
}

export interface Comparison {
  from: VersionSummary;
  to: VersionSummary;
  changes: { field: string; before?: unknown; after?: unknown }[];
}

export interface StoredFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  items: { row: number; itemId: string; versionId: string; implementationCode: string; created: boolean }[];
}

/** One line of the import report: the row as Excel numbers it (header = 1), its column and the problem. */
export interface ImportError {
  row?: number;
  column?: string;
  field: string;
  code?: string;
  message: string;
}

export interface ItemFilters {
  q?: string;
  department?: string;
  status?: string;
  level?: string;
  theme?: string;
  window?: string;
}

const enc = encodeURIComponent;

export function listItems(
  filters: ItemFilters & { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ListResult<ItemListEntry>> {
  return api.get<ListResult<ItemListEntry>>('/api/catalog/items', { ...filters }, signal);
}

export function fetchItem(id: string, signal?: AbortSignal): Promise<ItemDetail> {
  return api.get<ItemDetail>(`/api/catalog/items/${enc(id)}`, undefined, signal);
}

export function fetchVersion(id: string, signal?: AbortSignal): Promise<Version> {
  return api.get<Version>(`/api/catalog/versions/${enc(id)}`, undefined, signal);
}

export function createItem(body: Record<string, unknown>): Promise<Version> {
  return api.post<Version>('/api/catalog/items', body);
}

export function createDraft(itemId: string, fromVersionId?: string): Promise<Version> {
  return api.post<Version>(
    `/api/catalog/items/${enc(itemId)}/drafts`,
    fromVersionId ? { fromVersionId } : {},
  );
}

export function editDraft(versionId: string, patch: Partial<Guide>): Promise<Version> {
  return api.patch<Version>(`/api/catalog/versions/${enc(versionId)}`, patch);
}

export function transition(versionId: string, action: VersionAction, reason?: string): Promise<Version> {
  return api.post<Version>(`/api/catalog/versions/${enc(versionId)}/${action}`, reason ? { reason } : {});
}

export function compare(from: string, to: string, signal?: AbortSignal): Promise<Comparison> {
  return api.get<Comparison>('/api/catalog/compare', { from, to }, signal);
}

export async function assignWindow(itemId: string, windowCode: string): Promise<Placement[]> {
  const res = await api.post<ListResult<Placement>>(`/api/catalog/items/${enc(itemId)}/windows`, {
    windowCode,
  });
  return res.items;
}

export function unassignWindow(itemId: string, windowCode: string): Promise<void> {
  return api.delete(`/api/catalog/items/${enc(itemId)}/windows/${enc(windowCode)}`);
}

export async function setProxies(itemId: string, orgCodes: string[]): Promise<Placement[]> {
  const res = await api.put<ListResult<Placement>>(`/api/catalog/items/${enc(itemId)}/proxies`, { orgCodes });
  return res.items;
}

/** Content types the server stores for forms and samples, by file extension (browsers may leave `type` empty). */
const FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: XLSX_TYPE,
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const UPLOAD_ACCEPT = Object.keys(FILE_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function contentTypeOf(file: File): string {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return FILE_TYPES[ext] ?? file.type ?? 'application/octet-stream';
}

/** Sends the file itself as the body of a PUT: the server has no multipart endpoint. */
export function uploadMaterialFile(
  versionId: string,
  index: number,
  kind: 'blank' | 'sample',
  file: File,
): Promise<StoredFile> {
  return request<StoredFile>('PUT', `/api/catalog/versions/${enc(versionId)}/materials/${index}/${kind}`, {
    query: { name: file.name },
    raw: { body: file, contentType: contentTypeOf(file) },
  });
}

export function fileUrl(fileId: string): string {
  return `/api/catalog/files/${enc(fileId)}`;
}

export function importCatalog(file: File, submit: boolean): Promise<ImportResult> {
  return request<ImportResult>('POST', '/api/catalog/import', {
    query: { submit: submit || undefined },
    raw: { body: file, contentType: XLSX_TYPE },
  });
}

export const TEMPLATE_URL = '/api/catalog/template.xlsx';

export function exportUrl(filters: ItemFilters, version: 'published' | 'latest'): string {
  const { q, department, status, level, theme, window } = filters;
  return buildUrl('/api/catalog/export.xlsx', { q, department, status, level, theme, window, version });
}

/** The name a download names itself by (RFC 6266 `filename*`), else `fallback`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed header falls back to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a file the console builds on request (template, export), in the language of the page: a bare
 * link would send the browser's Accept-Language and could not show the server's problem when it refuses.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN' },
  });
  if (!res.ok) {
    let problem: Record<string, unknown> = { title: res.statusText };
    try {
      problem = (await res.json()) as Record<string, unknown>;
    } catch {
      // Not problem+json: the status says enough.
    }
    throw new ApiError(res.status, problem);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
