import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PublicLayout } from './PublicLayout.tsx';

/** The portal face. Residents' services (guides, progress lookup, ratings) will hang here. */
export function LandingPage() {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <Card data-testid="landing">
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          {t('landing.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('landing.intro')}</Typography.Paragraph>
        <Link to="/console" data-testid="console-link" style={{ fontSize: 16 }}>
          {t('landing.toConsole')} <ArrowRightOutlined />
        </Link>
      </Card>
    </PublicLayout>
  );
}
