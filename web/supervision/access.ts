import { useSession } from '../shell/session.tsx';

/** Who may watch (监察) — the server's urging, evaluation and monitor roles. */
export const WATCH_ROLES = ['supervisor', 'leader'] as const;
/** The hall's big screen may also be opened by an administrator setting up the display. */
export const SCREEN_ROLES = ['supervisor', 'leader', 'admin'] as const;

export interface SupervisionAccess {
  /** A supervisor or leader reading cases: the monitor, dashboard, summaries, statistics, evaluation. */
  watcher: boolean;
  /** A supervisor (效能办): schemes, deductions, compute and confirm. */
  supervisor: boolean;
  /** A supervisor or leader: may urge and publish. */
  urger: boolean;
  /** Someone who may be asked to answer an urge (holds case.handle somewhere). */
  handler: boolean;
  /** May open the big screen. */
  screen: boolean;
}

export function accessOf(
  roles: readonly { role: string }[],
  can: (p: 'case.read' | 'case.handle') => boolean,
) {
  const has = (list: readonly string[]) => roles.some((r) => list.includes(r.role));
  const read = can('case.read');
  return {
    watcher: read && has(WATCH_ROLES),
    supervisor: read && has(['supervisor']),
    urger: read && has(WATCH_ROLES),
    handler: can('case.handle'),
    screen: read && has(SCREEN_ROLES),
  } satisfies SupervisionAccess;
}

/** The signed-in person's supervision rights (nobody signed in: none). */
export function useSupervisionAccess(): SupervisionAccess {
  const { me, can } = useSession();
  return accessOf(me?.roles ?? [], can);
}
