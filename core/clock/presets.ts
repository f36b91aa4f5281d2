/**
 * The statutory time limits of DESIGN.md as ready-made clocks. 行政许可法 art. 82 and 政府信息公开条例
 * count these limits in working days, excluding statutory holidays; the day of the triggering event is not
 * counted. Items may carry their own legal or promised (承诺) limits: a preset is the statutory default,
 * and a clock made from it is an ordinary Clock that can be adjusted before it is stored.
 */
import {
  CalendarInputError,
  endOfShanghaiEpochDayMs,
  isoDateOfEpochDay,
  parseInstant,
  shanghaiEpochDayOfMs,
} from '../calendar/dates.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Clock, ClockUnit } from './clock.ts';

export type PresetName =
  | 'one_time_notice'
  | 'licensing_decision'
  | 'joint_handling'
  | 'preliminary_review'
  | 'delivery'
  | 'disclosure_on_request';

export interface ClockPreset {
  limit: { value: number; unit: ClockUnit };
  /** Most units extensions may add in total; 0 where the law allows no extension. */
  maxExtensionDays: number;
  restartOnSupplement: boolean;
  /** Legal basis, as cited in notices. */
  basis: string;
}

export const PRESETS: Readonly<Record<PresetName, ClockPreset>> = {
  one_time_notice: {
    limit: { value: 5, unit: 'working_days' },
    maxExtensionDays: 0,
    restartOnSupplement: false,
    basis:
      '《中华人民共和国行政许可法》第三十二条：申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理',
  },
  licensing_decision: {
    limit: { value: 20, unit: 'working_days' },
    maxExtensionDays: 10,
    restartOnSupplement: false,
    basis:
      '《中华人民共和国行政许可法》第四十二条第一款：自受理之日起二十日内作出决定；经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人',
  },
  joint_handling: {
    limit: { value: 45, unit: 'working_days' },
    maxExtensionDays: 15,
    restartOnSupplement: false,
    basis:
      '《中华人民共和国行政许可法》第四十二条第二款：统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；经本级人民政府负责人批准，可以延长十五日',
  },
  preliminary_review: {
    limit: { value: 20, unit: 'working_days' },
    maxExtensionDays: 0,
    restartOnSupplement: false,
    basis:
      '《中华人民共和国行政许可法》第四十三条：下级行政机关应当自其受理行政许可申请之日起二十日内审查完毕',
  },
  delivery: {
    limit: { value: 10, unit: 'working_days' },
    maxExtensionDays: 0,
    restartOnSupplement: false,
    basis:
      '《中华人民共和国行政许可法》第四十四条：作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可证件',
  },
  disclosure_on_request: {
    limit: { value: 20, unit: 'working_days' },
    maxExtensionDays: 20,
    restartOnSupplement: true,
    basis:
      '《中华人民共和国政府信息公开条例》第三十三条：自收到申请之日起二十个工作日内予以答复，经政府信息公开工作机构负责人同意并告知申请人，可延长不超过二十个工作日；征求第三方和其他机关意见所需时间不计算在内；第三十条：答复期限自收到补正的申请之日起计算',
  },
};

export function isPresetName(value: string): value is PresetName {
  return Object.hasOwn(PRESETS, value);
}

function instantText(at: Date | string, field: string): string {
  const ms = at instanceof Date ? at.getTime() : parseInstant(at);
  if (Number.isNaN(ms)) throw new CalendarInputError(field, `${field} 必须是有效的时间`);
  return at instanceof Date ? at.toISOString() : at;
}

/** A fresh clock from a preset, started at `startedAt`. */
export function clockFromPreset(name: PresetName, startedAt: Date | string): Clock {
  const preset = PRESETS[name];
  if (!preset) throw new CalendarInputError('name', `未知的时限预设：${String(name)}`);
  const clock: Clock = {
    startedAt: instantText(startedAt, 'startedAt'),
    limit: { ...preset.limit },
    pauses: [],
    extensions: [],
    maxExtensionDays: preset.maxExtensionDays,
    preset: name,
  };
  if (preset.restartOnSupplement) clock.restartOnSupplement = true;
  return clock;
}

/** 一次性告知: 5 working days after receipt of the materials (行政许可法 art. 32). */
export function oneTimeNoticeClock(receivedAt: Date | string): Clock {
  return clockFromPreset('one_time_notice', receivedAt);
}

/** 行政许可决定: 20 working days after acceptance, +10 with the head's approval (行政许可法 art. 42). */
export function licensingDecisionClock(acceptedAt: Date | string): Clock {
  return clockFromPreset('licensing_decision', acceptedAt);
}

/** 统一/联合/集中办理: 45 working days, +15 with the government head's approval (行政许可法 art. 42). */
export function jointHandlingClock(acceptedAt: Date | string): Clock {
  return clockFromPreset('joint_handling', acceptedAt);
}

/** 下级初审: 20 working days, then the higher level's own limit (行政许可法 art. 43). */
export function preliminaryReviewClock(acceptedAt: Date | string): Clock {
  return clockFromPreset('preliminary_review', acceptedAt);
}

/** 送达: 10 working days after the decision (行政许可法 art. 44). */
export function deliveryClock(decidedAt: Date | string): Clock {
  return clockFromPreset('delivery', decidedAt);
}

/**
 * 依申请公开: 20 working days after receipt, +20 with approval; a supplement restarts the count on its
 * receipt and third-party consultation is not counted (政府信息公开条例 arts. 30, 32, 33).
 */
export function disclosureOnRequestClock(receivedAt: Date | string): Clock {
  return clockFromPreset('disclosure_on_request', receivedAt);
}

/** Working days to ask a disclosure applicant for a supplement, from receipt (条例 art. 30). */
export const DISCLOSURE_SUPPLEMENT_REQUEST_DAYS = 7;
/** Working days a third party has to give its opinion on a disclosure (条例 art. 32). */
export const THIRD_PARTY_CONSULTATION_DAYS = 15;
/** Working days within which a missing-materials notice must be given (行政许可法 art. 32). */
export const ONE_TIME_NOTICE_DAYS = 5;

function dayDeadline(from: Date | string, days: number, calendar: WorkingCalendar, field: string) {
  const ms = parseInstant(instantText(from, field));
  const day = calendar.addWorkingDaysToEpochDay(shanghaiEpochDayOfMs(ms), days);
  return {
    deadline: new Date(endOfShanghaiEpochDayMs(day)).toISOString(),
    deadlineDate: isoDateOfEpochDay(day),
  };
}

/**
 * 即办件: due the same working day — the end of the day of receipt, or of the next working day when
 * received on a weekend or holiday (e.g. online).
 */
export function onTheSpotDeadline(
  receivedAt: Date | string,
  calendar: WorkingCalendar,
): { deadline: string; deadlineDate: string } {
  return dayDeadline(receivedAt, 0, calendar, 'receivedAt');
}

/** Last moment to ask a disclosure applicant for a supplement (7 working days after receipt). */
export function supplementRequestDeadline(
  receivedAt: Date | string,
  calendar: WorkingCalendar,
): { deadline: string; deadlineDate: string } {
  return dayDeadline(receivedAt, DISCLOSURE_SUPPLEMENT_REQUEST_DAYS, calendar, 'receivedAt');
}

/** When a consulted third party's opinion is due (15 working days after it received the request). */
export function thirdPartyConsultationDeadline(
  sentAt: Date | string,
  calendar: WorkingCalendar,
): { deadline: string; deadlineDate: string } {
  return dayDeadline(sentAt, THIRD_PARTY_CONSULTATION_DAYS, calendar, 'sentAt');
}

/**
 * 视为受理 (行政许可法 art. 32): when neither a one-time notice nor an acceptance was given by the end
 * of the 5th working day after receipt, the application is accepted as of the day of receipt. A notice or
 * acceptance after that moment does not undo it. Before that moment nothing is deemed yet. `acceptedOn`
 * is always the Shanghai date of receipt — the date acceptance takes effect when `deemed` — and
 * `deadline` the moment the notice was due.
 */
export function deemedAcceptance(args: {
  receivedAt: Date | string;
  noticeAt?: Date | string | null;
  acceptedAt?: Date | string | null;
  now: Date;
  calendar: WorkingCalendar;
}): { deemed: boolean; acceptedOn: string; deadline: string } {
  const receivedMs = parseInstant(instantText(args.receivedAt, 'receivedAt'));
  const receivedDay = shanghaiEpochDayOfMs(receivedMs);
  const deadlineMs = endOfShanghaiEpochDayMs(
    args.calendar.addWorkingDaysToEpochDay(receivedDay, ONE_TIME_NOTICE_DAYS),
  );
  const nowMs = args.now instanceof Date ? args.now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs)) throw new CalendarInputError('now', 'now 必须是有效的时间');
  const actedInTime = (at: Date | string | null | undefined, field: string): boolean => {
    if (at == null) return false;
    const ms = parseInstant(instantText(at, field));
    return ms <= deadlineMs;
  };
  const deemed =
    nowMs > deadlineMs &&
    !actedInTime(args.noticeAt, 'noticeAt') &&
    !actedInTime(args.acceptedAt, 'acceptedAt');
  return { deemed, acceptedOn: isoDateOfEpochDay(receivedDay), deadline: new Date(deadlineMs).toISOString() };
}
