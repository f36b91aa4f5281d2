import { SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  Tabs,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { SATISFACTION_LEVELS } from '../../core/hotline/vocabulary.ts';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { useLoad } from '../portal/useLoad.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import {
  fetchPublicCategories,
  type OrderKind,
  type PublicOrderView,
  rateReply,
  type Satisfaction,
  submitOnline,
  trackOrder,
} from './hotlineApi.ts';

const KINDS: OrderKind[] = ['complaint', 'suggestion', 'request', 'inquiry', 'report', 'praise'];

function SubmitForm({ onDone }: { onDone: (number: string, code: string) => void }) {
  const { t } = useTranslation();
  const categories = useLoad((signal) => fetchPublicCategories(signal), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: {
    kind: OrderKind;
    categoryCode: string;
    name: string;
    phone: string;
    address?: string;
    content: string;
  }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await submitOnline({ ...v, phone: toHalfWidth(v.phone).trim() });
      onDone(r.number, r.queryCode);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      initialValues={{ kind: 'complaint' }}
      onFinish={(v) => void submit(v)}
      data-testid="hotline-submit-form"
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="hotline-submit-error"
        />
      )}
      <Form.Item name="kind" label={t('hotline.portal.kind')}>
        <Radio.Group
          optionType="button"
          options={KINDS.map((k) => ({ value: k, label: t(`hotline.kind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="categoryCode"
        label={t('hotline.portal.category')}
        rules={[{ required: true, message: t('hotline.portal.category') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={categories.loading}
          data-testid="hotline-category"
          options={(categories.data?.items ?? [])
            .filter((c) => c.attributes.every((a) => !a.required))
            .map((c) => ({ value: c.code, label: c.name }))}
        />
      </Form.Item>
      <Form.Item name="name" label={t('hotline.portal.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} data-testid="hotline-name" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('hotline.portal.phone')}
        extra={t('hotline.portal.phoneHint')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input inputMode="tel" maxLength={20} data-testid="hotline-phone" />
      </Form.Item>
      <Form.Item name="address" label={t('hotline.portal.address')}>
        <Input maxLength={300} data-testid="hotline-address" />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('hotline.portal.content')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea autoSize={{ minRows: 4 }} maxLength={4000} showCount data-testid="hotline-content" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="hotline-submit">
        {t('hotline.portal.submit')}
      </Button>
    </Form>
  );
}

function TrackResult({ number, code }: { number: string; code: string }) {
  const { t } = useTranslation();
  const loaded = useLoad((signal) => trackOrder(number, code, signal), [number, code]);
  const [order, setOrder] = useState<PublicOrderView | null>(null);
  const [rating, setRating] = useState<Satisfaction | undefined>();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const view = order ?? loaded.data;
  if (loaded.failure instanceof ApiError && loaded.failure.status === 404) {
    return <Result status="warning" subTitle={t('hotline.portal.notFound')} data-testid="track-not-found" />;
  }
  if (loaded.error) return <Alert type="error" showIcon title={loaded.error} />;
  if (!view) return null;
  const rate = async () => {
    if (!rating) return;
    setError(null);
    try {
      setOrder(await rateReply({ number, code, satisfaction: rating, comment: comment.trim() || undefined }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card data-testid="track-result" data-status={view.status}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'number', label: t('hotline.portal.number'), children: view.number },
          {
            key: 'status',
            label: t('hotline.field.status'),
            children: <span data-testid="track-status">{t(`hotline.status.${view.status}`)}</span>,
          },
          {
            key: 'category',
            label: t('hotline.portal.category'),
            children: `${t(`hotline.kind.${view.kind}`)} · ${view.categoryName}`,
          },
          { key: 'receiver', label: t('hotline.portal.receiver'), children: view.receiverName ?? '—' },
          { key: 'content', label: t('hotline.portal.content'), children: view.content },
          ...(view.reply
            ? [
                {
                  key: 'reply',
                  label: t('hotline.portal.reply'),
                  children: <span data-testid="track-reply">{view.reply}</span>,
                },
              ]
            : []),
          ...(view.mergedIntoNumber
            ? [
                {
                  key: 'merged',
                  label: '',
                  children: t('hotline.portal.mergedInto', { number: view.mergedIntoNumber }),
                },
              ]
            : []),
        ]}
      />
      <Timeline
        style={{ marginTop: 16 }}
        items={view.timeline.map((e, i) => ({
          key: i,
          content: `${formatTime(e.at).slice(0, 16)} ${t(`hotline.action.${e.action}`)} · ${e.orgName}`,
        }))}
      />
      {view.satisfaction && (
        <Alert
          type="success"
          showIcon
          title={t('hotline.portal.rated', { level: t(`hotline.satisfaction.${view.satisfaction}`) })}
          data-testid="track-rated"
        />
      )}
      {view.canRate && (
        <Card size="small" title={t('hotline.portal.rate')} data-testid="track-rate">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group value={rating} onChange={(e) => setRating(e.target.value)}>
              {SATISFACTION_LEVELS.map((s) => (
                <Radio.Button key={s} value={s} data-testid={`rate-${s}`}>
                  {t(`hotline.satisfaction.${s}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
            <Input.TextArea
              placeholder={t('hotline.portal.comment')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={500}
            />
            <Button type="primary" disabled={!rating} onClick={() => void rate()} data-testid="rate-submit">
              {t('hotline.portal.rate')}
            </Button>
          </Space>
        </Card>
      )}
    </Card>
  );
}

/** /hotline — the 12345 channel on the portal: submit a complaint or suggestion, follow it, rate the answer. */
export function PortalHotline() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const code = params.get('code') ?? '';
  const [done, setDone] = useState<{ number: string; code: string } | null>(null);
  const tab = params.get('tab') ?? (number ? 'track' : 'submit');
  const go = (n: string, c: string) => setParams({ tab: 'track', number: n, code: c });
  return (
    <PublicLayout>
      <Typography.Title level={3}>{t('hotline.portal.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('hotline.portal.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          {
            key: 'submit',
            label: t('hotline.portal.submit'),
            children: done ? (
              <Result
                status="success"
                title={
                  <span data-testid="hotline-done">{t('hotline.portal.done', { number: done.number })}</span>
                }
                subTitle={
                  <span data-testid="hotline-done-code" data-code={done.code}>
                    {t('hotline.portal.doneHint', { code: done.code })}
                  </span>
                }
                extra={
                  <Button onClick={() => go(done.number, done.code)}>{t('hotline.portal.track')}</Button>
                }
              />
            ) : (
              <SubmitForm onDone={(n, c) => setDone({ number: n, code: c })} />
            ),
          },
          {
            key: 'track',
            label: t('hotline.portal.track'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Form
                  layout="inline"
                  initialValues={{ number, code }}
                  onFinish={(v: { number: string; code: string }) =>
                    go(toHalfWidth(v.number).trim(), toHalfWidth(v.code).trim().toUpperCase())
                  }
                >
                  <Form.Item name="number" rules={[{ required: true }]}>
                    <Input
                      placeholder={t('hotline.portal.number')}
                      data-testid="track-number"
                      style={{ width: 240 }}
                    />
                  </Form.Item>
                  <Form.Item name="code" rules={[{ required: true }]}>
                    <Input
                      placeholder={t('hotline.portal.code')}
                      data-testid="track-code"
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                  <Button
                    type="primary"
                    htmlType="submit"
                    icon={<SearchOutlined />}
                    data-testid="track-submit"
                  >
                    {t('hotline.portal.search')}
                  </Button>
                </Form>
                {number && code && <TrackResult key={`${number}:${code}`} number={number} code={code} />}
              </Space>
            ),
          },
        ]}
      />
    </PublicLayout>
  );
}
