import { SwapOutlined } from '@ant-design/icons';
import { Alert, Empty, Modal, Select, Space, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../portal/useLoad.ts';
import { type Comparison, compare, type VersionSummary } from './catalogApi.ts';
import { pathOf } from './editorValues.ts';
import { type Terms, useTerms, type VocabularyName } from './terms.ts';

/** Which vocabulary labels the values of a field (by the last key of its path). */
const VOCAB_OF: Record<string, VocabularyName> = {
  type: 'itemTypes',
  kind: 'handlingKinds',
  form: 'materialForms',
  source: 'materialSources',
  unit: 'limitUnits',
  targetLevel: 'escalationLevels',
  themes: 'themes',
};

/** A key inside a list entry or an object field (the copies of a material, the unit of a limit). */
function subLabel(t: TFunction, key: string): string {
  return t(`catalog.field.sub.${key}`, { defaultValue: key });
}

/** `materials[2].copies` → 「申请材料 · 第 3 项 · 份数」. */
export function fieldLabel(t: TFunction, field: string): string {
  const parts: string[] = [];
  pathOf(field).forEach((p, i) => {
    if (typeof p === 'number') parts.push(t('catalog.compare.entry', { n: p + 1 }));
    else parts.push(i === 0 ? t(`catalog.field.${p}`, { defaultValue: p }) : subLabel(t, p));
  });
  return parts.join(' · ');
}

function isLimit(v: unknown): v is { value: number; unit: string } {
  return typeof v === 'object' && v !== null && 'value' in v && 'unit' in v;
}

/** A value as a reviewer reads it: labels instead of codes, limits in words, whole list entries by name. */
export function formatValue(t: TFunction, terms: Terms, field: string, value: unknown): string {
  if (value === undefined) return t('catalog.compare.absent');
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('portal.yes') : t('portal.no');
  const path = pathOf(field);
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  if (typeof value === 'string' && last && VOCAB_OF[last]) return terms.label(VOCAB_OF[last], value);
  if (isLimit(value)) return terms.limit(value as never);
  if (Array.isArray(value)) return value.map((v) => formatValue(t, terms, field, v)).join(t('listSeparator'));
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const head = typeof o.name === 'string' ? o.name : typeof o.question === 'string' ? o.question : null;
    if (head !== null) {
      const rest = Object.entries(o)
        .filter(
          ([k, v]) => k !== 'name' && k !== 'question' && v !== null && v !== '' && !k.endsWith('FileId'),
        )
        .map(([k, v]) => `${subLabel(t, k)}${t('catalog.editor.colon')}${formatValue(t, terms, k, v)}`);
      return rest.length
        ? `${head}${t('catalog.compare.details', { details: rest.join(t('catalog.compare.detailSeparator')) })}`
        : head;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

export function ChangesTable({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const terms = useTerms();
  if (comparison.changes.length === 0) {
    return <Empty description={t('catalog.compare.same')} data-testid="compare-same" />;
  }
  return (
    <Table
      size="small"
      rowKey="field"
      data-testid="compare-table"
      dataSource={comparison.changes}
      pagination={comparison.changes.length > 20 ? { pageSize: 20, size: 'small' } : false}
      scroll={{ x: 600 }}
      onRow={(c) => ({ 'data-testid': `compare-row-${c.field}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'field',
          title: t('catalog.compare.field'),
          width: 200,
          render: (_, c) => (
            <Space orientation="vertical" size={0}>
              <span>{fieldLabel(t, c.field)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {c.field}
              </Typography.Text>
            </Space>
          ),
        },
        {
          key: 'before',
          title: t('catalog.compare.before', { v: comparison.from.version }),
          render: (_, c) => (
            <span className="bm-before bm-pre">{formatValue(t, terms, c.field, c.before)}</span>
          ),
        },
        {
          key: 'after',
          title: t('catalog.compare.after', { v: comparison.to.version }),
          render: (_, c) => (
            <span className="bm-after bm-pre">{formatValue(t, terms, c.field, c.after)}</span>
          ),
        },
      ]}
    />
  );
}

interface Props {
  open: boolean;
  versions: VersionSummary[];
  initialFrom: string | undefined;
  initialTo: string | undefined;
  onClose(): void;
}

/** Two versions of one item side by side, field by field: what a reviewer checks before publishing. */
export function CompareModal({ open, versions, initialFrom, initialTo, onClose }: Props) {
  const { t } = useTranslation();
  const terms = useTerms();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const ready = Boolean(open && from && to && from !== to);
  const result = useLoad(
    (signal) => (ready ? compare(from!, to!, signal) : Promise.resolve(undefined)),
    [ready, from, to],
  );
  const options = versions.map((v) => ({
    value: v.id,
    label: `v${v.version} · ${terms.label('statuses', v.status)}`,
  }));
  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      width={900}
      title={t('catalog.compare.title')}
      destroyOnHidden
    >
      <div data-testid="compare-modal">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={from}
            onChange={setFrom}
            options={options}
            style={{ width: 160 }}
            data-testid="compare-from"
          />
          <SwapOutlined
            onClick={() => {
              setFrom(to);
              setTo(from);
            }}
            aria-label={t('catalog.compare.swap')}
          />
          <Select
            value={to}
            onChange={setTo}
            options={options}
            style={{ width: 160 }}
            data-testid="compare-to"
          />
        </Space>
        {from === to && <Alert type="info" showIcon title={t('catalog.compare.pickTwo')} />}
        {result.error && <Alert type="error" showIcon title={result.error} />}
        {ready && result.data && result.data.from.id === from && result.data.to.id === to && (
          <ChangesTable comparison={result.data} />
        )}
      </div>
    </Modal>
  );
}
