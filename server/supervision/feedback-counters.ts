import type { Kysely } from 'kysely';
import type { Metric } from '../../core/supervision/statistics.ts';
import type { DB } from '../db/schema.ts';
import { bumpCounters, type CounterRow } from './supervision-store.ts';

interface Place {
  code: string;
  path: string;
}

/**
 * The feedback module's part of the statistics (满意率, 投诉件数), written in its own transaction like a
 * transition's counters: a rating received (and whether it was satisfied) counts for the unit that served
 * and the department that decided; a confirmed complaint for the unit, department or staff member it is
 * about. Dashboards and the monthly evaluation then read ratings and complaints from the same counters.
 */
export async function countFeedback(
  trx: Kysely<DB>,
  input: {
    countyCode: string;
    day: string;
    metrics: readonly Metric[];
    /** 1 to count; -1 takes a count back (a bad rating found invalid, 无效差评). */
    delta?: 1 | -1;
    /** The window or center concerned (`handling` dimension) and the department (`department`). */
    unit?: Place | null;
    department?: Place | null;
    staff?: { personId: string; org: Place } | null;
  },
): Promise<void> {
  const rows: CounterRow[] = [];
  for (const metric of input.metrics) {
    const base = { county_code: input.countyCode, day: input.day, metric, count: input.delta ?? 1 };
    if (input.unit) {
      rows.push({
        ...base,
        dimension: 'handling',
        org_code: input.unit.code,
        org_path: input.unit.path,
        person_id: '',
      });
    }
    if (input.department) {
      rows.push({
        ...base,
        dimension: 'department',
        org_code: input.department.code,
        org_path: input.department.path,
        person_id: '',
      });
    }
    if (input.staff) {
      rows.push({
        ...base,
        dimension: 'staff',
        org_code: input.staff.org.code,
        org_path: input.staff.org.path,
        person_id: input.staff.personId,
      });
    }
  }
  await bumpCounters(trx, rows);
}
