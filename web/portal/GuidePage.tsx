import { ArrowLeftOutlined, ClockCircleOutlined, FormOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { useTerms } from '../catalog/terms.ts';
import { formatTime } from '../i18n/index.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { GuideBadges } from './GuideBadges.tsx';
import { dateWithWeekday, GuideSections } from './GuideSections.tsx';
import { PortalTheme } from './PortalTheme.tsx';
import { fetchGuide, type PublicGuide } from './portalApi.ts';
import { useLoad } from './useLoad.ts';
import './portal.css';

function Expected({ guide }: { guide: PublicGuide }) {
  const { t } = useTranslation();
  const terms = useTerms();
  const sameDay = guide.fivePublics.timeLimit.sameDay;
  return (
    <div
      className="bm-expected"
      data-testid="guide-expected-banner"
      data-date={guide.expectedCompletion ?? ''}
    >
      <ClockCircleOutlined className="bm-expected-icon" />
      <div>
        <div className="bm-expected-main">
          {guide.expectedCompletion
            ? t('portal.guide.expectedText', { date: dateWithWeekday(guide.expectedCompletion) })
            : t('portal.guide.expectedUnknown')}
        </div>
        <div className="bm-expected-sub">
          {sameDay
            ? t('portal.guide.sameDayNote')
            : t('portal.result.promised', { limit: terms.limit(guide.promisedLimit) })}
          {guide.legalLimit && ` · ${t('portal.guide.legalShort', { limit: terms.limit(guide.legalLimit) })}`}
        </div>
      </div>
    </div>
  );
}

/** /guides/:itemId — the published guide, printable on one column in black on white. */
export function GuidePage() {
  const { t } = useTranslation();
  const terms = useTerms();
  const { itemId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const back = (location.state as { from?: string } | null)?.from ?? '/guides';
  const { data, failure, error, loading } = useLoad((signal) => fetchGuide(itemId, signal), [itemId]);
  const guide = data?.itemId === itemId ? data : undefined;

  useEffect(() => {
    if (!guide) return;
    const before = document.title;
    document.title = `${guide.name} · ${t('portal.guide.docTitle')}`;
    return () => {
      document.title = before;
    };
  }, [guide, t]);

  const notFound = failure instanceof ApiError && (failure.status === 404 || failure.status === 400);

  return (
    <PublicLayout>
      <PortalTheme>
        <div className="bm-guide-page" data-testid="guide-page">
          <div className="bm-no-print bm-guide-back">
            <Link to={back} data-testid="guide-back">
              <ArrowLeftOutlined /> {t('portal.guide.back')}
            </Link>
          </div>
          {!guide && loading && (
            <div className="bm-center">
              <Spin size="large" />
            </div>
          )}
          {!guide && !loading && failure != null && (
            <div data-testid="guide-missing">
              <Result
                status={notFound ? '404' : 'warning'}
                title={notFound ? t('portal.guide.notFound') : t('portal.guide.loadFailed')}
                subTitle={notFound ? t('portal.guide.notFoundHint') : error}
                extra={<Link to="/guides">{t('portal.guide.toSearch')}</Link>}
              />
            </div>
          )}
          {guide && (
            <article className="bm-guide-article">
              <header className="bm-guide-head">
                <div className="bm-guide-kicker">{t('portal.guide.docTitle')}</div>
                <h1 className="bm-guide-title" data-testid="guide-name">
                  {guide.name}
                </h1>
                <div className="bm-muted bm-guide-sub">
                  {guide.department.name} · {terms.label('levels', guide.level)} ·{' '}
                  {terms.label('itemTypes', guide.type)}
                </div>
                <GuideBadges
                  badge={guide.badge}
                  handlingKind={guide.handling.kind}
                  onlineApply={guide.onlineApply}
                  proxy={guide.proxy.possible}
                  appointment={guide.appointment}
                />
                <Expected guide={guide} />
                <div className="bm-guide-actions bm-no-print">
                  {guide.onlineApply && (
                    <Button
                      type="primary"
                      icon={<FormOutlined />}
                      onClick={() => navigate(`/apply/${guide.itemId}`)}
                      data-testid="guide-apply"
                    >
                      {t('portalCases.guide.apply')}
                    </Button>
                  )}
                  <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="guide-print">
                    {t('portal.guide.print')}
                  </Button>
                </div>
              </header>
              <GuideSections
                guide={guide}
                departmentName={guide.department.name}
                level={guide.level}
                leadName={guide.leadName}
                participantNames={guide.participantNames}
                windows={guide.windows}
                proxyPlaces={guide.proxy.places}
                timing={{ expectedCompletion: guide.expectedCompletion, today: guide.today }}
                shortenedPercent={guide.fivePublics.timeLimit.shortenedPercent}
              />
              <footer className="bm-guide-meta" data-testid="guide-meta">
                {t('portal.guide.meta', {
                  implementationCode: guide.implementationCode,
                  basicCode: guide.basicCode,
                  version: guide.version,
                  date: guide.publishedAt ? formatTime(guide.publishedAt).slice(0, 10) : '—',
                })}
                <span className="bm-print-only"> · {t('portal.guide.printedOn', { date: guide.today })}</span>
              </footer>
            </article>
          )}
        </div>
      </PortalTheme>
    </PublicLayout>
  );
}
