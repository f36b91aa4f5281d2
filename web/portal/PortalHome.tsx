import { ArrowRightOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { THEMES } from '../../core/catalog/vocabulary.ts';
import { buildUrl } from '../api.ts';
import { useTerms } from '../catalog/terms.ts';
import { EvaluationsLink } from '../supervision/EvaluationsLink.tsx';
import { GuideSearchBox } from './GuideSearchBox.tsx';
import { PortalTheme } from './PortalTheme.tsx';
import { fetchDepartments, fetchThemes, fetchTownships, type GuideFilters } from './portalApi.ts';
import { THEME_ICONS } from './themeIcons.tsx';
import { useLoad } from './useLoad.ts';
import './portal.css';

const LEVELS = ['county', 'township', 'village'] as const;

export function guidesUrl(filters: GuideFilters): string {
  return buildUrl('/guides', { ...filters });
}

/**
 * The portal's front page: one search box first (what most residents came for), then life-event
 * themes, the level and the department or township to browse by, and the way in for staff.
 */
export function PortalHome() {
  const { t } = useTranslation();
  const terms = useTerms();
  const navigate = useNavigate();
  const themes = useLoad((signal) => fetchThemes(signal), []);
  const departments = useLoad((signal) => fetchDepartments(signal), []);
  const counts = new Map((themes.data?.items ?? []).map((th) => [th.code, th.count]));
  const depts = departments.data?.items ?? [];
  // Township centers are listed by township below; the department picker keeps the county's bureaus.
  const countyDepts = depts.filter((d) => !/^\d{9}-/.test(d.code));
  const townships = useLoad((signal) => fetchTownships(signal), []).data ?? [];

  return (
    <PortalTheme>
      <div className="bm-portal-home" data-testid="landing">
        <section className="bm-portal-hero">
          <Typography.Title level={2} className="bm-portal-hero-title">
            {t('portal.home.title')}
          </Typography.Title>
          <Typography.Paragraph className="bm-portal-hero-intro">
            {t('portal.home.intro')}
          </Typography.Paragraph>
          <GuideSearchBox suggest onSearch={(q) => navigate(guidesUrl({ q }))} />
        </section>

        <section className="bm-portal-block" data-testid="home-online">
          <h2 className="bm-portal-h2">{t('portalCases.home.title')}</h2>
          <Typography.Paragraph type="secondary">{t('portalCases.home.intro')}</Typography.Paragraph>
          <span className="bm-level-links">
            <Link to="/my" className="bm-level-link" data-testid="home-my-cases">
              {t('portalCases.home.myCases')}
            </Link>
            <Link to="/progress" className="bm-level-link" data-testid="home-progress">
              {t('portalCases.home.progress')}
            </Link>
            <Link to="/my/register" className="bm-level-link" data-testid="home-register">
              {t('portalCases.home.register')}
            </Link>
          </span>
        </section>

        <section className="bm-portal-block" data-testid="home-voice">
          <h2 className="bm-portal-h2">{t('portalCases.home.voiceTitle')}</h2>
          <Typography.Paragraph type="secondary">{t('portalCases.home.voiceIntro')}</Typography.Paragraph>
          <span className="bm-level-links">
            <Link to="/hotline" className="bm-level-link" data-testid="home-hotline">
              {t('portalCases.home.hotline')}
            </Link>
            <Link to="/complaints/new" className="bm-level-link" data-testid="home-complaint">
              {t('portalCases.home.complaint')}
            </Link>
            <Link to="/complaints/track" className="bm-level-link" data-testid="home-complaint-track">
              {t('portalCases.home.complaintTrack')}
            </Link>
            <Link to="/satisfaction" className="bm-level-link" data-testid="home-satisfaction">
              {t('portalCases.home.satisfaction')}
            </Link>
            <EvaluationsLink />
          </span>
        </section>

        <section className="bm-portal-block">
          <h2 className="bm-portal-h2">{t('portal.home.themes')}</h2>
          <div className="bm-theme-grid">
            {THEMES.map((theme) => {
              const count = counts.get(theme.code);
              return (
                <Link
                  key={theme.code}
                  to={guidesUrl({ theme: theme.code })}
                  className={`bm-theme-tile${count === 0 ? ' bm-theme-empty' : ''}`}
                  data-testid={`theme-${theme.code}`}
                >
                  <span className="bm-theme-icon">{THEME_ICONS[theme.code]}</span>
                  <span className="bm-theme-name">{terms.label('themes', theme.code)}</span>
                  {count !== undefined && (
                    <span className="bm-theme-count">{t('portal.home.themeCount', { n: count })}</span>
                  )}
                </Link>
              );
            })}
          </div>
        </section>

        <section className="bm-portal-block">
          <h2 className="bm-portal-h2">{t('portal.home.browse')}</h2>
          <div className="bm-browse">
            <div className="bm-browse-row">
              <span className="bm-browse-label">{t('portal.filter.level')}</span>
              <span className="bm-level-links">
                {LEVELS.map((level) => (
                  <Link
                    key={level}
                    to={guidesUrl({ level })}
                    className="bm-level-link"
                    data-testid={`level-${level}`}
                  >
                    {t(`portal.level.${level}`)}
                  </Link>
                ))}
              </span>
            </div>
            <div className="bm-browse-row">
              <label className="bm-browse-label" htmlFor="home-department">
                {t('portal.filter.department')}
              </label>
              <select
                id="home-department"
                className="bm-browse-select"
                value=""
                onChange={(e) => e.target.value && navigate(guidesUrl({ department: e.target.value }))}
                data-testid="home-department"
              >
                <option value="">{t('portal.filter.departmentPlaceholder')}</option>
                {countyDepts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            {townships.length > 0 && (
              <div className="bm-browse-row">
                <label className="bm-browse-label" htmlFor="home-place">
                  {t('portal.filter.place')}
                </label>
                <select
                  id="home-place"
                  className="bm-browse-select"
                  value=""
                  onChange={(e) => e.target.value && navigate(guidesUrl({ org: e.target.value }))}
                  data-testid="home-place"
                >
                  <option value="">{t('portal.filter.placePlaceholder')}</option>
                  {townships.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
        </section>

        <section className="bm-portal-block bm-portal-staff">
          <Typography.Text type="secondary">{t('portal.home.staffHint')}</Typography.Text>
          <Link to="/console" data-testid="console-link" className="bm-console-link">
            {t('landing.toConsole')} <ArrowRightOutlined />
          </Link>
        </section>
      </div>
    </PortalTheme>
  );
}
