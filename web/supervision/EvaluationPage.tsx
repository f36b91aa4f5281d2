import { CalculatorOutlined, CheckOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Popconfirm, Steps, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useSupervisionAccess } from './access.ts';
import { DeductionsCard } from './DeductionsCard.tsx';
import { ExportButton } from './ExportButton.tsx';
import { minute, previousMonth, shanghaiMonth } from './format.ts';
import { RankingTable } from './RankingTable.tsx';
import { SchemeCard } from './SchemeCard.tsx';
import { type Evaluation, supervisionApi } from './supervisionApi.ts';

const STEP_OF = { none: 0, computed: 1, confirmed: 2, published: 3 } as const;
const honoured = (rows: Evaluation['windows']) => rows.filter((r) => r.honour).map((r) => r.subjectId);

/**
 * 月度考评 /console/supervision/evaluation: the scheme, deductions, compute, the rankings, confirming the
 * 红旗窗口 and 优秀个人 among the candidates, publishing (then shown on the portal), Excel.
 */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useSupervisionAccess();
  const [params, setParams] = useSearchParams();
  const thisMonth = shanghaiMonth();
  const asked = params.get('month') ?? '';
  const month = /^\d{4}-\d{2}$/.test(asked) && asked <= thisMonth ? asked : previousMonth(thisMonth);
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const loaded = useLoad((signal) => supervisionApi.evaluation(month, signal), [month, round]);
  const ev = loaded.data?.month === month ? loaded.data : undefined;
  const [windows, setWindows] = useState<string[]>([]);
  const [staff, setStaff] = useState<string[]>([]);

  // The selection starts from the honours already confirmed, else from every candidate.
  useEffect(() => {
    if (!ev) return;
    const named = ev.status === 'confirmed' || ev.status === 'published';
    setWindows(named ? honoured(ev.windows) : ev.windows.filter((r) => r.candidate).map((r) => r.subjectId));
    setStaff(named ? honoured(ev.staff) : ev.staff.filter((r) => r.candidate).map((r) => r.subjectId));
  }, [ev]);

  const run = async (name: string, call: () => Promise<Evaluation>, done: string) => {
    setBusy(name);
    try {
      await call();
      message.success(done);
      setRound((r) => r + 1);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const status = ev?.status ?? 'none';
  const published = status === 'published';
  const canPick = access.supervisor && (status === 'computed' || status === 'confirmed');

  return (
    <Flex vertical gap={12} data-testid="evaluation-page" data-status={status}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex wrap gap={8} align="center">
          <Typography.Text>{t('supervision.evaluation.month')}</Typography.Text>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
            data-testid="evaluation-month"
          />
          {ev && (
            <Typography.Text type="secondary">
              {t('supervision.evaluation.scope', { name: ev.scope.name })}
            </Typography.Text>
          )}
        </Flex>
        <Flex wrap gap={8}>
          {access.supervisor && !published && (
            <Button
              icon={<CalculatorOutlined />}
              loading={busy === 'compute'}
              onClick={() =>
                run('compute', () => supervisionApi.compute(month), t('supervision.evaluation.computed'))
              }
              data-testid="evaluation-compute"
            >
              {status === 'none'
                ? t('supervision.evaluation.compute')
                : t('supervision.evaluation.recompute')}
            </Button>
          )}
          {canPick && (
            <Button
              icon={<CheckOutlined />}
              loading={busy === 'confirm'}
              onClick={() =>
                run(
                  'confirm',
                  () => supervisionApi.confirm(month, { redFlagWindows: windows, excellentStaff: staff }),
                  t('supervision.evaluation.confirmed'),
                )
              }
              data-testid="evaluation-confirm"
            >
              {t('supervision.evaluation.confirm')}
            </Button>
          )}
          {access.urger && status === 'confirmed' && (
            <Popconfirm
              title={t('supervision.evaluation.publishConfirm')}
              onConfirm={() =>
                run('publish', () => supervisionApi.publish(month), t('supervision.evaluation.published'))
              }
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy === 'publish'}
                data-testid="evaluation-publish"
              >
                {t('supervision.evaluation.publish')}
              </Button>
            </Popconfirm>
          )}
          {published && (
            <Link to={`/evaluations/${month}`} target="_blank" data-testid="evaluation-public-link">
              <Button>{t('supervision.evaluation.publicLink')}</Button>
            </Link>
          )}
          {status !== 'none' && (
            <ExportButton
              url={supervisionApi.evaluationExport(month)}
              fileName={`evaluation-${month}.xlsx`}
            />
          )}
        </Flex>
      </Flex>
      {loaded.error && <Alert type="error" showIcon title={loaded.error} />}
      <Card size="small">
        <Steps
          size="small"
          current={STEP_OF[status]}
          items={[
            { title: t('supervision.evaluation.steps.compute'), content: minute(ev?.computedAt) },
            { title: t('supervision.evaluation.steps.confirm'), content: minute(ev?.confirmedAt) },
            { title: t('supervision.evaluation.steps.publish'), content: minute(ev?.publishedAt) },
          ]}
          data-testid="evaluation-steps"
        />
      </Card>
      <SchemeCard canEdit={access.supervisor} onSaved={() => undefined} />
      <DeductionsCard
        month={month}
        evaluation={ev}
        canEdit={access.supervisor}
        round={round}
        onChanged={() => setRound((r) => r + 1)}
      />
      <Card size="small">
        {canPick && (
          <Alert
            type="info"
            showIcon
            title={t('supervision.evaluation.selectHint')}
            style={{ marginBottom: 8 }}
          />
        )}
        <Tabs
          items={[
            {
              key: 'windows',
              label: t('supervision.evaluation.windows'),
              children: (
                <RankingTable
                  kind="windows"
                  rows={ev?.windows ?? []}
                  selected={windows}
                  onSelect={canPick ? setWindows : undefined}
                />
              ),
            },
            {
              key: 'staff',
              label: t('supervision.evaluation.staff'),
              children: (
                <RankingTable
                  kind="staff"
                  rows={ev?.staff ?? []}
                  selected={staff}
                  onSelect={canPick ? setStaff : undefined}
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
