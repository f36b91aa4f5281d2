import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DashboardCharts, Kpis } from './DashboardParts.tsx';
import { useDashboard } from './useDashboard.ts';

export const SCREEN_PATH = '/screen';

/** 领导驾驶舱 /console/supervision/dashboard: the county's figures at a glance, live; opens the big screen. */
export function DashboardPage() {
  const { t } = useTranslation();
  const data = useDashboard();
  return (
    <Flex vertical gap={12} data-testid="dashboard-page">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Text type="secondary">{t('supervision.common.live')}</Typography.Text>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={data.refresh}>
            {t('supervision.common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<FullscreenOutlined />}
            href={SCREEN_PATH}
            target="_blank"
            data-testid="open-screen"
          >
            {t('supervision.dashboard.openScreen')}
          </Button>
        </Flex>
      </Flex>
      {data.error && <Alert type="error" showIcon title={data.error} />}
      <Kpis data={data} />
      <DashboardCharts data={data} />
    </Flex>
  );
}
