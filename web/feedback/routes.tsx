import { lazy, Suspense } from 'react';
import { Route } from 'react-router-dom';
import { PageSpinner } from '../shell/PageSpinner.tsx';

// Loaded on demand: a resident rating a case pays only for the rating page.
const RateCasePage = lazy(() => import('./RateCasePage.tsx').then((m) => ({ default: m.RateCasePage })));
const RateWindowPage = lazy(() =>
  import('./RateWindowPage.tsx').then((m) => ({ default: m.RateWindowPage })),
);
const ComplaintNewPage = lazy(() =>
  import('./ComplaintPages.tsx').then((m) => ({ default: m.ComplaintNewPage })),
);
const ComplaintTrackPage = lazy(() =>
  import('./ComplaintPages.tsx').then((m) => ({ default: m.ComplaintTrackPage })),
);
const SatisfactionPage = lazy(() =>
  import('./SatisfactionPage.tsx').then((m) => ({ default: m.SatisfactionPage })),
);
/** The console's 好差评与投诉 page, for the route /console/feedback/*. */
export const FeedbackConsole = lazy(() =>
  import('./FeedbackConsole.tsx').then((m) => ({ default: m.FeedbackConsole })),
);

const PAGES = [
  ['/rate', <RateCasePage key="rate" />],
  ['/rate/window/:orgCode', <RateWindowPage key="tablet" />],
  ['/complaints/new', <ComplaintNewPage key="new" />],
  ['/complaints/track', <ComplaintTrackPage key="track" />],
  ['/satisfaction', <SatisfactionPage key="satisfaction" />],
] as const;

/**
 * The portal's feedback routes, as elements for <Routes> (a function, not a component: <Routes> takes
 * <Route> children only): rate a case, the hall tablet, complain, track a complaint, 满意度公示.
 */
export function feedbackPortalRoutes() {
  return PAGES.map(([path, page]) => (
    <Route key={path} path={path} element={<Suspense fallback={<PageSpinner />}>{page}</Suspense>} />
  ));
}
