import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from './casesApi.ts';
import { useCaseTerms } from './terms.ts';

/** Actions that end or refuse something are shown as danger buttons, the usual next step as primary. */
const DANGER = new Set(['refuse', 'withdraw', 'pre_review_return', 'return_step']);
const PRIMARY_ORDER = [
  'accept',
  'complete_step',
  'decide',
  'deliver',
  'close',
  'receive',
  'pre_review_pass',
  'give_opinion',
  'escalate',
];

/** The buttons for what the server says the caller may do now (CaseView.actions); nothing else is offered. */
export function ActionBar({ view, onPick }: { view: CaseView; onPick(action: string): void }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const actions = view.actions as string[];
  const primary = PRIMARY_ORDER.find((a) => actions.includes(a));
  if (actions.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="no-actions">
        {t('cases.action.none')}
      </Typography.Text>
    );
  }
  return (
    <Flex wrap gap={8} data-testid="action-bar">
      {actions.map((a) => (
        <Button
          key={a}
          type={a === primary ? 'primary' : 'default'}
          danger={DANGER.has(a)}
          onClick={() => onPick(a)}
          data-testid={`action-${a}`}
        >
          {terms.action(a)}
        </Button>
      ))}
    </Flex>
  );
}
