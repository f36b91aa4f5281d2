import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { ValidationResult } from '../../core/validators/index.ts';
import { validateCreditCode, validateIdNumber, validatePhone } from '../../core/validators/index.ts';
import { currentLanguage } from '../i18n/index.ts';

type RuleObject = Exclude<FormRule, (...args: never[]) => unknown>;

/** Only a mobile number can be an account name (the server's rule). */
export const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A form rule from a core validator: the same check the server makes, before the round trip. The core's
 * own message is Chinese and names the exact problem (第 18 位校验码…); in English a general line says
 * what is expected.
 */
function fromValidator(
  t: TFunction,
  validate: (value: string) => ValidationResult<unknown>,
  englishKey: string,
): RuleObject {
  return {
    validator: (_, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const result = validate(value);
      if (result.ok) return Promise.resolve();
      const message = currentLanguage() === 'en' ? t(englishKey) : result.errors[0]!.message;
      return Promise.reject(new Error(message));
    },
  };
}

export function idNumberRule(t: TFunction): RuleObject {
  return fromValidator(
    t,
    (v) => validateIdNumber(v, { today: new Date() }),
    'portalCases.validation.idNumber',
  );
}

export function creditCodeRule(t: TFunction): RuleObject {
  return fromValidator(t, (v) => validateCreditCode(v), 'portalCases.validation.creditCode');
}

export function mobileRule(t: TFunction): RuleObject {
  return {
    validator: (_, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const phone = validatePhone(value);
      return phone.ok && MOBILE.test(phone.value)
        ? Promise.resolve()
        : Promise.reject(new Error(t('portalCases.validation.mobile')));
    },
  };
}

/** Full-width digits and spaces from a Chinese keyboard, folded the way the server folds them. */
export function normalizePhone(value: string): string {
  const phone = validatePhone(value);
  return phone.ok ? phone.value : value.trim();
}
