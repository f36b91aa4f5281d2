import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import i18next from 'i18next';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, buildUrl, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import { OrgSelect } from './OrgSelect.tsx';
import type { AuditEntry, ListResult } from './types.ts';
import { useDebounced } from './useDebounced.ts';

/** What the server records today; new actions still show, with their code, until they get a label. */
/**
 * The actions and object types the filters offer are the ones the i18n files name, so a module that
 * starts auditing something adds its labels there and the filter knows it.
 */
function keysOf(section: string): string[] {
  const bundle = i18next.getResourceBundle(i18next.resolvedLanguage ?? 'zh-CN', 'translation') as Record<
    string,
    unknown
  >;
  const walk = (node: unknown, prefix: string): string[] =>
    node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];
  return walk(bundle[section], '');
}

interface Filters {
  org?: string;
  entityType?: string;
  action?: string;
  range: [Dayjs | null, Dayjs | null] | null;
}

const ZONE = 'Asia/Shanghai';

/** Dates are picked as Beijing calendar days and sent as the instants that bound them. */
function filterQuery(f: Filters) {
  const [from, to] = f.range ?? [null, null];
  return {
    org: f.org,
    entityType: f.entityType,
    action: f.action,
    from: from ? dayjs.tz(from.format('YYYY-MM-DD'), ZONE).startOf('day').toISOString() : undefined,
    to: to ? dayjs.tz(to.format('YYYY-MM-DD'), ZONE).endOf('day').toISOString() : undefined,
  };
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="bm-json">{JSON.stringify(value, null, 2)}</pre>;
}

function BeforeAfter({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 8]} data-testid={`audit-detail-${entry.id}`}>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.before')}</Typography.Text>
        <Json value={entry.before} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.after')}</Typography.Text>
        <Json value={entry.after} />
      </Col>
    </Row>
  );
}

function rowAttrs(entry: AuditEntry): HTMLAttributes<HTMLElement> {
  // Spread, because antd's onRow type has no room for data-* keys in an object literal.
  const attrs: Record<string, string> = {
    'data-testid': `audit-row-${entry.id}`,
    'data-action': entry.action,
  };
  return { ...attrs };
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({ range: null });
  const debounced = useDebounced(filters, 300);
  const query = useMemo(() => filterQuery(debounced), [debounced]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<ListResult<AuditEntry>>('/api/audit', { ...query, page, pageSize }, controller.signal)
      .then((res) => {
        setRows(res.items);
        setTotal(res.total);
      })
      .catch((e) => controller.signal.aborted || message.error(errorText(e)))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [query, page, pageSize, message]);

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.at'), render: (_, e) => formatTime(e.at), width: 170 },
    { key: 'actor', title: t('audit.actor'), render: (_, e) => e.actorName ?? '—' },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_, e) => (
        <Space size={4} wrap>
          <span>{t(`auditAction.${e.action}`, { defaultValue: '' })}</span>
          <Tag>{e.action}</Tag>
        </Space>
      ),
    },
    {
      key: 'entityType',
      title: t('audit.entityType'),
      render: (_, e) => t(`entityType.${e.entityType}`, { defaultValue: e.entityType }),
    },
    {
      key: 'entityId',
      title: t('audit.entityId'),
      render: (_, e) => <Typography.Text code>{e.entityId}</Typography.Text>,
    },
    { key: 'org', title: t('audit.org'), render: (_, e) => e.orgCode ?? '—' },
    { key: 'ip', title: t('audit.ip'), render: (_, e) => e.ip ?? '—' },
  ];

  return (
    <Card
      title={t('nav.audit')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={buildUrl('/api/audit/export.xlsx', {
            ...query,
            lang: i18n.language === 'en' ? 'en' : 'zh-CN',
          })}
          download
          data-testid="audit-export"
        >
          {t('audit.export')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgSelect
          value={filters.org}
          onChange={(org) => change({ org })}
          allowClear
          placeholder={t('audit.filterOrg')}
          style={{ width: 240 }}
          testId="audit-org-filter"
        />
        <Select<string>
          allowClear
          placeholder={t('audit.filterEntityType')}
          value={filters.entityType}
          onChange={(entityType) => change({ entityType })}
          options={keysOf('entityType').map((e) => ({ value: e, label: t(`entityType.${e}`) }))}
          style={{ width: 140 }}
          data-testid="audit-entity-filter"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.filterAction')}
          value={filters.action}
          onChange={(action) => change({ action })}
          options={keysOf('auditAction').map((a) => ({ value: a, label: t(`auditAction.${a}`) }))}
          style={{ width: 180 }}
          data-testid="audit-action-filter"
        />
        <DatePicker.RangePicker
          value={filters.range}
          onChange={(range) => change({ range })}
          allowEmpty={[true, true]}
        />
      </Space>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 'max-content' }}
        onRow={rowAttrs}
        expandable={{ expandedRowRender: (entry) => <BeforeAfter entry={entry} /> }}
        pagination={tablePagination(t, { page, pageSize, total }, (p, s) => {
          setPage(p);
          setPageSize(s);
        })}
      />
    </Card>
  );
}
