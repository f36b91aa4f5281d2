import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { announce, bindLiveSource, popsUpItself, setUnread, useUnread } from './liveStore.ts';
import { type InboxItem, STREAM_PATH } from './notifyApi.ts';

export const INBOX_PATH = '/console/notifications';

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

/**
 * The console header's bell: the unread count, kept current by the live stream (Server-Sent Events),
 * and a popup for each new message. The browser reconnects a dropped stream by itself; every (re)connect
 * starts with a `ready` event carrying the count, so nothing missed in between is miscounted.
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const unread = useUnread();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  useEffect(() => {
    const source = new EventSource(`${STREAM_PATH}?lang=${lang}`);
    const unbind = bindLiveSource(source);
    source.addEventListener('ready', (event) => {
      const data = parse<{ unread: number }>(event);
      if (data) setUnread(data.unread);
    });
    source.addEventListener('notification', (event) => {
      const item = parse<InboxItem>(event);
      if (!item) return;
      announce(item);
      if (popsUpItself(item)) return;
      notification.info({
        key: item.id,
        title: item.title,
        description: item.text,
        placement: 'topRight',
        className: 'bm-notify-popup',
        onClick: () => navigate(INBOX_PATH),
      });
    });
    return () => {
      unbind();
      source.close();
    };
  }, [lang, notification, navigate]);

  return (
    <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
      <Button
        type="text"
        icon={<BellOutlined />}
        onClick={() => navigate(INBOX_PATH)}
        aria-label={t('notify.bell', { count: unread })}
        title={t('notify.bell', { count: unread })}
        data-testid="notify-bell"
        data-unread={unread}
      />
    </Badge>
  );
}
