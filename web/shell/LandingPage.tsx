import { PortalHome } from '../portal/PortalHome.tsx';
import { PublicLayout } from './PublicLayout.tsx';

/** The portal face: search the guides, browse by life event, level, department or township; staff sign in. */
export function LandingPage() {
  return (
    <PublicLayout>
      <PortalHome />
    </PublicLayout>
  );
}
