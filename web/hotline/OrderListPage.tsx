import { Alert, App, Card, Flex, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUSES } from '../../core/hotline/lifecycle.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { type ListView, listOrders } from './hotlineApi.ts';
import { OrderTable } from './parts.tsx';
import { useLive } from './useLive.ts';

const TITLES: Record<ListView, string> = {
  queue: 'hotline.queue.title',
  inbox: 'hotline.inbox.title',
  all: 'hotline.orders.title',
};
const EMPTY: Partial<Record<ListView, string>> = {
  queue: 'hotline.queue.empty',
  inbox: 'hotline.inbox.empty',
};

/**
 * The dispatch desk (queue: to dispatch, send-backs and extensions to review, revisits, closing), the
 * receiving org's inbox with the clock lights (most urgent deadline first), and every order in scope.
 * The list reloads when the live stream says an order was dispatched or needs review.
 */
export function OrderListPage({ view }: { view: ListView }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [status, setStatus] = useState<string | undefined>();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list starts on its first page
  useEffect(() => setPage(1), [view, status, q]);
  const list = useLoad(
    (signal) => listOrders({ view, status, q: q || undefined, page, pageSize }, signal),
    [view, status, q, page, pageSize],
  );
  const { notification } = App.useApp();
  useLive(
    ['hotline.dispatched', 'hotline.review', 'hotline.registered', 'hotline.extension'],
    (type, data) => {
      list.reload();
      // A new order for the receiving org pops up, as the notification bell does for messages.
      if (view === 'inbox' && type === 'hotline.dispatched') {
        const number = (data as { number?: string } | null)?.number ?? '';
        notification.info({
          key: `hotline-${number}`,
          title: t('hotline.inbox.newOrder', { number }),
          placement: 'topRight',
        });
      }
    },
  );

  return (
    <Card data-testid={`hotline-list-${view}`}>
      <Flex wrap gap={12} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t(TITLES[view])}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Select
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('hotline.field.status')}
            value={status}
            onChange={setStatus}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`hotline.status.${s}`) }))}
            data-testid="list-status"
          />
          <Input.Search
            allowClear
            style={{ width: 260 }}
            placeholder={t('hotline.field.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="list-search"
          />
        </Flex>
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <OrderTable
        data={list.data}
        loading={list.loading}
        page={page}
        pageSize={pageSize}
        empty={EMPTY[view] ? t(EMPTY[view]!) : undefined}
        onPage={(p, s) => {
          setPage(p);
          setPageSize(s);
        }}
      />
    </Card>
  );
}
