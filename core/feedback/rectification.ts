/**
 * The rectification order (差评整改单) a bad rating opens, as a small data-driven state machine.
 *
 *   pending_verification (待核实) ──verify──▶ rectifying (整改中) ──rectify──▶ rectified (已整改)
 *          │                                    │
 *          ├──request_cannot_rectify──▶ cannot_rectify_requested ──approve──▶ cannot_rectify (无法整改)
 *          │                                    (reject: back to rectifying)
 *          └──appeal──▶ appealed (申诉中) ──uphold──▶ invalid (无效差评: the rating leaves the statistics)
 *                          (reject: back to where the appeal was made from)
 *
 * The handler (the unit that served the resident) verifies, rectifies, asks for 无法整改 and appeals; the
 * supervisor (效能办) approves or refuses 无法整改 and decides appeals, always with a reason. An order is
 * appealed at most once: an appeal after the supervisor's decision — or after the order has reached an
 * outcome — is refused as `feedback.appeal_after_decision`. Revisits (回访) are recorded beside the
 * state machine: any number, by the handler or a supervisor, only for named ratings.
 */

export const RECTIFICATION_STATUSES = [
  'pending_verification',
  'rectifying',
  'cannot_rectify_requested',
  'appealed',
  'rectified',
  'cannot_rectify',
  'invalid',
] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** Outcomes: the order is finished. */
export const FINAL_RECTIFICATION_STATUSES: readonly RectificationStatus[] = [
  'rectified',
  'cannot_rectify',
  'invalid',
];

export function isFinalRectification(status: RectificationStatus): boolean {
  return FINAL_RECTIFICATION_STATUSES.includes(status);
}

export const RECTIFICATION_ACTIONS = [
  'verify',
  'rectify',
  'request_cannot_rectify',
  'approve_cannot_rectify',
  'reject_cannot_rectify',
  'appeal',
  'uphold_appeal',
  'reject_appeal',
] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export type FeedbackRole = 'handler' | 'supervisor';

export const APPEAL_KINDS = ['mistaken', 'malicious'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const REVISIT_METHODS = ['phone', 'visit', 'sms'] as const;
export type RevisitMethod = (typeof REVISIT_METHODS)[number];

interface ActionSpec {
  role: FeedbackRole;
  from: readonly RectificationStatus[];
  /** null: back to the status the appeal was made from. */
  to: RectificationStatus | null;
  /** The text the action must carry: 核实情况, 整改措施, 理由. */
  text: 'note' | 'reason';
}

const HANDLER_OPEN: readonly RectificationStatus[] = ['pending_verification', 'rectifying'];

export const RECTIFICATION_SPECS: Readonly<Record<RectificationAction, ActionSpec>> = {
  verify: { role: 'handler', from: ['pending_verification'], to: 'rectifying', text: 'note' },
  rectify: { role: 'handler', from: ['rectifying'], to: 'rectified', text: 'note' },
  request_cannot_rectify: {
    role: 'handler',
    from: HANDLER_OPEN,
    to: 'cannot_rectify_requested',
    text: 'reason',
  },
  approve_cannot_rectify: {
    role: 'supervisor',
    from: ['cannot_rectify_requested'],
    to: 'cannot_rectify',
    text: 'reason',
  },
  reject_cannot_rectify: {
    role: 'supervisor',
    from: ['cannot_rectify_requested'],
    to: 'rectifying',
    text: 'reason',
  },
  appeal: { role: 'handler', from: HANDLER_OPEN, to: 'appealed', text: 'reason' },
  uphold_appeal: { role: 'supervisor', from: ['appealed'], to: 'invalid', text: 'reason' },
  reject_appeal: { role: 'supervisor', from: ['appealed'], to: null, text: 'reason' },
};

export const TEXT_MAX = 1000;

export interface OrderSnapshot {
  status: RectificationStatus;
  /** Where the pending appeal was made from; null when none is pending. */
  appealFrom: RectificationStatus | null;
  /** The supervisor's decision on the order's appeal, once made. */
  appealDecision: 'upheld' | 'rejected' | null;
}

export interface StepPayload {
  note?: unknown;
  reason?: unknown;
  appealKind?: unknown;
}

export type StepResult =
  | {
      ok: true;
      from: RectificationStatus;
      to: RectificationStatus;
      text: string;
      appealKind: AppealKind | null;
    }
  | {
      ok: false;
      status: 400 | 403 | 409;
      code:
        | 'feedback.role_forbidden'
        | 'feedback.appeal_after_decision'
        | 'feedback.order_wrong_status'
        | 'feedback.text_required'
        | 'feedback.appeal_kind_invalid';
      field?: string;
    };

/** The actions a person in `roles` could take now on an order, for the console's buttons. */
export function allowedRectificationActions(
  order: OrderSnapshot,
  roles: readonly FeedbackRole[],
): RectificationAction[] {
  return RECTIFICATION_ACTIONS.filter((a) => {
    const spec = RECTIFICATION_SPECS[a];
    if (!roles.includes(spec.role) || !spec.from.includes(order.status)) return false;
    return !(a === 'appeal' && order.appealDecision !== null);
  });
}

/**
 * One step of the order: checks who acts, the appeal rule, the status and the payload, in that order, and
 * says where the order goes. Pure; the service writes the result in one transaction.
 */
export function rectificationStep(
  order: OrderSnapshot,
  action: RectificationAction,
  role: FeedbackRole,
  payload: StepPayload,
): StepResult {
  const spec = RECTIFICATION_SPECS[action];
  if (spec.role !== role) return { ok: false, status: 403, code: 'feedback.role_forbidden' };
  if (
    action === 'appeal' &&
    (order.appealDecision !== null || isFinalRectification(order.status) || order.status === 'appealed')
  ) {
    return { ok: false, status: 409, code: 'feedback.appeal_after_decision' };
  }
  if (!spec.from.includes(order.status)) {
    return { ok: false, status: 409, code: 'feedback.order_wrong_status' };
  }
  const raw = payload[spec.text];
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '' || [...text].length > TEXT_MAX) {
    return { ok: false, status: 400, code: 'feedback.text_required', field: spec.text };
  }
  let appealKind: AppealKind | null = null;
  if (action === 'appeal') {
    if (!(APPEAL_KINDS as readonly unknown[]).includes(payload.appealKind)) {
      return { ok: false, status: 400, code: 'feedback.appeal_kind_invalid', field: 'appealKind' };
    }
    appealKind = payload.appealKind as AppealKind;
  }
  const to = spec.to ?? order.appealFrom ?? 'pending_verification';
  return { ok: true, from: order.status, to, text, appealKind };
}

/**
 * Which clock an order waits on in a status: the verification clock until the handler first answers, the
 * rectification clock until an outcome, none after it.
 */
export function stageOf(status: RectificationStatus): 'verify' | 'rectify' | null {
  if (status === 'pending_verification') return 'verify';
  return isFinalRectification(status) ? null : 'rectify';
}

export interface OrderTimes {
  status: RectificationStatus;
  named: boolean;
  verifyDue: Date | null;
  rectifyDue: Date | null;
  respondedAt: Date | null;
  firstRevisitAt: Date | null;
  closedAt: Date | null;
}

export interface OverdueFlags {
  /** The handler answered (verified, appealed, asked for 无法整改) after the verification deadline, or not yet. */
  verify: boolean;
  /** A named rating was first revisited after the verification deadline, or not yet (不含无效差评). */
  revisit: boolean;
  /** The outcome came after the rectification deadline, or has not come yet. */
  rectify: boolean;
  any: boolean;
}

/**
 * 超期 of an order as of `now`: a stage is overdue when its deadline has passed without it, or when it was
 * done after the deadline — so a late order stays counted once it is finished. An unknown deadline (its
 * year's calendar is not loaded) is never overdue. server/feedback/feedback-store.ts mirrors this in SQL.
 */
export function overdueFlags(o: OrderTimes, now: Date): OverdueFlags {
  const late = (due: Date | null, done: Date | null) =>
    due !== null && (done === null ? now.getTime() > due.getTime() : done.getTime() > due.getTime());
  const verify = late(o.verifyDue, o.respondedAt);
  const revisit = o.named && o.status !== 'invalid' && late(o.verifyDue, o.firstRevisitAt);
  const rectify = late(o.rectifyDue, o.closedAt);
  return { verify, revisit, rectify, any: verify || revisit || rectify };
}
