import { SearchOutlined } from '@ant-design/icons';
import { Button, Form, Input, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError } from '../api.ts';
import { RateCaseLink } from '../feedback/RateCaseLink.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ExpectedDate } from './ExpectedDate.tsx';
import { fetchProgress } from './myCasesApi.ts';
import { publicLabelText } from './publicLabels.ts';
import { ResidentFrame } from './ResidentFrame.tsx';
import { useLoad } from './useLoad.ts';

interface Lookup {
  caseNumber: string;
  code: string;
}

/** As printed on the receipt, whatever the keyboard made of it: half-width, no spaces, code upper-case. */
function cleanNumber(value: string): string {
  return toHalfWidth(value).replace(/\s+/g, '');
}
function cleanCode(value: string): string {
  return toHalfWidth(value).replace(/\s+/g, '').toUpperCase();
}

export function progressPath(caseNumber: string, code: string): string {
  return `/progress/${encodeURIComponent(cleanNumber(caseNumber))}?code=${encodeURIComponent(cleanCode(code))}`;
}

function LookupForm({ initial }: { initial?: Partial<Lookup> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Form<Lookup>
      layout="vertical"
      requiredMark={false}
      size="large"
      initialValues={initial}
      onFinish={(v) => navigate(progressPath(v.caseNumber, v.code))}
      data-testid="progress-form"
    >
      <Form.Item
        name="caseNumber"
        label={t('portalCases.progress.caseNumber')}
        extra={t('portalCases.progress.caseNumberHint')}
        rules={[{ required: true, whitespace: true, message: t('portalCases.progress.caseNumberRequired') }]}
      >
        <Input autoComplete="off" maxLength={60} data-testid="progress-number" />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('portalCases.progress.code')}
        extra={t('portalCases.progress.codeHint')}
        rules={[{ required: true, whitespace: true, message: t('portalCases.progress.codeRequired') }]}
      >
        <Input autoComplete="off" maxLength={40} autoCapitalize="characters" data-testid="progress-code" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block icon={<SearchOutlined />} data-testid="progress-submit">
        {t('portalCases.progress.submit')}
      </Button>
    </Form>
  );
}

/** /progress — case number and query code, as printed on the receipt; no account needed. */
export function ProgressLookupPage() {
  const { t } = useTranslation();
  return (
    <ResidentFrame>
      <div className="bm-my-narrow">
        <h1 className="bm-my-title">{t('portalCases.progress.title')}</h1>
        <Typography.Paragraph type="secondary">{t('portalCases.progress.intro')}</Typography.Paragraph>
        <LookupForm />
      </div>
    </ResidentFrame>
  );
}

/** /progress/:number?code= — the public timeline: steps and dates only, never who applied. */
export function ProgressResultPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const { data, failure, error, loading } = useLoad(
    (signal) =>
      code ? fetchProgress(number, code, signal) : Promise.reject(new ApiError(404, { code: 'missing' })),
    [number, code],
  );
  // While another number loads, the previous answer is not shown under the new address.
  const shown = loading ? undefined : data;
  const notFound = failure instanceof ApiError && (failure.status === 404 || failure.status === 400);

  return (
    <ResidentFrame>
      <div className="bm-my-narrow" data-testid="progress-page">
        {loading && (
          <div className="bm-center">
            <Spin size="large" />
          </div>
        )}
        {!loading && failure != null && (
          <div data-testid="progress-missing">
            <Result
              status={notFound ? 'warning' : 'error'}
              title={notFound ? t('portalCases.progress.notFound') : t('portalCases.progress.failed')}
              subTitle={notFound ? t('portalCases.progress.notFoundHint') : error}
            />
            <LookupForm initial={{ caseNumber: number, code }} />
          </div>
        )}
        {shown && !failure && (
          <article className="bm-progress" data-testid="progress-result">
            <div className="bm-progress-kicker">{t('portalCases.progress.kicker')}</div>
            <h1 className="bm-my-title" data-testid="progress-item">
              {shown.itemName}
            </h1>
            <dl className="bm-progress-facts">
              <dt>{t('portalCases.progress.caseNumber')}</dt>
              <dd className="bm-case-number" data-testid="progress-case-number">
                {shown.caseNumber}
              </dd>
              <dt>{t('portalCases.progress.status')}</dt>
              <dd data-testid="progress-status">
                <span className="bm-status-pill">{publicLabelText(shown.status)}</span>
              </dd>
              <dt>{t('portalCases.progress.expected')}</dt>
              <dd data-testid="progress-expected">
                <ExpectedDate date={shown.expectedCompletionDate} status={shown.status} />
              </dd>
            </dl>
            <h2 className="bm-my-h2">{t('portalCases.progress.timeline')}</h2>
            <CaseTimeline timeline={shown.timeline} expectedCompletionDate={shown.expectedCompletionDate} />
            <RateCaseLink caseNumber={shown.caseNumber} code={code} status={shown.status} />
            <Typography.Paragraph type="secondary" className="bm-my-small">
              {t('portalCases.progress.privacy')}
            </Typography.Paragraph>
            <Link to="/progress">{t('portalCases.progress.another')}</Link>
          </article>
        )}
      </div>
    </ResidentFrame>
  );
}
