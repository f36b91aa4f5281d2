import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  DownOutlined,
  FormOutlined,
  HomeOutlined,
  KeyOutlined,
  LikeOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuOutlined,
  PhoneOutlined,
  ProfileOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { NotificationBell } from '../notify/NotificationBell.tsx';
import { LiveAlerts } from '../supervision/LiveAlerts.tsx';
import { SUPERVISION_NAV } from '../supervision/routes.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PageSpinner } from './PageSpinner.tsx';
import { roleAtLabel } from './roleLabel.ts';
import { CHANGE_PASSWORD_PATH, type Permission, useMe, useSession } from './session.tsx';

interface NavItem {
  path: string;
  labelKey: string;
  icon: ReactNode;
  /**
   * Omitted for pages every signed-in staff member may use (the working-day calendar); a list means any
   * one of them (the catalog, for its authors and its reviewers).
   */
  permission?: Permission | readonly Permission[];
  /** A page made for one role's work (the window's workbench, the proxy's village view). */
  role?: string;
}

/** Whether the person may see a menu entry. */
export function allowed(
  item: NavItem,
  can: (permission: Permission) => boolean,
  roles: readonly { role: string }[] = [],
): boolean {
  if (item.role && !roles.some((r) => r.role === item.role)) return false;
  if (!item.permission) return true;
  return typeof item.permission === 'string' ? can(item.permission) : item.permission.some(can);
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/console/org', labelKey: 'nav.org', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/console/people', labelKey: 'nav.people', icon: <TeamOutlined />, permission: 'people.read' },
  { path: '/console/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
  {
    path: '/console/catalog',
    labelKey: 'catalog.nav',
    icon: <ProfileOutlined />,
    permission: ['catalog.write', 'catalog.review'],
  },
  // The case entries: the more specific paths first, since the menu highlights the first match.
  {
    path: '/console/cases/workbench',
    labelKey: 'cases.nav.workbench',
    icon: <FormOutlined />,
    permission: 'case.handle',
    role: 'window_staff',
  },
  {
    path: '/console/cases/village',
    labelKey: 'cases.nav.village',
    icon: <HomeOutlined />,
    permission: 'case.handle',
    role: 'village_proxy',
  },
  {
    path: '/console/cases',
    labelKey: 'cases.nav.tasks',
    icon: <SolutionOutlined />,
    permission: 'case.read',
  },
  { path: '/console/hotline', labelKey: 'hotline.nav', icon: <PhoneOutlined />, permission: 'case.read' },
  { path: '/console/feedback', labelKey: 'feedback.nav', icon: <LikeOutlined />, permission: 'case.read' },
  SUPERVISION_NAV,
  { path: '/console/calendar', labelKey: 'calendar.nav', icon: <CalendarOutlined /> },
  {
    path: '/console/notifications/outbox',
    labelKey: 'notify.navOutbox',
    icon: <MailOutlined />,
    permission: 'audit.read',
  },
];

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const location = useLocation();
  const items: MenuProps['items'] = NAV_ITEMS.filter((item) => allowed(item, can, me?.roles)).map((item) => ({
    key: item.path,
    icon: item.icon,
    label: (
      <Link to={item.path} onClick={onNavigate} data-testid={`nav-${item.path.split('/').pop()}`}>
        {t(item.labelKey)}
      </Link>
    ),
  }));
  const selected = NAV_ITEMS.find((item) => location.pathname.startsWith(item.path))?.path;
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: 0 }}
    />
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const roles = me.roles.map((r) => roleAtLabel(t, r.role, r.orgName));
  const items: MenuProps['items'] = [
    // On a phone the header has room for an icon only, so the name moves into the menu.
    ...(compact ? [{ key: 'name', label: me.displayName, disabled: true }] : []),
    ...roles.map((label, i) => ({ key: `role-${i}`, label, disabled: true })),
    { type: 'divider' as const },
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
    { key: 'signOut', icon: <LogoutOutlined />, label: t('header.signOut'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate(CHANGE_PASSWORD_PATH);
    if (key === 'signOut') void signOut();
  };
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button type="text" data-testid="user-menu" aria-label={me.displayName} style={{ minWidth: 0 }}>
          <UserOutlined />
          {!compact && (
            <span
              data-testid="user-name"
              style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' }}
            >
              {me.displayName}
            </span>
          )}
          {!compact && roles.length > 0 && (
            <Typography.Text type="secondary" style={{ maxWidth: 260 }} ellipsis data-testid="user-roles">
              {roles.join(t('listSeparator'))}
            </Typography.Text>
          )}
          <DownOutlined />
        </Button>
      </Dropdown>
      <Button
        type="text"
        icon={<LogoutOutlined />}
        onClick={() => void signOut()}
        aria-label={t('header.signOut')}
        title={t('header.signOut')}
        data-testid="sign-out"
      >
        {compact ? null : t('header.signOut')}
      </Button>
    </>
  );
}

/**
 * The staff console frame. On wide screens the menu is a collapsible side bar; on phones it moves into a
 * drawer behind a header button so the content keeps the full width.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider
          theme="light"
          collapsible
          width={200}
          style={{ borderInlineEnd: '1px solid rgba(0,0,0,0.06)' }}
        >
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          className="bm-console-header"
          style={{
            background: '#fff',
            borderBottom: '1px solid rgba(0,0,0,0.06)',
            paddingInline: narrow ? 8 : 12,
            gap: narrow ? 4 : 12,
          }}
        >
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('header.menu')}
              data-testid="menu-toggle"
            />
          )}
          <Link to="/console" className="bm-brand" data-testid="brand">
            {narrow ? t('app.shortName') : t('app.consoleName')}
          </Link>
          <span className="bm-spacer" />
          <NotificationBell />
          <LiveAlerts />
          <LanguageSwitch />
          <UserMenu compact={narrow} />
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 8 : 16, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {narrow && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('app.consoleName')}
          size={240}
          styles={{ body: { padding: 0 } }}
        >
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
