import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PortalTheme } from '../portal/PortalTheme.tsx';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import './feedback.css';

/** The portal frame of the feedback pages, with their own links: 评价, 投诉, 投诉查询, 满意度公示. */
export function FeedbackFrame({
  children,
  bare = false,
  wide = false,
}: {
  children: ReactNode;
  bare?: boolean;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  if (bare) {
    // The hall tablet: no header links a resident could wander off through.
    return (
      <PortalTheme>
        <div className="bm-fb-tablet">{children}</div>
      </PortalTheme>
    );
  }
  return (
    <PublicLayout>
      <PortalTheme>
        <nav className="bm-fb-bar" data-testid="feedback-bar">
          <Link to="/progress">{t('feedback.bar.progress')}</Link>
          <Link to="/complaints/new">{t('feedback.bar.complain')}</Link>
          <Link to="/complaints/track">{t('feedback.bar.track')}</Link>
          <Link to="/satisfaction">{t('feedback.bar.satisfaction')}</Link>
        </nav>
        <div className={wide ? 'bm-fb-page bm-fb-wide' : 'bm-fb-page'}>{children}</div>
      </PortalTheme>
    </PublicLayout>
  );
}
