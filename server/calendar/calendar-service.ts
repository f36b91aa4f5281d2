import {
  CalendarInputError,
  CalendarYearNotLoadedError,
  chineseDaysSchedules,
  type ValidationError,
  validateYearSchedule,
  WorkingCalendar,
  type YearSchedule,
} from '../../core/calendar/index.ts';
import { permissionsOf } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, Problem } from '../http/problem.ts';
import { recordAudit } from '../org/audit-store.ts';
import { calendarVersion, findYear, loadSchedules, replaceYear } from './calendar-store.ts';

/** The years published by the State Council that the platform carries from the start. */
export const SEEDED_YEARS = [2024, 2025, 2026];

/** Other server processes may load a year; each process looks for a newer calendar at most this often. */
const RECHECK_MS = 10_000;

/**
 * Holds the working calendar in memory, because every deadline and every light depends on it and the
 * arithmetic must not wait for the database. The table stays the truth: loading a year writes it first.
 */
export class CalendarService {
  private calendar = new WorkingCalendar([]);
  private version = '';
  private checkedAt = 0;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'now'>) {}

  /** Seeds the published years on an empty table, then loads the calendar. */
  async init(): Promise<void> {
    const existing = await this.ctx.db.selectFrom('calendar_years').select('year').execute();
    if (existing.length === 0) {
      await this.ctx.db.transaction().execute(async (trx) => {
        for (const schedule of chineseDaysSchedules(SEEDED_YEARS)) {
          await replaceYear(trx, schedule, 'system', this.ctx.now());
        }
      });
    }
    await this.reload();
  }

  async reload(): Promise<void> {
    const [schedules, version] = await Promise.all([
      loadSchedules(this.ctx.db),
      calendarVersion(this.ctx.db),
    ]);
    this.calendar = new WorkingCalendar(schedules);
    this.version = version;
    this.checkedAt = Date.now();
  }

  /** The calendar, re-read when another process has loaded a year since the last look. */
  /**
   * The calendar as last loaded, without checking the database for a newer one: for code running inside
   * a transaction, where a read on another connection could wait for that transaction (PGlite has one).
   */
  loaded(): WorkingCalendar {
    return this.calendar;
  }

  /** As current(), but null when the current year's schedule is not loaded (views show deadlines as unknown). */
  async currentOrNull(): Promise<WorkingCalendar | null> {
    try {
      return await this.current();
    } catch (error) {
      if (error instanceof CalendarYearNotLoadedError) return null;
      throw error;
    }
  }

  async current(): Promise<WorkingCalendar> {
    if (Date.now() - this.checkedAt > RECHECK_MS) {
      this.checkedAt = Date.now();
      if ((await calendarVersion(this.ctx.db)) !== this.version) await this.reload();
    }
    return this.calendar;
  }
}

export function toFieldErrors(errors: ValidationError[]): FieldError[] {
  return errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message }));
}

/**
 * Loading a year's schedule changes every deadline in the country's calendar, so only an administrator at
 * the root of a tree (a county, city or province admin) may do it.
 */
export async function loadYear(
  ctx: AppContext,
  actor: Actor,
  year: number,
  input: unknown,
  ip: string,
): Promise<YearSchedule> {
  const root = actor.grants.find((g) => permissionsOf([g]).includes('calendar.write'));
  if (!root) throw new Problem(403, 'calendar.root_admin_required');
  const checked = validateYearSchedule(input);
  if (!checked.ok) {
    const first = checked.errors[0]!;
    throw new Problem(
      400,
      'request.invalid',
      { field: first.field, reason: first.message },
      toFieldErrors(checked.errors),
    );
  }
  if (checked.value.year !== year) {
    throw new Problem(400, 'calendar.year_mismatch', { year, bodyYear: checked.value.year }, [
      { field: 'year', in: 'body', message: `${checked.value.year} ≠ ${year}` },
    ]);
  }
  const before = await findYear(ctx.db, year);
  await ctx.db.transaction().execute(async (trx) => {
    await replaceYear(trx, checked.value, actor.displayName, ctx.now());
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'calendar.load_year',
      entityType: 'calendar_year',
      entityId: String(year),
      orgCode: root.orgCode,
      orgPath: root.orgPath,
      before: before && { source: before.source, days: before.days },
      after: { source: checked.value.source, days: checked.value.days },
      ip,
    });
  });
  await ctx.calendar.reload();
  return checked.value;
}

/** Maps the core's calendar errors to problems: a year not loaded is named, bad input names its field. */
export function calendarProblem(error: unknown): never {
  if (error instanceof CalendarYearNotLoadedError) {
    throw new Problem(422, 'calendar.year_not_loaded', { year: error.year }, undefined, { year: error.year });
  }
  if (error instanceof CalendarInputError) {
    throw new Problem(400, 'request.invalid', { field: error.field, reason: error.message }, [
      { field: error.field, in: 'query', message: error.message },
    ]);
  }
  throw error;
}
