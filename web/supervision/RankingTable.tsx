import { Descriptions, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDICATORS } from '../../core/supervision/index.ts';
import { pct } from './format.ts';
import type { EvaluationResult } from './supervisionApi.ts';

/**
 * A ranking (windows or staff): rank, score, deductions, candidacy, honour; each row opens its indicators.
 * With `onSelect`, candidates get a checkbox to name them (红旗窗口 / 优秀个人).
 */
export function RankingTable({
  kind,
  rows,
  selected,
  onSelect,
}: {
  kind: 'windows' | 'staff';
  rows: EvaluationResult[];
  selected?: string[];
  onSelect?: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<EvaluationResult> = [
    {
      key: 'rank',
      title: t('supervision.evaluation.rank'),
      width: 70,
      render: (_, r) => r.rank ?? <Tooltip title={t('supervision.evaluation.notScored')}>—</Tooltip>,
    },
    { key: 'name', title: t('supervision.evaluation.name'), dataIndex: 'name' },
    {
      key: 'base',
      title: t('supervision.evaluation.baseScore'),
      align: 'right',
      render: (_, r) => r.baseScore ?? '—',
    },
    {
      key: 'deductions',
      title: t('supervision.evaluation.deductions'),
      align: 'right',
      render: (_, r) => (r.deductions ? `−${r.deductions}` : '0'),
    },
    {
      key: 'score',
      title: t('supervision.evaluation.score'),
      align: 'right',
      render: (_, r) => <strong>{r.score ?? '—'}</strong>,
    },
    {
      key: 'honour',
      title: t('supervision.evaluation.honour'),
      render: (_, r) =>
        r.honour ? (
          <Tag color="red" data-testid={`honour-${r.subjectId}`}>
            {t(`supervision.evaluation.honours.${r.honour}`)}
          </Tag>
        ) : r.candidate ? (
          <Tag color="gold">{t('supervision.evaluation.candidate')}</Tag>
        ) : null,
    },
  ];
  return (
    <Table<EvaluationResult>
      rowKey="subjectId"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 30 ? { pageSize: 30 } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('supervision.common.noData') }}
      data-testid={`ranking-${kind}`}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selected,
              onChange: (keys) => onSelect(keys.map(String)),
              getCheckboxProps: (r) =>
                ({ disabled: !r.candidate, 'data-testid': `pick-${r.subjectId}` }) as never,
            }
          : undefined
      }
      expandable={{
        expandedRowRender: (r) => (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 4 }}
            items={INDICATORS.map((k) => ({
              key: k,
              label: t(`supervision.evaluation.indicators.${k}`),
              children: pct(r.indicators[k]),
            }))}
          />
        ),
      }}
    />
  );
}
