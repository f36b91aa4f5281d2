import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../shell/session.tsx';
import { ComplaintsTab } from './ComplaintsTab.tsx';
import { RatingsTab } from './RatingsTab.tsx';
import { RectificationsTab } from './RectificationsTab.tsx';

const TABS = ['rectifications', 'ratings', 'complaints'] as const;
type Tab = (typeof TABS)[number];

/**
 * /console/feedback/:tab — 好差评与投诉: the rectification orders with their lights and actions, the ratings
 * list, and the complaints inbox of the supervision office.
 */
export function FeedbackConsole() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { '*': rest = '' } = useParams();
  const tab: Tab = (TABS as readonly string[]).includes(rest) ? (rest as Tab) : 'rectifications';
  const supervisor = me.roles.some((r) => r.role === 'supervisor');
  const reader = supervisor || me.roles.some((r) => r.role === 'leader');
  return (
    <Card data-testid="feedback-console">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('feedback.console.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/console/feedback/${k}`)}
        destroyOnHidden
        items={TABS.map((k) => ({
          key: k,
          label: <span data-testid={`feedback-tab-${k}`}>{t(`feedback.console.${k}`)}</span>,
          children:
            k === 'rectifications' ? (
              <RectificationsTab supervisor={supervisor} />
            ) : k === 'ratings' ? (
              <RatingsTab />
            ) : (
              <ComplaintsTab reader={reader} />
            ),
        }))}
      />
    </Card>
  );
}
