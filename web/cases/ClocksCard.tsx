import { Card, Empty, Table, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../i18n/index.ts';
import type { ClockView } from './casesApi.ts';
import { LightTag } from './LightTag.tsx';
import { useCaseTerms } from './terms.ts';

const FIXED_CLOCKS = new Set(['acceptance', 'on_the_spot', 'decision', 'preliminary', 'delivery']);

/** The statutory clocks of the case: deadline, light, paused, what is left (or by how much it is late). */
export function ClocksCard({ clocks }: { clocks: ClockView[] | undefined }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const nameOf = (c: ClockView) =>
    FIXED_CLOCKS.has(c.key) ? t(`cases.clockName.${c.key}`, { defaultValue: c.name }) : c.name;
  const columns: TableColumnsType<ClockView> = [
    { key: 'name', title: t('cases.clock.name'), render: (_, c) => nameOf(c) },
    {
      key: 'deadline',
      title: t('cases.field.deadline'),
      render: (_, c) => c.deadlineDate ?? (c.deadline ? formatTime(c.deadline).slice(0, 16) : '—'),
    },
    {
      key: 'light',
      title: t('cases.field.light'),
      render: (_, c) =>
        c.stopped ? (
          <Tag data-testid={`clock-${c.key}-stopped`}>{t('cases.clock.stopped')}</Tag>
        ) : (
          <LightTag
            light={c.light}
            overdue={(c.overdueBy ?? 0) > 0}
            paused={c.paused}
            testId={`clock-${c.key}-light`}
          />
        ),
    },
    {
      key: 'left',
      title: t('cases.clock.left'),
      responsive: ['sm'],
      render: (_, c) => {
        if (c.stopped || c.left === null) return '—';
        return (c.overdueBy ?? 0) > 0
          ? t('cases.clock.overdueBy', { value: c.overdueBy, unit: terms.unit(c.unit) })
          : t('cases.clock.leftValue', { value: c.left, unit: terms.unit(c.unit) });
      },
    },
  ];
  return (
    <Card size="small" title={t('cases.detail.clocks')} data-testid="clocks-card">
      {clocks && clocks.length > 0 ? (
        <Table<ClockView>
          rowKey="key"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={clocks}
          onRow={(c) => ({ 'data-testid': `clock-${c.key}` }) as React.HTMLAttributes<HTMLElement>}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.clock.none')} />
      )}
    </Card>
  );
}
