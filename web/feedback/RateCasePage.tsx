import { Button, Form, Input, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { FeedbackFrame } from './FeedbackFrame.tsx';
import { feedbackApi, type RatingReceipt } from './feedbackApi.ts';
import { RatingForm } from './RatingForm.tsx';

const CHANNELS = ['portal', 'receipt_qr', 'sms'] as const;
type Channel = (typeof CHANNELS)[number];

const clean = (v: string) => toHalfWidth(v).replace(/\s+/g, '');

/** Thanks, and for a 差评 what happens next. */
export function RatingThanks({ receipt, extra }: { receipt: RatingReceipt; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={t('feedback.rate.thanks')}
      subTitle={
        receipt.rectification
          ? receipt.revisitBy
            ? t('feedback.rate.thanksBadNamed', { date: receipt.revisitBy })
            : t('feedback.rate.thanksBad')
          : t('feedback.rate.thanksGood')
      }
      extra={extra}
      data-testid="rating-done"
      data-level={receipt.level}
    />
  );
}

function LookupForm({ initial }: { initial: { number: string; code: string } }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      size="large"
      initialValues={initial}
      onFinish={(v: { number: string; code: string }) =>
        setParams({ number: clean(v.number), code: clean(v.code).toUpperCase() })
      }
      data-testid="rate-lookup"
    >
      <Form.Item
        name="number"
        label={t('feedback.rate.caseNumber')}
        rules={[{ required: true, whitespace: true, message: t('feedback.rate.caseNumberRequired') }]}
      >
        <Input autoComplete="off" maxLength={60} data-testid="rate-number" />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('feedback.rate.code')}
        extra={t('feedback.rate.codeHint')}
        rules={[{ required: true, whitespace: true, message: t('feedback.rate.codeRequired') }]}
      >
        <Input autoComplete="off" maxLength={40} data-testid="rate-code" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="rate-lookup-submit">
        {t('feedback.rate.lookup')}
      </Button>
    </Form>
  );
}

/**
 * /rate?number=&code= — 一事一评 of a finished case, from the progress page, the receipt's QR code
 * (&channel=receipt_qr) or the SMS link (&channel=sms). No account: the query code proves the case.
 */
export function RateCasePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const number = params.get('number') ?? '';
  const code = params.get('code') ?? '';
  const channelParam = params.get('channel') ?? 'portal';
  const channel: Channel = (CHANNELS as readonly string[]).includes(channelParam)
    ? (channelParam as Channel)
    : 'portal';
  const [receipt, setReceipt] = useState<RatingReceipt | null>(null);
  const ready = number !== '' && code !== '';
  const found = useLoad(
    (signal) => (ready ? feedbackApi.caseForRating(number, code, signal) : Promise.resolve(null)),
    [number, code],
  );
  const notFound = found.failure instanceof ApiError && [400, 404].includes(found.failure.status);

  return (
    <FeedbackFrame>
      <h1 className="bm-fb-title">{t('feedback.rate.title')}</h1>
      {!ready && (
        <>
          <Typography.Paragraph type="secondary">{t('feedback.rate.intro')}</Typography.Paragraph>
          <LookupForm initial={{ number, code }} />
        </>
      )}
      {ready && found.loading && (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin size="large" />
        </div>
      )}
      {ready && !found.loading && found.failure != null && (
        <>
          <Result
            status={notFound ? 'warning' : 'error'}
            title={notFound ? t('feedback.rate.notFound') : t('feedback.rate.failed')}
            subTitle={notFound ? t('feedback.rate.notFoundHint') : found.error}
            data-testid="rate-missing"
          />
          <LookupForm initial={{ number, code }} />
        </>
      )}
      {ready && !found.loading && found.data && (
        <>
          <dl className="bm-fb-facts" data-testid="rate-case">
            <dt>{t('feedback.rate.item')}</dt>
            <dd data-testid="rate-item">{found.data.itemName}</dd>
            <dt>{t('feedback.rate.caseNumber')}</dt>
            <dd className="bm-case-number">{found.data.caseNumber}</dd>
            <dt>{t('feedback.rate.status')}</dt>
            <dd>{found.data.status}</dd>
          </dl>
          {receipt ? (
            <RatingThanks
              receipt={receipt}
              extra={<Link to="/satisfaction">{t('feedback.bar.satisfaction')}</Link>}
            />
          ) : found.data.rated ? (
            <Result status="info" title={t('feedback.rate.already')} data-testid="rate-already" />
          ) : !found.data.rateable ? (
            <Result
              status="info"
              title={t('feedback.rate.notYet')}
              subTitle={t('feedback.rate.notYetHint')}
              data-testid="rate-not-yet"
            />
          ) : (
            <RatingForm
              onSubmit={async (body) => {
                setReceipt(await feedbackApi.rateCase({ ...body, caseNumber: number, code, channel }));
              }}
            />
          )}
        </>
      )}
    </FeedbackFrame>
  );
}
