import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Grid, Input, Select, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import { CaseTable } from './CaseTable.tsx';
import { type CaseFilters, listCases } from './casesApi.ts';
import { useCaseTerms } from './terms.ts';

const VIEWS = ['todo', 'done', 'all'] as const;
type View = (typeof VIEWS)[number];

/** /console/cases — 我的待办 / 已办 / 全部, with the deadline light of every case. */
export function CaseListPage() {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const me = useMe();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const view: View = (VIEWS as readonly string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'todo';
  const status = params.get('status') ?? undefined;
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const isClerk = me.roles.some((r) => r.role === 'window_staff');

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setPage(1);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled change of the text counts
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) set('q', q || undefined);
  }, [q]);

  const filters: CaseFilters = { view, status, q: params.get('q') ?? undefined };
  const list = useLoad(
    (signal) => listCases({ ...filters, page, pageSize }, signal),
    [params.toString(), view, page, pageSize],
  );

  return (
    <div data-testid="case-list-page">
      <Card size={narrow ? 'small' : undefined}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('cases.list.title')}
          </Typography.Title>
          {isClerk && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/console/cases/workbench')}
              data-testid="open-workbench"
            >
              {t('cases.workbench.title')}
            </Button>
          )}
        </Flex>
        <Tabs
          activeKey={view}
          onChange={(k) => set('view', k === 'todo' ? undefined : k)}
          items={VIEWS.map((v) => ({
            key: v,
            label: <span data-testid={`tab-${v}`}>{t(`cases.list.view.${v}`)}</span>,
          }))}
        />
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('cases.list.search')}
            style={{ width: narrow ? '100%' : 280 }}
            data-testid="case-filter-q"
          />
          <Select<string>
            allowClear
            value={status}
            onChange={(v) => set('status', v)}
            placeholder={t('cases.list.status')}
            options={terms.statusOptions()}
            style={{ width: narrow ? 'calc(50% - 4px)' : 160 }}
            popupMatchSelectWidth={false}
            data-testid="case-filter-status"
          />
        </Flex>
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginTop: 12 }} />}
        <div style={{ marginTop: 12 }}>
          <CaseTable
            items={list.data?.items ?? []}
            loading={list.loading}
            page={page}
            pageSize={pageSize}
            total={list.data?.total ?? 0}
            onPage={(p, size) => {
              setPage(p);
              setPageSize(size);
            }}
          />
        </div>
      </Card>
    </div>
  );
}
