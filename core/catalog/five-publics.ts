import type { Guide, Limit } from './guide.ts';
import type { VisitBadge } from './vocabulary.ts';

/** 0 visits → 零跑动, 1 → 最多跑一次; more visits earn no badge. */
export function visitBadge(maxVisits: number): VisitBadge | null {
  if (maxVisits === 0) return 'zero_visit';
  if (maxVisits === 1) return 'at_most_once';
  return null;
}

/**
 * The "five publics" (五公开) county reports check every guide against, as figures a page can show
 * without reading the whole guide: 服务 (where, when, how many visits), 程序 (steps), 材料 (what to
 * bring), 时限 (limits and how much the promise shortens the law), 收费 (fees).
 */
export interface FivePublics {
  service: { badge: VisitBadge | null; maxVisits: number; onlineApply: boolean; proxyAllowed: boolean };
  procedure: { steps: number };
  materials: { total: number; required: number; originals: number; copies: number };
  timeLimit: { legal: Limit | null; promised: Limit; sameDay: boolean; shortenedPercent: number | null };
  fees: { charged: boolean; items: number };
}

export function fivePublics(guide: Guide): FivePublics {
  const { legalLimit: legal, promisedLimit: promised } = guide;
  const shortenedPercent =
    legal && legal.unit === promised.unit && legal.value > 0
      ? Math.round(((legal.value - promised.value) / legal.value) * 100)
      : null;
  return {
    service: {
      badge: visitBadge(guide.maxVisits),
      maxVisits: guide.maxVisits,
      onlineApply: guide.onlineApply,
      proxyAllowed: guide.proxyAllowed,
    },
    procedure: { steps: guide.steps.length },
    materials: {
      total: guide.materials.length,
      required: guide.materials.filter((m) => m.required).length,
      originals: guide.materials.filter((m) => m.form === 'original' || m.form === 'original_and_copy')
        .length,
      copies: guide.materials.reduce((sum, m) => sum + m.copies, 0),
    },
    timeLimit: {
      legal,
      promised,
      sameDay: guide.handling.kind === 'on_the_spot',
      shortenedPercent,
    },
    fees: { charged: guide.charged, items: guide.fees.length },
  };
}
