import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Urge, UrgeStatus } from './supervisionApi.ts';

const COLORS: Record<UrgeStatus, string> = {
  open: 'orange',
  escalated: 'red',
  answered: 'green',
  withdrawn: 'default',
};

/** An urge's status, plus 逾期未回复 while it is open past its date. */
export function UrgeStatusTag({ urge }: { urge: Pick<Urge, 'status' | 'late'> }) {
  const { t } = useTranslation();
  return (
    <span data-testid="urge-status" data-status={urge.status}>
      <Tag color={COLORS[urge.status]}>{t(`supervision.urges.statuses.${urge.status}`)}</Tag>
      {urge.late && <Tag color="red">{t('supervision.urges.late')}</Tag>}
    </span>
  );
}
