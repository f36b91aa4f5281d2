import { App, Badge, Button, Card, Empty, Flex, Pagination, Segmented, Space, Spin, Typography } from 'antd';
import './notify.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { useSession } from '../shell/session.tsx';
import { onMessage, setUnread, useUnread } from './liveStore.ts';
import { type InboxItem, notifyApi } from './notifyApi.ts';

/** The signed-in person's in-app messages, newest first; a message pushed live reloads the page. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const unread = useUnread();
  const { can } = useSession();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => onMessage(() => setReload((n) => n + 1)), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    notifyApi
      .inbox({ page, pageSize, unread: unreadOnly }, controller.signal)
      .then((res) => {
        // `reload` is read so a pushed message refetches the page.
        void reload;
        setItems(res.items);
        setTotal(res.total);
        setUnread(res.unread);
      })
      .catch((e) => controller.signal.aborted || message.error(errorText(e)))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [page, pageSize, unreadOnly, reload, message]);

  const markRead = useCallback(
    async (item: InboxItem) => {
      if (item.readAt) return;
      try {
        const res = await notifyApi.read(item.id);
        setUnread(res.unread);
        const at = new Date().toISOString();
        setItems((list) => list.map((i) => (i.id === item.id ? { ...i, readAt: at } : i)));
      } catch (e) {
        message.error(errorText(e));
      }
    },
    [message],
  );

  const markAll = async () => {
    try {
      const res = await notifyApi.readAll();
      setUnread(res.unread);
      setReload((n) => n + 1);
      message.success(t('notify.allRead', { count: res.marked }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Card
      title={t('notify.inboxTitle')}
      extra={
        <Button onClick={() => void markAll()} disabled={unread === 0} data-testid="notify-read-all">
          {t('notify.readAll')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Segmented<'all' | 'unread'>
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('notify.all') },
            { value: 'unread', label: t('notify.unreadOnly', { count: unread }) },
          ]}
          data-testid="notify-filter"
        />
      </Space>
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
        ) : (
          <ul className="bm-notify-list">
            {items.map((item) => (
              <li
                key={item.id}
                className="bm-notify-item"
                data-testid={`notify-item-${item.id}`}
                data-read={item.readAt ? 'yes' : 'no'}
              >
                <Flex justify="space-between" align="start" gap={12} wrap>
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Space size={8} wrap>
                      {!item.readAt && <Badge status="processing" />}
                      <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                      <Typography.Text type="secondary">{formatTime(item.createdAt)}</Typography.Text>
                    </Space>
                    <Typography.Paragraph style={{ margin: '4px 0 0' }}>{item.text}</Typography.Paragraph>
                  </div>
                  <Space size={4}>
                    {item.caseId && can('case.read') ? (
                      <Link to={`/console/cases/${item.caseId}`} onClick={() => void markRead(item)}>
                        {t('notify.openCase')}
                      </Link>
                    ) : null}
                    {item.readAt ? null : (
                      <Button
                        size="small"
                        type="link"
                        onClick={() => void markRead(item)}
                        data-testid={`notify-read-${item.id}`}
                      >
                        {t('notify.markRead')}
                      </Button>
                    )}
                  </Space>
                </Flex>
              </li>
            ))}
          </ul>
        )}
      </Spin>
      {total > pageSize || page > 1 ? (
        <Pagination
          style={{ marginTop: 16, textAlign: 'end' }}
          current={page}
          pageSize={pageSize}
          total={total}
          showSizeChanger
          showTotal={(count) => t('table.total', { count })}
          onChange={(p, s) => {
            setPage(p);
            setPageSize(s);
          }}
        />
      ) : null}
    </Card>
  );
}
