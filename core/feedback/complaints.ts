/**
 * 投诉: a complaint against a window, a staff member or a department, filed on the portal, at a window or
 * through the 12345 hotline, and assigned to the supervision office (效能办: the supervisor role of the
 * county the target belongs to).
 *
 *   assigned (已分派) ──investigate──▶ investigating (调查中) ──reply──▶ replied (已答复)
 *                      └────────────────reply────────────────┘        │
 *   replied ──satisfaction (the complainant on the portal, or the office after a call)──▶ closed (已办结)
 *   replied ──close (the complainant cannot be reached; a note says so)──▶ closed
 *
 * The reply carries the finding — confirmed (属实) or not confirmed (不属实) — with the facts found and the
 * answer to the complainant. A confirmed complaint counts against its target in the month of the finding
 * (the supervision module's monthly evaluation reads these counts).
 */
import type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
import { validatePhone } from '../validators/index.ts';

export const COMPLAINT_STATUSES = ['assigned', 'investigating', 'replied', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_TARGETS = ['window', 'staff', 'department'] as const;
export type ComplaintTarget = (typeof COMPLAINT_TARGETS)[number];

export const COMPLAINT_CHANNELS = ['portal', 'window', 'hotline_12345'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_FINDINGS = ['confirmed', 'not_confirmed'] as const;
export type ComplaintFinding = (typeof COMPLAINT_FINDINGS)[number];

export const COMPLAINT_SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type ComplaintSatisfaction = (typeof COMPLAINT_SATISFACTION)[number];

export const COMPLAINT_ACTIONS = ['investigate', 'reply', 'record_satisfaction', 'close'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** Org kinds a complaint may be aimed at, per target: a window-like unit, or a department. */
export const TARGET_ORG_KINDS: Readonly<Record<ComplaintTarget, readonly string[]>> = {
  window: ['window', 'center', 'station'],
  staff: ['window', 'center', 'station', 'department'],
  department: ['department'],
};

export const CONTENT_MAX = 2000;
export const CONTENT_MIN = 5;
const SHORT_MAX = 50;
const TEXT_MAX = 2000;

const FROM: Readonly<Record<ComplaintAction, readonly ComplaintStatus[]>> = {
  investigate: ['assigned'],
  reply: ['assigned', 'investigating'],
  record_satisfaction: ['replied'],
  close: ['replied'],
};

const TO: Readonly<Record<ComplaintAction, ComplaintStatus>> = {
  investigate: 'investigating',
  reply: 'replied',
  record_satisfaction: 'closed',
  close: 'closed',
};

export function allowedComplaintActions(status: ComplaintStatus): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => FROM[a].includes(status));
}

export interface ComplaintFilingInput {
  targetKind: unknown;
  targetStaffName?: unknown;
  content: unknown;
  complainantName: unknown;
  complainantPhone: unknown;
  caseNumber?: unknown;
}

export interface CleanComplaintFiling {
  targetKind: ComplaintTarget;
  targetStaffName: string | null;
  content: string;
  complainantName: string;
  complainantPhone: string;
  caseNumber: string | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const length = (s: string) => [...s].length;

/** Checks a complaint's own fields (the target org is checked by the server against the org tree). */
export function validateComplaintFiling(input: ComplaintFilingInput): ValidationResult<CleanComplaintFiling> {
  const errors: ValidationError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ field, code, message });
  if (!(COMPLAINT_TARGETS as readonly unknown[]).includes(input.targetKind)) {
    fail('targetKind', 'feedback.complaint_target_invalid', '投诉对象必须是窗口、工作人员或部门');
  }
  const staff = text(input.targetStaffName);
  if (input.targetKind === 'staff' && staff === '') {
    fail('targetStaffName', 'feedback.field_required', '投诉工作人员时须写明姓名或工号');
  }
  if (length(staff) > SHORT_MAX) fail('targetStaffName', 'feedback.field_too_long', `不超过 ${SHORT_MAX} 字`);
  const content = text(input.content);
  if (length(content) < CONTENT_MIN) {
    fail('content', 'feedback.field_required', `请写明投诉的事情经过（至少 ${CONTENT_MIN} 字）`);
  } else if (length(content) > CONTENT_MAX) {
    fail('content', 'feedback.field_too_long', `不超过 ${CONTENT_MAX} 字`);
  }
  const name = text(input.complainantName);
  if (name === '') fail('complainantName', 'feedback.field_required', '请留下投诉人姓名');
  else if (length(name) > SHORT_MAX)
    fail('complainantName', 'feedback.field_too_long', `不超过 ${SHORT_MAX} 字`);
  const phone = validatePhone(text(input.complainantPhone), { field: 'complainantPhone' });
  if (!phone.ok) errors.push(...phone.errors);
  const caseNumber = text(input.caseNumber);
  if (length(caseNumber) > 60) fail('caseNumber', 'feedback.field_too_long', '办件编号过长');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      targetKind: input.targetKind as ComplaintTarget,
      targetStaffName: input.targetKind === 'staff' || staff !== '' ? staff || null : null,
      content,
      complainantName: name,
      complainantPhone: phone.ok ? phone.value : '',
      caseNumber: caseNumber || null,
    },
  };
}

export interface ComplaintPayload {
  note?: unknown;
  finding?: unknown;
  findingText?: unknown;
  reply?: unknown;
  satisfaction?: unknown;
}

export type ComplaintStepResult =
  | {
      ok: true;
      from: ComplaintStatus;
      to: ComplaintStatus;
      note: string | null;
      finding: ComplaintFinding | null;
      findingText: string | null;
      reply: string | null;
      satisfaction: ComplaintSatisfaction | null;
    }
  | {
      ok: false;
      status: 400 | 409;
      code:
        | 'feedback.complaint_wrong_status'
        | 'feedback.text_required'
        | 'feedback.complaint_payload_invalid';
      field?: string;
    };

/** One step of a complaint: the status, then what the action must carry. */
export function complaintStep(
  status: ComplaintStatus,
  action: ComplaintAction,
  payload: ComplaintPayload,
): ComplaintStepResult {
  if (!FROM[action].includes(status))
    return { ok: false, status: 409, code: 'feedback.complaint_wrong_status' };
  const note = text(payload.note) || null;
  if (note !== null && length(note) > TEXT_MAX) {
    return { ok: false, status: 400, code: 'feedback.text_required', field: 'note' };
  }
  const base = {
    ok: true as const,
    from: status,
    to: TO[action],
    note,
    finding: null,
    findingText: null,
    reply: null,
    satisfaction: null,
  };
  switch (action) {
    case 'investigate':
      return base;
    case 'close':
      if (note === null) return { ok: false, status: 400, code: 'feedback.text_required', field: 'note' };
      return base;
    case 'reply': {
      if (!(COMPLAINT_FINDINGS as readonly unknown[]).includes(payload.finding)) {
        return { ok: false, status: 400, code: 'feedback.complaint_payload_invalid', field: 'finding' };
      }
      const findingText = text(payload.findingText);
      if (findingText === '' || length(findingText) > TEXT_MAX) {
        return { ok: false, status: 400, code: 'feedback.text_required', field: 'findingText' };
      }
      const reply = text(payload.reply);
      if (reply === '' || length(reply) > TEXT_MAX) {
        return { ok: false, status: 400, code: 'feedback.text_required', field: 'reply' };
      }
      return { ...base, finding: payload.finding as ComplaintFinding, findingText, reply };
    }
    case 'record_satisfaction':
      if (!(COMPLAINT_SATISFACTION as readonly unknown[]).includes(payload.satisfaction)) {
        return { ok: false, status: 400, code: 'feedback.complaint_payload_invalid', field: 'satisfaction' };
      }
      return { ...base, satisfaction: payload.satisfaction as ComplaintSatisfaction };
  }
}
