import { FullscreenOutlined } from '@ant-design/icons';
import { Alert, Button, ConfigProvider, Flex, Result, theme } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../shell/session.tsx';
import { SCREEN_ROLES, useSupervisionAccess } from './access.ts';
import { DashboardCharts, Kpis } from './DashboardParts.tsx';
import { useOwnLiveStream } from './live.ts';
import { useDashboard } from './useDashboard.ts';
import './screen.css';

const AUTO_REFRESH_MS = 60_000;

/** /screen — the hall's display (大屏): no menus, dark, large figures; a supervisor, leader or admin only. */
export function ScreenPage() {
  const { t } = useTranslation();
  const access = useSupervisionAccess();
  if (!access.screen) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('supervision.screen.forbidden')}
        extra={<Link to="/console">{t('supervision.screen.back')}</Link>}
      />
    );
  }
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <Screen />
    </ConfigProvider>
  );
}

function Clock() {
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span className="bm-screen-clock">{now.tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss')}</span>;
}

function Screen() {
  const { t } = useTranslation();
  const me = useMe();
  useOwnLiveStream();
  const data = useDashboard(1000);
  const { refresh } = data;
  useEffect(() => {
    const timer = setInterval(refresh, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const scope = me.roles.find((r) => (SCREEN_ROLES as readonly string[]).includes(r.role))?.orgName ?? '';

  return (
    <div className="bm-screen" data-testid="screen-page">
      <Flex align="center" justify="space-between" className="bm-screen-head">
        <Clock />
        <h1 className="bm-screen-title">{t('supervision.screen.title', { scope })}</h1>
        <Button
          type="text"
          icon={<FullscreenOutlined />}
          className="bm-screen-fs"
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
          aria-label={t('supervision.screen.fullscreen')}
          title={t('supervision.screen.fullscreen')}
        />
      </Flex>
      {data.error && <Alert type="error" showIcon title={data.error} style={{ marginBottom: 12 }} />}
      <Flex vertical gap={16}>
        <Kpis data={data} big />
        <DashboardCharts data={data} big />
      </Flex>
    </div>
  );
}
