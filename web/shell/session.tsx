import { Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { PersonKind } from '../../core/org/views.ts';
import { ApiError, api, errorText, onAuthEvent, request, setCsrfToken } from '../api.ts';

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'people.read'
  | 'people.write'
  | 'audit.read'
  | 'calendar.write'
  | 'catalog.write'
  | 'catalog.review'
  | 'case.handle'
  | 'case.read';

export interface RoleAt {
  role: string;
  orgCode: string;
  orgName: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgCode: string;
  orgName: string;
  mustChangePassword: boolean;
  /** 'resident': an online applicant's own account (no roles; the portal's 我的办件, not the console). */
  kind: PersonKind;
  roles: RoleAt[];
  permissions: string[];
  csrfToken: string;
}

interface SessionValue {
  /** undefined while the first `/api/me` is in flight, null when nobody is signed in. */
  me: Me | null | undefined;
  refresh(): Promise<Me | null>;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export const LOGIN_PATH = '/login';
/** Residents sign in on the portal's own page; a lost session on a resident page goes back there. */
export const RESIDENT_LOGIN_PATH = '/my/login';
const RESIDENT_PAGES = /^\/(my|apply)(\/|$)/;

function loginPageFor(pathname: string): string {
  return RESIDENT_PAGES.test(pathname) ? RESIDENT_LOGIN_PATH : LOGIN_PATH;
}
export const CHANGE_PASSWORD_PATH = '/change-password';

/** Only same-site paths, so a crafted `?next=` link cannot bounce a fresh session to another site. */
export function safeNext(next: string | null): string {
  // Browsers read "/\\host" like "//host", so a backslash after the slash is refused too.
  return next && /^\/(?![/\\])/.test(next) ? next : '/console';
}

export function loginPathFor(next: string): string {
  return next && next !== '/' ? `${LOGIN_PATH}?next=${encodeURIComponent(next)}` : LOGIN_PATH;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const navigate = useNavigate();

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      // Public pages ask too, so a 401 here only means "not signed in", never a redirect.
      const current = await request<Me>('GET', '/api/me', { skipAuthRedirect: true });
      setCsrfToken(current.csrfToken);
      setMe(current);
      return current;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        setMe(null);
        return null;
      }
      throw error;
    }
  }, []);

  const signIn = useCallback(async (username: string, password: string): Promise<Me> => {
    const answer = await api.post<{ user: Me; csrfToken: string }>(
      '/api/session',
      { username, password },
      { skipAuthRedirect: true },
    );
    setCsrfToken(answer.csrfToken);
    setMe(answer.user);
    return answer.user;
  }, []);

  const signOut = useCallback(async (): Promise<void> => {
    try {
      await request('DELETE', '/api/session', { skipAuthRedirect: true });
    } catch {
      // Signing out of an already-expired session still ends at the login page.
    }
    setCsrfToken(null);
    setMe(null);
    navigate(loginPageFor(window.location.pathname));
  }, [navigate]);

  useEffect(
    () =>
      onAuthEvent((event) => {
        if (event === 'unauthorized') {
          setCsrfToken(null);
          setMe(null);
          // Read from window, not the router, so the listener need not re-subscribe on every navigation.
          const login = loginPageFor(window.location.pathname);
          if (window.location.pathname !== login) {
            const next = window.location.pathname + window.location.search;
            navigate(login === LOGIN_PATH ? loginPathFor(next) : `${login}?next=${encodeURIComponent(next)}`);
          }
        } else {
          setMe((current) => (current ? { ...current, mustChangePassword: true } : current));
          navigate(CHANGE_PASSWORD_PATH);
        }
      }),
    [navigate],
  );

  const value = useMemo<SessionValue>(
    () => ({
      me,
      refresh,
      signIn,
      signOut,
      can: (permission) => Boolean(me?.permissions.includes(permission)),
    }),
    [me, refresh, signIn, signOut],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only for components rendered inside RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside RequireSession');
  return me;
}

/**
 * Gate for console pages: loads `/api/me` once, sends strangers to the login page and people with a seeded
 * password to the change-password page before anything else.
 */
export function RequireSession({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const location = useLocation();
  const [failure, setFailure] = useState<string | null>(null);

  // Clearing the failure (the retry button) runs this again.
  useEffect(() => {
    if (me !== undefined || failure) return;
    refresh().catch((e) => setFailure(errorText(e)));
  }, [me, refresh, failure]);

  if (failure) {
    return (
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
    );
  }
  if (me === undefined) {
    return (
      <div style={{ display: 'flex', justifyContent: 'center', padding: 96 }}>
        <Spin size="large" />
      </div>
    );
  }
  if (me === null) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  if (me.mustChangePassword && !allowPasswordChange) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  // A resident account has no console: its home is the portal's 我的办件.
  if (me.kind === 'resident' && !allowPasswordChange) return <Navigate to="/my" replace />;
  return <>{children}</>;
}
