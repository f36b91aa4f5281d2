import { useState } from 'react';
import { useLoad } from '../portal/useLoad.ts';
import { LIVE, useLiveEvents } from './live.ts';
import { supervisionApi } from './supervisionApi.ts';

const LIVE_TYPES = [LIVE.lights, LIVE.warning];

/**
 * What the leader's dashboard and the big screen show: open cases by light per township (gauges), this
 * month's statistics per township and per department, and the last 12 months (counters). All of it is
 * read from counts kept per org, so it costs the same for a hundred cases as for millions. Reloads on the
 * live `supervision.lights` and `supervision.warning` events (debounced) and on `refresh()`.
 */
export function useDashboard(debounceMs = 2000) {
  const [round, setRound] = useState(0);
  const refresh = () => setRound((r) => r + 1);
  useLiveEvents(LIVE_TYPES, refresh, debounceMs);
  // No period: the server's current month, so a browser whose clock is off asks for nothing in the future.
  const lights = useLoad((signal) => supervisionApi.counts('township', signal), [round]);
  const townships = useLoad((signal) => supervisionApi.statistics({ level: 'township' }, signal), [round]);
  const departments = useLoad(
    (signal) => supervisionApi.statistics({ level: 'department' }, signal),
    [round],
  );
  const trend = useLoad((signal) => supervisionApi.trend({ kind: 'month', count: 12 }, signal), [round]);
  const error = lights.error ?? townships.error ?? departments.error ?? trend.error;
  return {
    lights: lights.data,
    townships: townships.data,
    departments: departments.data,
    trend: trend.data,
    error,
    refresh,
    round,
  };
}

export type DashboardData = ReturnType<typeof useDashboard>;
