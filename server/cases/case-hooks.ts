import type { Kysely } from 'kysely';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { CaseEvent } from '../../core/cases/lifecycle.ts';
import type { DB } from '../db/schema.ts';
import type { CaseRecord } from './case-store.ts';

/** One committed-together change of a case: its row before (null when created) and after, and the events. */
export interface CaseChange {
  before: CaseRecord | null;
  after: CaseRecord;
  events: CaseEvent[];
  /** Who made the change (the events name them by id only). */
  actor: { id: string; name: string };
  at: Date;
  /**
   * The working calendar, read before the transaction began. Listeners must use this one: on PGlite (one
   * connection) a calendar reload from inside the transaction would wait for the transaction forever.
   */
  calendar: WorkingCalendar;
}

/**
 * Other modules (supervision's counters and lights, notifications) follow cases through listeners that run
 * inside the transition's transaction: what they write commits or rolls back with the change itself.
 */
export type CaseChangeListener = (trx: Kysely<DB>, change: CaseChange) => Promise<void>;
