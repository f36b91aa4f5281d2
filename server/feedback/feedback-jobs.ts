import { registerJob } from '../jobs/scheduler.ts';
import { fillMissingDeadlines } from './rectification-service.ts';

/**
 * The feedback module's background work. Overdue orders and complaints are computed on read from the
 * deadlines stored on their rows (docs/feedback.md), so the only job fills in deadlines that were unknown
 * when the row was written (its year's holidays not loaded yet) once an administrator loads that year.
 */
export const DEADLINES_JOB = 'feedback.deadlines';

export function registerFeedbackJobs(): void {
  registerJob({ name: DEADLINES_JOB, dailyAt: '00:20', run: fillMissingDeadlines });
}
