import { Alert, Card, Col, DatePicker, Row, Spin, Statistic, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { FeedbackFrame } from './FeedbackFrame.tsx';
import { feedbackApi, type PublicSatisfaction } from './feedbackApi.ts';

type Unit = PublicSatisfaction['windows'][number];

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** /satisfaction — 满意度公示: rates by department and window and what came of bad ratings, no personal data. */
export function SatisfactionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const data = useLoad((signal) => feedbackApi.satisfaction(month, signal), [month]);
  const s = data.data;

  const columns = (nameKey: string): TableColumnsType<Unit> => [
    {
      key: 'name',
      title: t(nameKey),
      render: (_, u) => (u.parentName ? `${u.parentName} · ${u.name}` : u.name),
    },
    { key: 'ratings', title: t('feedback.public.ratings'), dataIndex: 'ratings', width: 90, align: 'end' },
    {
      key: 'satisfied',
      title: t('feedback.public.satisfied'),
      dataIndex: 'satisfied',
      width: 90,
      align: 'end',
    },
    {
      key: 'rate',
      title: t('feedback.public.rate'),
      render: (_, u) => percent(u.rate),
      width: 100,
      align: 'end',
    },
  ];

  return (
    <FeedbackFrame wide>
      <div data-testid="satisfaction-page">
        <h1 className="bm-fb-title">{t('feedback.public.title')}</h1>
        <DatePicker
          picker="month"
          allowClear={false}
          value={s ? dayjs(`${s.month}-01`) : month ? dayjs(`${month}-01`) : dayjs()}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => d && setParams({ month: d.format('YYYY-MM') })}
          style={{ marginBottom: 16 }}
          data-testid="satisfaction-month"
        />
        {data.error && <Alert type="error" showIcon title={data.error} />}
        {data.loading && !s && <Spin />}
        {s && (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={t('feedback.public.overallRate')}
                    value={percent(s.overall.rate)}
                    data-testid="satisfaction-rate"
                  />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('feedback.public.ratings')} value={s.overall.ratings} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('feedback.public.badOpened')} value={s.rectification.opened} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={t('feedback.public.rectifiedShare')}
                    value={percent(
                      s.rectification.opened ? s.rectification.rectified / s.rectification.opened : null,
                    )}
                  />
                </Card>
              </Col>
            </Row>
            <Card size="small" title={t('feedback.public.rectification')} style={{ marginBottom: 16 }}>
              <dl className="bm-fb-facts" data-testid="satisfaction-rectification">
                <dt>{t('feedback.status.rectified')}</dt>
                <dd>{s.rectification.rectified}</dd>
                <dt>{t('feedback.status.cannot_rectify')}</dt>
                <dd>{s.rectification.cannotRectify}</dd>
                <dt>{t('feedback.status.invalid')}</dt>
                <dd>{s.rectification.invalid}</dd>
                <dt>{t('feedback.public.inProgress')}</dt>
                <dd>{s.rectification.inProgress}</dd>
                <dt>{t('feedback.public.overdue')}</dt>
                <dd>{s.rectification.overdue}</dd>
                <dt>{t('feedback.public.revisited')}</dt>
                <dd>
                  {s.rectification.revisited} / {s.rectification.named}
                </dd>
              </dl>
            </Card>
            <div className="bm-fb-table-wrap">
              <Table<Unit>
                size="small"
                rowKey="orgCode"
                title={() => t('feedback.public.byDepartment')}
                columns={columns('feedback.public.department')}
                dataSource={s.departments}
                pagination={false}
                style={{ marginBottom: 16 }}
                data-testid="satisfaction-departments"
              />
              <Table<Unit>
                size="small"
                rowKey="orgCode"
                title={() => t('feedback.public.byWindow')}
                columns={columns('feedback.public.window')}
                dataSource={s.windows}
                pagination={s.windows.length > 20 ? { pageSize: 20 } : false}
                data-testid="satisfaction-windows"
              />
            </div>
          </>
        )}
      </div>
    </FeedbackFrame>
  );
}
