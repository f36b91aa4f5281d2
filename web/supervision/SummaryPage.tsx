import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { SUMMARY_METRICS } from '../../core/supervision/index.ts';
import { errorText } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { ExportButton } from './ExportButton.tsx';
import { minute, shanghaiToday, yuan } from './format.ts';
import { type SummaryFigures, type SummaryRow, supervisionApi } from './supervisionApi.ts';

interface Row extends SummaryRow {
  children?: Row[];
}

const active = (r: SummaryRow) => SUMMARY_METRICS.some((m) => r.figures[m] !== 0);

/** Centers with their windows beneath them; stations and windows of a center not shown stay on top. */
function asTree(rows: readonly SummaryRow[]): Row[] {
  const centers = new Map(rows.filter((r) => r.kind === 'center').map((r) => [r.orgCode, { ...r } as Row]));
  const top: Row[] = [];
  for (const r of rows) {
    if (r.kind === 'center') top.push(centers.get(r.orgCode)!);
    else {
      const parent = r.centerCode ? centers.get(r.centerCode) : undefined;
      if (parent) parent.children = [...(parent.children ?? []), { ...r }];
      else top.push({ ...r });
    }
  }
  return top;
}

/** 每日汇总 /console/supervision/summary: one day's figures per window and center; generate now; Excel. */
export function SummaryPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const asked = params.get('date');
  const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked <= today ? asked : today;
  const [busy, setBusy] = useState(false);
  // Every window is summarised, most with nothing that day: by default only units with figures are listed.
  const [activeOnly, setActiveOnly] = useState(true);
  const summary = useLoad((signal) => supervisionApi.summary(date, signal), [date]);
  const data = summary.data?.date === date ? summary.data : undefined;

  const generate = async () => {
    setBusy(true);
    try {
      await supervisionApi.generateSummary(date);
      message.success(t('supervision.summary.generated', { date }));
      summary.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const figure = (m: (typeof SUMMARY_METRICS)[number], f: SummaryFigures) =>
    m === 'fees_fen' ? yuan(f[m]) : f[m];
  const columns: TableColumnsType<Row> = [
    { key: 'org', title: t('supervision.summary.unit'), dataIndex: 'orgName', fixed: 'left' },
    {
      key: 'kind',
      title: t('supervision.summary.kind'),
      render: (_, r) => <Tag>{t(`supervision.summary.kinds.${r.kind}`, { defaultValue: r.kind })}</Tag>,
    },
    ...SUMMARY_METRICS.map((m) => ({
      key: m,
      title: t(`supervision.summary.metrics.${m}`),
      align: 'right' as const,
      render: (_: unknown, r: Row) => figure(m, r.figures),
    })),
  ];

  return (
    <Flex vertical gap={12} data-testid="summary-page">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex wrap gap={8} align="center">
          <Typography.Text>{t('supervision.summary.date')}</Typography.Text>
          <DatePicker
            allowClear={false}
            value={dayjs(date)}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            onChange={(d) => d && setParams({ date: d.format('YYYY-MM-DD') }, { replace: true })}
            data-testid="summary-date"
          />
          <Switch
            checked={activeOnly}
            onChange={setActiveOnly}
            checkedChildren={t('supervision.summary.activeOnly')}
            unCheckedChildren={t('supervision.summary.allUnits')}
            data-testid="summary-active-only"
          />
          {data?.generatedAt && (
            <Typography.Text type="secondary" data-testid="summary-generated-at">
              {t('supervision.summary.generatedAt', { at: minute(data.generatedAt) })}
            </Typography.Text>
          )}
        </Flex>
        <Flex wrap gap={8}>
          <Button
            type="primary"
            icon={<ReloadOutlined />}
            loading={busy}
            onClick={generate}
            data-testid="summary-generate"
          >
            {t('supervision.summary.generate')}
          </Button>
          <ExportButton url={supervisionApi.summaryExport(date)} fileName={`summary-${date}.xlsx`} />
        </Flex>
      </Flex>
      {summary.error && <Alert type="error" showIcon title={summary.error} />}
      {data && !data.generatedAt && (
        <Alert
          type="info"
          showIcon
          title={t('supervision.summary.notGenerated', { date })}
          data-testid="summary-none"
        />
      )}
      <Table<Row>
        rowKey="orgCode"
        size="small"
        columns={columns}
        dataSource={data ? asTree(activeOnly ? data.rows.filter(active) : data.rows) : []}
        loading={summary.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.common.noData') }}
        data-testid="summary-table"
        summary={() =>
          data && data.rows.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <strong>{t('supervision.summary.total')}</strong>
              </Table.Summary.Cell>
              {SUMMARY_METRICS.map((m, i) => (
                <Table.Summary.Cell key={m} index={i + 2} align="right">
                  <strong>{figure(m, data.total)}</strong>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Flex>
  );
}
