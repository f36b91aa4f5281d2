import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_SPECS,
  CASE_STATUSES,
  type CaseAction,
  type CaseStatus,
  type PayloadField,
  STATUS_NAMES,
} from '../../core/cases/lifecycle.ts';
import type { ClockUnit } from '../../core/clock/clock.ts';

/** Status tag colours: waiting on the applicant amber, finished grey, refusals red. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  submitted_online: 'purple',
  received: 'blue',
  awaiting_supplement: 'orange',
  accepted: 'cyan',
  refused: 'red',
  in_review: 'geekblue',
  special_procedure: 'gold',
  decided_approved: 'green',
  decided_denied: 'volcano',
  delivering: 'lime',
  closed: 'default',
  withdrawn: 'default',
};

/** The payload fields of an action, as core/cases/lifecycle.ts defines them (none for an unknown one). */
export function payloadFields(action: string): readonly PayloadField[] {
  return (
    (ACTION_SPECS as Record<string, { payload: readonly PayloadField[] } | undefined>)[action]?.payload ?? []
  );
}

function coreActionName(action: string): string {
  return (ACTION_SPECS as Record<string, { zh: string } | undefined>)[action]?.zh ?? action;
}

export interface CaseTerms {
  lang: 'zh' | 'en';
  status(status: string): string;
  statusOptions(): { value: string; label: string }[];
  /** An action's name; actions the table does not know yet show core's Chinese name or the code. */
  action(action: CaseAction | string): string;
  /** A payload field's label for an action, falling back to the Chinese label in core. */
  field(action: string, field: PayloadField | string): string;
  enumValue(value: string): string;
  unit(unit: ClockUnit | string): string;
  role(role: string): string;
  duration(value: { value: number; unit: string }): string;
}

export function useCaseTerms(): CaseTerms {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return useMemo<CaseTerms>(() => {
    const unit = (u: string) => t(`cases.units.${u}`, { defaultValue: u });
    return {
      lang,
      status: (s) => STATUS_NAMES[s as CaseStatus]?.[lang] ?? s,
      statusOptions: () => CASE_STATUSES.map((s) => ({ value: s, label: STATUS_NAMES[s][lang] })),
      action: (a) => t(`cases.actionName.${a}`, { defaultValue: coreActionName(a) }),
      field: (action, field) => {
        const spec = typeof field === 'string' ? payloadFields(action).find((f) => f.name === field) : field;
        const name = typeof field === 'string' ? field : field.name;
        return t(`cases.fieldLabel.${action}.${name}`, {
          defaultValue: spec?.label ?? t(`cases.payloadName.${name}`, { defaultValue: name }),
        });
      },
      enumValue: (v) => t(`cases.enum.${v}`, { defaultValue: v }),
      unit,
      role: (r) => t(`cases.role.${r}`, { defaultValue: t(`roles.${r}`, { defaultValue: r }) }),
      duration: (d) => t('cases.duration', { value: d.value, unit: unit(d.unit) }),
    };
  }, [t, lang]);
}
