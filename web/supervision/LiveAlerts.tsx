import { App, Button, Flex } from 'antd';
import { type CSSProperties, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { claimPopups } from '../notify/liveStore.ts';
import { minute } from './format.ts';
import { type AnsweredEvent, LIVE, type UrgeEvent, useLiveEvents, type WarningEvent } from './live.ts';

const URGENT: CSSProperties = { background: '#fff1f0', border: '2px solid #cf1322' };
const WARN: CSSProperties = { background: '#fffbe6', border: '1px solid #faad14' };
const SEVERITY: Record<string, number> = { yellow: 1, red: 2, overdue: 3 };
export const URGES_PATH = '/console/supervision/urges';

interface Popup {
  key: string;
  level: 'urgent' | 'warn' | 'info';
  title: string;
  text: string;
  caseId: string;
  caseNumber: string;
  answer?: boolean;
}

/**
 * Pops up, in every console page, what the reports say a handler must not miss: an urge (督办) on one of
 * their cases, an urge escalated to them, and a clock turning yellow, red or overdue. Urges and red or
 * overdue clocks stay until closed and are shown in red; a yellow warning fades, and so does the answer
 * to an urge the person made. A case shows one warning, its worst; the bell does not pop up its plain copy
 * of these messages. Mounted once, in the console layout; the events come on the bell's stream.
 */
export function LiveAlerts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // The bell's own instance: one list of pop-ups in the corner, not two drawn over each other.
  const { notification } = App.useApp();
  // These messages still reach the bell's count and the inbox; the pop-up is this one, with the case.
  useEffect(() => claimPopups(['urge', 'urge_escalated', 'urge_answered', 'warning']), []);
  const worst = useRef(new Map<string, number>()).current;

  const show = (o: Popup) => {
    const go = (path: string) => {
      notification.destroy(o.key);
      navigate(path);
    };
    const urgent = o.level === 'urgent';
    notification[urgent ? 'error' : o.level === 'warn' ? 'warning' : 'info']({
      key: o.key,
      title: o.title,
      description: o.text,
      duration: urgent ? false : 10,
      placement: 'topRight',
      className: 'bm-supervision-popup',
      styles: { root: urgent ? URGENT : o.level === 'warn' ? WARN : {} },
      role: 'alert',
      props: { 'data-testid': 'supervision-popup', 'data-case': o.caseNumber } as never,
      actions: (
        <Flex gap={8}>
          {o.answer && (
            <Button size="small" onClick={() => go(URGES_PATH)} data-testid="popup-answer">
              {t('supervision.live.answer')}
            </Button>
          )}
          <Button
            size="small"
            type="primary"
            danger={urgent}
            onClick={() => go(`/console/cases/${encodeURIComponent(o.caseId)}`)}
            data-testid="popup-open-case"
          >
            {t('supervision.live.openCase')}
          </Button>
        </Flex>
      ),
    });
  };

  const onWarning = (w: WarningEvent) => {
    const severity = SEVERITY[w.kind];
    if (!severity || !w.caseId) return;
    // One pop-up per case: a clock jumping from green to overdue sends three warnings; show the worst.
    if ((worst.get(w.caseId) ?? 0) >= severity) return;
    worst.set(w.caseId, severity);
    show({
      key: `warning:${w.caseId}`,
      level: w.kind === 'yellow' ? 'warn' : 'urgent',
      title: t(`supervision.live.warning.${w.kind}`, { caseNumber: w.caseNumber }),
      text: t('supervision.live.warningText', { clock: w.clockName, deadline: minute(w.deadline) }),
      caseId: w.caseId,
      caseNumber: w.caseNumber,
    });
  };

  useLiveEvents([LIVE.urge, LIVE.escalated, LIVE.warning, LIVE.answered], (type, data) => {
    if (!data || typeof data !== 'object') return;
    if (type === LIVE.warning) return onWarning(data as WarningEvent);
    if (type === LIVE.answered) {
      const a = data as AnsweredEvent;
      return show({
        key: `answered:${a.urgeId}`,
        level: 'info',
        title: t('supervision.live.answeredTitle', { caseNumber: a.caseNumber }),
        text: t('supervision.live.answeredText', { by: a.answeredBy, reply: a.reply }),
        caseId: a.caseId,
        caseNumber: a.caseNumber,
      });
    }
    const u = data as UrgeEvent;
    if (!u.caseId) return;
    const escalated = type === LIVE.escalated;
    show({
      key: `urge:${u.urgeId}`,
      level: 'urgent',
      title: t(escalated ? 'supervision.live.escalatedTitle' : 'supervision.live.urgeTitle', {
        caseNumber: u.caseNumber,
      }),
      text: t(escalated ? 'supervision.live.escalatedText' : 'supervision.live.urgeText', {
        by: u.byName,
        note: u.note,
        replyBy: u.replyBy,
        handler: u.handlerName ?? '',
      }),
      caseId: u.caseId,
      caseNumber: u.caseNumber,
      answer: !escalated,
    });
  });

  return null;
}
