import { Alert, Empty, Grid, Pagination, Segmented, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { THEMES } from '../../core/catalog/vocabulary.ts';
import { useTerms } from '../catalog/terms.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { GuideBadges } from './GuideBadges.tsx';
import { GuideSearchBox } from './GuideSearchBox.tsx';
import { PortalTheme } from './PortalTheme.tsx';
import {
  fetchDepartments,
  fetchPlaces,
  fetchTownships,
  GUIDE_FILTER_KEYS,
  type GuideFilters,
  type GuideListEntry,
  searchGuides,
  townshipOf,
} from './portalApi.ts';
import { useLoad } from './useLoad.ts';
import './portal.css';

const PAGE_SIZE = 20;

function ResultCard({ entry, from }: { entry: GuideListEntry; from: string }) {
  const { t } = useTranslation();
  const terms = useTerms();
  const sameDay = entry.handlingKind === 'on_the_spot';
  return (
    <Link
      to={`/guides/${entry.itemId}`}
      state={{ from }}
      className="bm-result"
      data-testid={`guide-result-${entry.itemId}`}
      data-name={entry.name}
    >
      <span className="bm-result-name">{entry.name}</span>
      <span className="bm-result-meta">
        {entry.departmentName} · {terms.label('levels', entry.level)} · {terms.label('itemTypes', entry.type)}
      </span>
      <span className="bm-result-foot">
        <GuideBadges
          badge={entry.badge}
          handlingKind={entry.handlingKind}
          onlineApply={entry.onlineApply}
          proxy={entry.proxyAllowed}
        />
        <span className="bm-result-limit" data-testid="result-limit">
          {sameDay
            ? t('portal.result.sameDay')
            : t('portal.result.promised', { limit: terms.limit(entry.promisedLimit) })}
        </span>
        {!entry.charged && <span className="bm-muted">{t('portal.result.free')}</span>}
      </span>
    </Link>
  );
}

/** /guides?q=&theme=&department=&level=&org= — every filter lives in the address, so results can be shared. */
export function GuideSearchPage() {
  const { t } = useTranslation();
  const terms = useTerms();
  const location = useLocation();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const filters: GuideFilters = Object.fromEntries(
    GUIDE_FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v),
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const key = params.toString();

  const results = useLoad((signal) => searchGuides({ ...filters, page, pageSize: PAGE_SIZE }, signal), [key]);
  const departments = useLoad((signal) => fetchDepartments(signal), []);
  const depts = departments.data?.items ?? [];
  const townships = useLoad((signal) => fetchTownships(signal), []).data ?? [];
  const township = townshipOf(filters.org);
  const villages = useLoad(
    (signal) => (township ? fetchPlaces(township, signal).then((r) => r.items) : Promise.resolve([])),
    [township],
  );

  const setFilter = (name: keyof GuideFilters | 'page', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    setParams(next);
  };

  const items = results.data?.items ?? [];
  const total = results.data?.total ?? 0;
  const from = location.pathname + location.search;

  return (
    <PublicLayout>
      <PortalTheme>
        <div className="bm-guides-page" data-testid="guides-page">
          <Typography.Title level={3} className="bm-portal-page-title">
            {t('portal.search.title')}
          </Typography.Title>
          <GuideSearchBox
            initial={filters.q ?? ''}
            size={narrow ? 'middle' : 'large'}
            onSearch={(q) => setFilter('q', q || undefined)}
          />
          <div className="bm-filters" data-testid="guide-filters">
            <Segmented<string>
              className="bm-filter-level"
              value={filters.level ?? ''}
              onChange={(v) => setFilter('level', v || undefined)}
              options={[
                { value: '', label: t('portal.level.all') },
                { value: 'county', label: t('portal.level.county') },
                { value: 'township', label: t('portal.level.township') },
                { value: 'village', label: t('portal.level.village') },
              ]}
              data-testid="filter-level"
            />
            <Select<string>
              className="bm-filter-select"
              allowClear
              value={filters.theme}
              placeholder={t('portal.filter.theme')}
              options={THEMES.map((th) => ({ value: th.code, label: terms.label('themes', th.code) }))}
              onChange={(v) => setFilter('theme', v)}
              aria-label={t('portal.filter.theme')}
              data-testid="filter-theme"
            />
            <Select<string>
              className="bm-filter-select"
              allowClear
              value={filters.department}
              placeholder={t('portal.filter.department')}
              loading={departments.loading}
              options={depts.map((d) => ({ value: d.code, label: d.name }))}
              onChange={(v) => setFilter('department', v)}
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('portal.filter.department')}
              data-testid="filter-department"
              popupMatchSelectWidth={false}
            />
            {townships.length > 0 && (
              <Select<string>
                className="bm-filter-select"
                allowClear
                value={township}
                placeholder={t('portal.filter.place')}
                options={townships.map((p) => ({ value: p.code, label: p.name }))}
                onChange={(v) => setFilter('org', v)}
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('portal.filter.place')}
                data-testid="filter-place"
              />
            )}
            {township && (villages.data?.length ?? 0) > 0 && (
              <Select<string>
                className="bm-filter-select"
                allowClear
                value={filters.org && filters.org.length === 12 ? filters.org : undefined}
                placeholder={t('portal.filter.village')}
                options={(villages.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
                onChange={(v) => setFilter('org', v ?? township)}
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('portal.filter.village')}
                data-testid="filter-village"
                popupMatchSelectWidth={false}
              />
            )}
          </div>

          {results.error && (
            <Alert type="error" showIcon title={results.error} style={{ marginBottom: 12 }} />
          )}
          <div className="bm-results-head">
            <Typography.Text type="secondary" data-testid="guide-total">
              {results.data ? t('portal.search.total', { n: total }) : ''}
            </Typography.Text>
            {results.loading && <Spin size="small" />}
          </div>
          {results.data && items.length === 0 ? (
            <Empty description={t('portal.search.empty')} data-testid="guide-empty" />
          ) : (
            <div className="bm-results" data-testid="guide-results">
              {items.map((entry) => (
                <ResultCard key={entry.itemId} entry={entry} from={from} />
              ))}
            </div>
          )}
          {total > PAGE_SIZE && (
            <Pagination
              className="bm-results-pages"
              current={page}
              pageSize={PAGE_SIZE}
              total={total}
              simple={narrow}
              showSizeChanger={false}
              onChange={(p) => {
                setFilter('page', p > 1 ? String(p) : undefined);
                window.scrollTo({ top: 0 });
              }}
            />
          )}
        </div>
      </PortalTheme>
    </PublicLayout>
  );
}
