import { FlagOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Card, DatePicker, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { minute, previousMonth, shanghaiMonth } from './format.ts';
import { type PublicEvaluation, supervisionApi } from './supervisionApi.ts';
import './supervision.css';

type Scope = PublicEvaluation['scopes'][number];

/** /evaluations → last month's results (the month just evaluated). */
export function PublicEvaluationIndex() {
  return <Navigate to={`/evaluations/${previousMonth(shanghaiMonth())}`} replace />;
}

/**
 * /evaluations/:month — the published 红旗窗口, 优秀个人 and unit ranking of a month, for anyone, on a phone
 * first: lists, not wide tables. Staff appear only when honoured (the server sends nothing else).
 */
export function PublicEvaluationPage() {
  const { t } = useTranslation();
  const { month = '' } = useParams();
  const navigate = useNavigate();
  const valid = /^\d{4}-\d{2}$/.test(month);
  const loaded = useLoad(
    (signal) => (valid ? supervisionApi.publicEvaluation(month, signal) : Promise.resolve(null)),
    [month],
  );
  const data = loaded.data?.month === month ? loaded.data : undefined;

  return (
    <PublicLayout>
      <Flex vertical gap={16} data-testid="public-evaluation" data-month={month}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('supervision.public.title', { month })}
          </Typography.Title>
          <DatePicker
            picker="month"
            allowClear={false}
            value={valid ? dayjs(`${month}-01`) : null}
            disabledDate={(d) => d.format('YYYY-MM') > shanghaiMonth()}
            onChange={(d) => d && navigate(`/evaluations/${d.format('YYYY-MM')}`)}
            aria-label={t('supervision.public.month')}
            inputReadOnly
          />
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('supervision.public.intro')}
        </Typography.Paragraph>
        {loaded.error && <Alert type="error" showIcon title={loaded.error} />}
        {loaded.loading && !data && <Skeleton active />}
        {data && data.scopes.length === 0 && (
          <Empty description={t('supervision.public.none', { month })} data-testid="public-evaluation-none" />
        )}
        {data?.scopes.map((s) => (
          <ScopeResults key={s.code} scope={s} />
        ))}
      </Flex>
    </PublicLayout>
  );
}

function ScopeResults({ scope }: { scope: Scope }) {
  const { t } = useTranslation();
  const score = (n: number | null) => (n === null ? '—' : t('supervision.public.score', { score: n }));
  return (
    <Card
      title={scope.name}
      extra={
        <Typography.Text type="secondary">
          {t('supervision.public.publishedAt', { at: minute(scope.publishedAt) })}
        </Typography.Text>
      }
      data-testid={`public-scope-${scope.code}`}
    >
      <Flex vertical gap={16}>
        <section>
          <Typography.Title level={5}>
            <FlagOutlined style={{ color: '#cf1322' }} /> {t('supervision.public.redFlag')}
          </Typography.Title>
          {scope.redFlagWindows.length === 0 ? (
            <Typography.Text type="secondary">{t('supervision.public.noneNamed')}</Typography.Text>
          ) : (
            <Flex wrap gap={8} data-testid="public-red-flags">
              {scope.redFlagWindows.map((w) => (
                <Tag key={w.name} color="red" style={{ fontSize: 15, padding: '4px 10px' }}>
                  {w.name} · {score(w.score)}
                </Tag>
              ))}
            </Flex>
          )}
        </section>
        <section>
          <Typography.Title level={5}>
            <TrophyOutlined style={{ color: '#d48806' }} /> {t('supervision.public.excellent')}
          </Typography.Title>
          {scope.excellentStaff.length === 0 ? (
            <Typography.Text type="secondary">{t('supervision.public.noneNamed')}</Typography.Text>
          ) : (
            <Flex wrap gap={8} data-testid="public-excellent">
              {scope.excellentStaff.map((p) => (
                <Tag
                  key={`${p.orgName}-${p.name}`}
                  color="gold"
                  style={{ fontSize: 15, padding: '4px 10px' }}
                >
                  {t('supervision.public.staffAt', { name: p.name, org: p.orgName })}
                </Tag>
              ))}
            </Flex>
          )}
        </section>
        <section>
          <Typography.Title level={5}>{t('supervision.public.ranking')}</Typography.Title>
          <ol className="bm-public-ranking" data-testid="public-ranking">
            {scope.windows.map((w) => (
              <li key={w.name}>
                <Tag>{w.rank === null ? '—' : t('supervision.public.rank', { rank: w.rank })}</Tag>
                <span className="bm-public-ranking-name">{w.name}</span>
                <strong>{score(w.score)}</strong>
              </li>
            ))}
          </ol>
        </section>
      </Flex>
    </Card>
  );
}
