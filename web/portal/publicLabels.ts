import { type CaseStatus, PUBLIC_PROGRESS } from '../../core/cases/lifecycle.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * The server sends the public progress labels in Chinese (预受理, 受理, 办结…); core/cases has each with its
 * English name, so an English page can show them in English.
 */
export function publicLabelText(label: string): string {
  if (currentLanguage() !== 'en') return label;
  return PUBLIC_PROGRESS.find((p) => p.zh === label)?.en ?? label;
}

/** Before acceptance no statutory clock runs, so there is no completion date to promise yet. */
const BEFORE_ACCEPTANCE: readonly CaseStatus[] = ['submitted_online', 'received', 'awaiting_supplement'];
const BEFORE_ACCEPTANCE_LABELS = new Set(
  PUBLIC_PROGRESS.filter((p) => BEFORE_ACCEPTANCE.includes(p.status)).map((p) => p.zh),
);

/** Whether a case (by its status, or by its public label on the public page) is not accepted yet. */
export function isBeforeAcceptance(statusOrLabel: string): boolean {
  return (
    (BEFORE_ACCEPTANCE as readonly string[]).includes(statusOrLabel) ||
    BEFORE_ACCEPTANCE_LABELS.has(statusOrLabel)
  );
}
