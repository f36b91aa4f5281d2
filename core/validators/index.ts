import type { ValidationResult } from '../calendar/year-schedule.ts';
import { isPhoneNumber } from '../org/pii.ts';
import { toHalfWidth } from './id-number.ts';

export type { ValidationError, ValidationResult } from '../calendar/year-schedule.ts';
export { isPhoneNumber, maskPhone } from '../org/pii.ts';
export {
  type AuthorityEntry,
  CREDIT_CODE_CHARSET,
  type CreditCodeInfo,
  type CreditCodeOptions,
  creditCodeCheckChar,
  type OrgTypeEntry,
  orgCodeCheckChar,
  REGISTRATION_AUTHORITIES,
  validateCreditCode,
} from './credit-code.ts';
export {
  type IdNumberInfo,
  type IdNumberOptions,
  idNumberCheckDigit,
  maskIdNumber,
  toHalfWidth,
  validateIdNumber,
} from './id-number.ts';

/**
 * The phone rule of core/org/pii.ts in the shape the other validators return, so a form reports every
 * applicant field the same way. Full-width digits and surrounding spaces are normalised first.
 */
export function validatePhone(value: unknown, opts: { field?: string } = {}): ValidationResult<string> {
  const field = opts.field ?? '$';
  const normalized = typeof value === 'string' ? toHalfWidth(value) : '';
  if (isPhoneNumber(normalized)) return { ok: true, value: normalized };
  return {
    ok: false,
    errors: [{ field, code: 'phone.format', message: '电话号码应为 11 位手机号或带区号的固定电话' }],
  };
}
