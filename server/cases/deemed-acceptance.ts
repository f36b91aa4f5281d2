import { deemedAcceptance } from '../../core/clock/presets.ts';
import type { AppContext } from '../context.ts';
import { Problem } from '../http/problem.ts';
import { registerJob } from '../jobs/scheduler.ts';
import { runSystemActionOn } from './case-service.ts';
import { findCase } from './case-store.ts';

/** Five working days are never fewer than five calendar days: cases received later cannot be due yet. */
const NOT_DUE_BEFORE_MS = 5 * 24 * 60 * 60 * 1000;

/**
 * 行政许可法 art. 32: a case received with neither a one-time notice nor an acceptance or refusal within
 * five working days is accepted as of the day of receipt. The sweep looks only at cases still at
 * 'received' (partial index) that are at least five calendar days old, and lets the lifecycle decide with
 * the calendar, so a holiday in between is counted as the law counts it.
 */
export async function sweepDeemedAcceptance(ctx: AppContext): Promise<{ checked: number; accepted: number }> {
  const now = ctx.now();
  const calendar = await ctx.calendar.current();
  const rows = await ctx.db
    .selectFrom('cases')
    .select(['id', 'received_at'])
    .where('status', '=', 'received')
    .where('received_at', '<=', new Date(now.getTime() - NOT_DUE_BEFORE_MS))
    .orderBy('received_at')
    .execute();
  let accepted = 0;
  for (const row of rows) {
    const c = await findCase(ctx.db, row.id);
    if (c?.status !== 'received' || !c.state.receivedAt || c.state.noticeAt) continue;
    if (!deemedAcceptance({ receivedAt: c.state.receivedAt, now, calendar }).deemed) continue;
    try {
      await runSystemActionOn(ctx, c, 'deem_accept');
      accepted += 1;
    } catch (error) {
      // A clerk acted on the case in the meantime: it is no longer ours to accept.
      if (error instanceof Problem && error.status === 409) continue;
      throw error;
    }
  }
  return { checked: rows.length, accepted };
}

export const DEEMED_ACCEPTANCE_JOB = 'cases.deemed_acceptance';

export function registerCaseJobs(): void {
  registerJob({ name: DEEMED_ACCEPTANCE_JOB, everyMs: 5 * 60 * 1000, run: sweepDeemedAcceptance });
}
