import { Card, Grid, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../shell/session.tsx';
import { RegisteredResult } from './RegisteredResult.tsx';
import { type Registered, RegisterForm } from './RegisterForm.tsx';

/** /console/cases/workbench — the window clerk registers a walk-in case and prints what the applicant takes home. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const [result, setResult] = useState<Registered | null>(null);
  // case.handle is shared with approvers and proxies; only a window clerk registers walk-in cases.
  if (!useMe().roles.some((r) => r.role === 'window_staff')) {
    return <Result status="info" subTitle={t('cases.workbench.windowOnly')} />;
  }
  return (
    <div data-testid="workbench-page" style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('cases.workbench.title')}
      </Typography.Title>
      {result ? (
        <RegisteredResult key={result.view.id} result={result} onNext={() => setResult(null)} />
      ) : (
        <Card size={narrow ? 'small' : undefined}>
          <RegisterForm mode="window" onRegistered={setResult} />
        </Card>
      )}
    </div>
  );
}
