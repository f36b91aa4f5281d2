import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { Route } from 'react-router-dom';
import { PageSpinner } from '../shell/PageSpinner.tsx';
import { RequireSession } from '../shell/session.tsx';

// Everything of supervision loads on demand; the portal pays only for this file and the live pop-ups.
/** The console's 效能监察 pages, for the route /console/supervision/*. */
export const SupervisionConsole = lazy(() =>
  import('./SupervisionConsole.tsx').then((m) => ({ default: m.SupervisionConsole })),
);
const ScreenPage = lazy(() => import('./ScreenPage.tsx').then((m) => ({ default: m.ScreenPage })));
const PublicEvaluationPage = lazy(() =>
  import('./PublicEvaluationPage.tsx').then((m) => ({ default: m.PublicEvaluationPage })),
);
const PublicEvaluationIndex = lazy(() =>
  import('./PublicEvaluationPage.tsx').then((m) => ({ default: m.PublicEvaluationIndex })),
);

/** The console menu's entry (anyone reading cases: handlers answer their urges there). */
export const SUPERVISION_NAV = {
  path: '/console/supervision',
  labelKey: 'supervision.nav',
  icon: <FundProjectionScreenOutlined />,
  permission: 'case.read',
} as const;

const PAGES = [
  ['/evaluations', <PublicEvaluationIndex key="index" />],
  ['/evaluations/:month', <PublicEvaluationPage key="month" />],
  [
    '/screen',
    <RequireSession key="screen">
      <ScreenPage />
    </RequireSession>,
  ],
] as const;

/**
 * Supervision's routes outside the console frame, as elements for <Routes> (a function: <Routes> takes
 * <Route> children only): the published evaluation (public) and the hall's big screen (signed in).
 */
export function supervisionRoutes() {
  return PAGES.map(([path, page]) => (
    <Route key={path} path={path} element={<Suspense fallback={<PageSpinner />}>{page}</Suspense>} />
  ));
}
