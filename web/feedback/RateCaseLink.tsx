import { LikeOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { publicLabelOf } from '../../core/cases/lifecycle.ts';
import { ratePath } from './feedbackApi.ts';

/** Public progress labels of the statuses after which a case may be rated (办结, 不予受理). */
const RATEABLE_LABELS = new Set([publicLabelOf('closed'), publicLabelOf('refused')]);

/**
 * "评价本次服务" for the public progress page: shown once the case is finished, it opens /rate with the
 * number and code the page was opened with. Usage: <RateCaseLink caseNumber=… code=… status={shown.status} />.
 */
export function RateCaseLink({
  caseNumber,
  code,
  status,
}: {
  caseNumber: string;
  code: string;
  status: string;
}) {
  const { t } = useTranslation();
  if (!RATEABLE_LABELS.has(status)) return null;
  return (
    <Link to={ratePath(caseNumber, code)} data-testid="progress-rate">
      <Button type="primary" icon={<LikeOutlined />}>
        {t('feedback.rate.link')}
      </Button>
    </Link>
  );
}
