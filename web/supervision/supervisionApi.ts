import type { ListResult } from '../../core/org/views.ts';
import type { Counts, Indicator, PeriodKind, Rates, Weights } from '../../core/supervision/index.ts';
import type {
  DeductionView as Deduction,
  EvaluationView as Evaluation,
  ResultView as EvaluationResult,
  PublicEvaluation,
  SchemeView as Scheme,
} from '../../server/supervision/evaluation-service.ts';
import type {
  Buckets,
  CountGroup,
  GroupBy,
  MonitorCase,
  MonitorCounts,
} from '../../server/supervision/monitor-service.ts';
import type { Statistics, StatLevel, TrendPoint } from '../../server/supervision/statistics-service.ts';
import type { DailySummary, SummaryFigures, SummaryRow } from '../../server/supervision/summary-service.ts';
import type { UrgeView as Urge, UrgeStatus } from '../../server/supervision/urge-service.ts';
import { api, buildUrl } from '../api.ts';

/**
 * The console's calls to server/supervision (supervision-routes.ts, docs/supervision.md). The shapes are
 * the server's own view types (type-only imports: nothing of the server is bundled).
 */

export type {
  Buckets,
  CountGroup,
  Counts,
  DailySummary,
  Deduction,
  Evaluation,
  EvaluationResult,
  GroupBy,
  Indicator,
  ListResult,
  MonitorCase,
  MonitorCounts,
  PeriodKind,
  PublicEvaluation,
  Rates,
  Scheme,
  Statistics,
  StatLevel,
  SummaryFigures,
  SummaryRow,
  TrendPoint,
  Urge,
  UrgeStatus,
  Weights,
};

export const GROUP_BYS: readonly GroupBy[] = ['window', 'department', 'township', 'staff'];
export const STAT_LEVELS: readonly StatLevel[] = [
  'county',
  'township',
  'center',
  'window',
  'department',
  'staff',
];
export const URGE_STATUSES: readonly UrgeStatus[] = ['open', 'escalated', 'answered', 'withdrawn'];
export const BUCKETS = ['green', 'yellow', 'red', 'overdue', 'paused'] as const;
export type Bucket = (typeof BUCKETS)[number];

const enc = encodeURIComponent;
type Query = Record<string, string | number | boolean | undefined>;

export interface MonitorFilter {
  light?: 'green' | 'yellow' | 'red';
  overdue?: boolean;
  paused?: boolean;
  windowCode?: string;
  departmentCode?: string;
  townshipCode?: string;
  staffId?: string;
}

/** The list filter a click on a light (and a group) stands for. */
export function bucketFilter(bucket: Bucket | undefined): MonitorFilter {
  if (!bucket) return {};
  if (bucket === 'overdue') return { overdue: true };
  if (bucket === 'paused') return { paused: true };
  return { light: bucket };
}

/** The list filter for a group of the counts table. */
export function groupFilter(groupBy: GroupBy, code: string): MonitorFilter {
  if (groupBy === 'window') return { windowCode: code };
  if (groupBy === 'department') return { departmentCode: code };
  if (groupBy === 'township') return /^\d{9}$/.test(code) ? { townshipCode: code } : {};
  return code ? { staffId: code } : {};
}

export interface UrgeFilter {
  mine?: boolean;
  by?: 'me';
  status?: UrgeStatus;
  caseId?: string;
}

export interface SchemeInput {
  name: string;
  weights: Weights;
  redFlagCount: number;
  excellentCount: number;
}

export interface DeductionInput {
  month: string;
  subjectKind: 'org' | 'person';
  subjectId: string;
  points: number;
  reason: string;
}

export interface TrendQuery {
  kind: PeriodKind;
  count?: number;
  level?: 'handling' | 'department';
  end?: string;
}

export const supervisionApi = {
  counts: (groupBy: GroupBy, signal?: AbortSignal) =>
    api.get<MonitorCounts>('/api/supervision/monitor/counts', { groupBy }, signal),
  cases: (q: MonitorFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<ListResult<MonitorCase>>('/api/supervision/monitor/cases', { ...q } as Query, signal),
  casesExport: (q: MonitorFilter) => buildUrl('/api/supervision/monitor/cases.xlsx', { ...q } as Query),

  caseUrges: (caseId: string, signal?: AbortSignal) =>
    api.get<Urge[]>(`/api/cases/${enc(caseId)}/urges`, undefined, signal),
  urge: (caseId: string, body: { note: string; replyBy: string }) =>
    api.post<Urge>(`/api/cases/${enc(caseId)}/urges`, body),
  urges: (q: UrgeFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<ListResult<Urge>>('/api/urges', { ...q } as Query, signal),
  urgesExport: (q: UrgeFilter) => buildUrl('/api/urges.xlsx', { ...q } as Query),
  reply: (id: string, reply: string) => api.post<Urge>(`/api/urges/${enc(id)}/reply`, { reply }),
  withdraw: (id: string) => api.post<Urge>(`/api/urges/${enc(id)}/withdraw`),

  summary: (date: string, signal?: AbortSignal) =>
    api.get<DailySummary>('/api/supervision/summary', { date }, signal),
  generateSummary: (date: string) => api.post<DailySummary>('/api/supervision/summary', { date }),
  summaryExport: (date: string) => buildUrl('/api/supervision/summary.xlsx', { date }),

  statistics: (q: { level: StatLevel; period?: string; kind?: PeriodKind }, signal?: AbortSignal) =>
    api.get<Statistics>('/api/supervision/statistics', { ...q }, signal),
  statisticsExport: (q: { level: StatLevel; period?: string }) =>
    buildUrl('/api/supervision/statistics.xlsx', { ...q }),
  trend: (q: TrendQuery, signal?: AbortSignal) =>
    api.get<{ kind: PeriodKind; series: TrendPoint[] }>(
      '/api/supervision/statistics/trend',
      { ...q },
      signal,
    ),

  schemes: (signal?: AbortSignal) =>
    api.get<{
      current: Scheme | null;
      defaults: { weights: Weights; redFlagCount: number; excellentCount: number };
      items: Scheme[];
    }>('/api/supervision/evaluation/schemes', undefined, signal),
  createScheme: (body: SchemeInput) => api.post<Scheme>('/api/supervision/evaluation/schemes', body),
  deductions: (month: string, signal?: AbortSignal) =>
    api.get<Deduction[]>('/api/supervision/evaluation/deductions', { month }, signal),
  addDeduction: (body: DeductionInput) => api.post<Deduction>('/api/supervision/evaluation/deductions', body),
  withdrawDeduction: (id: string) =>
    api.post<Deduction>(`/api/supervision/evaluation/deductions/${enc(id)}/withdraw`),
  evaluation: (month: string, signal?: AbortSignal) =>
    api.get<Evaluation>(`/api/supervision/evaluation/${enc(month)}`, undefined, signal),
  compute: (month: string) => api.post<Evaluation>(`/api/supervision/evaluation/${enc(month)}/compute`),
  confirm: (month: string, body: { redFlagWindows: string[]; excellentStaff: string[] }) =>
    api.post<Evaluation>(`/api/supervision/evaluation/${enc(month)}/confirm`, body),
  publish: (month: string) => api.post<Evaluation>(`/api/supervision/evaluation/${enc(month)}/publish`),
  evaluationExport: (month: string) => `/api/supervision/evaluation/${enc(month)}/export.xlsx`,

  /** Receiving units (windows, centers, stations) of a scope, for naming a deduction's subject. */
  units: async (scopeCode: string): Promise<{ code: string; name: string }[]> => {
    const lists = await Promise.all(
      (['window', 'center', 'station'] as const).map((kind) =>
        api.get<ListResult<{ code: string; name: string }>>(`/api/orgs/${enc(scopeCode)}/descendants`, {
          kind,
          page: 1,
          pageSize: 500,
        }),
      ),
    );
    return lists.flatMap((l) => l.items.map((o) => ({ code: o.code, name: o.name })));
  },

  publicEvaluation: (month: string, signal?: AbortSignal) =>
    api.get<PublicEvaluation>(`/api/public/evaluations/${enc(month)}`, undefined, signal),
};
