import type {
  ComplaintAction,
  ComplaintChannel,
  ComplaintFinding,
  ComplaintSatisfaction,
  ComplaintStatus,
  ComplaintTarget,
  RatingChannel,
  RatingLevel,
  RectificationAction,
  RectificationStatus,
  RevisitMethod,
} from '../../core/feedback/index.ts';
import type {
  ComplaintDetail,
  ComplaintView,
  FiledComplaint,
  PublicComplaint,
  PublicTarget,
} from '../../server/feedback/complaint-service.ts';
import type { PublicSatisfaction } from '../../server/feedback/feedback-stats.ts';
import type { OrderCounts } from '../../server/feedback/feedback-store.ts';
import type {
  PublicCaseForRating,
  PublicWindow,
  RatingReceipt,
} from '../../server/feedback/rating-service.ts';
import type {
  LimitsView,
  OrderDetail,
  OrderView,
  RatingView,
} from '../../server/feedback/rectification-service.ts';
import { api, buildUrl } from '../api.ts';
import type { ListResult } from '../portal/portalApi.ts';

/**
 * The web side of server/feedback (feedback-routes.ts). Shapes are the server's own view types (type-only
 * imports: nothing of the server is bundled).
 */

export type {
  ComplaintAction,
  ComplaintChannel,
  ComplaintDetail,
  ComplaintFinding,
  ComplaintSatisfaction,
  ComplaintStatus,
  ComplaintTarget,
  ComplaintView,
  FiledComplaint,
  LimitsView,
  OrderCounts,
  OrderDetail,
  OrderView,
  PublicCaseForRating,
  PublicComplaint,
  PublicSatisfaction,
  PublicTarget,
  PublicWindow,
  RatingChannel,
  RatingLevel,
  RatingReceipt,
  RatingView,
  RectificationAction,
  RectificationStatus,
  RevisitMethod,
};

export interface RatingBody {
  level: string;
  scores: Record<string, number | null>;
  comment?: string | null;
  named: boolean;
  raterName?: string | null;
  raterPhone?: string | null;
}

const enc = encodeURIComponent;

export const feedbackApi = {
  // Public
  caseForRating: (number: string, code: string, signal?: AbortSignal) =>
    api.get<PublicCaseForRating>(`/api/public/feedback/cases/${enc(number)}`, { code }, signal),
  rateCase: (body: RatingBody & { caseNumber: string; code: string; channel?: string }) =>
    api.post<RatingReceipt>('/api/public/feedback/ratings/case', body),
  window: (orgCode: string, signal?: AbortSignal) =>
    api.get<PublicWindow>(`/api/public/feedback/windows/${enc(orgCode)}`, undefined, signal),
  rateVisit: (body: RatingBody & { orgCode: string; staffId?: string | null; channel?: string }) =>
    api.post<RatingReceipt>('/api/public/feedback/ratings/visit', body),
  targets: (q: string, kind: ComplaintTarget | undefined, signal?: AbortSignal) =>
    api.get<PublicTarget[]>('/api/public/feedback/targets', { q, kind }, signal),
  fileComplaint: (body: Record<string, unknown>) => api.post<FiledComplaint>('/api/public/complaints', body),
  trackComplaint: (number: string, code: string, signal?: AbortSignal) =>
    api.get<PublicComplaint>(`/api/public/complaints/${enc(number)}`, { code }, signal),
  rateReply: (number: string, code: string, satisfaction: ComplaintSatisfaction) =>
    api.post<PublicComplaint>(`/api/public/complaints/${enc(number)}/satisfaction`, { code, satisfaction }),
  satisfaction: (month: string | undefined, signal?: AbortSignal) =>
    api.get<PublicSatisfaction>('/api/public/satisfaction', { month }, signal),

  // Console
  ratings: (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) =>
    api.get<ListResult<RatingView>>('/api/feedback/ratings', query, signal),
  orders: (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) =>
    api.get<ListResult<OrderView>>('/api/feedback/rectifications', query, signal),
  orderSummary: (signal?: AbortSignal) =>
    api.get<OrderCounts>('/api/feedback/rectifications/summary', undefined, signal),
  order: (id: string, signal?: AbortSignal) =>
    api.get<OrderDetail>(`/api/feedback/rectifications/${enc(id)}`, undefined, signal),
  actOnOrder: (id: string, action: RectificationAction, body: Record<string, string>) =>
    api.post<OrderDetail>(`/api/feedback/rectifications/${enc(id)}/actions/${action}`, body),
  revisit: (id: string, body: { method: RevisitMethod; result: string; satisfied: boolean }) =>
    api.post<OrderDetail>(`/api/feedback/rectifications/${enc(id)}/revisits`, body),
  raterContact: (id: string) =>
    api.get<{ name: string | null; phone: string | null }>(`/api/feedback/rectifications/${enc(id)}/contact`),
  limits: (signal?: AbortSignal) => api.get<LimitsView>('/api/feedback/limits', undefined, signal),
  saveLimits: (body: { orgCode?: string; verifyDays: number; rectifyDays: number; complaintDays: number }) =>
    api.put<LimitsView>('/api/feedback/limits', body),
  complaints: (query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) =>
    api.get<ListResult<ComplaintView>>('/api/feedback/complaints', query, signal),
  complaint: (id: string, signal?: AbortSignal) =>
    api.get<ComplaintDetail>(`/api/feedback/complaints/${enc(id)}`, undefined, signal),
  actOnComplaint: (id: string, action: ComplaintAction, body: Record<string, string>) =>
    api.post<ComplaintDetail>(`/api/feedback/complaints/${enc(id)}/actions/${action}`, body),
  complainant: (id: string) =>
    api.get<{ name: string; phone: string }>(`/api/feedback/complaints/${enc(id)}/complainant`),
  recordComplaint: (body: Record<string, unknown>) =>
    api.post<FiledComplaint>('/api/feedback/complaints', body),
};

/** Export links (downloaded through catalog's `download`, in the page's language). */
export function exportUrl(
  list: 'ratings' | 'rectifications' | 'complaints',
  query: Record<string, string | number | boolean | undefined>,
) {
  const { page: _p, pageSize: _s, ...rest } = query;
  return buildUrl(`/api/feedback/${list}/export.xlsx`, rest);
}

/** The case rating page's address, as a progress page, a receipt's QR code or an SMS links to it. */
export function ratePath(caseNumber: string, code: string, channel?: 'receipt_qr' | 'sms'): string {
  return buildUrl('/rate', { number: caseNumber, code, channel });
}
