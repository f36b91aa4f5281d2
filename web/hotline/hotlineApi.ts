import type { AttributeDefinition } from '../../core/hotline/catalog.ts';
import type { DuplicateReason } from '../../core/hotline/duplicates.ts';
import type { OrderAction, OrderStatus } from '../../core/hotline/lifecycle.ts';
import type { Channel, OrderKind, Satisfaction, Urgency } from '../../core/hotline/vocabulary.ts';
import type { ApiClientView } from '../../server/hotline/api-keys.ts';
import type { CategoryView } from '../../server/hotline/hotline-catalog.ts';
import type {
  DuplicateView,
  OrderDetail,
  OrderEventView,
  OrderView,
  PublicOrderView,
} from '../../server/hotline/hotline-service.ts';
import type { HotlineStatistics, StatRow } from '../../server/hotline/hotline-stats.ts';
import { api, buildUrl } from '../api.ts';

/**
 * The console's and the portal's calls to server/hotline (hotline-routes.ts). The shapes are the server's
 * own view types (type-only imports: nothing of the server is bundled).
 */
export type {
  ApiClientView,
  AttributeDefinition,
  CategoryView,
  Channel,
  DuplicateReason,
  DuplicateView,
  HotlineStatistics,
  OrderAction,
  OrderDetail,
  OrderEventView,
  OrderKind,
  OrderStatus,
  OrderView,
  PublicOrderView,
  Satisfaction,
  StatRow,
  Urgency,
};

export interface Catalog {
  countyCode: string;
  countyName: string;
  items: CategoryView[];
}

export function fetchCatalog(signal?: AbortSignal): Promise<Catalog> {
  return api.get('/api/hotline/catalog', undefined, signal);
}

export type CategoryBody = Omit<
  CategoryView,
  'id' | 'countyCode' | 'nameInitials' | 'parentName' | 'updatedAt' | 'targets'
> & { targets: string[] };

export function saveCategory(id: string | null, body: CategoryBody): Promise<CategoryView> {
  return id ? api.put(`/api/hotline/catalog/${id}`, body) : api.post('/api/hotline/catalog', body);
}

export interface CallInput {
  categoryCode: string;
  kind: OrderKind;
  urgency?: Urgency;
  caller: { name: string; phone: string };
  content: string;
  location: { address?: string | null; orgCode?: string | null };
  attributes?: Record<string, string | string[]>;
}

export function registerCall(body: CallInput, key: string): Promise<OrderView & { queryCode: string }> {
  return api.post('/api/hotline/orders', body, { headers: { 'Idempotency-Key': key } });
}

export function fetchDuplicates(
  q: { phone?: string; categoryCode?: string; orgCode?: string; address?: string; content?: string },
  signal?: AbortSignal,
): Promise<{ items: DuplicateView[] }> {
  return api.get('/api/hotline/duplicates', q, signal);
}

export type ListView = 'queue' | 'inbox' | 'all';

export function listOrders(
  q: { view: ListView; status?: string; q?: string; category?: string; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<{ items: OrderView[]; total: number }> {
  return api.get('/api/hotline/orders', q, signal);
}

export function fetchOrder(id: string, signal?: AbortSignal): Promise<OrderDetail> {
  return api.get(`/api/hotline/orders/${encodeURIComponent(id)}`, undefined, signal);
}

export interface ActionBody {
  orgCode?: string;
  reason?: string;
  units?: number;
  text?: string;
  reached?: boolean;
  satisfaction?: Satisfaction;
  into?: string;
  note?: string;
}

export function actOn(id: string, action: OrderAction, body: ActionBody = {}): Promise<OrderDetail> {
  return api.post(`/api/hotline/orders/${id}/${action.replaceAll('_', '-')}`, body);
}

export function revealCaller(id: string): Promise<{ phone: string | null; email: string | null }> {
  return api.post(`/api/hotline/orders/${id}/reveal`);
}

export function fetchStatistics(
  q: { from?: string; to?: string },
  signal?: AbortSignal,
): Promise<HotlineStatistics> {
  return api.get('/api/hotline/statistics', q, signal);
}

export function statisticsExportUrl(q: { from?: string; to?: string }): string {
  return buildUrl('/api/hotline/statistics.xlsx', q);
}

export function fetchKeys(signal?: AbortSignal): Promise<{ items: ApiClientView[] }> {
  return api.get('/api/hotline/keys', undefined, signal);
}

export function issueKey(body: { name: string; contact?: string; responseMode?: 'realtime' | 'batch' }) {
  return api.post<ApiClientView & { apiKey: string }>('/api/hotline/keys', body);
}

export function revokeKey(id: string): Promise<ApiClientView> {
  return api.post(`/api/hotline/keys/${id}/revoke`);
}

// Portal

export interface PublicCategory {
  code: string;
  name: string;
  parentCode: string | null;
  description: string;
  attributes: AttributeDefinition[];
}

export function fetchPublicCategories(
  signal?: AbortSignal,
): Promise<{ countyName: string; items: PublicCategory[] }> {
  return api.get('/api/public/hotline/categories', undefined, signal);
}

export function submitOnline(body: {
  categoryCode: string;
  kind: OrderKind;
  name: string;
  phone: string;
  content: string;
  address?: string;
}): Promise<{ number: string; queryCode: string }> {
  return api.post('/api/public/hotline/orders', body);
}

export function trackOrder(number: string, code: string, signal?: AbortSignal): Promise<PublicOrderView> {
  return api.get('/api/public/hotline/track', { number, code }, signal);
}

export function rateReply(body: {
  number: string;
  code: string;
  satisfaction: Satisfaction;
  comment?: string;
}) {
  return api.post<PublicOrderView>('/api/public/hotline/track/rate', body);
}

/** Dispatchers are the county's admins and supervisors (core/hotline/access.ts). */
export function isDispatcher(roles: readonly { role: string; orgCode: string }[]): boolean {
  return roles.some((r) => (r.role === 'admin' || r.role === 'supervisor') && /^\d{6}$/.test(r.orgCode));
}

export function isCountyAdmin(roles: readonly { role: string; orgCode: string }[]): boolean {
  return roles.some((r) => r.role === 'admin' && /^\d{6}$/.test(r.orgCode));
}
