import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** The portal home's way to the published monthly evaluation (红旗窗口, 优秀个人). */
export function EvaluationsLink({ className = 'bm-level-link' }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <Link to="/evaluations" className={className} data-testid="home-evaluations">
      {t('supervision.public.link')}
    </Link>
  );
}
