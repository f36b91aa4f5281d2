import { App as AntApp, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { FeedbackConsole, feedbackPortalRoutes } from './feedback/routes.tsx';
import { ChangePasswordPage } from './shell/ChangePasswordPage.tsx';
import { allowed, ConsoleLayout, NAV_ITEMS } from './shell/ConsoleLayout.tsx';
import { LandingPage } from './shell/LandingPage.tsx';
import { LoginPage } from './shell/LoginPage.tsx';
import { NotFoundPage, NotFoundResult } from './shell/NotFoundPage.tsx';
import { PageSpinner } from './shell/PageSpinner.tsx';
import { RequirePermission } from './shell/RequirePermission.tsx';
import {
  CHANGE_PASSWORD_PATH,
  LOGIN_PATH,
  RequireSession,
  SessionProvider,
  useSession,
} from './shell/session.tsx';
import { SupervisionConsole, supervisionRoutes } from './supervision/routes.tsx';

// Console pages load on demand so the public portal and sign-in stay light on a phone.
const OrgTreePage = lazy(() => import('./org/OrgTreePage.tsx').then((m) => ({ default: m.OrgTreePage })));
const PeoplePage = lazy(() => import('./org/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const AuditPage = lazy(() => import('./org/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const CalendarPage = lazy(() =>
  import('./calendar/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })),
);
const DeadlinePage = lazy(() =>
  import('./calendar/CalendarPage.tsx').then((m) => ({ default: m.DeadlinePage })),
);
const CatalogPage = lazy(() => import('./catalog/CatalogPage.tsx').then((m) => ({ default: m.CatalogPage })));
const ItemPage = lazy(() => import('./catalog/ItemPage.tsx').then((m) => ({ default: m.ItemPage })));
const NewItemPage = lazy(() => import('./catalog/NewItemPage.tsx').then((m) => ({ default: m.NewItemPage })));
// The guide pages are the portal's own, but a resident on the home page should not pay for them up front.
const GuideSearchPage = lazy(() =>
  import('./portal/GuideSearchPage.tsx').then((m) => ({ default: m.GuideSearchPage })),
);
const CaseListPage = lazy(() =>
  import('./cases/CaseListPage.tsx').then((m) => ({ default: m.CaseListPage })),
);
const CaseDetailPage = lazy(() =>
  import('./cases/CaseDetailPage.tsx').then((m) => ({ default: m.CaseDetailPage })),
);
const WorkbenchPage = lazy(() =>
  import('./cases/WorkbenchPage.tsx').then((m) => ({ default: m.WorkbenchPage })),
);
const VillagePage = lazy(() => import('./cases/VillagePage.tsx').then((m) => ({ default: m.VillagePage })));
const NotificationsPage = lazy(() =>
  import('./notify/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const OutboxPage = lazy(() => import('./notify/OutboxPage.tsx').then((m) => ({ default: m.OutboxPage })));
const GuidePage = lazy(() => import('./portal/GuidePage.tsx').then((m) => ({ default: m.GuidePage })));
// The resident's own pages: sign-in, registration, apply online, my cases, public progress.
const ResidentLoginPage = lazy(() =>
  import('./portal/ResidentAuthPages.tsx').then((m) => ({ default: m.ResidentLoginPage })),
);
const ResidentRegisterPage = lazy(() =>
  import('./portal/ResidentAuthPages.tsx').then((m) => ({ default: m.ResidentRegisterPage })),
);
const MyCasesPage = lazy(() => import('./portal/MyCasesPage.tsx').then((m) => ({ default: m.MyCasesPage })));
const MyCasePage = lazy(() => import('./portal/MyCasePage.tsx').then((m) => ({ default: m.MyCasePage })));
const ApplyPage = lazy(() => import('./portal/ApplyPage.tsx').then((m) => ({ default: m.ApplyPage })));
const ProgressLookupPage = lazy(() =>
  import('./portal/ProgressPage.tsx').then((m) => ({ default: m.ProgressLookupPage })),
);
const ProgressResultPage = lazy(() =>
  import('./portal/ProgressPage.tsx').then((m) => ({ default: m.ProgressResultPage })),
);
const HotlineConsole = lazy(() =>
  import('./hotline/HotlineConsole.tsx').then((m) => ({ default: m.HotlineConsole })),
);
const PortalHotline = lazy(() =>
  import('./hotline/PortalHotline.tsx').then((m) => ({ default: m.PortalHotline })),
);
const RequireResident = lazy(() =>
  import('./portal/ResidentFrame.tsx').then((m) => ({ default: m.RequireResident })),
);

/** A portal page loaded on demand; `resident` pages need a resident session. */
function PortalRoute({ page, resident = false }: { page: ReactNode; resident?: boolean }) {
  return (
    <Suspense fallback={<PageSpinner />}>
      {resident ? <RequireResident>{page}</RequireResident> : page}
    </Suspense>
  );
}

/** /console opens the first page the person may see, so a supervisor is not greeted by a 403. */
function ConsoleHome() {
  const { t } = useTranslation();
  const { can, me } = useSession();
  // Pages open to everyone (the calendar) do not count: someone with no role is told so first.
  const first = NAV_ITEMS.find((item) => item.permission && allowed(item, can, me?.roles));
  return first ? (
    <Navigate to={first.path} replace />
  ) : (
    <Result status="info" subTitle={t('console.noRoles')} />
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<LandingPage />} />
      <Route
        path="/guides"
        element={
          <Suspense fallback={<PageSpinner />}>
            <GuideSearchPage />
          </Suspense>
        }
      />
      <Route
        path="/guides/:itemId"
        element={
          <Suspense fallback={<PageSpinner />}>
            <GuidePage />
          </Suspense>
        }
      />
      <Route path="/my/login" element={<PortalRoute page={<ResidentLoginPage />} />} />
      <Route path="/my/register" element={<PortalRoute page={<ResidentRegisterPage />} />} />
      <Route path="/my" element={<PortalRoute resident page={<MyCasesPage />} />} />
      <Route path="/my/cases/:id" element={<PortalRoute resident page={<MyCasePage />} />} />
      <Route path="/apply/:itemId" element={<PortalRoute resident page={<ApplyPage />} />} />
      <Route path="/progress" element={<PortalRoute page={<ProgressLookupPage />} />} />
      <Route path="/progress/:number" element={<PortalRoute page={<ProgressResultPage />} />} />
      {feedbackPortalRoutes()}
      {supervisionRoutes()}
      <Route path="/hotline" element={<PortalRoute page={<PortalHotline />} />} />
      <Route path={LOGIN_PATH} element={<LoginPage />} />
      <Route
        path={CHANGE_PASSWORD_PATH}
        element={
          <RequireSession allowPasswordChange>
            <ChangePasswordPage />
          </RequireSession>
        }
      />
      <Route
        path="/console"
        element={
          <RequireSession>
            <ConsoleLayout />
          </RequireSession>
        }
      >
        <Route index element={<ConsoleHome />} />
        <Route
          path="org"
          element={
            <RequirePermission permission="org.read">
              <OrgTreePage />
            </RequirePermission>
          }
        />
        <Route
          path="people"
          element={
            <RequirePermission permission="people.read">
              <PeoplePage />
            </RequirePermission>
          }
        />
        <Route
          path="audit"
          element={
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route
          path="catalog"
          element={
            <RequirePermission permission="org.read">
              <CatalogPage />
            </RequirePermission>
          }
        />
        <Route
          path="catalog/new"
          element={
            <RequirePermission permission="catalog.write">
              <NewItemPage />
            </RequirePermission>
          }
        />
        <Route
          path="catalog/items/:itemId"
          element={
            <RequirePermission permission="org.read">
              <ItemPage />
            </RequirePermission>
          }
        />
        <Route
          path="cases"
          element={
            <RequirePermission permission="case.read">
              <CaseListPage />
            </RequirePermission>
          }
        />
        <Route
          path="cases/workbench"
          element={
            <RequirePermission permission="case.handle">
              <WorkbenchPage />
            </RequirePermission>
          }
        />
        <Route
          path="cases/village"
          element={
            <RequirePermission permission="case.handle">
              <VillagePage />
            </RequirePermission>
          }
        />
        <Route
          path="cases/:id"
          element={
            <RequirePermission permission="case.read">
              <CaseDetailPage />
            </RequirePermission>
          }
        />
        <Route
          path="hotline/*"
          element={
            <RequirePermission permission="case.read">
              <HotlineConsole />
            </RequirePermission>
          }
        />
        <Route
          path="feedback/*"
          element={
            <RequirePermission permission="case.read">
              <FeedbackConsole />
            </RequirePermission>
          }
        />
        <Route
          path="supervision/*"
          element={
            <RequirePermission permission="case.read">
              <SupervisionConsole />
            </RequirePermission>
          }
        />
        <Route path="calendar" element={<CalendarPage />} />
        <Route path="calendar/deadline" element={<DeadlinePage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route
          path="notifications/outbox"
          element={
            <RequirePermission permission="audit.read">
              <OutboxPage />
            </RequirePermission>
          }
        />
        <Route path="*" element={<NotFoundResult home="/console" />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
