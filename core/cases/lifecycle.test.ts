import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../calendar/chinese-days-schedules.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { evaluateClock, validateClock } from '../clock/clock.ts';
import {
  ACTION_SPECS,
  allowedActions,
  CASE_ACTIONS,
  CASE_ROLES,
  CASE_STATUSES,
  type CaseAction,
  type CaseActor,
  type CaseHandlingKind,
  type CaseRole,
  type CaseState,
  type CaseStatus,
  type CaseStep,
  DEFAULT_REMEDIES,
  isTerminalStatus,
  OPEN_STATUSES,
  type OpenCaseInput,
  openCase,
  PUBLIC_PROGRESS,
  publicLabelOf,
  publicTimeline,
  STATUS_NAMES,
  stepClockKey,
  TERMINAL_STATUSES,
  type TransitionOptions,
  type TransitionResult,
  taskClockKey,
  transition,
} from './lifecycle.ts';

const calendar = new WorkingCalendar(chineseDaysSchedules([2024, 2025, 2026]));
const withCalendar: TransitionOptions = { calendar };

/** Shanghai wall-clock time, as staff would read it. */
const sh = (local: string) => new Date(`${local}+08:00`);

const STEPS: CaseStep[] = [
  { name: '承办', role: '承办人', limit: { value: 5, unit: 'working_days' } },
  { name: '审核', role: '审核人', limit: { value: 3, unit: 'working_days' } },
  { name: '批准', role: '批准人', limit: { value: 2, unit: 'working_days' } },
];

const ACTORS: Record<CaseRole, CaseActor> = {
  window_staff: { role: 'window_staff', personId: 'p-window' },
  approver: { role: 'approver', personId: 'p-approver', stepRoles: ['承办人', '审核人', '批准人'] },
  applicant: { role: 'applicant', personId: 'p-applicant' },
  village_proxy: { role: 'village_proxy', personId: 'p-proxy' },
  system: { role: 'system', personId: 'system' },
};

/** A payload each action accepts. */
const VALID: Record<CaseAction, Record<string, unknown>> = {
  pre_review_pass: {},
  pre_review_return: { reason: '身份证复印件不清晰' },
  receive: { note: '代办员移交纸质材料' },
  issue_notice: { missing: ['营业执照副本复印件', '法定代表人身份证复印件'] },
  supplement_received: {},
  accept: {},
  deem_accept: {},
  refuse: { reason: '申请事项依法不需要取得行政许可', remedies: DEFAULT_REMEDIES },
  complete_step: { opinion: '材料齐全，符合条件' },
  return_step: { reason: '缺少现场核查记录' },
  start_special_procedure: { kind: '专家评审', expectedDuration: { value: 5, unit: 'working_days' } },
  end_special_procedure: { result: '专家评审通过' },
  extend: { days: 10, approvedBy: '局长 王五', reason: '需要对多处经营场所进行现场核查' },
  decide: { outcome: 'approved' },
  deliver: { method: 'window_pickup' },
  close: {},
  withdraw: { reason: '不再需要' },
  close_on_the_spot: { result: '当场出具证明' },
  hand_over: { note: '纸质材料 5 份交新宁镇便民服务中心窗口' },
  give_opinion: { position: 'agree', opinion: '同意，符合卫生条件' },
  escalate: { opinion: '经入户调查和民主评议，符合条件，同意上报' },
};

const actorFor = (action: CaseAction): CaseActor => ACTORS[ACTION_SPECS[action].roles[0]!];

function must(result: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!result.ok) throw new Error(`${result.code} ${result.field ?? ''}: ${result.message}`);
  return result;
}

function open(overrides: Partial<OpenCaseInput> = {}, at = sh('2025-06-09T09:00:00')): CaseState {
  const input: OpenCaseInput = {
    channel: 'window',
    handlingKind: 'promised',
    steps: STEPS,
    applicantPersonId: 'p-applicant',
    ...overrides,
  };
  const actor =
    input.channel === 'online'
      ? ACTORS.applicant
      : input.channel === 'proxy'
        ? ACTORS.village_proxy
        : ACTORS.window_staff;
  return must(openCase(input, actor, at)).next;
}

/** The instant `minutes` after the case's last transition. */
const later = (state: CaseState, minutes = 10) => new Date(Date.parse(state.updatedAt) + minutes * 60_000);

/** Applies actions with their default actor and payload, ten minutes apart. */
function run(
  state: CaseState,
  ...actions: (CaseAction | [CaseAction, Record<string, unknown>])[]
): CaseState {
  let s = state;
  for (const item of actions) {
    const [action, payload] = typeof item === 'string' ? [item, VALID[item]] : item;
    s = must(transition(s, action, actorFor(action), payload, later(s))).next;
  }
  return s;
}

const received = () => open();
const accepted = () => run(received(), 'accept');
const inReview = () => run(accepted(), 'complete_step');
const atLastStep = () => run(accepted(), 'complete_step', 'complete_step');
const approved = () => run(atLastStep(), 'decide');

const FIXTURES: Record<CaseStatus, () => CaseState> = {
  submitted_online: () => open({ channel: 'online' }),
  received,
  awaiting_supplement: () => run(received(), 'issue_notice'),
  accepted,
  refused: () => run(received(), 'refuse'),
  in_review: inReview,
  special_procedure: () => run(inReview(), 'start_special_procedure'),
  decided_approved: approved,
  decided_denied: () =>
    run(atLastStep(), ['decide', { outcome: 'denied', reason: '不符合条件', remedies: '复议' }]),
  delivering: () => run(approved(), 'deliver'),
  closed: () => run(approved(), 'deliver', 'close'),
  withdrawn: () => run(received(), 'withdraw'),
};

/**
 * What can happen in each fixture, written out by hand from the law rather than read from the table:
 * a case at the first of three steps cannot be decided yet, nor returned; one at the middle step can be
 * returned but not decided.
 */
const EXPECTED: Record<CaseStatus, CaseAction[]> = {
  submitted_online: ['pre_review_pass', 'pre_review_return', 'receive', 'withdraw'],
  received: ['issue_notice', 'accept', 'deem_accept', 'refuse', 'withdraw'],
  awaiting_supplement: ['supplement_received', 'refuse', 'withdraw'],
  accepted: ['complete_step', 'start_special_procedure', 'extend', 'withdraw'],
  refused: [],
  in_review: ['complete_step', 'return_step', 'start_special_procedure', 'extend', 'withdraw'],
  special_procedure: ['end_special_procedure', 'withdraw'],
  decided_approved: ['deliver'],
  decided_denied: ['deliver'],
  delivering: ['close'],
  closed: [],
  withdrawn: [],
};

/** Where an action is possible when no status fixture of EXPECTED offers it. */
const PARTICIPANTS = ['511723-5', '511723-7'];
const jointAccepted = () => run(open({ handlingKind: 'joint', participants: PARTICIPANTS }), 'accept');
const escalatedAccepted = () => run(open({ handlingKind: 'escalated' }), 'accept');
const proxyFiled = () => open({ channel: 'proxy', consent: '书面委托书' });

const ROLE_FIXTURE: Partial<Record<CaseAction, () => CaseState>> = {
  decide: atLastStep,
  close_on_the_spot: () => open({ handlingKind: 'on_the_spot' }),
  hand_over: proxyFiled,
  give_opinion: jointAccepted,
  escalate: escalatedAccepted,
};

function allClocksStopped(state: CaseState): boolean {
  return Object.values(state.clocks).every((c) => c.stoppedAt != null && c.pauses.every((p) => p.to != null));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('openCase', () => {
  it('puts a walk-in case at 收件 and starts the art. 32 count', () => {
    const result = must(
      openCase(
        { channel: 'window', handlingKind: 'promised', steps: STEPS },
        ACTORS.window_staff,
        sh('2025-06-09T09:00:00'),
      ),
    );
    expect(result.next).toMatchObject({
      status: 'received',
      receivedAt: '2025-06-09T01:00:00.000Z',
      decisionLimit: { preset: 'licensing_decision', limit: { value: 20, unit: 'working_days' } },
      applicantPersonId: null,
    });
    expect(Object.keys(result.next.clocks)).toEqual(['acceptance']);
    expect(result.next.clocks.acceptance).toMatchObject({ limit: { value: 5 }, preset: 'one_time_notice' });
    expect(result.events).toEqual([
      expect.objectContaining({ action: 'receive', from: null, to: 'received', publicLabel: '收件' }),
    ]);
  });

  it('puts online and proxy filings at 预受理 without a clock, and records the proxy’s consent', () => {
    const online = open({ channel: 'online', applicantPersonId: 'someone-else' });
    expect(online).toMatchObject({
      status: 'submitted_online',
      applicantPersonId: 'p-applicant',
      receivedAt: null,
    });
    expect(online.clocks).toEqual({});
    const result = must(
      openCase(
        {
          channel: 'proxy',
          handlingKind: 'promised',
          steps: STEPS,
          applicantPersonId: 'p-applicant',
          consent: '书面委托书',
        },
        ACTORS.village_proxy,
        sh('2025-06-09T09:00:00'),
      ),
    );
    expect(result.next).toMatchObject({
      status: 'submitted_online',
      proxyPersonId: 'p-proxy',
      applicantPersonId: 'p-applicant',
    });
    expect(result.events[0]).toMatchObject({
      action: 'submit',
      payload: { channel: 'proxy', consent: '书面委托书' },
    });
  });

  it('uses the promised limit, the joint limit, or the preliminary review limit for escalated cases', () => {
    const promised = { value: 10, unit: 'working_days' } as const;
    expect(open({ promisedLimit: promised }).decisionLimit).toEqual({
      preset: 'licensing_decision',
      limit: promised,
    });
    expect(open({ handlingKind: 'joint' }).decisionLimit).toEqual({
      preset: 'joint_handling',
      limit: { value: 45, unit: 'working_days' },
    });
    // 上报件: the promise is the higher level's, counted from the hand-over (see 上报件 below).
    expect(open({ handlingKind: 'escalated', promisedLimit: promised }).decisionLimit).toEqual({
      preset: 'licensing_decision',
      limit: promised,
    });
    const onTheSpot = open({ handlingKind: 'on_the_spot' });
    expect(onTheSpot.decisionLimit).toBeNull();
    expect(Object.keys(onTheSpot.clocks)).toEqual(['acceptance', 'on_the_spot']);
  });

  it('refuses the wrong role for a channel, a proxy filing without consent and malformed steps', () => {
    const at = sh('2025-06-09T09:00:00');
    const base = { handlingKind: 'promised', steps: STEPS } as const;
    expect(openCase({ ...base, channel: 'window' }, ACTORS.applicant, at)).toMatchObject({
      code: 'case.role_not_allowed',
    });
    expect(openCase({ ...base, channel: 'online' }, ACTORS.window_staff, at)).toMatchObject({
      code: 'case.role_not_allowed',
    });
    expect(openCase({ ...base, channel: 'proxy' }, ACTORS.village_proxy, at)).toMatchObject({
      code: 'case.payload_invalid',
      field: 'consent',
    });
    const badStep = [{ name: ' ', role: '', limit: null }];
    expect(openCase({ ...base, channel: 'window', steps: badStep }, ACTORS.window_staff, at)).toMatchObject({
      code: 'case.payload_invalid',
      field: 'steps[0].name',
    });
    const badLimit = [{ name: '承办', role: '', limit: { value: -1, unit: 'working_days' as const } }];
    expect(openCase({ ...base, channel: 'window', steps: badLimit }, ACTORS.window_staff, at)).toMatchObject({
      field: 'steps[0].limit',
    });
    const badKind = { ...base, handlingKind: 'urgent' as CaseHandlingKind, channel: 'window' as const };
    expect(openCase(badKind, ACTORS.window_staff, at)).toMatchObject({ field: 'handlingKind' });
    expect(openCase({ ...base, channel: 'window' }, ACTORS.window_staff, new Date(Number.NaN))).toMatchObject(
      {
        field: 'at',
      },
    );
  });
});

describe('every action from every state', () => {
  for (const status of CASE_STATUSES) {
    it(`${status}: the allowed actions succeed, the others are not allowed`, () => {
      const state = deepFreeze(FIXTURES[status]());
      expect(state.status).toBe(status);
      const byAnyRole = new Set(
        CASE_ROLES.flatMap((role) => allowedActions(state, ACTORS[role], later(state))),
      );
      expect(CASE_ACTIONS.filter((a) => byAnyRole.has(a))).toEqual(EXPECTED[status]);
      for (const action of CASE_ACTIONS) {
        const result = transition(state, action, actorFor(action), VALID[action], later(state, 60));
        if (EXPECTED[status].includes(action)) {
          expect(result.ok, `${status} → ${action}: ${result.ok ? '' : result.message}`).toBe(true);
          expect(ACTION_SPECS[action].to).toContain(result.ok && result.next.status);
        } else {
          expect(result, `${status} → ${action}`).toMatchObject({
            ok: false,
            code: 'case.action_not_allowed',
          });
        }
      }
    });
  }

  it('received 即办件: may also be closed on the spot', () => {
    const state = open({ handlingKind: 'on_the_spot' });
    expect(allowedActions(state, 'window_staff')).toEqual([
      'issue_notice',
      'accept',
      'refuse',
      'close_on_the_spot',
    ]);
    expect(allowedActions(state, 'system')).toEqual(['deem_accept']);
  });

  it('never allows anything after refusal, closure or withdrawal', () => {
    expect(TERMINAL_STATUSES.every(isTerminalStatus)).toBe(true);
    for (const status of TERMINAL_STATUSES) {
      for (const role of CASE_ROLES) expect(allowedActions(FIXTURES[status](), role)).toEqual([]);
    }
  });

  it('refuses an unknown action', () => {
    const result = transition(
      received(),
      'approve' as CaseAction,
      ACTORS.window_staff,
      {},
      later(received()),
    );
    expect(result).toMatchObject({ ok: false, code: 'case.action_not_allowed' });
  });
});

describe('roles', () => {
  for (const action of CASE_ACTIONS) {
    it(`${action}: refuses every role the table does not list`, () => {
      const status = (Object.keys(EXPECTED) as CaseStatus[]).find((s) => EXPECTED[s].includes(action));
      const state = ROLE_FIXTURE[action]?.() ?? FIXTURES[status!]();
      for (const role of CASE_ROLES.filter((r) => !ACTION_SPECS[action].roles.includes(r))) {
        const result = transition(state, action, ACTORS[role], VALID[action], later(state));
        expect(result, `${action} by ${role}`).toMatchObject({ ok: false, code: 'case.role_not_allowed' });
      }
    });
  }

  it('lets an approver act only on a step whose role they hold', () => {
    const state = accepted();
    const reviewer: CaseActor = { role: 'approver', personId: 'p-reviewer', stepRoles: ['审核人'] };
    for (const action of ['complete_step', 'start_special_procedure', 'extend'] as const) {
      expect(transition(state, action, reviewer, VALID[action], later(state))).toMatchObject({
        code: 'case.role_not_allowed',
      });
    }
    const noRoles: CaseActor = { role: 'approver', personId: 'p-x' };
    expect(transition(state, 'complete_step', noRoles, VALID.complete_step, later(state))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    const atReview = run(state, 'complete_step');
    expect(
      must(transition(atReview, 'complete_step', reviewer, VALID.complete_step, later(atReview))).next
        .stepIndex,
    ).toBe(2);
    expect(allowedActions(atReview, reviewer)).toContain('complete_step');
    expect(allowedActions(state, reviewer)).toEqual([]);
    // The decision belongs to whoever holds the last step's role.
    const last = atLastStep();
    expect(transition(last, 'decide', reviewer, VALID.decide, later(last))).toMatchObject({
      code: 'case.role_not_allowed',
    });
  });

  it('lets any approver act on a step without a role, and decide an item without steps', () => {
    const anyApprover: CaseActor = { role: 'approver', personId: 'p-any' };
    const open1 = run(open({ steps: [{ name: '审查', role: '', limit: null }] }), 'accept');
    expect(must(transition(open1, 'decide', anyApprover, VALID.decide, later(open1))).next.status).toBe(
      'decided_approved',
    );
    const noSteps = run(open({ steps: [] }), 'accept');
    expect(allowedActions(noSteps, anyApprover)).toEqual(['start_special_procedure', 'extend', 'decide']);
  });

  it('lets only the applicant who filed, or the proxy who filed for them, withdraw or supplement', () => {
    const state = received();
    const stranger: CaseActor = { role: 'applicant', personId: 'p-stranger' };
    expect(transition(state, 'withdraw', stranger, {}, later(state))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    expect(transition(state, 'withdraw', ACTORS.village_proxy, {}, later(state))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    const walkIn = open({ applicantPersonId: null });
    expect(transition(walkIn, 'withdraw', ACTORS.applicant, {}, later(walkIn))).toMatchObject({
      code: 'case.role_not_allowed',
    });

    const proxied = must(
      openCase(
        {
          channel: 'proxy',
          handlingKind: 'promised',
          steps: STEPS,
          applicantPersonId: 'p-applicant',
          consent: '签字确认',
        },
        ACTORS.village_proxy,
        sh('2025-06-09T09:00:00'),
      ),
    ).next;
    const handedOver = run(proxied, 'receive', 'issue_notice');
    const supplied = must(
      transition(handedOver, 'supplement_received', ACTORS.village_proxy, {}, later(handedOver)),
    ).next;
    expect(supplied.status).toBe('received');
    const otherProxy: CaseActor = { role: 'village_proxy', personId: 'p-other-proxy' };
    expect(transition(supplied, 'withdraw', otherProxy, {}, later(supplied))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    expect(
      must(transition(supplied, 'withdraw', ACTORS.village_proxy, {}, later(supplied))).next.status,
    ).toBe('withdrawn');
  });

  it('lets the system deliver only electronic certificates', () => {
    const state = approved();
    expect(
      transition(state, 'deliver', ACTORS.system, { method: 'post', trackingNumber: 'EMS1' }, later(state)),
    ).toMatchObject({
      code: 'case.role_not_allowed',
      field: 'method',
    });
    const ok = must(
      transition(
        state,
        'deliver',
        ACTORS.system,
        { method: 'e_certificate', certificateNumber: 'DZZZ-1' },
        later(state),
      ),
    );
    expect(ok.next.delivery).toMatchObject({ method: 'e_certificate' });
  });
});

describe('a licensing case from window to 办结', () => {
  it('runs the whole way with the clocks the law sets', () => {
    const steps: [CaseAction, CaseActor, Record<string, unknown>, string][] = [
      ['issue_notice', ACTORS.window_staff, VALID.issue_notice, '2025-06-09T09:30:00'],
      ['supplement_received', ACTORS.window_staff, {}, '2025-06-11T10:00:00'],
      ['accept', ACTORS.window_staff, {}, '2025-06-11T10:30:00'],
      ['complete_step', ACTORS.approver, { opinion: '经审查，材料齐全' }, '2025-06-13T15:00:00'],
      ['complete_step', ACTORS.approver, { opinion: '同意' }, '2025-06-16T11:00:00'],
      ['extend', ACTORS.approver, VALID.extend, '2025-06-17T09:00:00'],
      ['decide', ACTORS.approver, { outcome: 'approved', opinion: '准予许可' }, '2025-06-18T16:00:00'],
      [
        'deliver',
        ACTORS.window_staff,
        { method: 'post', trackingNumber: 'EMS1234567890' },
        '2025-06-19T10:00:00',
      ],
      ['close', ACTORS.window_staff, { note: '申请人已签收' }, '2025-06-23T09:00:00'],
    ];
    let state = deepFreeze(open());
    const events = [
      ...must(
        openCase(
          { channel: 'window', handlingKind: 'promised', steps: STEPS },
          ACTORS.window_staff,
          sh('2025-06-09T09:00:00'),
        ),
      ).events,
    ];
    const snapshots: Record<string, CaseState> = {};
    for (const [action, actor, payload, at] of steps) {
      const result = must(transition(state, action, actor, payload, sh(at), withCalendar));
      events.push(...result.events);
      state = deepFreeze(result.next);
      snapshots[action] = state;
    }

    expect(state).toMatchObject({
      status: 'closed',
      stepIndex: 2,
      deemedAccepted: false,
      closedAt: '2025-06-23T01:00:00.000Z',
    });
    expect(allClocksStopped(state)).toBe(true);

    // 补正 paused the acceptance count from the notice to the supplement; acceptance stopped it.
    expect(state.clocks.acceptance!.pauses).toEqual([
      { from: '2025-06-09T01:30:00.000Z', to: '2025-06-11T02:00:00.000Z', reason: 'supplement' },
    ]);
    expect(state.clocks.acceptance!.stoppedAt).toBe('2025-06-11T02:30:00.000Z');

    // 20 working days from 11 June is 9 July; the approved 10 more make it 23 July.
    const decision = state.clocks.decision!;
    expect(decision.startedAt).toBe('2025-06-11T02:30:00.000Z');
    expect(
      evaluateClock(snapshots.complete_step!.clocks.decision!, sh('2025-06-16T12:00:00'), calendar)
        .deadlineDate,
    ).toBe('2025-07-09');
    expect(evaluateClock(decision, sh('2025-07-01T00:00:00'), calendar)).toMatchObject({
      deadlineDate: '2025-07-23',
      total: 30,
      light: 'green',
    });
    expect(decision.extensions).toEqual([
      {
        days: 10,
        approvedBy: '局长 王五',
        reason: '需要对多处经营场所进行现场核查',
        at: '2025-06-17T01:00:00.000Z',
      },
    ]);
    expect(decision.stoppedAt).toBe('2025-06-18T08:00:00.000Z');

    // Each step had its own clock, started when the case reached it.
    expect(state.clocks[stepClockKey(0)]).toMatchObject({
      startedAt: '2025-06-11T02:30:00.000Z',
      stoppedAt: '2025-06-13T07:00:00.000Z',
    });
    expect(state.clocks[stepClockKey(1)]).toMatchObject({
      startedAt: '2025-06-13T07:00:00.000Z',
      stoppedAt: '2025-06-16T03:00:00.000Z',
    });
    expect(state.clocks[stepClockKey(2)]).toMatchObject({
      startedAt: '2025-06-16T03:00:00.000Z',
      stoppedAt: '2025-06-18T08:00:00.000Z',
    });

    // Art. 44: the delivery count ran from the decision to the posting.
    expect(state.clocks.delivery).toMatchObject({
      preset: 'delivery',
      startedAt: '2025-06-18T08:00:00.000Z',
      stoppedAt: '2025-06-19T02:00:00.000Z',
    });

    expect(events.map((e) => e.action)).toEqual(['receive', ...steps.map((s) => s[0])]);
    expect(events.find((e) => e.action === 'decide')).toMatchObject({
      step: { index: 2, name: '批准' },
      to: 'decided_approved',
      basis: expect.stringContaining('第三十八条'),
      clocks: [
        { clock: 'step:2', op: 'stop' },
        { clock: 'decision', op: 'stop' },
        { clock: 'delivery', op: 'start' },
      ],
    });
    expect(events.find((e) => e.action === 'extend')).toMatchObject({
      basis: expect.stringContaining('第四十二条'),
    });
    expect(publicTimeline(events).map((e) => e.label)).toEqual([
      '收件',
      '补正',
      '收件',
      '受理',
      '审核',
      '已审批',
      '送达',
      '办结',
    ]);
  });

  it('gives the one-time notice only once', () => {
    const state = run(received(), 'issue_notice', 'supplement_received');
    const again = transition(state, 'issue_notice', ACTORS.window_staff, VALID.issue_notice, later(state));
    expect(again).toMatchObject({ ok: false, code: 'case.action_not_allowed' });
    expect(!again.ok && again.message).toContain('一次');
    // After the supplement the window may still refuse, e.g. when the materials remain deficient.
    expect(
      must(transition(state, 'refuse', ACTORS.window_staff, VALID.refuse, later(state))).next.status,
    ).toBe('refused');
  });

  it('returns a step to the previous one with a fresh step clock, the decision clock running on', () => {
    const state = inReview();
    const back = must(transition(state, 'return_step', ACTORS.approver, VALID.return_step, later(state, 60)));
    expect(back.next).toMatchObject({ status: 'in_review', stepIndex: 0 });
    expect(back.next.clocks[stepClockKey(0)]!.startedAt).toBe(back.events[0]!.at);
    expect(back.next.clocks[stepClockKey(0)]!.stoppedAt).toBeUndefined();
    expect(back.next.clocks[stepClockKey(1)]!.stoppedAt).toBe(back.events[0]!.at);
    expect(back.next.clocks.decision).toEqual(state.clocks.decision);
    expect(back.events[0]).toMatchObject({
      step: { index: 1, name: '审核' },
      payload: { reason: '缺少现场核查记录' },
    });
  });

  it('records a pre-review return and lets the corrected application pass', () => {
    const state = open({ channel: 'online' });
    const returned = must(
      transition(state, 'pre_review_return', ACTORS.window_staff, VALID.pre_review_return, later(state)),
    ).next;
    expect(returned).toMatchObject({
      status: 'submitted_online',
      preReview: { result: 'returned', reason: '身份证复印件不清晰' },
    });
    const passed = must(transition(returned, 'pre_review_pass', ACTORS.approver, {}, later(returned))).next;
    expect(passed).toMatchObject({ status: 'received', preReview: null, receivedAt: passed.updatedAt });
    expect(Object.keys(passed.clocks)).toEqual(['acceptance']);
  });
});

describe('required payload', () => {
  const cases: [CaseStatus | (() => CaseState), CaseAction, Record<string, unknown>, string][] = [
    ['received', 'refuse', { reason: '不属于本机关职权范围' }, 'remedies'],
    ['received', 'refuse', { reason: '  ', remedies: DEFAULT_REMEDIES }, 'reason'],
    ['received', 'issue_notice', { missing: [] }, 'missing'],
    ['received', 'issue_notice', { missing: ['  '] }, 'missing'],
    ['received', 'issue_notice', { missing: '身份证' }, 'missing'],
    [atLastStep, 'decide', { outcome: 'denied', remedies: DEFAULT_REMEDIES }, 'reason'],
    [atLastStep, 'decide', { outcome: 'denied', reason: '不符合法定条件' }, 'remedies'],
    [atLastStep, 'decide', { outcome: 'maybe' }, 'outcome'],
    ['decided_approved', 'deliver', { method: 'post' }, 'trackingNumber'],
    ['decided_approved', 'deliver', { method: 'e_certificate' }, 'certificateNumber'],
    ['decided_approved', 'deliver', { method: 'courier' }, 'method'],
    ['in_review', 'start_special_procedure', { kind: '专家评审' }, 'expectedDuration'],
    [
      'in_review',
      'start_special_procedure',
      { kind: '开会', expectedDuration: { value: 5, unit: 'working_days' } },
      'kind',
    ],
    [
      'in_review',
      'start_special_procedure',
      { kind: '听证', expectedDuration: { value: 0, unit: 'working_days' } },
      'expectedDuration',
    ],
    ['in_review', 'complete_step', {}, 'opinion'],
    ['in_review', 'return_step', { reason: 42 }, 'reason'],
    ['in_review', 'extend', { days: 5, reason: '情况复杂' }, 'approvedBy'],
    ['in_review', 'extend', { days: 5, approvedBy: '局长 王五' }, 'reason'],
    ['in_review', 'extend', { days: 2.5, approvedBy: '局长 王五', reason: '情况复杂' }, 'days'],
    ['submitted_online', 'pre_review_return', {}, 'reason'],
    ['received', 'accept', 'not an object' as unknown as Record<string, unknown>, '$'],
  ];
  for (const [fixture, action, payload, field] of cases) {
    const name = typeof fixture === 'string' ? fixture : 'last step';
    it(`${action} from ${name} without a valid ${field}`, () => {
      const state = typeof fixture === 'string' ? FIXTURES[fixture]() : fixture();
      const result = transition(state, action, actorFor(action), payload, later(state));
      expect(result).toMatchObject({ ok: false, code: 'case.payload_invalid', field });
    });
  }

  it('keeps only known fields, trimmed, in the event', () => {
    const state = received();
    const result = must(
      transition(
        state,
        'refuse',
        ACTORS.window_staff,
        { reason: ' 不属于本机关职权 ', remedies: DEFAULT_REMEDIES, referTo: '县市场监管局', extra: 1 },
        later(state),
      ),
    );
    expect(result.events[0]!.payload).toEqual({
      reason: '不属于本机关职权',
      remedies: DEFAULT_REMEDIES,
      referTo: '县市场监管局',
    });
    expect(result.events[0]!.basis).toContain('第三十二条');
  });

  it('refuses an instant before the last transition, or no instant at all', () => {
    const state = received();
    expect(
      transition(state, 'accept', ACTORS.window_staff, {}, new Date(Date.parse(state.updatedAt) - 1)),
    ).toMatchObject({
      code: 'case.payload_invalid',
      field: 'at',
    });
    expect(transition(state, 'accept', ACTORS.window_staff, {}, new Date('nonsense'))).toMatchObject({
      field: 'at',
    });
    expect(transition(state, 'accept', ACTORS.window_staff, {}, new Date(state.updatedAt)).ok).toBe(true);
  });
});

describe('即办件', () => {
  it('goes from receipt to 办结 at the window the same day', () => {
    const state = open({ handlingKind: 'on_the_spot' });
    const result = must(
      transition(
        state,
        'close_on_the_spot',
        ACTORS.window_staff,
        VALID.close_on_the_spot,
        sh('2025-06-09T11:00:00'),
      ),
    );
    expect(result.next).toMatchObject({
      status: 'closed',
      acceptedAt: '2025-06-09T03:00:00.000Z',
      decision: { outcome: 'approved', at: '2025-06-09T03:00:00.000Z' },
      delivery: { method: 'on_the_spot' },
      closedAt: '2025-06-09T03:00:00.000Z',
    });
    expect(allClocksStopped(result.next)).toBe(true);
    // A same-day clock has no slack, so it is yellow all day; what matters is that it stopped before red.
    expect(
      evaluateClock(result.next.clocks.on_the_spot!, sh('2025-06-20T00:00:00'), calendar).light,
    ).not.toBe('red');
    expect(publicTimeline(result.events)).toEqual([{ label: '办结', at: '2025-06-09T03:00:00.000Z' }]);
  });

  it('is not closed on the spot on a later day; it then goes through acceptance', () => {
    const state = open({ handlingKind: 'on_the_spot' });
    expect(
      transition(state, 'close_on_the_spot', ACTORS.window_staff, {}, sh('2025-06-10T09:00:00')),
    ).toMatchObject({
      code: 'case.action_not_allowed',
    });
    const accepted1 = must(
      transition(state, 'accept', ACTORS.window_staff, {}, sh('2025-06-10T09:00:00')),
    ).next;
    expect(accepted1.clocks.decision).toBeUndefined();
    expect(evaluateClock(accepted1.clocks.on_the_spot!, sh('2025-06-10T09:00:00'), calendar).light).toBe(
      'red',
    );
    expect(transition(accepted1, 'extend', ACTORS.approver, VALID.extend, later(accepted1))).toMatchObject({
      code: 'case.action_not_allowed',
    });
  });

  it('counts the same working day with a calendar: received on Saturday, due Monday', () => {
    const state = open({ handlingKind: 'on_the_spot' }, sh('2025-06-14T10:00:00'));
    expect(
      transition(state, 'close_on_the_spot', ACTORS.window_staff, {}, sh('2025-06-16T16:00:00'), withCalendar)
        .ok,
    ).toBe(true);
    expect(
      transition(state, 'close_on_the_spot', ACTORS.window_staff, {}, sh('2025-06-16T16:00:00')),
    ).toMatchObject({
      code: 'case.action_not_allowed',
    });
    expect(
      transition(
        state,
        'close_on_the_spot',
        ACTORS.window_staff,
        {},
        sh('2025-06-17T09:00:00'),
        withCalendar,
      ),
    ).toMatchObject({
      code: 'case.action_not_allowed',
    });
  });

  it('after a supplement, counts the same day from the supplement', () => {
    const state = open({ handlingKind: 'on_the_spot' });
    const noticed = must(
      transition(state, 'issue_notice', ACTORS.window_staff, VALID.issue_notice, sh('2025-06-09T09:10:00')),
    ).next;
    const supplied = must(
      transition(noticed, 'supplement_received', ACTORS.window_staff, {}, sh('2025-06-11T10:00:00')),
    ).next;
    expect(
      transition(supplied, 'close_on_the_spot', ACTORS.window_staff, {}, sh('2025-06-11T11:00:00')).ok,
    ).toBe(true);
    expect(
      transition(
        supplied,
        'close_on_the_spot',
        ACTORS.window_staff,
        {},
        sh('2025-06-11T11:00:00'),
        withCalendar,
      ).ok,
    ).toBe(true);
  });
});

describe('withdrawal', () => {
  for (const status of OPEN_STATUSES) {
    it(`from ${status}: the case ends and every clock stops`, () => {
      const state = FIXTURES[status]();
      const result = must(
        transition(state, 'withdraw', ACTORS.applicant, { reason: '已在别处办理' }, later(state)),
      );
      expect(result.next).toMatchObject({ status: 'withdrawn', closedAt: result.events[0]!.at });
      expect(allClocksStopped(result.next)).toBe(true);
      expect(result.events[0]).toMatchObject({ from: status, to: 'withdrawn', publicLabel: '已撤回' });
    });
  }

  it('is not possible once decided', () => {
    for (const status of ['decided_approved', 'decided_denied', 'delivering'] as const) {
      const state = FIXTURES[status]();
      expect(transition(state, 'withdraw', ACTORS.applicant, {}, later(state))).toMatchObject({
        code: 'case.action_not_allowed',
      });
    }
  });
});

describe('special procedures (行政许可法 art. 45)', () => {
  it('pause the decision and step clocks for their duration, then resume them', () => {
    const base = open();
    const acc = must(transition(base, 'accept', ACTORS.window_staff, {}, sh('2025-06-09T10:00:00'))).next;
    const review = must(
      transition(acc, 'complete_step', ACTORS.approver, VALID.complete_step, sh('2025-06-10T10:00:00')),
    ).next;
    expect(evaluateClock(review.clocks.decision!, sh('2025-06-10T12:00:00'), calendar).deadlineDate).toBe(
      '2025-07-07',
    );

    const started = must(
      transition(
        review,
        'start_special_procedure',
        ACTORS.approver,
        { kind: '专家评审', expectedDuration: { value: 5, unit: 'working_days' }, note: '组织专家论证' },
        sh('2025-06-11T09:00:00'),
      ),
    );
    expect(started.next).toMatchObject({
      status: 'special_procedure',
      special: {
        kind: '专家评审',
        expectedDuration: { value: 5, unit: 'working_days' },
        resumeTo: 'in_review',
      },
    });
    expect(started.next.clocks.decision!.pauses).toEqual([
      { from: '2025-06-11T01:00:00.000Z', reason: 'special_procedure', procedureKind: '专家评审' },
    ]);
    expect(started.events[0]!.clocks).toEqual([
      { clock: 'decision', op: 'pause' },
      { clock: 'step:1', op: 'pause' },
    ]);
    expect(started.events[0]!.publicLabel).toBe('特别程序');
    expect(evaluateClock(started.next.clocks.decision!, sh('2025-06-16T10:00:00'), calendar).paused).toBe(
      true,
    );
    // Nothing but ending it (or withdrawal) while it runs.
    expect(allowedActions(started.next, ACTORS.approver)).toEqual(['end_special_procedure']);

    const ended = must(
      transition(
        started.next,
        'end_special_procedure',
        ACTORS.approver,
        { result: '评审通过' },
        sh('2025-06-18T09:00:00'),
      ),
    );
    expect(ended.next).toMatchObject({ status: 'in_review', stepIndex: 1, special: null });
    // Working days 12, 13, 16, 17 and 18 June were not counted: 7 July moves to 14 July.
    const after = evaluateClock(ended.next.clocks.decision!, sh('2025-06-18T10:00:00'), calendar);
    expect(after).toMatchObject({ deadlineDate: '2025-07-14', paused: false });
    expect(ended.next.clocks[stepClockKey(1)]!.pauses[0]).toMatchObject({ to: '2025-06-18T01:00:00.000Z' });
  });

  it('return to 受理 when started there', () => {
    const state = run(accepted(), 'start_special_procedure', 'end_special_procedure');
    expect(state).toMatchObject({ status: 'accepted', stepIndex: 0 });
  });
});

describe('extensions (行政许可法 art. 42)', () => {
  it('are refused beyond the preset maximum', () => {
    const state = inReview();
    const ten = must(transition(state, 'extend', ACTORS.approver, VALID.extend, later(state))).next;
    expect(ten.clocks.decision!.extensions).toHaveLength(1);
    const more = transition(ten, 'extend', ACTORS.approver, { ...VALID.extend, days: 1 }, later(ten));
    expect(more).toMatchObject({ ok: false, code: 'case.payload_invalid', field: 'days' });
    expect(!more.ok && more.message).toContain('10');
    expect(
      transition(state, 'extend', ACTORS.approver, { ...VALID.extend, days: 11 }, later(state)),
    ).toMatchObject({
      code: 'case.payload_invalid',
      field: 'days',
    });
    // Two shorter extensions that together stay within ten days are fine.
    const twice = run(
      state,
      ['extend', { ...VALID.extend, days: 4 }],
      ['extend', { ...VALID.extend, days: 6 }],
    );
    expect(twice.clocks.decision!.extensions.map((e) => e.days)).toEqual([4, 6]);
  });

  it('are refused without the approving head', () => {
    const state = inReview();
    for (const approvedBy of [undefined, '', '   ']) {
      expect(
        transition(state, 'extend', ACTORS.approver, { ...VALID.extend, approvedBy }, later(state)),
      ).toMatchObject({
        code: 'case.payload_invalid',
        field: 'approvedBy',
      });
    }
  });

  it('allow 15 days on a joint case and none on an escalated preliminary review', () => {
    const joint = run(open({ handlingKind: 'joint' }), 'accept');
    expect(
      must(transition(joint, 'extend', ACTORS.approver, { ...VALID.extend, days: 15 }, later(joint))).ok,
    ).toBe(true);
    const escalated = escalatedAccepted();
    expect(
      transition(escalated, 'extend', ACTORS.approver, { ...VALID.extend, days: 1 }, later(escalated)),
    ).toMatchObject({ code: 'case.action_not_allowed' });
    // The higher level's own decision limit may be extended as art. 42 allows, once it has the case.
    const handedOver = run(escalated, 'escalate');
    expect(
      transition(handedOver, 'extend', ACTORS.approver, { ...VALID.extend, days: 11 }, later(handedOver)),
    ).toMatchObject({ code: 'case.payload_invalid', field: 'days' });
    expect(must(transition(handedOver, 'extend', ACTORS.approver, VALID.extend, later(handedOver))).ok).toBe(
      true,
    );
  });
});

describe('deemed acceptance (行政许可法 art. 32)', () => {
  // Received Tuesday 30 September 2025; 1–8 October are the National Day holiday and Saturday 11 October
  // is worked, so the five working days are 9, 10, 11, 13 and 14 October.
  const receivedBeforeHoliday = () => open({}, sh('2025-09-30T10:00:00'));

  it('is not possible while the notice period runs, even across the holiday', () => {
    const state = receivedBeforeHoliday();
    const early = transition(
      state,
      'deem_accept',
      ACTORS.system,
      {},
      sh('2025-10-14T18:00:00'),
      withCalendar,
    );
    expect(early).toMatchObject({ ok: false, code: 'case.action_not_allowed' });
    expect(allowedActions(state, 'system', sh('2025-10-14T18:00:00'), withCalendar)).toEqual([]);
    expect(
      transition(
        state,
        'issue_notice',
        ACTORS.window_staff,
        VALID.issue_notice,
        sh('2025-10-14T18:00:00'),
        withCalendar,
      ).ok,
    ).toBe(true);
  });

  it('accepts the case as of the day of receipt once the period is over, with an event saying so', () => {
    const state = receivedBeforeHoliday();
    expect(allowedActions(state, 'system', sh('2025-10-15T09:00:00'), withCalendar)).toEqual(['deem_accept']);
    const result = must(
      transition(state, 'deem_accept', ACTORS.system, {}, sh('2025-10-15T09:00:00'), withCalendar),
    );
    expect(result.next).toMatchObject({
      status: 'accepted',
      deemedAccepted: true,
      acceptedAt: '2025-09-30T02:00:00.000Z',
      stepIndex: 0,
    });
    // The decision clock counts from receipt: 20 working days after 30 September is 4 November.
    expect(result.next.clocks.decision!.startedAt).toBe('2025-09-30T02:00:00.000Z');
    expect(
      evaluateClock(result.next.clocks.decision!, sh('2025-10-15T09:00:00'), calendar).deadlineDate,
    ).toBe('2025-11-04');
    // The step clock is the officer's, and starts when the case reaches them.
    expect(result.next.clocks[stepClockKey(0)]!.startedAt).toBe('2025-10-15T01:00:00.000Z');
    // The window missed its duty: the acceptance clock stops red.
    expect(evaluateClock(result.next.clocks.acceptance!, sh('2025-10-15T09:00:00'), calendar).light).toBe(
      'red',
    );
    expect(result.events[0]).toMatchObject({
      action: 'deem_accept',
      actor: { role: 'system' },
      publicLabel: '受理',
      basis: expect.stringContaining('即为受理'),
    });
  });

  it('blocks a late notice, acceptance or refusal at the window until the system has deemed it', () => {
    const state = receivedBeforeHoliday();
    const at = sh('2025-10-15T09:00:00');
    for (const action of ['issue_notice', 'accept', 'refuse'] as const) {
      const result = transition(state, action, ACTORS.window_staff, VALID[action], at, withCalendar);
      expect(result, action).toMatchObject({ ok: false, code: 'case.action_not_allowed' });
    }
  });

  it('does not apply once the notice was given in time', () => {
    const state = run(receivedBeforeHoliday(), 'issue_notice', 'supplement_received');
    expect(
      transition(state, 'deem_accept', ACTORS.system, {}, sh('2025-11-20T09:00:00'), withCalendar),
    ).toMatchObject({
      code: 'case.action_not_allowed',
    });
    expect(
      transition(state, 'accept', ACTORS.window_staff, {}, sh('2025-11-20T09:00:00'), withCalendar).ok,
    ).toBe(true);
  });
});

describe('labels and table', () => {
  it('names every status for staff and for the public', () => {
    expect(PUBLIC_PROGRESS.map((p) => p.status)).toEqual([...CASE_STATUSES]);
    for (const status of CASE_STATUSES) {
      expect(STATUS_NAMES[status].zh).not.toBe('');
      expect(publicLabelOf(status, 'en')).not.toBe('');
    }
    const labels = [...new Set(PUBLIC_PROGRESS.map((p) => p.zh))];
    for (const label of ['预受理', '收件', '受理', '审核', '特别程序', '已审批', '办结'])
      expect(labels).toContain(label);
    expect(publicLabelOf('decided_denied')).toBe(publicLabelOf('decided_approved'));
  });

  it('collapses repeated labels on the public timeline and carries nothing personal', () => {
    const timeline = publicTimeline([
      { at: '1', to: 'accepted' },
      { at: '2', to: 'in_review' },
      { at: '3', to: 'in_review' },
      { at: '4', to: 'special_procedure' },
      { at: '5', to: 'in_review' },
    ]);
    expect(timeline).toEqual([
      { label: '受理', at: '1' },
      { label: '审核', at: '2' },
      { label: '特别程序', at: '4' },
      { label: '审核', at: '5' },
    ]);
  });

  it('never starts an action from a terminal status and only leads to known statuses', () => {
    for (const action of CASE_ACTIONS) {
      const spec = ACTION_SPECS[action];
      expect(spec.from.some(isTerminalStatus), action).toBe(false);
      expect(spec.roles.length, action).toBeGreaterThan(0);
      for (const to of spec.to) expect(CASE_STATUSES).toContain(to);
    }
    // Only the system deems acceptance, and the system never decides.
    expect(ACTION_SPECS.deem_accept.roles).toEqual(['system']);
    expect(ACTION_SPECS.decide.roles).toEqual(['approver']);
  });
});

describe('random walks (property)', () => {
  const ALT: Partial<Record<CaseAction, Record<string, unknown>>> = {
    decide: { outcome: 'denied', reason: '不符合法定条件', remedies: DEFAULT_REMEDIES },
    deliver: { method: 'e_certificate', certificateNumber: 'DZZZ-0001' },
    extend: { days: 11, approvedBy: '局长 王五', reason: '情况复杂' },
    start_special_procedure: { kind: '听证', expectedDuration: { value: 10, unit: 'natural_days' } },
  };
  // Most commands pick among the actions offered to someone — usually one that does not end the case, so
  // walks get deep into the lifecycle; the rest try anything, which is how refusals get exercised.
  const command = fc.record({
    pick: fc.constantFrom('forward', 'forward', 'offered', 'any'),
    index: fc.integer({ min: 0, max: 999 }),
    action: fc.constantFrom(...CASE_ACTIONS),
    role: fc.constantFrom(...CASE_ROLES),
    payload: fc.constantFrom('valid', 'alt', 'empty'),
    // Now and then a long silence, so that the art. 32 period can run out and deem_accept happen.
    minutes: fc.oneof(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 0, max: 12 * 24 * 60 })),
  });
  const opening = fc.record({
    channel: fc.constantFrom('online', 'window', 'proxy'),
    handlingKind: fc.constantFrom<CaseHandlingKind>('on_the_spot', 'promised', 'joint', 'escalated'),
    stepCount: fc.integer({ min: 0, max: 3 }),
  });

  type Opening = { channel: string; handlingKind: CaseHandlingKind; stepCount: number };
  type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

  /** Runs one walk, checking the invariants after every successful transition; returns what succeeded. */
  function walk(o: Opening, commands: Command[]): CaseAction[] {
    const succeeded: CaseAction[] = [];
    const input: OpenCaseInput = {
      channel: o.channel as OpenCaseInput['channel'],
      handlingKind: o.handlingKind,
      steps: STEPS.slice(0, o.stepCount),
      applicantPersonId: 'p-applicant',
      consent: '书面委托书',
      participants: PARTICIPANTS,
    };
    const opener =
      o.channel === 'online'
        ? ACTORS.applicant
        : o.channel === 'proxy'
          ? ACTORS.village_proxy
          : ACTORS.window_staff;
    let state = deepFreeze(must(openCase(input, opener, sh('2025-06-09T09:00:00'))).next);
    for (const c of commands) {
      const at = later(state, c.minutes);
      if (at.getTime() > Date.parse('2026-10-01T00:00:00Z')) break;
      const offeredPairs = CASE_ROLES.flatMap((role) =>
        allowedActions(state, ACTORS[role], at, withCalendar).map((a) => [a, role] as const),
      );
      const forwardPairs = offeredPairs.filter(([a]) => !ACTION_SPECS[a].to.every(isTerminalStatus));
      const pairs = c.pick === 'forward' ? forwardPairs : c.pick === 'offered' ? offeredPairs : [];
      const [action, role] = pairs.length > 0 ? pairs[c.index % pairs.length]! : [c.action, c.role];
      const actor = ACTORS[role];
      const offered = allowedActions(state, actor, at, withCalendar).includes(action);
      const payload =
        c.payload === 'valid' ? VALID[action] : c.payload === 'alt' ? (ALT[action] ?? VALID[action]) : {};
      const result = transition(state, action, actor, payload, at, withCalendar);
      if (!result.ok) {
        if (!offered) expect(['case.action_not_allowed', 'case.role_not_allowed']).toContain(result.code);
        continue;
      }
      succeeded.push(action);
      const spec = ACTION_SPECS[action];
      expect(offered).toBe(true);
      expect(spec.from).toContain(state.status);
      expect(spec.roles).toContain(role);
      expect(spec.to).toContain(result.next.status);
      expect(result.events).toHaveLength(1);
      expect(JSON.parse(JSON.stringify(result.next))).toEqual(result.next);
      for (const clock of Object.values(result.next.clocks)) expect(validateClock(clock).ok).toBe(true);
      if (isTerminalStatus(result.next.status)) expect(allClocksStopped(result.next)).toBe(true);
      expect(result.next.status === 'special_procedure').toBe(result.next.special !== null);
      expect(result.next.stepIndex).toBeGreaterThanOrEqual(0);
      expect(result.next.stepIndex).toBeLessThanOrEqual(Math.max(0, result.next.steps.length - 1));
      state = deepFreeze(result.next);
    }
    return succeeded;
  }

  it('keeps every state valid, serialisable and consistent with the table and allowedActions', () => {
    fc.assert(
      fc.property(opening, fc.array(command, { maxLength: 40 }), (o, commands) => {
        walk(o, commands);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches every action, so the walks above are not vacuous (fixed seed)', () => {
    const succeeded = new Set<CaseAction>();
    fc.assert(
      fc.property(opening, fc.array(command, { maxLength: 40 }), (o, commands) => {
        for (const a of walk(o, commands)) succeeded.add(a);
      }),
      { numRuns: 300, seed: 20250609 },
    );
    expect([...succeeded].sort()).toEqual([...CASE_ACTIONS].sort());
  });
});

describe('联办件 (joint cases)', () => {
  const participant = (orgCode: string): CaseActor => ({
    role: 'approver',
    personId: `p-${orgCode}`,
    reach: { department: false, handling: false, participantOrgs: [orgCode] },
  });
  const lead: CaseActor = {
    ...ACTORS.approver,
    reach: { department: true, handling: false, participantOrgs: [] },
  };

  it('gives each participant a task and its own clock from acceptance', () => {
    const state = jointAccepted();
    expect(state.joint?.tasks.map((t) => [t.orgCode, t.status])).toEqual([
      ['511723-5', 'pending'],
      ['511723-7', 'pending'],
    ]);
    for (const org of PARTICIPANTS) {
      expect(state.clocks[taskClockKey(org)]).toMatchObject({
        startedAt: state.acceptedAt,
        limit: { value: 15, unit: 'working_days' },
      });
    }
    // The overall joint limit applies to the lead's decision clock.
    expect(state.clocks.decision?.limit).toEqual({ value: 45, unit: 'working_days' });
  });

  it('lets participants answer in parallel, each only for their own department and once', () => {
    let state = jointAccepted();
    const second = must(
      transition(state, 'give_opinion', participant('511723-7'), VALID.give_opinion, later(state)),
    );
    expect(second.events[0]!.clocks).toEqual([{ clock: taskClockKey('511723-7'), op: 'stop' }]);
    state = second.next;
    expect(state.joint?.tasks[1]).toMatchObject({ status: 'answered', position: 'agree' });
    expect(state.joint?.tasks[0]?.status).toBe('pending');
    expect(
      transition(state, 'give_opinion', participant('511723-7'), VALID.give_opinion, later(state)),
    ).toMatchObject({ code: 'case.role_not_allowed' });
    expect(
      transition(state, 'give_opinion', participant('511723-9'), VALID.give_opinion, later(state)),
    ).toMatchObject({ code: 'case.role_not_allowed' });
    expect(
      transition(
        state,
        'give_opinion',
        participant('511723-5'),
        { position: 'maybe', opinion: 'x' },
        later(state),
      ),
    ).toMatchObject({ code: 'case.payload_invalid', field: 'position' });
  });

  it('keeps participants out of the lead steps and the lead from deciding before all have answered', () => {
    let state = jointAccepted();
    expect(
      transition(state, 'complete_step', participant('511723-5'), VALID.complete_step, later(state)),
    ).toMatchObject({ code: 'case.role_not_allowed' });
    state = run(state, 'complete_step', 'complete_step');
    expect(transition(state, 'decide', lead, VALID.decide, later(state))).toMatchObject({
      code: 'case.action_not_allowed',
    });
    for (const org of PARTICIPANTS) {
      state = must(
        transition(state, 'give_opinion', participant(org), VALID.give_opinion, later(state)),
      ).next;
    }
    expect(transition(state, 'give_opinion', lead, VALID.give_opinion, later(state))).toMatchObject({
      code: 'case.action_not_allowed',
    });
    expect(transition(state, 'decide', participant('511723-5'), VALID.decide, later(state))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    const decided = must(transition(state, 'decide', lead, VALID.decide, later(state)));
    expect(decided.next.status).toBe('decided_approved');
  });

  it('stops the open participant clocks when the case ends early', () => {
    const withdrawn = must(
      transition(jointAccepted(), 'withdraw', ACTORS.applicant, {}, later(jointAccepted())),
    ).next;
    for (const org of PARTICIPANTS) expect(withdrawn.clocks[taskClockKey(org)]?.stoppedAt).toBeTruthy();
  });
});

describe('上报件 (escalated cases)', () => {
  const lower: CaseActor = {
    ...ACTORS.approver,
    personId: 'p-township',
    reach: { department: false, handling: true, participantOrgs: [] },
  };
  const higher: CaseActor = {
    ...ACTORS.approver,
    personId: 'p-county',
    reach: { department: true, handling: false, participantOrgs: [] },
  };

  it('runs the 20-day preliminary review, then the higher level limit from the hand-over', () => {
    const accepted = escalatedAccepted();
    expect(accepted.clocks.preliminary?.limit).toEqual({ value: 20, unit: 'working_days' });
    expect(accepted.clocks.decision).toBeUndefined();
    const at = later(accepted, 60 * 24 * 3);
    const handed = must(transition(accepted, 'escalate', lower, VALID.escalate, at));
    expect(handed.next.escalation).toEqual({ at: at.toISOString(), opinion: VALID.escalate.opinion });
    expect(handed.next.clocks.preliminary?.stoppedAt).toBe(at.toISOString());
    expect(handed.next.clocks.decision?.startedAt).toBe(at.toISOString());
    expect(handed.next.stepIndex).toBe(1);
    expect(handed.events[0]).toMatchObject({ action: 'escalate', step: { index: 0, name: '承办' } });
  });

  it('lets only the lower level review before the hand-over and only the higher level after it', () => {
    const accepted = escalatedAccepted();
    expect(transition(accepted, 'complete_step', higher, VALID.complete_step, later(accepted))).toMatchObject(
      {
        code: 'case.role_not_allowed',
      },
    );
    expect(transition(accepted, 'escalate', higher, VALID.escalate, later(accepted))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    const handed = must(transition(accepted, 'escalate', lower, VALID.escalate, later(accepted))).next;
    expect(transition(handed, 'complete_step', lower, VALID.complete_step, later(handed))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    expect(transition(handed, 'escalate', lower, VALID.escalate, later(handed))).toMatchObject({
      code: 'case.action_not_allowed',
    });
    const done = must(transition(handed, 'complete_step', higher, VALID.complete_step, later(handed))).next;
    expect(must(transition(done, 'decide', higher, VALID.decide, later(done))).next.status).toBe(
      'decided_approved',
    );
  });

  it('cannot be decided before the hand-over, and other cases cannot be escalated', () => {
    const noSteps = run(open({ handlingKind: 'escalated', steps: [] }), 'accept');
    expect(transition(noSteps, 'decide', lower, VALID.decide, later(noSteps))).toMatchObject({
      code: 'case.action_not_allowed',
    });
    expect(transition(accepted(), 'escalate', lower, VALID.escalate, later(accepted()))).toMatchObject({
      code: 'case.action_not_allowed',
    });
  });
});

describe('代办 (proxy cases)', () => {
  it('records the hand-over of papers once, by the proxy who filed', () => {
    const filed = proxyFiled();
    expect(filed.channel).toBe('proxy');
    const other: CaseActor = { role: 'village_proxy', personId: 'p-other-proxy' };
    expect(transition(filed, 'hand_over', other, VALID.hand_over, later(filed))).toMatchObject({
      code: 'case.role_not_allowed',
    });
    const handed = must(transition(filed, 'hand_over', ACTORS.village_proxy, VALID.hand_over, later(filed)));
    expect(handed.next.status).toBe('submitted_online');
    expect(handed.next.handedOverAt).toBe(handed.events[0]!.at);
    expect(transition(handed.next, 'hand_over', ACTORS.village_proxy, {}, later(handed.next))).toMatchObject({
      code: 'case.action_not_allowed',
    });
    // The window then receives it, which starts the art. 32 count.
    const receivedAt = must(
      transition(handed.next, 'receive', ACTORS.window_staff, VALID.receive, later(handed.next)),
    ).next;
    expect(receivedAt.clocks.acceptance).toBeDefined();
    expect(
      transition(open({ channel: 'online' }), 'hand_over', ACTORS.village_proxy, {}, later(filed)),
    ).toMatchObject({
      code: 'case.action_not_allowed',
    });
  });
});
