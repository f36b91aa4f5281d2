import type { Kysely } from 'kysely';
import type { YearSchedule } from '../../core/calendar/index.ts';
import type { DB } from '../db/schema.ts';

export async function loadSchedules(db: Kysely<DB>): Promise<YearSchedule[]> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendar_years').select(['year', 'source']).orderBy('year').execute(),
    db.selectFrom('calendar_days').select(['date', 'year', 'kind', 'name']).orderBy('date').execute(),
  ]);
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    days: days
      .filter((d) => d.year === y.year)
      .map((d) => (d.name ? { date: d.date, kind: d.kind, name: d.name } : { date: d.date, kind: d.kind })),
  }));
}

export function listYears(db: Kysely<DB>): Promise<{ year: number; source: string }[]> {
  return db.selectFrom('calendar_years').select(['year', 'source']).orderBy('year').execute();
}

export async function findYear(db: Kysely<DB>, year: number): Promise<YearSchedule | null> {
  const row = await db
    .selectFrom('calendar_years')
    .select(['year', 'source'])
    .where('year', '=', year)
    .executeTakeFirst();
  if (!row) return null;
  const days = await db
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('year', '=', year)
    .orderBy('date')
    .execute();
  return {
    year,
    source: row.source,
    days: days.map((d) =>
      d.name ? { date: d.date, kind: d.kind, name: d.name } : { date: d.date, kind: d.kind },
    ),
  };
}

/** Replaces a year's arrangement whole: a corrected notice supersedes the old one, it is not merged. */
export async function replaceYear(
  trx: Kysely<DB>,
  schedule: YearSchedule,
  loadedBy: string,
  at: Date,
): Promise<void> {
  await trx.deleteFrom('calendar_years').where('year', '=', schedule.year).execute();
  await trx
    .insertInto('calendar_years')
    .values({ year: schedule.year, source: schedule.source, loaded_by: loadedBy, loaded_at: at })
    .execute();
  if (schedule.days.length) {
    await trx
      .insertInto('calendar_days')
      .values(
        schedule.days.map((d) => ({ date: d.date, year: schedule.year, kind: d.kind, name: d.name ?? null })),
      )
      .execute();
  }
}

/** Changes whenever any year is (re)loaded; other server processes compare it to notice a new calendar. */
export async function calendarVersion(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('calendar_years')
    .select((eb) => [eb.fn.max('loaded_at').as('latest'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest ? new Date(row.latest as Date).toISOString() : ''}`;
}
