import type { Kysely } from 'kysely';
import { CalendarService } from './calendar/calendar-service.ts';
import type { CaseChangeListener } from './cases/case-hooks.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import { NotifyService } from './notify/notify-service.ts';

/** What every module's service gets: the database, the configuration and the time source. */
export interface AppContext {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  /** The platform's idea of "now"; tests move it instead of waiting. */
  now(): Date;
  /** The working-day calendar every deadline is counted on. */
  calendar: CalendarService;
  /** Called inside every case transition's transaction (see server/cases/case-hooks.ts). */
  caseListeners: CaseChangeListener[];
  /** The outbox (SMS, in-app) and the live stream: `notify.enqueue(trx, …)`, `notify.live.publish(…)`. */
  notify: NotifyService;
}

export function createContext(
  database: Database,
  config: Config,
  now: () => Date = () => new Date(),
): AppContext {
  return {
    database,
    db: database.db,
    config,
    now,
    calendar: new CalendarService({ db: database.db, now }),
    caseListeners: [],
    notify: new NotifyService({ db: database.db, now, sms: config.sms }),
  };
}
