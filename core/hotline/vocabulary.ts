/**
 * The words of the 12345 hotline (政务服务便民热线): how urgent a matter is and what that means for its
 * handling limit, what kind of matter it is, where it came from, and how the caller judged the answer.
 */
import type { ClockUnit } from '../clock/clock.ts';

/** 紧急 / 一般 / 复杂: the urgency class of a dispatch-catalog category, and of an order. */
export const URGENCIES = ['urgent', 'general', 'complex'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface HandlingLimit {
  value: number;
  unit: ClockUnit;
}

/**
 * The default handling limit of each urgency class (DESIGN.md, the clock table: "2 hours urgent, 7 days
 * general, 15 days complex"). Urgent matters run on natural hours — a burst water main does not wait for
 * Monday — while general and complex ones count working days on the official calendar, like every other
 * administrative limit. A category may set its own limit (e.g. natural days for noise at night).
 */
export const DEFAULT_LIMITS: Readonly<Record<Urgency, HandlingLimit>> = {
  urgent: { value: 2, unit: 'hours' },
  general: { value: 7, unit: 'working_days' },
  complex: { value: 15, unit: 'working_days' },
};

/** 诉求类型: what the caller wants. */
export const ORDER_KINDS = ['request', 'complaint', 'report', 'inquiry', 'suggestion', 'praise'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** Where an order came from: a call to the operator, the portal, an Open311 client. */
export const CHANNELS = ['phone', 'portal', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 回访满意度, on the five levels of 好差评 (国办发〔2019〕51号). */
export const SATISFACTION_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basic',
  'unsatisfied',
  'very_unsatisfied',
] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** 满意率 counts 非常满意, 满意 and 基本满意 as satisfied, over the revisits that reached the caller. */
export function isSatisfied(level: Satisfaction | null | undefined): boolean {
  return level === 'very_satisfied' || level === 'satisfied' || level === 'basic';
}

/** Open311 attribute datatypes (GeoReport v2, service definitions). */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** Codes of categories and attributes: what an Open311 client puts in a URL and a form field name. */
export const CATEGORY_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const ATTRIBUTE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Content limits: the Open311 description allows 4,000 characters; a string attribute one line. */
export const MAX_CONTENT = 4000;
export const MAX_STRING_ATTRIBUTE = 500;
