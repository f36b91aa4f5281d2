import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { registerJob } from '../jobs/scheduler.ts';
import { sweepLights } from './lights-service.ts';
import { dailySummaryTime, generateDailySummaries } from './summary-service.ts';
import { escalateLateUrges } from './urge-service.ts';

export const LIGHTS_JOB = 'supervision.lights';
export const DAILY_SUMMARY_JOB = 'supervision.daily_summary';

/**
 * The supervision jobs on the scheduler (server/jobs): every minute the light sweeper and the escalation
 * of late urges; daily at BIANMIN_DAILY_SUMMARY_AT (default 17:30 Asia/Shanghai) the summary of the day
 * for every window, center and station.
 */
export function registerSupervisionJobs(env: NodeJS.ProcessEnv = process.env): void {
  registerJob({
    name: LIGHTS_JOB,
    everyMs: 60_000,
    async run(ctx) {
      const sweep = await sweepLights(ctx);
      const escalated = await escalateLateUrges(ctx);
      return { ...sweep, escalated };
    },
  });
  registerJob({
    name: DAILY_SUMMARY_JOB,
    dailyAt: dailySummaryTime(env),
    async run(ctx) {
      const day = shanghaiDateOf(ctx.now());
      const rows = await generateDailySummaries(ctx, day, { roots: null, by: null });
      return { day, rows };
    },
  });
}
