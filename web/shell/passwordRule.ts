import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { isStrongPassword } from '../../core/org/passwords.ts';

type RuleObject = Exclude<FormRule, (...args: never[]) => unknown>;

/** The server's password rule, checked in the form so a weak password never makes a round trip. */
export function strongPasswordRule(t: TFunction, username: () => string): RuleObject {
  return {
    validator: (_, value: string | undefined) =>
      !value || isStrongPassword(value, username())
        ? Promise.resolve()
        : Promise.reject(new Error(t('people.passwordHint'))),
  };
}
