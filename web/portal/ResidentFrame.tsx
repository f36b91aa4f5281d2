import { FileSearchOutlined, LogoutOutlined, ProfileOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../api.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { RESIDENT_LOGIN_PATH, useSession } from '../shell/session.tsx';
import { PortalTheme } from './PortalTheme.tsx';
import './portal.css';
import './portalCases.css';

/** Where a resident lands after signing in; only same-site paths are followed. */
export function residentNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/my';
}

export function residentLoginPath(next: string): string {
  return `${RESIDENT_LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

/** The portal's frame with the resident's own links: 我的办件, 进度查询, 退出. */
export function ResidentFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  return (
    <PublicLayout>
      <PortalTheme>
        <nav className="bm-my-bar" data-testid="resident-bar">
          <Link to="/my" className="bm-my-bar-link" data-testid="nav-my">
            <ProfileOutlined /> {t('portalCases.nav.myCases')}
          </Link>
          <Link to="/progress" className="bm-my-bar-link" data-testid="nav-progress">
            <FileSearchOutlined /> {t('portalCases.nav.progress')}
          </Link>
          <span className="bm-spacer" />
          {!me && (
            <Link to={RESIDENT_LOGIN_PATH} className="bm-my-bar-link" data-testid="nav-login">
              {t('portalCases.nav.signIn')}
            </Link>
          )}
          {me && (
            <>
              <span className="bm-my-bar-name" data-testid="resident-name">
                {me.displayName}
              </span>
              <Button
                type="link"
                size="small"
                icon={<LogoutOutlined />}
                onClick={() => void signOut()}
                data-testid="resident-sign-out"
              >
                {t('portalCases.nav.signOut')}
              </Button>
            </>
          )}
        </nav>
        <div className="bm-my">{children}</div>
      </PortalTheme>
    </PublicLayout>
  );
}

/**
 * Gate for the resident's pages: loads the session once, sends strangers to the resident sign-in (with the
 * page to come back to) and tells a staff account these pages are not for it.
 */
export function RequireResident({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, refresh, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (me !== undefined || failure) return;
    refresh().catch((e) => setFailure(errorText(e)));
  }, [me, refresh, failure]);

  if (failure) {
    return (
      <ResidentFrame>
        <Result
          status="warning"
          title={t('session.loadFailed')}
          subTitle={failure}
          extra={
            <Button type="primary" onClick={() => setFailure(null)}>
              {t('session.retry')}
            </Button>
          }
        />
      </ResidentFrame>
    );
  }
  if (me === undefined) {
    return (
      <ResidentFrame>
        <div className="bm-center">
          <Spin size="large" />
        </div>
      </ResidentFrame>
    );
  }
  if (me === null) return <Navigate to={residentLoginPath(location.pathname + location.search)} replace />;
  if (me.kind !== 'resident') {
    return (
      <ResidentFrame>
        <Result
          status="info"
          title={t('portalCases.staffAccount.title')}
          subTitle={t('portalCases.staffAccount.detail')}
          extra={[
            <Button key="console" type="primary" onClick={() => navigate('/console')}>
              {t('portalCases.staffAccount.toConsole')}
            </Button>,
            <Button key="out" onClick={() => void signOut()} data-testid="staff-sign-out">
              {t('portalCases.nav.signOut')}
            </Button>,
          ]}
          data-testid="staff-account"
        />
      </ResidentFrame>
    );
  }
  return <>{children}</>;
}
