import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame for pages anyone may open: the portal landing page, sign-in and errors. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="bm-public-header" style={{ background: '#c8161d', color: '#fff' }}>
        <Link to="/" className="bm-brand" style={{ color: '#fff' }} data-testid="brand">
          {t('app.portalName')}
        </Link>
        <span className="bm-spacer" />
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 16px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', fontSize: 12 }}>{t('app.footer')}</Layout.Footer>
    </Layout>
  );
}
