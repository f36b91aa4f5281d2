import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Limit } from '../../core/catalog/guide.ts';
import {
  ESCALATION_LEVELS,
  HANDLING_KINDS,
  ITEM_LEVELS,
  ITEM_TYPES,
  LIMIT_UNITS,
  MATERIAL_FORMS,
  MATERIAL_SOURCES,
  type Term,
  THEMES,
  VERSION_STATUSES,
  VISIT_BADGES,
} from '../../core/catalog/vocabulary.ts';

/**
 * The catalog's closed vocabularies come from core, with their Chinese and English names, so the portal
 * and the console label a code exactly as the server, the spreadsheets and the audit log do.
 */
export const VOCABULARY = {
  itemTypes: ITEM_TYPES,
  handlingKinds: HANDLING_KINDS,
  levels: ITEM_LEVELS,
  escalationLevels: ESCALATION_LEVELS,
  limitUnits: LIMIT_UNITS,
  materialForms: MATERIAL_FORMS,
  materialSources: MATERIAL_SOURCES,
  themes: THEMES,
  statuses: VERSION_STATUSES,
  badges: VISIT_BADGES,
} as const;

export type VocabularyName = keyof typeof VOCABULARY;

export interface Terms {
  lang: 'zh' | 'en';
  /** The label of a code; an unknown code shows as itself rather than vanishing. */
  label(list: VocabularyName, code: string | null | undefined): string;
  options(list: VocabularyName): { value: string; label: string }[];
  /** "5 个工作日", "即办（当天办结）", "无" — how guides state a limit. */
  limit(limit: Limit | null | undefined): string;
}

export function makeTerms(t: TFunction, language: string): Terms {
  const lang = language === 'en' ? 'en' : 'zh';
  const list = (name: VocabularyName) => VOCABULARY[name] as readonly Term[];
  return {
    lang,
    label: (name, code) => (code ? (list(name).find((term) => term.code === code)?.[lang] ?? code) : ''),
    options: (name) => list(name).map((term) => ({ value: term.code, label: term[lang] })),
    limit: (limit) => {
      if (!limit) return t('portal.limit.none');
      if (limit.value === 0 && limit.unit === 'working_days') return t('portal.limit.sameDay');
      return t(limit.unit === 'natural_days' ? 'portal.limit.naturalDays' : 'portal.limit.workingDays', {
        value: limit.value,
      });
    },
  };
}

export function useTerms(): Terms {
  const { t, i18n } = useTranslation();
  return useMemo(() => makeTerms(t, i18n.language), [t, i18n.language]);
}

/** Tag colours of version statuses, the same everywhere a status shows. */
export const STATUS_COLORS: Record<string, string> = {
  draft: 'blue',
  review: 'orange',
  published: 'green',
  retired: 'default',
};
