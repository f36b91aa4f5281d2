import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { NotFoundResult } from '../shell/NotFoundPage.tsx';
import { PageSpinner } from '../shell/PageSpinner.tsx';
import { useMe } from '../shell/session.tsx';
import { isCountyAdmin, isDispatcher } from './hotlineApi.ts';

const CallPage = lazy(() => import('./CallPage.tsx').then((m) => ({ default: m.CallPage })));
const OrderListPage = lazy(() => import('./OrderListPage.tsx').then((m) => ({ default: m.OrderListPage })));
const OrderPage = lazy(() => import('./OrderPage.tsx').then((m) => ({ default: m.OrderPage })));
const StatsPage = lazy(() => import('./StatsPage.tsx').then((m) => ({ default: m.StatsPage })));
const CatalogPage = lazy(() => import('./CatalogPage.tsx').then((m) => ({ default: m.HotlineCatalogPage })));
const KeysPage = lazy(() => import('./KeysPage.tsx').then((m) => ({ default: m.KeysPage })));

/**
 * /console/hotline/* — the 12345 hotline: the operator's call screen and dispatch desk for the county's
 * dispatchers (admins and supervisors at the county), the inbox of the departments and townships that
 * receive orders, every order in scope, statistics, the dispatch catalog and the Open311 keys.
 */
export function HotlineConsole() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const dispatcher = isDispatcher(me.roles);
  const admin = isCountyAdmin(me.roles);
  const tabs = [
    ...(dispatcher ? ['call', 'queue'] : []),
    'inbox',
    'orders',
    'stats',
    'catalog',
    ...(admin ? ['keys'] : []),
  ];
  const current = location.pathname.split('/')[3] ?? '';
  return (
    <div data-testid="hotline-console">
      <Tabs
        activeKey={tabs.includes(current) ? current : current === '' ? tabs[0] : 'orders'}
        onChange={(key) => navigate(`/console/hotline/${key}`)}
        items={tabs.map((k) => ({
          key: k,
          label: <span data-testid={`hotline-tab-${k}`}>{t(`hotline.tabs.${k}`)}</span>,
        }))}
      />
      <Suspense fallback={<PageSpinner />}>
        <Routes>
          <Route index element={<Navigate to={dispatcher ? 'call' : 'inbox'} replace />} />
          <Route path="call" element={<CallPage />} />
          <Route path="queue" element={<OrderListPage view="queue" />} />
          <Route path="inbox" element={<OrderListPage view="inbox" />} />
          <Route path="orders" element={<OrderListPage view="all" />} />
          <Route path="orders/:id" element={<OrderPage />} />
          <Route path="stats" element={<StatsPage />} />
          <Route path="catalog" element={<CatalogPage />} />
          <Route path="keys" element={<KeysPage />} />
          <Route path="*" element={<NotFoundResult home="/console/hotline" />} />
        </Routes>
      </Suspense>
    </div>
  );
}
