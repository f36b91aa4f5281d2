import { Card, Result, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { NotFoundResult } from '../shell/NotFoundPage.tsx';
import { useSupervisionAccess } from './access.ts';
import { DashboardPage } from './DashboardPage.tsx';
import { EvaluationPage } from './EvaluationPage.tsx';
import { MonitorPage } from './MonitorPage.tsx';
import { StatisticsPage } from './StatisticsPage.tsx';
import { SummaryPage } from './SummaryPage.tsx';
import { UrgesPage } from './UrgesPage.tsx';
import './supervision.css';

export const SUPERVISION_BASE = '/console/supervision';

/** The tabs: '' is the monitor; only urges are open to handlers (to answer), the rest is for watchers. */
const TABS = [
  { path: '', key: 'monitor', watchers: true },
  { path: 'urges', key: 'urges', watchers: false },
  { path: 'summary', key: 'summary', watchers: true },
  { path: 'statistics', key: 'statistics', watchers: true },
  { path: 'evaluation', key: 'evaluation', watchers: true },
  { path: 'dashboard', key: 'dashboard', watchers: true },
] as const;

/**
 * 效能监察 /console/supervision/*: the monitor, urges, daily summary, statistics, monthly evaluation and
 * the leader's dashboard. Supervisors and leaders see every tab; someone who handles cases sees the urges
 * addressed to them.
 */
export function SupervisionConsole() {
  const { t } = useTranslation();
  const access = useSupervisionAccess();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = TABS.filter((tab) => access.watcher || !tab.watchers);
  const rest = location.pathname.slice(SUPERVISION_BASE.length).replace(/^\//, '').split('/')[0] ?? '';
  const active = tabs.find((tab) => tab.path === rest)?.key ?? 'monitor';
  const watch = (page: ReactNode) =>
    access.watcher ? page : <Result status="403" title="403" subTitle={t('supervision.common.forbidden')} />;

  return (
    <Card size="small" data-testid="supervision-console">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('supervision.title')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => {
          const tab = TABS.find((x) => x.key === key)!;
          navigate(tab.path ? `${SUPERVISION_BASE}/${tab.path}` : SUPERVISION_BASE);
        }}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`sup-tab-${tab.key}`}>{t(`supervision.tabs.${tab.key}`)}</span>,
        }))}
      />
      <Routes>
        <Route index element={access.watcher ? <MonitorPage /> : <Navigate to="urges" replace />} />
        <Route path="urges" element={<UrgesPage />} />
        <Route path="summary" element={watch(<SummaryPage />)} />
        <Route path="statistics" element={watch(<StatisticsPage />)} />
        <Route path="evaluation" element={watch(<EvaluationPage />)} />
        <Route path="dashboard" element={watch(<DashboardPage />)} />
        <Route path="*" element={<NotFoundResult home={SUPERVISION_BASE} />} />
      </Routes>
    </Card>
  );
}
