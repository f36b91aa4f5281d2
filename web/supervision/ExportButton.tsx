import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { download } from '../catalog/catalogApi.ts';

/** Downloads the Excel file the server makes of the table shown (same query, at most 10 000 rows). */
export function ExportButton({ url, fileName, testId }: { url: string; fileName: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId ?? 'supervision-export'}
      onClick={() => {
        setBusy(true);
        download(url, fileName)
          .catch((e) => message.error(t('supervision.common.exportFailed', { error: errorText(e) })))
          .finally(() => setBusy(false));
      }}
    >
      {t('supervision.common.export')}
    </Button>
  );
}
