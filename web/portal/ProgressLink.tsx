import { FileSearchOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { progressPath } from './ProgressPage.tsx';

/** The public progress page of a case, as anyone holding the receipt would open it. */
export function ProgressLink({ caseNumber, code }: { caseNumber: string; code: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      icon={<FileSearchOutlined />}
      block
      onClick={() => navigate(progressPath(caseNumber, code))}
      data-testid="progress-link"
    >
      {t('portalCases.apply.openProgress')}
    </Button>
  );
}
