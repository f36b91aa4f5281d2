import { ApiError, api, request } from '../api.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
/** The only kinds a year file lists: every other day follows from the weekday. */
export type ExceptionKind = 'holiday' | 'adjusted_workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  name?: string;
}

export interface LoadedYear {
  year: number;
  source: string;
}

export interface CalendarYear {
  year: number;
  source: string;
  days: CalendarDay[];
}

export interface ScheduleDay {
  date: string;
  kind: ExceptionKind;
  name?: string;
}

export interface YearSchedule {
  year: number;
  source: string;
  days: ScheduleDay[];
}

export interface DeadlineAnswer {
  from: string;
  workingDays: number;
  deadline: string;
}

export async function listYears(signal?: AbortSignal): Promise<LoadedYear[]> {
  const res = await api.get<{ items: LoadedYear[]; total: number }>('/api/calendar', undefined, signal);
  return [...res.items].sort((a, b) => a.year - b.year);
}

export function fetchYear(year: number, signal?: AbortSignal): Promise<CalendarYear> {
  return api.get<CalendarYear>(`/api/calendar/${year}`, undefined, signal);
}

export function fetchDeadline(from: string, workingDays: number, signal?: AbortSignal) {
  return api.get<DeadlineAnswer>('/api/calendar/deadline', { from, workingDays }, signal);
}

/** Loads (or replaces) a year from a JSON list; the server validates every day and names the bad ones. */
export function putYearJson(year: number, source: string, days: unknown[]): Promise<YearSchedule> {
  return api.put<YearSchedule>(`/api/calendar/${year}`, { source, days });
}

/**
 * Loads a year from the text of an .ics file. The shared `request` only sends JSON, so this one call
 * builds its own fetch with the same headers, CSRF token and problem handling.
 */
export function putYearIcs(year: number, source: string, text: string): Promise<YearSchedule> {
  return request<YearSchedule>('PUT', `/api/calendar/${year}`, {
    query: { source },
    raw: { body: text, contentType: 'text/calendar; charset=utf-8' },
  });
}

/** The year a `calendar.year_not_loaded` refusal names (the problem's `year` member); null otherwise. */
export function notLoadedYear(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'calendar.year_not_loaded') return null;
  return typeof error.problem.year === 'number' ? error.problem.year : null;
}

/** Counts of the kinds a year holds, for the summary line and the success message. */
export function countKinds(days: readonly { kind: string }[]): Record<DayKind, number> {
  const counts: Record<DayKind, number> = { workday: 0, weekend: 0, holiday: 0, adjusted_workday: 0 };
  for (const d of days) if (d.kind in counts) counts[d.kind as DayKind] += 1;
  return counts;
}
