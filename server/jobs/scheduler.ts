import { sql } from 'kysely';
import { MS_PER_DAY, SHANGHAI_OFFSET_MS } from '../../core/calendar/dates.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';

/**
 * A small job runner for background work (DESIGN.md: one leader, taken with a Postgres advisory lock).
 *
 * Jobs are registered by name with either an interval or a daily time (Asia/Shanghai). A run of a job
 * happens only under that job's lock, so several server processes on one PostgreSQL database never run
 * the same job at once: the lock is `pg_try_advisory_xact_lock` held by a transaction that stays open
 * while the job works on other connections, and a process that does not get it skips the run. Whether a
 * job is due is decided from `job_runs` under the same lock, so a daily job runs once a day and an
 * interval job once an interval across all processes, and a daily time missed while no server was up is
 * caught up at the next start. PGlite is one process with one connection: there an in-process guard is
 * all that is needed (and a lock transaction would block the job's own queries).
 */

export interface JobDefinition {
  /** Unique name, e.g. 'supervision.lights'. */
  name: string;
  /** Run every this many milliseconds… */
  everyMs?: number;
  /** …or once a day at this Shanghai time ('HH:MM'), or at the next start if that moment was missed. */
  dailyAt?: string;
  /** The work; its JSON-serialisable result is kept in job_runs.last_result. */
  run(ctx: AppContext): Promise<unknown>;
}

export type JobOutcome =
  | { name: string; ran: true; ok: true; result: unknown; startedAt: string; finishedAt: string }
  | { name: string; ran: true; ok: false; error: string; startedAt: string; finishedAt: string }
  | { name: string; ran: false; reason: 'locked' | 'not_due' | 'running' };

const DAILY_AT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Namespace of the two-key advisory locks taken for jobs (migrations use a single-key lock). */
const JOB_LOCK_NAMESPACE = 7_240_012;

const registry = new Map<string, JobDefinition>();

/**
 * Adds a job (or replaces the one of the same name, so registering at every app start is harmless).
 * Throws on a definition that could never run.
 */
export function registerJob(job: JobDefinition): void {
  if (!/^[a-z][a-z0-9_.-]{0,79}$/.test(job.name)) throw new Error(`job name "${job.name}" is not allowed`);
  const interval = job.everyMs !== undefined;
  const daily = job.dailyAt !== undefined;
  if (interval === daily) throw new Error(`job ${job.name}: give exactly one of everyMs and dailyAt`);
  if (interval && !(Number.isSafeInteger(job.everyMs) && job.everyMs! >= 1000)) {
    throw new Error(`job ${job.name}: everyMs must be a whole number of milliseconds, at least 1000`);
  }
  if (daily && !DAILY_AT.test(job.dailyAt!)) throw new Error(`job ${job.name}: dailyAt must be HH:MM`);
  registry.set(job.name, job);
}

export function registeredJobs(): JobDefinition[] {
  return [...registry.values()];
}

export function findJob(name: string): JobDefinition | undefined {
  return registry.get(name);
}

/** A stable 32-bit signed hash of the job name (FNV-1a), the second key of its advisory lock. */
export function jobLockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The most recent moment at or before `now` at which a daily job at 'HH:MM' (Shanghai) was scheduled. */
export function lastDailyMoment(dailyAt: string, now: Date): Date {
  const [, hh, mm] = DAILY_AT.exec(dailyAt)!;
  const minutes = Number(hh) * 60 + Number(mm);
  const localMs = now.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY;
  let moment = dayStart + minutes * 60_000;
  if (moment > localMs) moment -= MS_PER_DAY;
  return new Date(moment - SHANGHAI_OFFSET_MS);
}

/** Whether a job whose last run started at `lastStarted` is due at `now`. */
export function isDue(job: JobDefinition, lastStarted: Date | null, now: Date): boolean {
  if (lastStarted === null) return true;
  if (job.everyMs !== undefined) return now.getTime() - lastStarted.getTime() >= job.everyMs;
  return lastStarted < lastDailyMoment(job.dailyAt!, now);
}

// Runs in progress in this process, per database (two contexts on one PostgreSQL database stand for two
// processes: only the advisory lock keeps them apart).
const runningHere = new WeakMap<Database, Set<string>>();

function errorText(error: unknown): string {
  const e = error as { message?: string };
  return (e?.message ?? String(error)).slice(0, 1000);
}

/**
 * Runs a job if it is due (or always, with `force`), under its lock. Returns what happened; a job that
 * throws is recorded as failed and reported, not rethrown.
 */
export async function runJob(
  ctx: AppContext,
  name: string,
  opts: { force?: boolean } = {},
): Promise<JobOutcome> {
  const job = registry.get(name);
  if (!job) throw new Error(`no job named ${name}`);
  let here = runningHere.get(ctx.database);
  if (!here) {
    here = new Set();
    runningHere.set(ctx.database, here);
  }
  if (here.has(name)) return { name, ran: false, reason: 'running' };
  here.add(name);
  try {
    if (ctx.database.engine === 'pglite') return await runUnlocked(ctx, job, opts.force === true);
    return await ctx.db.transaction().execute(async (lock) => {
      const got = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${JOB_LOCK_NAMESPACE}::int, ${jobLockKey(name)}::int) AS ok`.execute(
        lock,
      );
      if (!got.rows[0]?.ok) return { name, ran: false, reason: 'locked' } as const;
      return runUnlocked(ctx, job, opts.force === true);
    });
  } finally {
    here.delete(name);
  }
}

/** Runs a job now, whether due or not (still under its lock): what tests and operators use. */
export function runJobNow(ctx: AppContext, name: string): Promise<JobOutcome> {
  return runJob(ctx, name, { force: true });
}

async function runUnlocked(ctx: AppContext, job: JobDefinition, force: boolean): Promise<JobOutcome> {
  const started = ctx.now();
  if (!force) {
    const last = await ctx.db
      .selectFrom('job_runs')
      .select('last_started')
      .where('name', '=', job.name)
      .executeTakeFirst();
    if (!isDue(job, last?.last_started ?? null, started))
      return { name: job.name, ran: false, reason: 'not_due' };
  }
  let outcome: JobOutcome;
  try {
    const result = (await job.run(ctx)) ?? null;
    outcome = {
      name: job.name,
      ran: true,
      ok: true,
      result,
      startedAt: started.toISOString(),
      finishedAt: ctx.now().toISOString(),
    };
  } catch (error) {
    outcome = {
      name: job.name,
      ran: true,
      ok: false,
      error: errorText(error),
      startedAt: started.toISOString(),
      finishedAt: ctx.now().toISOString(),
    };
  }
  const row = {
    last_started: started,
    last_finished: new Date(outcome.finishedAt),
    last_status: outcome.ok ? ('ok' as const) : ('failed' as const),
    last_error: outcome.ok ? null : outcome.error,
    last_result: outcome.ok ? JSON.stringify(outcome.result) : null,
  };
  await ctx.db
    .insertInto('job_runs')
    .values({ name: job.name, ...row })
    .onConflict((oc) => oc.column('name').doUpdateSet(row))
    .execute();
  return outcome;
}

export interface Scheduler {
  /** Stops ticking and waits for the runs in progress. */
  stop(): Promise<void>;
}

/**
 * Starts ticking: every `tickMs` each registered job runs if it is due. Started by server/main.ts,
 * never by tests (they call runJobNow). Failures are logged and tried again at the next due time.
 */
export function startScheduler(
  ctx: AppContext,
  opts: { tickMs?: number; log?: (line: string) => void } = {},
): Scheduler {
  const tickMs = opts.tickMs ?? 15_000;
  const log = opts.log ?? (() => {});
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    for (const job of registry.values()) {
      const p = runJob(ctx, job.name)
        .then((outcome) => {
          if (outcome.ran && !outcome.ok) log(`job ${job.name} failed: ${outcome.error}`);
        })
        .catch((error) => log(`job ${job.name} could not run: ${errorText(error)}`))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };
  const timer = setInterval(tick, tickMs);
  timer.unref?.();
  setTimeout(tick, 0).unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
