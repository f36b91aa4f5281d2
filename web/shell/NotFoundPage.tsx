import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PublicLayout } from './PublicLayout.tsx';

export function NotFoundResult({ home = '/' }: { home?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title="404"
        subTitle={t('notFound.text')}
        extra={
          <Button type="primary" onClick={() => navigate(home)}>
            {t('notFound.back')}
          </Button>
        }
      />
    </div>
  );
}

export function NotFoundPage() {
  return (
    <PublicLayout>
      <NotFoundResult />
    </PublicLayout>
  );
}
