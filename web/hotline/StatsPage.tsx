import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../portal/useLoad.ts';
import { fetchStatistics, type StatRow, statisticsExportUrl } from './hotlineApi.ts';

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 12345 statistics for a period: by category and by receiving org, with the Excel export. */
export function StatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const stats = useLoad((signal) => fetchStatistics(q, signal), [q.from, q.to]);
  const columns: ColumnsType<StatRow> = [
    { title: t('hotline.stats.column.name'), dataIndex: 'name' },
    { title: t('hotline.stats.column.volume'), dataIndex: 'volume', align: 'right' },
    { title: t('hotline.stats.column.replied'), dataIndex: 'replied', align: 'right' },
    { title: t('hotline.stats.column.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: percent },
    { title: t('hotline.stats.column.overdueOpen'), dataIndex: 'overdueOpen', align: 'right' },
    { title: t('hotline.stats.column.revisited'), dataIndex: 'revisited', align: 'right' },
    {
      title: t('hotline.stats.column.satisfactionRate'),
      dataIndex: 'satisfactionRate',
      align: 'right',
      render: percent,
    },
    { title: t('hotline.stats.column.sendBacks'), dataIndex: 'sendBacks', align: 'right' },
    { title: t('hotline.stats.column.merged'), dataIndex: 'merged', align: 'right' },
  ];
  const table = (rows: StatRow[] | undefined, testId: string) => (
    <Table<StatRow>
      rowKey="code"
      size="small"
      pagination={false}
      columns={columns}
      loading={stats.loading}
      dataSource={rows ?? []}
      scroll={{ x: 800 }}
      data-testid={testId}
      summary={() =>
        stats.data ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('hotline.stats.total')}</Table.Summary.Cell>
            {columns.slice(1).map((c, i) => {
              const key = (c as { dataIndex: keyof StatRow }).dataIndex;
              const v = stats.data!.total[key];
              return (
                <Table.Summary.Cell key={String(key)} index={i + 1} align="right">
                  {key === 'onTimeRate' || key === 'satisfactionRate'
                    ? percent(v as number | null)
                    : String(v)}
                </Table.Summary.Cell>
              );
            })}
          </Table.Summary.Row>
        ) : null
      }
    />
  );
  return (
    <Card data-testid="hotline-stats">
      <Flex wrap gap={12} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('hotline.stats.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Button icon={<DownloadOutlined />} href={statisticsExportUrl(q)} data-testid="stats-export">
            {t('hotline.stats.export')}
          </Button>
        </Flex>
      </Flex>
      {stats.error && <Alert type="error" showIcon title={stats.error} />}
      <Typography.Title level={5}>{t('hotline.stats.byCategory')}</Typography.Title>
      {table(stats.data?.byCategory, 'stats-by-category')}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('hotline.stats.byOrg')}
      </Typography.Title>
      {table(stats.data?.byOrg, 'stats-by-org')}
    </Card>
  );
}
