import { useTranslation } from 'react-i18next';
import { dateWithWeekday } from './GuideSections.tsx';
import { isBeforeAcceptance } from './publicLabels.ts';

/**
 * When the case is expected to be done: the date, or — before acceptance, when no clock runs yet — that it
 * is counted from acceptance, or a dash once the case is over.
 */
export function ExpectedDate({ date, status }: { date: string | null | undefined; status: string }) {
  const { t } = useTranslation();
  if (date) return <>{dateWithWeekday(date)}</>;
  return (
    <>
      {isBeforeAcceptance(status)
        ? t('portalCases.progress.afterAcceptance')
        : t('portalCases.progress.noExpected')}
    </>
  );
}
