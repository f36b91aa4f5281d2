/**
 * The life of a 12345 work order (工单), from the call to its closure:
 *
 *   registered ──dispatch──▶ dispatched ──accept──▶ accepted ──reply──▶ replied ──revisit──▶ revisited ──close──▶ closed
 *        ▲                       │                      │
 *        │                   send_back              send_back
 *        │                       ▼                      ▼
 *        └──approve_send_back── send_back_pending ──reject_send_back──▶ (back where it was)
 *
 * - The dispatcher (派单员: an admin or supervisor of the county) registers calls, dispatches, reviews
 *   send-backs, decides extensions, revisits the caller, closes, and merges duplicates (any open order →
 *   merged into another open order). A registered inquiry the operator answers at once is replied
 *   directly (直接答复), without dispatch.
 * - The receiver (承办单位: a department or township of the county) accepts or sends back (退单) with a
 *   reason, asks for extensions, and replies (办复).
 * - The handling clock starts at each dispatch with the category's limit for the order's urgency (on the
 *   working calendar for day limits), keeps running while a send-back waits for review, continues if the
 *   send-back is rejected, stops when the send-back is approved (the next dispatch starts a new clock)
 *   and stops at the reply, which is on time when it comes before the deadline.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ValidationResult } from '../calendar/year-schedule.ts';
import { type Clock, type ClockState, evaluateClock, extendClock, stopClock } from '../clock/clock.ts';
import type { HandlingLimit } from './vocabulary.ts';

export const ORDER_STATUSES = [
  'registered',
  'dispatched',
  'send_back_pending',
  'accepted',
  'replied',
  'revisited',
  'closed',
  'merged',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses of a finished order: nothing more happens to it. */
export const FINISHED_STATUSES: readonly OrderStatus[] = ['closed', 'merged'];

export function isOpenStatus(status: OrderStatus): boolean {
  return !FINISHED_STATUSES.includes(status);
}

/** The Open311 status of an order: closed once it is closed or merged into another. */
export function open311Status(status: OrderStatus): 'open' | 'closed' {
  return isOpenStatus(status) ? 'open' : 'closed';
}

export const ORDER_ACTIONS = [
  'dispatch',
  'accept',
  'send_back',
  'approve_send_back',
  'reject_send_back',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'reply',
  'revisit',
  'close',
  'merge',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Who takes an action: the county's dispatcher or the receiving org. */
export type OrderParty = 'dispatcher' | 'receiver';

interface ActionSpec {
  from: readonly OrderStatus[];
  by: OrderParty;
}

const OPEN: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => isOpenStatus(s));

export const ACTION_SPECS: Readonly<Record<OrderAction, ActionSpec>> = {
  dispatch: { from: ['registered'], by: 'dispatcher' },
  accept: { from: ['dispatched'], by: 'receiver' },
  send_back: { from: ['dispatched', 'accepted'], by: 'receiver' },
  approve_send_back: { from: ['send_back_pending'], by: 'dispatcher' },
  reject_send_back: { from: ['send_back_pending'], by: 'dispatcher' },
  request_extension: { from: ['accepted'], by: 'receiver' },
  approve_extension: { from: ['accepted', 'send_back_pending'], by: 'dispatcher' },
  reject_extension: { from: ['accepted', 'send_back_pending'], by: 'dispatcher' },
  // The receiver replies to an accepted order; the dispatcher may answer a registered one at once.
  reply: { from: ['accepted', 'registered'], by: 'receiver' },
  revisit: { from: ['replied'], by: 'dispatcher' },
  close: { from: ['revisited'], by: 'dispatcher' },
  merge: { from: OPEN, by: 'dispatcher' },
};

/** Where an action leads (send-back review decides from the order's data, see nextStatus). */
const TARGET: Partial<Record<OrderAction, OrderStatus>> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  send_back: 'send_back_pending',
  approve_send_back: 'registered',
  reply: 'replied',
  revisit: 'revisited',
  close: 'closed',
  merge: 'merged',
};

/** The party that may take `action` on an order in `status`, or null when the action does not apply. */
export function actionParty(action: OrderAction, status: OrderStatus): OrderParty | null {
  const spec = ACTION_SPECS[action];
  if (!spec.from.includes(status)) return null;
  // A direct answer to a registered order is the dispatcher's; otherwise replying is the receiver's.
  if (action === 'reply' && status === 'registered') return 'dispatcher';
  return spec.by;
}

/**
 * The actions open to someone on an order, given whether they dispatch for its county and whether they
 * act for its receiving org; `extensionPending` says whether an extension request awaits a decision.
 */
export function availableActions(
  order: { status: OrderStatus; extensionPending: boolean },
  who: { dispatcher: boolean; receiver: boolean },
): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => {
    const party = actionParty(action, order.status);
    if (party === null) return false;
    if (party === 'dispatcher' ? !who.dispatcher : !who.receiver) return false;
    if (action === 'request_extension') return !order.extensionPending;
    if (action === 'approve_extension' || action === 'reject_extension') return order.extensionPending;
    return true;
  });
}

/**
 * The status after `action`. A rejected send-back returns the order to where it was when it was sent
 * back (dispatched or accepted).
 */
export function nextStatus(
  action: OrderAction,
  current: OrderStatus,
  sentBackFrom?: OrderStatus | null,
): OrderStatus {
  if (action === 'reject_send_back') return sentBackFrom === 'accepted' ? 'accepted' : 'dispatched';
  if (action === 'request_extension' || action === 'approve_extension' || action === 'reject_extension')
    return current;
  return TARGET[action] ?? current;
}

// ---------------------------------------------------------------------------------------------------
// The handling clock

/** A fresh handling clock from a dispatch, with the category's extension allowance. */
export function handlingClock(limit: HandlingLimit, dispatchedAt: Date, maxExtension: number): Clock {
  return {
    startedAt: dispatchedAt.toISOString(),
    limit: { value: limit.value, unit: limit.unit },
    pauses: [],
    extensions: [],
    maxExtensionDays: maxExtension,
    preset: 'hotline',
  };
}

/** Stops the clock at `at` (reply, approved send-back, merge). */
export function stoppedClock(clock: Clock, at: Date): Clock {
  const result = stopClock(clock, at);
  if (!result.ok) throw new Error(`hotline clock could not stop: ${result.errors[0]?.message}`);
  return result.value;
}

/** Grants an extension; fails beyond the category's allowance. */
export function extendedClock(
  clock: Clock,
  ext: { units: number; approvedBy: string; reason: string; at: Date },
): ValidationResult<Clock> {
  return extendClock(clock, { days: ext.units, approvedBy: ext.approvedBy, reason: ext.reason, at: ext.at });
}

/** The clock's state now (or as of its stop), for lights and deadlines. */
export function clockState(clock: Clock, now: Date, calendar: WorkingCalendar): ClockState {
  return evaluateClock(clock, now, calendar);
}

/** A reply is on time when it comes no later than the deadline (the light at the stop is not red). */
export function repliedOnTime(clock: Clock, repliedAt: Date, calendar: WorkingCalendar): boolean {
  return evaluateClock({ ...clock, stoppedAt: null }, repliedAt, calendar).light !== 'red';
}
