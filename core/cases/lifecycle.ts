/**
 * The lifecycle of a case (办件) as a data-driven state machine. ACTION_SPECS says, for every action,
 * where it may start, who may take it, where it can lead, what its payload must carry and what it does to
 * the statutory clocks; `transition` only interprets that table plus a few guards that need the case's
 * own data (the current procedure step, who filed the case, whether a notice was already given).
 *
 * Everything here is pure: a case state is a plain JSON value, `transition` returns the next state and
 * the events to append, and the server persists both in one transaction. The clocks are the Clock values
 * of core/clock, so supervision evaluates them exactly as the case file recorded them.
 *
 * Clocks a case may carry (keys of CaseState.clocks):
 * - `acceptance`: the 5 working days to accept, refuse or give the one-time notice (行政许可法 art. 32),
 *   from receipt; paused while the applicant supplements, stopped at acceptance or refusal;
 * - `on_the_spot`: 即办件 only, due the same working day, paused while the applicant supplements;
 * - `decision`: from acceptance, the item's promised limit or the statutory one (arts. 42, 43), paused by
 *   special procedures (art. 45), extended with the head's approval (art. 42), stopped at the decision;
 * - `step:<n>`: the internal limit of procedure step n (承办, 审核, 批准…) where the item sets one;
 * - `preliminary`: 上报件 only, the lower level's 20 working days of preliminary review (art. 43), from
 *   acceptance to the hand-over, after which the higher level's `decision` clock runs;
 * - `task:<org code>`: 联办件 only, each participant department's time to give its opinion;
 * - `delivery`: the 10 working days to issue and send the result after the decision (art. 44).
 */
import { shanghaiDateOf } from '../calendar/dates.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import {
  type Clock,
  type ClockUnit,
  evaluateClock,
  extendClock,
  type PauseReason,
  pauseClock,
  resumeClock,
  SPECIAL_PROCEDURES,
  type SpecialProcedure,
  stopClock,
} from '../clock/clock.ts';
import { clockFromPreset, deemedAcceptance, PRESETS, type PresetName } from '../clock/presets.ts';
import type { Role } from '../org/roles.ts';

// ---------------------------------------------------------------------------------------------------
// Vocabulary

export const CASE_STATUSES = [
  'submitted_online',
  'received',
  'awaiting_supplement',
  'accepted',
  'refused',
  'in_review',
  'special_procedure',
  'decided_approved',
  'decided_denied',
  'delivering',
  'closed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses after which nothing more happens to the case. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['refused', 'closed', 'withdrawn'];

/** Statuses before a decision, from which the applicant may still withdraw (行政许可法 art. 32 ff.). */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'submitted_online',
  'received',
  'awaiting_supplement',
  'accepted',
  'in_review',
  'special_procedure',
];

export function isTerminalStatus(status: CaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** What staff read in the console. */
export const STATUS_NAMES: Readonly<Record<CaseStatus, { zh: string; en: string }>> = {
  submitted_online: { zh: '网上申报（预审）', en: 'Submitted online (pre-review)' },
  received: { zh: '已收件', en: 'Received' },
  awaiting_supplement: { zh: '补正中', en: 'Awaiting supplement' },
  accepted: { zh: '已受理', en: 'Accepted' },
  refused: { zh: '不予受理', en: 'Not accepted' },
  in_review: { zh: '审查中', en: 'Under review' },
  special_procedure: { zh: '特别程序', en: 'Special procedure' },
  decided_approved: { zh: '准予许可', en: 'Approved' },
  decided_denied: { zh: '不予许可', en: 'Denied' },
  delivering: { zh: '送达中', en: 'Delivering' },
  closed: { zh: '办结', en: 'Closed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/**
 * The public progress page, in the order a case moves through it. Several statuses share a label: the
 * public sees that a decision was made (已审批), not what it was — that is in the decision the applicant
 * receives — and sees no personal data at all.
 */
export const PUBLIC_PROGRESS: readonly { status: CaseStatus; zh: string; en: string }[] = [
  { status: 'submitted_online', zh: '预受理', en: 'Pre-review' },
  { status: 'received', zh: '收件', en: 'Received' },
  { status: 'awaiting_supplement', zh: '补正', en: 'Supplement requested' },
  { status: 'accepted', zh: '受理', en: 'Accepted' },
  { status: 'refused', zh: '不予受理', en: 'Not accepted' },
  { status: 'in_review', zh: '审核', en: 'Under review' },
  { status: 'special_procedure', zh: '特别程序', en: 'Special procedure' },
  { status: 'decided_approved', zh: '已审批', en: 'Decided' },
  { status: 'decided_denied', zh: '已审批', en: 'Decided' },
  { status: 'delivering', zh: '送达', en: 'Delivering' },
  { status: 'closed', zh: '办结', en: 'Completed' },
  { status: 'withdrawn', zh: '已撤回', en: 'Withdrawn' },
];

const PUBLIC_BY_STATUS = new Map(PUBLIC_PROGRESS.map((p) => [p.status, p]));

export function publicLabelOf(status: CaseStatus, lang: 'zh' | 'en' = 'zh'): string {
  return PUBLIC_BY_STATUS.get(status)![lang];
}

export const CASE_ACTIONS = [
  'pre_review_pass',
  'pre_review_return',
  'receive',
  'issue_notice',
  'supplement_received',
  'accept',
  'deem_accept',
  'refuse',
  'complete_step',
  'return_step',
  'start_special_procedure',
  'end_special_procedure',
  'extend',
  'decide',
  'deliver',
  'close',
  'withdraw',
  'close_on_the_spot',
  'hand_over',
  'give_opinion',
  'escalate',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who acts on a case: staff roles of core/org/roles.ts, the applicant, and the system (sweeper). */
export type CaseRole = Extract<Role, 'window_staff' | 'approver' | 'village_proxy'> | 'applicant' | 'system';
export const CASE_ROLES: readonly CaseRole[] = [
  'window_staff',
  'approver',
  'village_proxy',
  'applicant',
  'system',
];

export interface CaseActor {
  role: CaseRole;
  personId: string;
  /**
   * For approvers: the procedure roles the person holds for this case (e.g. 承办人, 审核人, 批准人), as the
   * item's steps name them. An approver acts only on a step whose role is among these.
   */
  stepRoles?: readonly string[];
  /**
   * For approvers: where their grants reach on this case — the deciding department (`department`), the
   * unit that received it (`handling`: for a 上报件, the lower level doing the preliminary review) and the
   * 联办 participant departments they may answer for. Absent: no such limit (a single-department setting).
   */
  reach?: { department: boolean; handling: boolean; participantOrgs: readonly string[] };
}

/** Mirrors the catalog's handling kinds (即办件, 承诺件, 联办件, 上报件). */
export type CaseHandlingKind = 'on_the_spot' | 'promised' | 'joint' | 'escalated';
export const CASE_HANDLING_KINDS: readonly CaseHandlingKind[] = [
  'on_the_spot',
  'promised',
  'joint',
  'escalated',
];

export interface CaseLimit {
  value: number;
  unit: ClockUnit;
}

/** One step of the item's procedure, copied onto the case when it is opened so later edits don't move it. */
export interface CaseStep {
  name: string;
  /** The procedure role that handles it; empty when any approver may. */
  role: string;
  limit: CaseLimit | null;
}

export type DecisionPreset = Extract<
  PresetName,
  'licensing_decision' | 'joint_handling' | 'preliminary_review'
>;

export const DELIVERY_METHODS = ['window_pickup', 'post', 'e_certificate'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const DECISION_OUTCOMES = ['approved', 'denied'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/**
 * What a refusal or denial tells the applicant about remedies, unless the item says more: 行政复议法
 * (2023) art. 20 gives 60 days to apply for review, 行政诉讼法 art. 46 six months to sue.
 */
export const DEFAULT_REMEDIES =
  '如不服本决定，可以自收到本决定之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。';

/** One participant department's part of a 联办件. */
export interface JointTask {
  orgCode: string;
  status: 'pending' | 'answered';
  opinion: string | null;
  position: 'agree' | 'disagree' | null;
  answeredAt: string | null;
}

export const OPINION_POSITIONS = ['agree', 'disagree'] as const;

/**
 * A participant's time to answer in a 联办件. The law sets only the overall 45 days (art. 42); a third of
 * it per participant leaves the lead department time to weigh the opinions and decide.
 */
export const JOINT_OPINION_LIMIT: CaseLimit = { value: 15, unit: 'working_days' };

export interface CaseState {
  status: CaseStatus;
  /** How the case came in; older states without it were walk-ins. */
  channel?: CaseChannel;
  handlingKind: CaseHandlingKind;
  steps: CaseStep[];
  /** The procedure step the case is at (meaningful from acceptance to the decision). */
  stepIndex: number;
  clocks: Record<string, Clock>;
  /** Limit of the decision clock and the preset whose extension rule applies; null for 即办件. */
  decisionLimit: { preset: DecisionPreset; limit: CaseLimit } | null;
  /** The account that owns the case (online applicant or the resident a proxy filed for), if any. */
  applicantPersonId: string | null;
  /** The village proxy (代办员) who filed the case. */
  proxyPersonId: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
  /** When the one-time notice was given; set once (行政许可法 art. 32: 一次告知). */
  noticeAt: string | null;
  supplementedAt: string | null;
  /** When acceptance takes effect: for a deemed acceptance, the moment of receipt. */
  acceptedAt: string | null;
  deemedAccepted: boolean;
  preReview: { result: 'returned'; reason: string; at: string } | null;
  special: {
    kind: SpecialProcedure;
    expectedDuration: CaseLimit;
    startedAt: string;
    resumeTo: 'accepted' | 'in_review';
  } | null;
  decision: { outcome: DecisionOutcome; at: string } | null;
  delivery: { method: DeliveryMethod | 'on_the_spot'; at: string } | null;
  closedAt: string | null;
  /** 联办件: the participants' opinions. */
  joint?: { tasks: JointTask[] } | null;
  /** 上报件: when the lower level handed the case to the higher level. */
  escalation?: { at: string; opinion: string } | null;
  /** 代办: when the proxy recorded carrying the papers to the window. */
  handedOverAt?: string | null;
  /** Time of the last transition; a later transition may not be earlier. */
  updatedAt: string;
}

export const CLOCK_KEYS = {
  acceptance: 'acceptance',
  onTheSpot: 'on_the_spot',
  decision: 'decision',
  preliminary: 'preliminary',
  delivery: 'delivery',
} as const;

export function stepClockKey(index: number): string {
  return `step:${index}`;
}

export function taskClockKey(orgCode: string): string {
  return `task:${orgCode}`;
}

// ---------------------------------------------------------------------------------------------------
// The table

type Requirement = boolean | { when: string; equals: string };

export type PayloadField =
  | { name: string; kind: 'text'; required: Requirement; label: string }
  | { name: string; kind: 'text_list'; required: Requirement; label: string }
  | { name: string; kind: 'enum'; values: readonly string[]; required: Requirement; label: string }
  | { name: string; kind: 'positive_integer'; required: Requirement; label: string }
  | { name: string; kind: 'duration'; required: Requirement; label: string };

type ClockTarget =
  | 'acceptance'
  | 'on_the_spot'
  | 'decision'
  | 'preliminary'
  | 'delivery'
  | 'step'
  | 'tasks'
  | 'answered_task';

/**
 * What an action does to the clocks. `step` means the step the case is at after the action for `start`,
 * and the step it was at before for the other operations; `tasks` are all 联办 participants' clocks,
 * `answered_task` the one whose opinion the action records.
 */
export type ClockEffect =
  | { op: 'start'; clock: ClockTarget }
  | { op: 'pause'; clock: ClockTarget; reason: PauseReason }
  | { op: 'resume'; clock: ClockTarget }
  | { op: 'stop'; clock: ClockTarget | 'all' }
  | { op: 'extend'; clock: 'decision' };

export interface ActionSpec {
  zh: string;
  from: readonly CaseStatus[];
  roles: readonly CaseRole[];
  /** Where the action can lead; which of them is chosen by the payload or the case. */
  to: readonly CaseStatus[];
  payload: readonly PayloadField[];
  clocks: readonly ClockEffect[];
  /** Legal basis recorded on the event. */
  basis?: string;
}

const note = (label = '备注'): PayloadField => ({ name: 'note', kind: 'text', required: false, label });
const STOP_ALL: ClockEffect = { op: 'stop', clock: 'all' };
const START_RECEIPT_CLOCKS: readonly ClockEffect[] = [
  { op: 'start', clock: 'acceptance' },
  { op: 'start', clock: 'on_the_spot' },
];
const START_REVIEW_CLOCKS: readonly ClockEffect[] = [
  { op: 'stop', clock: 'acceptance' },
  { op: 'start', clock: 'decision' },
  { op: 'start', clock: 'preliminary' },
  { op: 'start', clock: 'step' },
  { op: 'start', clock: 'tasks' },
];
const DECIDABLE: readonly CaseStatus[] = ['accepted', 'in_review'];

export const ACTION_SPECS: Readonly<Record<CaseAction, ActionSpec>> = {
  pre_review_pass: {
    zh: '预审通过',
    from: ['submitted_online'],
    roles: ['window_staff', 'approver'],
    to: ['received'],
    payload: [note()],
    // Electronic materials that pass pre-review are received (行政许可法 art. 29, 33): the art. 32 count starts.
    clocks: START_RECEIPT_CLOCKS,
  },
  pre_review_return: {
    zh: '预审退回',
    from: ['submitted_online'],
    roles: ['window_staff', 'approver'],
    to: ['submitted_online'],
    payload: [{ name: 'reason', kind: 'text', required: true, label: '退回理由' }],
    clocks: [],
  },
  receive: {
    zh: '收件',
    from: ['submitted_online'],
    roles: ['window_staff'],
    to: ['received'],
    payload: [note('收件说明（如代办员移交材料）')],
    clocks: START_RECEIPT_CLOCKS,
  },
  issue_notice: {
    zh: '一次性告知',
    from: ['received'],
    roles: ['window_staff'],
    to: ['awaiting_supplement'],
    payload: [{ name: 'missing', kind: 'text_list', required: true, label: '需要补正的全部内容' }, note()],
    // The count is paused, not stopped: after the supplement the window still owes an acceptance or a
    // refusal, and the acceptance clock keeps measuring that.
    clocks: [
      { op: 'pause', clock: 'acceptance', reason: 'supplement' },
      { op: 'pause', clock: 'on_the_spot', reason: 'supplement' },
    ],
    basis: '《中华人民共和国行政许可法》第三十二条第一款第（四）项',
  },
  supplement_received: {
    zh: '补正材料已收',
    from: ['awaiting_supplement'],
    roles: ['window_staff', 'applicant', 'village_proxy'],
    to: ['received'],
    payload: [note()],
    clocks: [
      { op: 'resume', clock: 'acceptance' },
      { op: 'resume', clock: 'on_the_spot' },
    ],
  },
  accept: {
    zh: '受理',
    from: ['received'],
    roles: ['window_staff'],
    to: ['accepted'],
    payload: [note()],
    clocks: START_REVIEW_CLOCKS,
    basis: '《中华人民共和国行政许可法》第三十二条第一款第（五）项',
  },
  deem_accept: {
    zh: '视为受理',
    from: ['received'],
    roles: ['system'],
    to: ['accepted'],
    payload: [],
    clocks: START_REVIEW_CLOCKS,
    basis:
      '《中华人民共和国行政许可法》第三十二条第一款第（四）项：逾期不告知的，自收到申请材料之日起即为受理',
  },
  refuse: {
    zh: '不予受理',
    from: ['received', 'awaiting_supplement'],
    roles: ['window_staff'],
    to: ['refused'],
    payload: [
      { name: 'reason', kind: 'text', required: true, label: '不予受理的理由' },
      { name: 'remedies', kind: 'text', required: true, label: '申请人的救济途径' },
      { name: 'referTo', kind: 'text', required: false, label: '应当向哪个机关申请' },
    ],
    clocks: [STOP_ALL],
    basis: '《中华人民共和国行政许可法》第三十二条第一款第（一）、（二）项及第二款（出具书面凭证）',
  },
  complete_step: {
    zh: '完成本环节',
    from: DECIDABLE,
    roles: ['approver'],
    to: ['in_review'],
    payload: [{ name: 'opinion', kind: 'text', required: true, label: '本环节意见' }],
    clocks: [
      { op: 'stop', clock: 'step' },
      { op: 'start', clock: 'step' },
    ],
  },
  return_step: {
    zh: '退回上一环节',
    from: ['in_review'],
    roles: ['approver'],
    to: ['in_review'],
    payload: [{ name: 'reason', kind: 'text', required: true, label: '退回理由' }],
    // A return restarts the previous step's internal limit but never the statutory decision clock.
    clocks: [
      { op: 'stop', clock: 'step' },
      { op: 'start', clock: 'step' },
    ],
  },
  start_special_procedure: {
    zh: '启动特别程序',
    from: DECIDABLE,
    roles: ['approver'],
    to: ['special_procedure'],
    payload: [
      { name: 'kind', kind: 'enum', values: SPECIAL_PROCEDURES, required: true, label: '特别程序种类' },
      { name: 'expectedDuration', kind: 'duration', required: true, label: '所需时间（书面告知申请人）' },
      note(),
    ],
    clocks: [
      { op: 'pause', clock: 'decision', reason: 'special_procedure' },
      { op: 'pause', clock: 'preliminary', reason: 'special_procedure' },
      { op: 'pause', clock: 'step', reason: 'special_procedure' },
    ],
    basis: '《中华人民共和国行政许可法》第四十五条',
  },
  end_special_procedure: {
    zh: '特别程序结束',
    from: ['special_procedure'],
    roles: ['approver'],
    to: ['accepted', 'in_review'],
    payload: [{ name: 'result', kind: 'text', required: false, label: '特别程序结论' }],
    clocks: [
      { op: 'resume', clock: 'decision' },
      { op: 'resume', clock: 'preliminary' },
      { op: 'resume', clock: 'step' },
    ],
  },
  extend: {
    zh: '延期',
    from: DECIDABLE,
    roles: ['approver'],
    to: DECIDABLE,
    payload: [
      { name: 'days', kind: 'positive_integer', required: true, label: '延长天数' },
      { name: 'approvedBy', kind: 'text', required: true, label: '批准延期的负责人' },
      { name: 'reason', kind: 'text', required: true, label: '延期理由（告知申请人）' },
    ],
    clocks: [{ op: 'extend', clock: 'decision' }],
    basis: '《中华人民共和国行政许可法》第四十二条',
  },
  decide: {
    zh: '作出决定',
    from: DECIDABLE,
    roles: ['approver'],
    to: ['decided_approved', 'decided_denied'],
    payload: [
      { name: 'outcome', kind: 'enum', values: DECISION_OUTCOMES, required: true, label: '决定结果' },
      {
        name: 'reason',
        kind: 'text',
        required: { when: 'outcome', equals: 'denied' },
        label: '不予许可的理由',
      },
      {
        name: 'remedies',
        kind: 'text',
        required: { when: 'outcome', equals: 'denied' },
        label: '申请人的救济途径',
      },
      { name: 'opinion', kind: 'text', required: false, label: '审批意见' },
    ],
    // Stops everything the decision ends and starts the art. 44 delivery count; a denial is delivered too
    // (art. 38 requires it in writing), and the center holds it to the same ten days.
    clocks: [
      { op: 'stop', clock: 'step' },
      { op: 'stop', clock: 'decision' },
      { op: 'stop', clock: 'on_the_spot' },
      { op: 'stop', clock: 'tasks' },
      { op: 'start', clock: 'delivery' },
    ],
    basis: '《中华人民共和国行政许可法》第三十八条、第四十二条',
  },
  deliver: {
    zh: '送达',
    from: ['decided_approved', 'decided_denied'],
    roles: ['window_staff', 'system'],
    to: ['delivering'],
    payload: [
      { name: 'method', kind: 'enum', values: DELIVERY_METHODS, required: true, label: '送达方式' },
      {
        name: 'trackingNumber',
        kind: 'text',
        required: { when: 'method', equals: 'post' },
        label: '邮件单号',
      },
      {
        name: 'certificateNumber',
        kind: 'text',
        required: { when: 'method', equals: 'e_certificate' },
        label: '电子证照编号',
      },
    ],
    // Art. 44 limits the agency's part — issuing and sending — so the count stops when the result is ready
    // at the window, posted or issued electronically, not when the applicant gets round to collecting it.
    clocks: [{ op: 'stop', clock: 'delivery' }],
    basis: '《中华人民共和国行政许可法》第四十四条',
  },
  close: {
    zh: '办结',
    from: ['delivering'],
    roles: ['window_staff', 'system'],
    to: ['closed'],
    payload: [note('签收情况')],
    clocks: [STOP_ALL],
  },
  withdraw: {
    zh: '撤回申请',
    from: OPEN_STATUSES,
    roles: ['applicant', 'village_proxy'],
    to: ['withdrawn'],
    payload: [{ name: 'reason', kind: 'text', required: false, label: '撤回原因' }],
    clocks: [STOP_ALL],
  },
  close_on_the_spot: {
    zh: '即办办结',
    from: ['received'],
    roles: ['window_staff'],
    to: ['closed'],
    payload: [{ name: 'result', kind: 'text', required: false, label: '办理结果' }],
    clocks: [STOP_ALL],
  },
  hand_over: {
    zh: '代办员移交材料',
    from: ['submitted_online'],
    roles: ['village_proxy'],
    to: ['submitted_online'],
    payload: [note('移交说明（材料份数、接收窗口）')],
    clocks: [],
  },
  give_opinion: {
    zh: '协办部门出具意见',
    from: DECIDABLE,
    roles: ['approver'],
    to: DECIDABLE,
    payload: [
      { name: 'position', kind: 'enum', values: OPINION_POSITIONS, required: true, label: '是否同意' },
      { name: 'opinion', kind: 'text', required: true, label: '协办意见' },
    ],
    clocks: [{ op: 'stop', clock: 'answered_task' }],
    basis: '《中华人民共和国行政许可法》第二十六条第二款（统一办理、联合办理、集中办理）',
  },
  escalate: {
    zh: '初审完毕上报',
    from: DECIDABLE,
    roles: ['approver'],
    to: ['in_review'],
    payload: [{ name: 'opinion', kind: 'text', required: true, label: '初审意见' }],
    // The lower level's 20 days end with the hand-over; the higher level's own limit starts from it.
    clocks: [
      { op: 'stop', clock: 'step' },
      { op: 'stop', clock: 'preliminary' },
      { op: 'start', clock: 'decision' },
      { op: 'start', clock: 'step' },
    ],
    basis: '《中华人民共和国行政许可法》第四十三条',
  },
};

// ---------------------------------------------------------------------------------------------------
// Results and events

export type TransitionErrorCode =
  | 'case.action_not_allowed'
  | 'case.role_not_allowed'
  | 'case.payload_invalid';

export interface TransitionFailure {
  ok: false;
  code: TransitionErrorCode;
  field?: string;
  message: string;
}

export interface ClockChange {
  clock: string;
  op: 'start' | 'pause' | 'resume' | 'stop' | 'extend';
}

/**
 * Entries of the case file that change no state: a scanned material attached, a fee recorded. They are
 * chained like transitions, so the file proves what was handed in and paid as well as what was decided.
 */
export type CaseRecordAction =
  | 'attach_material'
  | 'record_fee'
  /** Supervision's part of the file: an urge, its answer, its escalation. */
  | 'urge'
  | 'urge_reply'
  | 'urge_escalate';

/** Who writes a case-file entry: the lifecycle's roles, and the supervisors and leaders who urge. */
export type CaseEntryRole = CaseRole | 'supervisor' | 'leader';

export interface CaseEvent {
  /** The action; opening a case records `submit` (online or by proxy) or `receive` (walk-in). */
  action: CaseAction | CaseRecordAction | 'submit';
  at: string;
  actor: { role: CaseEntryRole; personId: string };
  from: CaseStatus | null;
  to: CaseStatus;
  /** The procedure step acted on, for step actions and decisions. */
  step: { index: number; name: string } | null;
  /** The payload as validated: known fields only, text trimmed. */
  payload: Record<string, unknown>;
  clocks: ClockChange[];
  publicLabel: string;
  basis?: string;
}

export type TransitionResult = { ok: true; next: CaseState; events: CaseEvent[] } | TransitionFailure;

export interface TransitionOptions {
  /**
   * With a calendar, the time rules that need working days are enforced here too: deem_accept only once
   * the art. 32 notice period has run out, issue_notice/accept/refuse only before it has, and 即办 close
   * only within the same working day. Without one, the caller (the sweeper) is trusted on timing and the
   * same-day rule falls back to the same Shanghai date. May throw CalendarYearNotLoadedError.
   */
  calendar?: WorkingCalendar;
}

function failure(code: TransitionErrorCode, message: string, field?: string): TransitionFailure {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, field, message };
}

// ---------------------------------------------------------------------------------------------------
// Payload validation

const MAX_TEXT = 2000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequired(req: Requirement, raw: Record<string, unknown>): boolean {
  return typeof req === 'boolean' ? req : raw[req.when] === req.equals;
}

const CLOCK_UNIT_VALUES: readonly ClockUnit[] = ['working_days', 'natural_days', 'hours'];

function cleanPayload(
  fields: readonly PayloadField[],
  input: unknown,
): { ok: true; value: Record<string, unknown> } | TransitionFailure {
  if (input === undefined || input === null) input = {};
  if (!isPlainObject(input)) return failure('case.payload_invalid', '办理内容必须是对象', '$');
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = input[f.name];
    const required = isRequired(f.required, input);
    const missing =
      raw === undefined ||
      raw === null ||
      (typeof raw === 'string' && raw.trim() === '') ||
      (Array.isArray(raw) && raw.length === 0);
    if (missing) {
      if (required) return failure('case.payload_invalid', `必须填写${f.label}`, f.name);
      continue;
    }
    const bad = (message: string) => failure('case.payload_invalid', message, f.name);
    switch (f.kind) {
      case 'text': {
        if (typeof raw !== 'string') return bad(`${f.label}必须是文字`);
        const text = raw.trim();
        if (text.length > MAX_TEXT) return bad(`${f.label}不能超过 ${MAX_TEXT} 字`);
        out[f.name] = text;
        break;
      }
      case 'text_list': {
        if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string'))
          return bad(`${f.label}必须是文字列表`);
        const items = (raw as string[]).map((x) => x.trim()).filter((x) => x !== '');
        if (items.length === 0) return bad(`必须填写${f.label}`);
        if (items.some((x) => x.length > MAX_TEXT)) return bad(`${f.label}的每一项不能超过 ${MAX_TEXT} 字`);
        out[f.name] = items;
        break;
      }
      case 'enum':
        if (typeof raw !== 'string' || !f.values.includes(raw)) {
          return bad(`${f.label}必须是 ${f.values.join('、')} 之一`);
        }
        out[f.name] = raw;
        break;
      case 'positive_integer':
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw <= 0)
          return bad(`${f.label}必须是正整数`);
        out[f.name] = raw;
        break;
      case 'duration': {
        const value = isPlainObject(raw) ? raw.value : undefined;
        const unit = isPlainObject(raw) ? raw.unit : undefined;
        if (
          typeof value !== 'number' ||
          !Number.isSafeInteger(value) ||
          value <= 0 ||
          !CLOCK_UNIT_VALUES.includes(unit as ClockUnit)
        ) {
          return bad(`${f.label}必须是 { value: 正整数, unit: working_days | natural_days | hours }`);
        }
        out[f.name] = { value, unit };
        break;
      }
    }
  }
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------------
// Guards

function pendingTasks(state: CaseState): JointTask[] {
  return state.joint?.tasks.filter((t) => t.status === 'pending') ?? [];
}

function currentStep(state: CaseState): CaseStep | undefined {
  return state.steps[state.stepIndex];
}

function isLastStep(state: CaseState): boolean {
  return state.steps.length === 0 || state.stepIndex >= state.steps.length - 1;
}

/**
 * Checks that depend on the case only; a failure means the action is not possible now, for anyone. The
 * time rules run only when an instant is given (allowedActions may be asked without one).
 */
function stateGuard(
  state: CaseState,
  action: CaseAction,
  at: Date | null,
  options: TransitionOptions,
): TransitionFailure | null {
  const notAllowed = (message: string) => failure('case.action_not_allowed', message);
  const deemedNow = (): boolean =>
    at !== null &&
    options.calendar !== undefined &&
    state.receivedAt !== null &&
    state.noticeAt === null &&
    deemedAcceptance({ receivedAt: state.receivedAt, now: at, calendar: options.calendar }).deemed;
  switch (action) {
    case 'issue_notice':
      if (state.noticeAt !== null) {
        return notAllowed('一次性告知已经出具，不能再次告知补正（行政许可法第三十二条要求一次告知全部内容）');
      }
      if (deemedNow()) return notAllowed('收件后五个工作日内未告知补正，依法已视为受理，应先执行视为受理');
      return null;
    case 'accept':
    case 'refuse':
      if (state.status === 'received' && deemedNow()) {
        return notAllowed('收件后五个工作日内未作处理，依法已视为受理，应先执行视为受理');
      }
      return null;
    case 'deem_accept':
      if (state.noticeAt !== null) return notAllowed('已在期限内一次性告知补正，不适用视为受理');
      if (at !== null && options.calendar !== undefined && !deemedNow()) {
        return notAllowed('收件后五个工作日的告知期限尚未届满，还不能视为受理');
      }
      return null;
    case 'complete_step':
      if (state.steps.length === 0) return notAllowed('该事项没有审查环节，直接作出决定');
      if (isLastStep(state)) return notAllowed('已是最后一个环节，本环节以作出决定完成');
      return null;
    case 'return_step':
      if (state.stepIndex === 0) return notAllowed('已是第一个环节，无法退回');
      return null;
    case 'decide':
      if (state.handlingKind === 'escalated' && !state.escalation) {
        return notAllowed('上报件须先由下级机关初审完毕并上报，再由上级机关作出决定');
      }
      if (pendingTasks(state).length > 0) {
        return notAllowed('还有协办部门未出具意见，不能作出决定');
      }
      if (!isLastStep(state)) {
        return notAllowed(`还有审查环节未完成，当前环节：${currentStep(state)?.name ?? ''}`);
      }
      return null;
    case 'escalate':
      if (state.handlingKind !== 'escalated') return notAllowed('只有上报件需要上报上级机关');
      if (state.escalation) return notAllowed('该办件已经上报');
      return null;
    case 'give_opinion':
      if (pendingTasks(state).length === 0) return notAllowed('该办件没有待出具意见的协办部门');
      return null;
    case 'hand_over':
      if (state.channel !== 'proxy') return notAllowed('只有代办件需要移交材料');
      if (state.handedOverAt) return notAllowed('代办材料已经移交');
      return null;
    case 'extend':
      if (!state.clocks[CLOCK_KEYS.decision]) return notAllowed('该办件没有可以延长的办理时限');
      return null;
    case 'close_on_the_spot': {
      if (state.handlingKind !== 'on_the_spot') return notAllowed('只有即办件可以当场办结');
      if (at === null) return null;
      const clock = state.clocks[CLOCK_KEYS.onTheSpot];
      if (options.calendar !== undefined && clock) {
        const { deadline } = evaluateClock(clock, at, options.calendar);
        if (at.getTime() > Date.parse(deadline))
          return notAllowed('已超过即办件当日办结的时限，应按受理程序办理');
        return null;
      }
      const since = state.supplementedAt ?? state.receivedAt;
      if (since !== null && shanghaiDateOf(new Date(since)) !== shanghaiDateOf(at)) {
        return notAllowed('即办件必须在收件当日办结，已超过当日的应按受理程序办理');
      }
      return null;
    }
    default:
      return null;
  }
}

const STEP_ROLE_ACTIONS: ReadonlySet<CaseAction> = new Set([
  'complete_step',
  'return_step',
  'start_special_procedure',
  'end_special_procedure',
  'extend',
  'decide',
  'escalate',
]);

/** The participant task this approver answers: the first pending one among the orgs they reach. */
function taskOf(state: CaseState, actor: CaseActor): JointTask | undefined {
  const pending = pendingTasks(state);
  if (!actor.reach) return pending[0];
  return pending.find((t) => actor.reach!.participantOrgs.includes(t.orgCode));
}

/**
 * Which side of the case an approver's step actions belong to: a 上报件 is reviewed by the receiving
 * (lower) level until it is handed over, then by the deciding department; other cases by either.
 */
function reachGuard(state: CaseState, action: CaseAction, reach: NonNullable<CaseActor['reach']>) {
  if (action === 'give_opinion') return null;
  if (state.handlingKind === 'escalated') {
    const lower = !state.escalation;
    if (lower && !reach.handling) return '上报件在上报前由受理的下级机关初审';
    if (!lower && !reach.department) return '上报件已上报，由上级机关审查决定';
    return null;
  }
  return reach.department || reach.handling ? null : '协办部门只能出具协办意见，审查和决定由牵头部门办理';
}

/** Checks that depend on who acts; a failure means this person may not, though someone else might. */
function actorGuard(state: CaseState, action: CaseAction, actor: CaseActor): TransitionFailure | null {
  const refuse = (message: string) => failure('case.role_not_allowed', message);
  if (
    actor.role === 'approver' &&
    actor.reach &&
    (STEP_ROLE_ACTIONS.has(action) || action === 'give_opinion')
  ) {
    const wrongSide = reachGuard(state, action, actor.reach);
    if (wrongSide) return refuse(wrongSide);
  }
  if (action === 'give_opinion' && !taskOf(state, actor)) {
    return refuse('只有协办部门的审批人员可以出具协办意见');
  }
  if (actor.role === 'approver' && STEP_ROLE_ACTIONS.has(action)) {
    const step = currentStep(state);
    const needed = step?.role.trim() ?? '';
    if (needed !== '' && !(actor.stepRoles ?? []).includes(needed)) {
      return refuse(`当前环节「${step!.name}」需要由${needed}办理`);
    }
  }
  if (
    actor.role === 'applicant' &&
    (state.applicantPersonId === null || state.applicantPersonId !== actor.personId)
  ) {
    return refuse('只有申请人本人可以办理');
  }
  if (
    actor.role === 'village_proxy' &&
    (state.proxyPersonId === null || state.proxyPersonId !== actor.personId)
  ) {
    return refuse('只有为该申请人代办的代办员可以办理');
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Clocks

function makeClock(limit: CaseLimit, startedAt: string, maxExtensionDays = 0): Clock {
  return { startedAt, limit: { ...limit }, pauses: [], extensions: [], maxExtensionDays };
}

function startClocks(target: ClockTarget, next: CaseState, at: string): [string, Clock][] {
  switch (target) {
    case 'acceptance':
      return [[CLOCK_KEYS.acceptance, clockFromPreset('one_time_notice', at)]];
    case 'on_the_spot':
      // 即办件 are settled the same working day (DESIGN.md, the clock): 0 working days is the day of receipt,
      // or the next working day when received on a day off.
      if (next.handlingKind !== 'on_the_spot') return [];
      return [[CLOCK_KEYS.onTheSpot, makeClock({ value: 0, unit: 'working_days' }, at)]];
    case 'decision': {
      // A 上报件's decision clock is the higher level's: it starts at the hand-over.
      if (next.decisionLimit === null) return [];
      if (next.handlingKind === 'escalated' && !next.escalation) return [];
      const from = next.handlingKind === 'escalated' ? at : (next.acceptedAt ?? at);
      const clock = clockFromPreset(next.decisionLimit.preset, from);
      clock.limit = { ...next.decisionLimit.limit };
      return [[CLOCK_KEYS.decision, clock]];
    }
    case 'preliminary':
      if (next.handlingKind !== 'escalated' || next.escalation) return [];
      return [[CLOCK_KEYS.preliminary, clockFromPreset('preliminary_review', next.acceptedAt ?? at)]];
    case 'delivery':
      return [[CLOCK_KEYS.delivery, clockFromPreset('delivery', at)]];
    case 'step': {
      const step = next.steps[next.stepIndex];
      if (!step?.limit) return [];
      return [[stepClockKey(next.stepIndex), makeClock(step.limit, at)]];
    }
    case 'tasks':
      return pendingTasks(next).map((t) => [
        taskClockKey(t.orgCode),
        makeClock(JOINT_OPINION_LIMIT, next.acceptedAt ?? at),
      ]);
    case 'answered_task':
      return [];
  }
}

function keysOf(target: ClockTarget, prev: CaseState, next: CaseState): string[] {
  switch (target) {
    case 'step':
      return [stepClockKey(prev.stepIndex)];
    case 'on_the_spot':
      return [CLOCK_KEYS.onTheSpot];
    case 'tasks':
      return (prev.joint?.tasks ?? []).map((t) => taskClockKey(t.orgCode));
    case 'answered_task': {
      const before = new Set(pendingTasks(prev).map((t) => t.orgCode));
      return pendingTasks(next).length < before.size
        ? [...before].filter((o) => !pendingTasks(next).some((t) => t.orgCode === o)).map(taskClockKey)
        : [];
    }
    default:
      return [CLOCK_KEYS[target]];
  }
}

const hasOpenPause = (clock: Clock) => clock.pauses.some((p) => p.to == null);

function clockFailure(errors: { field: string; message: string }[]): TransitionFailure {
  // An extension's own fields map back to the payload fields of the same name (days, approvedBy, reason).
  const first = errors[0]!;
  const field = /^extensions\[\d+\]\.(\w+)$/.exec(first.field)?.[1] ?? '$';
  return failure('case.payload_invalid', first.message, field);
}

function applyClocks(
  effects: readonly ClockEffect[],
  prev: CaseState,
  next: CaseState,
  at: string,
  payload: Record<string, unknown>,
): { ok: true; clocks: Record<string, Clock>; changes: ClockChange[] } | TransitionFailure {
  const clocks: Record<string, Clock> = { ...prev.clocks };
  const changes: ClockChange[] = [];
  const stop = (key: string): TransitionFailure | null => {
    let clock = clocks[key];
    if (!clock || clock.stoppedAt != null) return null;
    // An open pause is closed first, so the stopped clock is evaluated as it stood, not as frozen.
    if (hasOpenPause(clock)) {
      const resumed = resumeClock(clock, at);
      if (!resumed.ok) return clockFailure(resumed.errors);
      clock = resumed.value;
    }
    const stopped = stopClock(clock, at);
    if (!stopped.ok) return clockFailure(stopped.errors);
    clocks[key] = stopped.value;
    changes.push({ clock: key, op: 'stop' });
    return null;
  };
  for (const effect of effects) {
    if (effect.op === 'start') {
      for (const [key, clock] of startClocks(effect.clock, next, at)) {
        clocks[key] = clock;
        changes.push({ clock: key, op: 'start' });
      }
      continue;
    }
    if (effect.op === 'stop') {
      const keys = effect.clock === 'all' ? Object.keys(clocks) : keysOf(effect.clock, prev, next);
      for (const key of keys) {
        const failed = stop(key);
        if (failed) return failed;
      }
      continue;
    }
    const keys = effect.op === 'extend' ? [CLOCK_KEYS.decision] : keysOf(effect.clock, prev, next);
    for (const key of keys) {
      const failed = changeClock(key, effect);
      if (failed) return failed;
    }
  }
  return { ok: true, clocks, changes };

  function changeClock(key: string, effect: Exclude<ClockEffect, { op: 'start' | 'stop' }>) {
    const clock = clocks[key];
    if (!clock || clock.stoppedAt != null) return null;
    let result: ReturnType<typeof pauseClock> | null = null;
    if (effect.op === 'pause' && !hasOpenPause(clock)) {
      const kind = effect.reason === 'special_procedure' ? (payload.kind as SpecialProcedure) : undefined;
      result = pauseClock(
        clock,
        kind ? { at, reason: effect.reason, procedureKind: kind } : { at, reason: effect.reason },
      );
    } else if (effect.op === 'resume' && hasOpenPause(clock)) {
      result = resumeClock(clock, at);
    } else if (effect.op === 'extend') {
      result = extendClock(clock, {
        days: payload.days as number,
        approvedBy: payload.approvedBy as string,
        reason: payload.reason as string,
        at,
      });
    }
    if (result === null) return null;
    if (!result.ok) return clockFailure(result.errors);
    clocks[key] = result.value;
    changes.push({ clock: key, op: effect.op });
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Transition

/** The state fields each action sets; clocks are handled by the table. */
function applyAction(
  state: CaseState,
  action: CaseAction,
  actor: CaseActor,
  payload: Record<string, unknown>,
  at: string,
): CaseState {
  const next: CaseState = { ...state, updatedAt: at };
  switch (action) {
    case 'pre_review_pass':
    case 'receive':
      next.status = 'received';
      next.receivedAt = at;
      next.preReview = null;
      break;
    case 'pre_review_return':
      next.preReview = { result: 'returned', reason: payload.reason as string, at };
      break;
    case 'issue_notice':
      next.status = 'awaiting_supplement';
      next.noticeAt = at;
      break;
    case 'supplement_received':
      next.status = 'received';
      next.supplementedAt = at;
      break;
    case 'accept':
      next.status = 'accepted';
      next.acceptedAt = at;
      next.stepIndex = 0;
      break;
    case 'deem_accept':
      // Acceptance takes effect on the day of receipt, so the decision clock counts from there.
      next.status = 'accepted';
      next.acceptedAt = state.receivedAt;
      next.deemedAccepted = true;
      next.stepIndex = 0;
      break;
    case 'refuse':
      next.status = 'refused';
      next.closedAt = at;
      break;
    case 'complete_step':
      next.status = 'in_review';
      next.stepIndex = state.stepIndex + 1;
      break;
    case 'return_step':
      next.stepIndex = state.stepIndex - 1;
      break;
    case 'start_special_procedure':
      next.status = 'special_procedure';
      next.special = {
        kind: payload.kind as SpecialProcedure,
        expectedDuration: payload.expectedDuration as CaseLimit,
        startedAt: at,
        resumeTo: state.status === 'in_review' ? 'in_review' : 'accepted',
      };
      break;
    case 'end_special_procedure':
      next.status = state.special?.resumeTo ?? 'in_review';
      next.special = null;
      break;
    case 'extend':
      break;
    case 'decide': {
      const outcome = payload.outcome as DecisionOutcome;
      next.status = outcome === 'approved' ? 'decided_approved' : 'decided_denied';
      next.decision = { outcome, at };
      break;
    }
    case 'deliver':
      next.status = 'delivering';
      next.delivery = { method: payload.method as DeliveryMethod, at };
      break;
    case 'close':
      next.status = 'closed';
      next.closedAt = at;
      break;
    case 'withdraw':
      // A running special procedure ends with the case; the case file keeps its start event.
      next.status = 'withdrawn';
      next.special = null;
      next.closedAt = at;
      break;
    case 'close_on_the_spot':
      next.status = 'closed';
      next.acceptedAt = at;
      next.decision = { outcome: 'approved', at };
      next.delivery = { method: 'on_the_spot', at };
      next.closedAt = at;
      break;
    case 'hand_over':
      next.handedOverAt = at;
      break;
    case 'give_opinion': {
      const answered = taskOf(state, actor)!;
      next.joint = {
        tasks: state.joint!.tasks.map((t) =>
          t === answered
            ? {
                ...t,
                status: 'answered',
                opinion: payload.opinion as string,
                position: payload.position as JointTask['position'],
                answeredAt: at,
              }
            : t,
        ),
      };
      break;
    }
    case 'escalate':
      next.status = 'in_review';
      next.escalation = { at, opinion: payload.opinion as string };
      next.stepIndex = Math.min(state.stepIndex + 1, Math.max(state.steps.length - 1, 0));
      break;
  }
  return next;
}

function instantOf(at: Date): string | null {
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

function isCaseAction(value: unknown): value is CaseAction {
  return typeof value === 'string' && (CASE_ACTIONS as readonly string[]).includes(value);
}

function checkAllowed(
  state: CaseState,
  action: CaseAction,
  actor: CaseActor | CaseRole,
  at: Date | null,
  options: TransitionOptions,
): TransitionFailure | null {
  const spec = ACTION_SPECS[action];
  if (!spec.from.includes(state.status)) {
    return failure(
      'case.action_not_allowed',
      `办件处于「${STATUS_NAMES[state.status].zh}」状态，不能${spec.zh}`,
    );
  }
  const role = typeof actor === 'string' ? actor : actor.role;
  if (!spec.roles.includes(role)) return failure('case.role_not_allowed', `${role} 不能${spec.zh}`);
  const byState = stateGuard(state, action, at, options);
  if (byState) return byState;
  return typeof actor === 'string' ? null : actorGuard(state, action, actor);
}

/**
 * Applies one action. Checks, in order: the instant (valid, not before the last transition), that the
 * action is possible from the current status and for the case as it stands (`case.action_not_allowed`),
 * the actor's role, step role and ownership (`case.role_not_allowed`), then the payload and the clock
 * rules (`case.payload_invalid`, with the offending field). The input state is never modified.
 */
export function transition(
  state: CaseState,
  action: CaseAction,
  actor: CaseActor,
  payload: unknown,
  at: Date,
  options: TransitionOptions = {},
): TransitionResult {
  const when = instantOf(at);
  if (when === null) return failure('case.payload_invalid', '办理时间无效', 'at');
  if (Date.parse(when) < Date.parse(state.updatedAt)) {
    return failure('case.payload_invalid', `办理时间 ${when} 早于上一次办理的时间 ${state.updatedAt}`, 'at');
  }
  if (!isCaseAction(action)) return failure('case.action_not_allowed', `未知的办理动作：${String(action)}`);
  const refused = checkAllowed(state, action, actor, at, options);
  if (refused) return refused;

  const spec = ACTION_SPECS[action];
  const cleaned = cleanPayload(spec.payload, payload);
  if (!cleaned.ok) return cleaned;
  if (action === 'deliver' && actor.role === 'system' && cleaned.value.method !== 'e_certificate') {
    return failure('case.role_not_allowed', '系统只能送达电子证照，窗口领取和邮寄由窗口人员办理', 'method');
  }

  const next = applyAction(state, action, actor, cleaned.value, when);
  const clocks = applyClocks(spec.clocks, state, next, when, cleaned.value);
  if (!clocks.ok) return clocks;
  next.clocks = clocks.clocks;

  const stepActed = STEP_ROLE_ACTIONS.has(action) ? currentStep(state) : undefined;
  const event: CaseEvent = {
    action,
    at: when,
    actor: { role: actor.role, personId: actor.personId },
    from: state.status,
    to: next.status,
    step: stepActed ? { index: state.stepIndex, name: stepActed.name } : null,
    payload: cleaned.value,
    clocks: clocks.changes,
    publicLabel: publicLabelOf(next.status),
  };
  if (spec.basis !== undefined) event.basis = spec.basis;
  return { ok: true, next, events: [event] };
}

/**
 * The actions a role (or a given person, with step roles and ownership checked) could take now, for the
 * buttons the console shows. Payload-dependent checks are left to `transition`.
 */
export function allowedActions(
  state: CaseState,
  actor: CaseRole | CaseActor,
  at?: Date,
  options: TransitionOptions = {},
): CaseAction[] {
  return CASE_ACTIONS.filter((action) => checkAllowed(state, action, actor, at ?? null, options) === null);
}

// ---------------------------------------------------------------------------------------------------
// Opening a case

export const CASE_CHANNELS = ['online', 'window', 'proxy'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export interface OpenCaseInput {
  channel: CaseChannel;
  handlingKind: CaseHandlingKind;
  /** The item version's procedure steps after acceptance (承办 → 审核 → 批准). */
  steps: readonly CaseStep[];
  /** The item's promised limit (承诺时限); without it the statutory limit of the handling kind applies. */
  promisedLimit?: CaseLimit | null;
  /** The applicant's account; for online filing it is the actor. */
  applicantPersonId?: string | null;
  /** Proxy filing only: how the resident's consent was recorded (委托书, signature on the form…). */
  consent?: string;
  /** 联办件: the participant departments (org codes) that give opinions to the lead. */
  participants?: readonly string[];
}

const CHANNEL_ROLE: Record<CaseChannel, CaseRole> = {
  online: 'applicant',
  window: 'window_staff',
  proxy: 'village_proxy',
};

/** The decision clock's rule; a 上报件's is the higher level's own, after the 20-day preliminary review. */
const DECISION_PRESET: Record<Exclude<CaseHandlingKind, 'on_the_spot'>, DecisionPreset> = {
  promised: 'licensing_decision',
  joint: 'joint_handling',
  escalated: 'licensing_decision',
};

function validLimit(value: unknown): value is CaseLimit {
  return (
    isPlainObject(value) &&
    typeof value.value === 'number' &&
    Number.isSafeInteger(value.value) &&
    value.value >= 0 &&
    CLOCK_UNIT_VALUES.includes(value.unit as ClockUnit)
  );
}

/**
 * The first state of a case and its first event. Online and proxy filings start in pre-review; a walk-in
 * case is received at once, which starts the art. 32 count. The decision limit is fixed here from the
 * handling kind: 承诺件 the item's promised limit (else 20 working days, art. 42), 联办件 the promised
 * limit (else 45, art. 42), 上报件 the promised limit for the higher level's decision, counted from the
 * hand-over, after the lower level's 20 working days of preliminary review (art. 43).
 */
export function openCase(input: OpenCaseInput, actor: CaseActor, at: Date): TransitionResult {
  const when = instantOf(at);
  if (when === null) return failure('case.payload_invalid', '办理时间无效', 'at');
  if (!isPlainObject(input) || !(CASE_CHANNELS as readonly string[]).includes(input.channel)) {
    return failure('case.payload_invalid', `申请渠道必须是 ${CASE_CHANNELS.join('、')} 之一`, 'channel');
  }
  if (actor.role !== CHANNEL_ROLE[input.channel]) {
    return failure('case.role_not_allowed', `${actor.role} 不能通过 ${input.channel} 渠道提交申请`);
  }
  if (!CASE_HANDLING_KINDS.includes(input.handlingKind)) {
    return failure(
      'case.payload_invalid',
      `办件类型必须是 ${CASE_HANDLING_KINDS.join('、')} 之一`,
      'handlingKind',
    );
  }
  if (!Array.isArray(input.steps)) return failure('case.payload_invalid', 'steps 必须是数组', 'steps');
  const steps: CaseStep[] = [];
  for (const [i, step] of input.steps.entries()) {
    if (!isPlainObject(step) || typeof step.name !== 'string' || step.name.trim() === '') {
      return failure('case.payload_invalid', '每个环节必须有名称', `steps[${i}].name`);
    }
    if (typeof step.role !== 'string')
      return failure('case.payload_invalid', '环节角色必须是文字', `steps[${i}].role`);
    if (step.limit != null && !validLimit(step.limit)) {
      return failure('case.payload_invalid', '环节时限必须是 { value, unit } 或 null', `steps[${i}].limit`);
    }
    steps.push({
      name: step.name.trim(),
      role: step.role.trim(),
      limit: step.limit ? { ...step.limit } : null,
    });
  }
  const promised = input.promisedLimit ?? null;
  if (promised !== null && !validLimit(promised)) {
    return failure('case.payload_invalid', '承诺时限必须是 { value, unit }', 'promisedLimit');
  }
  if (input.channel === 'proxy' && (typeof input.consent !== 'string' || input.consent.trim() === '')) {
    return failure('case.payload_invalid', '代办必须记录申请人的委托或同意方式', 'consent');
  }

  const participants = input.handlingKind === 'joint' ? [...new Set(input.participants ?? [])] : [];
  if (participants.some((p) => typeof p !== 'string' || p.trim() === '')) {
    return failure('case.payload_invalid', '协办部门必须是机构编码', 'participants');
  }

  let decisionLimit: CaseState['decisionLimit'] = null;
  if (input.handlingKind !== 'on_the_spot') {
    const preset = DECISION_PRESET[input.handlingKind];
    const limit = promised ?? PRESETS[preset].limit;
    decisionLimit = { preset, limit: { ...limit } };
  }

  const online = input.channel !== 'window';
  const base: CaseState = {
    status: online ? 'submitted_online' : 'received',
    channel: input.channel,
    handlingKind: input.handlingKind,
    steps,
    stepIndex: 0,
    clocks: {},
    decisionLimit,
    applicantPersonId: input.channel === 'online' ? actor.personId : (input.applicantPersonId ?? null),
    proxyPersonId: input.channel === 'proxy' ? actor.personId : null,
    submittedAt: when,
    receivedAt: online ? null : when,
    noticeAt: null,
    supplementedAt: null,
    acceptedAt: null,
    deemedAccepted: false,
    preReview: null,
    special: null,
    decision: null,
    delivery: null,
    closedAt: null,
    joint:
      participants.length > 0
        ? {
            tasks: participants.map((orgCode) => ({
              orgCode,
              status: 'pending',
              opinion: null,
              position: null,
              answeredAt: null,
            })),
          }
        : null,
    escalation: null,
    handedOverAt: null,
    updatedAt: when,
  };
  const clocks = applyClocks(online ? [] : START_RECEIPT_CLOCKS, base, base, when, {});
  if (!clocks.ok) return clocks;
  base.clocks = clocks.clocks;
  const payload: Record<string, unknown> = { channel: input.channel, handlingKind: input.handlingKind };
  if (input.channel === 'proxy') payload.consent = input.consent!.trim();
  return {
    ok: true,
    next: base,
    events: [
      {
        action: online ? 'submit' : 'receive',
        at: when,
        actor: { role: actor.role, personId: actor.personId },
        from: null,
        to: base.status,
        step: null,
        payload,
        clocks: clocks.changes,
        publicLabel: publicLabelOf(base.status),
      },
    ],
  };
}

/**
 * The public timeline of a case from its events: one entry per change of public label, with the time it
 * was first reached. Actors, payloads and step names stay out — the public page shows no personal data.
 */
export function publicTimeline(
  events: readonly Pick<CaseEvent, 'at' | 'to'>[],
): { label: string; at: string }[] {
  const out: { label: string; at: string }[] = [];
  for (const e of events) {
    const label = publicLabelOf(e.to);
    if (out.at(-1)?.label !== label) out.push({ label, at: e.at });
  }
  return out;
}

/** A case-file entry that leaves the state as it is (see CaseRecordAction). */
export function recordEvent(
  state: CaseState,
  action: CaseRecordAction,
  actor: { role: CaseEntryRole; personId: string },
  payload: Record<string, unknown>,
  at: Date,
): CaseEvent {
  return {
    action,
    at: at.toISOString(),
    actor,
    from: state.status,
    to: state.status,
    step: null,
    payload,
    clocks: [],
    publicLabel: publicLabelOf(state.status),
  };
}
