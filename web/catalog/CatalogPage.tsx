import { DownloadOutlined, DownOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Flex,
  Grid,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorText } from '../api.ts';
import { OrgSelect } from '../org/OrgSelect.tsx';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useSession } from '../shell/session.tsx';
import {
  download,
  exportUrl,
  type ItemFilters,
  type ItemListEntry,
  listItems,
  TEMPLATE_URL,
} from './catalogApi.ts';
import { ImportModal } from './ImportModal.tsx';
import { STATUS_COLORS, useTerms } from './terms.ts';
import './catalog.css';
import { tablePagination } from '../shell/tablePagination.ts';

const FILTER_KEYS = ['q', 'department', 'status', 'level', 'type'] as const;
type Filters = ItemFilters & { type?: string };
/** The type filter runs here (the API filters by everything else), over at most this many items. */
const TYPE_SCAN = 500;

export function StatusTag({ status, version }: { status: string; version?: number }) {
  const terms = useTerms();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {version !== undefined ? `v${version} ` : ''}
      {terms.label('statuses', status)}
    </Tag>
  );
}

/** /console/catalog — the items in the person's scope, with the Excel way in and out. */
export function CatalogPage() {
  const { t } = useTranslation();
  const terms = useTerms();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(
    FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v),
  );
  const [text, setText] = useState(filters.q ?? '');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [importing, setImporting] = useState(false);

  const setFilter = (name: keyof Filters, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setPage(1);
  };

  // The text box writes the address once the typing settles.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled change of the text counts
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setFilter('q', q || undefined);
  }, [q]);

  const { type, ...serverFilters } = filters;
  const key = `${params.toString()}|${type ? 1 : page}|${type ? TYPE_SCAN : pageSize}`;
  const list = useLoad(
    (signal) =>
      listItems({ ...serverFilters, page: type ? 1 : page, pageSize: type ? TYPE_SCAN : pageSize }, signal),
    [key],
  );
  const rows = useMemo(() => {
    const items = list.data?.items ?? [];
    if (!type) return { items, total: list.data?.total ?? 0 };
    const matching = items.filter((i) => i.type === type);
    return { items: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
  }, [list.data, type, page, pageSize]);
  const truncated = Boolean(type && (list.data?.total ?? 0) > TYPE_SCAN);

  const columns: TableColumnsType<ItemListEntry> = [
    {
      key: 'name',
      title: t('catalog.field.name'),
      render: (_, item) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/console/catalog/items/${item.id}`} data-testid={`item-link-${item.id}`}>
            {item.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {narrow ? item.departmentName : item.implementationCode}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'department',
      title: t('catalog.field.department'),
      dataIndex: 'departmentName',
      width: 200,
      responsive: ['md'],
    },
    {
      key: 'level',
      title: t('catalog.field.level'),
      width: 90,
      render: (_, item) => terms.label('levels', item.level),
      responsive: ['lg'],
    },
    {
      key: 'type',
      title: t('catalog.field.type'),
      width: 130,
      render: (_, item) => terms.label('itemTypes', item.type),
      responsive: ['lg'],
    },
    {
      key: 'handling',
      title: t('catalog.field.handlingKind'),
      width: 90,
      render: (_, item) => terms.label('handlingKinds', item.handlingKind),
      responsive: ['xl'],
    },
    {
      key: 'status',
      title: t('catalog.field.status'),
      width: narrow ? 100 : 180,
      render: (_, item) => (
        <Space size={4} wrap data-testid={`item-status-${item.id}`}>
          {item.published && item.published.id !== item.latest.id && (
            <StatusTag status="published" version={item.published.version} />
          )}
          <StatusTag status={item.latest.status} version={item.latest.version} />
        </Space>
      ),
    },
  ];

  const exportMenu = {
    items: [
      { key: 'published', label: t('catalog.export.published') },
      { key: 'latest', label: t('catalog.export.latest') },
      { type: 'divider' as const },
      { key: 'template', label: t('catalog.template') },
    ],
    onClick: ({ key }: { key: string }) => {
      const url =
        key === 'template'
          ? TEMPLATE_URL
          : exportUrl(serverFilters, key === 'latest' ? 'latest' : 'published');
      download(url, 'catalog.xlsx').catch((e) => message.error(errorText(e)));
    },
  };

  return (
    <div data-testid="catalog-page">
      <Card size={narrow ? 'small' : undefined}>
        <Flex wrap gap={12} align="center" justify="space-between" style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('catalog.title')}
          </Typography.Title>
          <Space wrap>
            {can('catalog.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/console/catalog/new')}
                data-testid="catalog-new"
              >
                {t('catalog.newItem')}
              </Button>
            )}
            {can('catalog.write') && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="catalog-import"
              >
                {t('catalog.import.open')}
              </Button>
            )}
            <Dropdown menu={exportMenu} trigger={['click']}>
              <Button icon={<DownloadOutlined />} data-testid="catalog-export">
                {t('catalog.export.open')} <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Flex>
        <Flex wrap gap={8} className="bm-catalog-filters">
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('catalog.filter.text')}
            style={{ width: narrow ? '100%' : 260 }}
            data-testid="catalog-filter-text"
          />
          <OrgSelect
            value={filters.department}
            onChange={(code) => setFilter('department', code)}
            placeholder={t('catalog.filter.department')}
            allowClear
            style={{ width: narrow ? '100%' : 240 }}
            testId="catalog-filter-department"
          />
          <Select<string>
            allowClear
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            placeholder={t('catalog.filter.status')}
            options={terms.options('statuses')}
            style={{ width: narrow ? 'calc(50% - 4px)' : 140 }}
            data-testid="catalog-filter-status"
          />
          <Select<string>
            allowClear
            value={filters.type}
            onChange={(v) => setFilter('type', v)}
            placeholder={t('catalog.filter.type')}
            options={terms.options('itemTypes')}
            style={{ width: narrow ? 'calc(50% - 4px)' : 160 }}
            data-testid="catalog-filter-type"
            popupMatchSelectWidth={false}
          />
          <Select<string>
            allowClear
            value={filters.level}
            onChange={(v) => setFilter('level', v)}
            placeholder={t('catalog.filter.level')}
            options={terms.options('levels')}
            style={{ width: narrow ? 'calc(50% - 4px)' : 120 }}
            data-testid="catalog-filter-level"
          />
        </Flex>
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginTop: 12 }} />}
        {truncated && (
          <Alert
            type="info"
            showIcon
            title={t('catalog.filter.typeTruncated', { n: TYPE_SCAN })}
            style={{ marginTop: 12 }}
          />
        )}
        <Table<ItemListEntry>
          style={{ marginTop: 12 }}
          rowKey="id"
          size={narrow ? 'small' : 'middle'}
          loading={list.loading}
          columns={columns}
          dataSource={rows.items}
          onRow={(item) =>
            ({
              'data-testid': `item-row-${item.id}`,
              'data-name': item.name,
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={tablePagination(t, { page, pageSize, total: rows.total }, (p, size) => {
            setPage(p);
            setPageSize(size);
          })}
          data-testid="catalog-table"
        />
      </Card>
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
    </div>
  );
}
