import { Alert, Button, Form, Input, Radio, Result, Select, Spin, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  COMPLAINT_SATISFACTION,
  COMPLAINT_TARGETS,
  CONTENT_MAX,
  type ComplaintTarget,
  validateComplaintFiling,
} from '../../core/feedback/index.ts';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { FeedbackFrame } from './FeedbackFrame.tsx';
import { type FiledComplaint, feedbackApi, type PublicComplaint } from './feedbackApi.ts';

const clean = (v: string) => toHalfWidth(v).replace(/\s+/g, '');

/** Searches windows and departments by name, for the complaint forms (public and console). */
export function TargetSelect({
  kind,
  value,
  onChange,
  testId,
}: {
  kind: ComplaintTarget;
  /** Given by the Form.Item it sits in. */
  value?: string;
  onChange?: (code: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const found = useLoad((signal) => feedbackApi.targets(q, kind, signal), [q, kind]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      onChange={onChange}
      loading={found.loading}
      placeholder={t('feedback.complaint.targetPlaceholder')}
      options={(found.data ?? []).map((o) => ({
        value: o.code,
        label: o.parentName ? `${o.parentName} · ${o.name}` : o.name,
      }))}
      notFoundContent={found.loading ? <Spin size="small" /> : t('feedback.complaint.targetNone')}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

export interface ComplaintFormValues {
  targetKind: ComplaintTarget;
  targetOrgCode?: string;
  targetStaffName?: string;
  caseNumber?: string;
  content: string;
  complainantName: string;
  complainantPhone: string;
}

/** The fields of a complaint, shared by the portal form and the console's 登记投诉. */
export function ComplaintFields({ form }: { form: ReturnType<typeof Form.useForm<ComplaintFormValues>>[0] }) {
  const { t } = useTranslation();
  const kind = Form.useWatch('targetKind', form) ?? 'window';
  return (
    <>
      <Form.Item name="targetKind" label={t('feedback.complaint.targetKind')} initialValue="window">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={COMPLAINT_TARGETS.map((k) => ({ value: k, label: t(`feedback.target.${k}`) }))}
          onChange={() => form.setFieldValue('targetOrgCode', undefined)}
          data-testid="complaint-kind"
        />
      </Form.Item>
      <Form.Item
        name="targetOrgCode"
        label={kind === 'department' ? t('feedback.complaint.department') : t('feedback.complaint.window')}
        rules={[{ required: true, message: t('feedback.complaint.targetRequired') }]}
      >
        <TargetSelect kind={kind} testId="complaint-target" />
      </Form.Item>
      {kind === 'staff' && (
        <Form.Item
          name="targetStaffName"
          label={t('feedback.complaint.staffName')}
          rules={[{ required: true, whitespace: true, message: t('feedback.complaint.staffRequired') }]}
        >
          <Input maxLength={50} data-testid="complaint-staff" />
        </Form.Item>
      )}
      <Form.Item name="caseNumber" label={t('feedback.complaint.caseNumber')}>
        <Input maxLength={60} autoComplete="off" data-testid="complaint-case" />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('feedback.complaint.content')}
        rules={[
          { required: true, whitespace: true, min: 5, message: t('feedback.complaint.contentRequired') },
        ]}
      >
        <Input.TextArea
          maxLength={CONTENT_MAX}
          showCount
          autoSize={{ minRows: 4, maxRows: 10 }}
          data-testid="complaint-content"
        />
      </Form.Item>
      <Form.Item
        name="complainantName"
        label={t('feedback.complaint.name')}
        rules={[{ required: true, whitespace: true, message: t('feedback.complaint.nameRequired') }]}
      >
        <Input maxLength={50} data-testid="complaint-name" />
      </Form.Item>
      <Form.Item
        name="complainantPhone"
        label={t('feedback.complaint.phone')}
        extra={t('feedback.complaint.phoneHint')}
        rules={[{ required: true, whitespace: true, message: t('feedback.complaint.phoneRequired') }]}
      >
        <Input inputMode="tel" maxLength={20} data-testid="complaint-phone" />
      </Form.Item>
    </>
  );
}

/** Checks with core before sending; returns the body or sets the fields' errors. */
export function complaintBody(
  form: ReturnType<typeof Form.useForm<ComplaintFormValues>>[0],
  v: ComplaintFormValues,
  t: TFunction,
) {
  const body = {
    targetKind: v.targetKind ?? 'window',
    targetOrgCode: v.targetOrgCode ?? '',
    targetStaffName: v.targetStaffName?.trim() || null,
    caseNumber: v.caseNumber ? clean(v.caseNumber) : null,
    content: v.content ?? '',
    complainantName: v.complainantName ?? '',
    complainantPhone: v.complainantPhone ?? '',
  };
  const checked = validateComplaintFiling(body);
  if (!checked.ok) {
    form.setFields(
      checked.errors.map((e) => ({
        name: e.field as keyof ComplaintFormValues,
        errors: [t(`feedback.errors.${e.code}`, e.message)],
      })),
    );
    return null;
  }
  return body;
}

/** Shows the tracking number and the code once, with what to do with them. */
export function FiledResult({ filed, extra }: { filed: FiledComplaint; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={t('feedback.complaint.filed')}
      subTitle={filed.replyBy ? t('feedback.complaint.replyBy', { date: filed.replyBy }) : undefined}
      data-testid="complaint-filed"
      extra={
        <div>
          <dl className="bm-fb-facts" style={{ textAlign: 'start', display: 'inline-grid' }}>
            <dt>{t('feedback.complaint.trackingNumber')}</dt>
            <dd className="bm-fb-code" data-testid="complaint-number">
              {filed.trackingNumber}
            </dd>
            <dt>{t('feedback.complaint.code')}</dt>
            <dd className="bm-fb-code" data-testid="complaint-code">
              {filed.code}
            </dd>
          </dl>
          <Typography.Paragraph type="secondary">{t('feedback.complaint.keepCode')}</Typography.Paragraph>
          {extra}
        </div>
      }
    />
  );
}

/** /complaints/new — 投诉 against a window, a staff member or a department; no account needed. */
export function ComplaintNewPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ComplaintFormValues>();
  const [filed, setFiled] = useState<FiledComplaint | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: ComplaintFormValues) => {
    const body = complaintBody(form, v, t);
    if (!body) return;
    setBusy(true);
    setFailure(null);
    try {
      setFiled(await feedbackApi.fileComplaint(body));
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(
          e.errors.map((x) => ({ name: x.field as keyof ComplaintFormValues, errors: [x.message] })),
        );
      }
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FeedbackFrame>
      <h1 className="bm-fb-title">{t('feedback.complaint.title')}</h1>
      {filed ? (
        <FiledResult
          filed={filed}
          extra={
            <Link
              to={`/complaints/track?number=${encodeURIComponent(filed.trackingNumber)}&code=${encodeURIComponent(filed.code)}`}
            >
              {t('feedback.complaint.trackNow')}
            </Link>
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('feedback.complaint.intro')}</Typography.Paragraph>
          <Form<ComplaintFormValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void submit(v)}
            data-testid="complaint-form"
          >
            <ComplaintFields form={form} />
            {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={busy}
              data-testid="complaint-submit"
            >
              {t('feedback.complaint.submit')}
            </Button>
          </Form>
        </>
      )}
    </FeedbackFrame>
  );
}

function TrackResult({ number, code }: { number: string; code: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<PublicComplaint | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const found = useLoad((signal) => feedbackApi.trackComplaint(number, code, signal), [number, code]);
  const c = shown ?? found.data;
  if (found.loading && !c) return <Spin />;
  if (found.failure != null) {
    const missing = found.failure instanceof ApiError && [400, 404].includes(found.failure.status);
    return (
      <Result
        status="warning"
        title={missing ? t('feedback.complaint.notFound') : t('feedback.rate.failed')}
        subTitle={missing ? t('feedback.complaint.notFoundHint') : found.error}
        data-testid="track-missing"
      />
    );
  }
  if (!c) return null;
  const rate = async (satisfaction: (typeof COMPLAINT_SATISFACTION)[number]) => {
    try {
      setShown(await feedbackApi.rateReply(number, code, satisfaction));
    } catch (e) {
      setFailure(errorText(e));
    }
  };
  return (
    <article data-testid="track-result" data-status={c.status}>
      <dl className="bm-fb-facts">
        <dt>{t('feedback.complaint.trackingNumber')}</dt>
        <dd className="bm-fb-code">{c.trackingNumber}</dd>
        <dt>{t('feedback.complaint.target')}</dt>
        <dd>{c.targetOrgName}</dd>
        <dt>{t('feedback.complaint.filedAt')}</dt>
        <dd>{formatTime(c.createdAt)}</dd>
        <dt>{t('feedback.complaint.status')}</dt>
        <dd>
          <Tag data-testid="track-status">{t(`feedback.complaintStatus.${c.status}`)}</Tag>
        </dd>
        {c.replyBy && !c.repliedAt && (
          <>
            <dt>{t('feedback.complaint.replyDue')}</dt>
            <dd>{c.replyBy}</dd>
          </>
        )}
        {c.finding && (
          <>
            <dt>{t('feedback.complaint.finding')}</dt>
            <dd>{t(`feedback.finding.${c.finding}`)}</dd>
          </>
        )}
        {c.reply && (
          <>
            <dt>{t('feedback.complaint.reply')}</dt>
            <dd data-testid="track-reply">{c.reply}</dd>
          </>
        )}
        {c.satisfaction && (
          <>
            <dt>{t('feedback.complaint.yourSatisfaction')}</dt>
            <dd>{t(`feedback.satisfaction.${c.satisfaction}`)}</dd>
          </>
        )}
      </dl>
      {c.canRate && (
        <div data-testid="track-rate">
          <Typography.Paragraph strong>{t('feedback.complaint.rateReply')}</Typography.Paragraph>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            {COMPLAINT_SATISFACTION.map((s) => (
              <Button key={s} size="large" onClick={() => void rate(s)} data-testid={`track-rate-${s}`}>
                {t(`feedback.satisfaction.${s}`)}
              </Button>
            ))}
          </div>
        </div>
      )}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 16 }} />}
    </article>
  );
}

/** /complaints/track?number=&code= — follow a complaint and say whether the reply satisfies. */
export function ComplaintTrackPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const code = params.get('code') ?? '';
  return (
    <FeedbackFrame>
      <h1 className="bm-fb-title">{t('feedback.complaint.trackTitle')}</h1>
      {number && code ? (
        <TrackResult number={number} code={code} />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          size="large"
          onFinish={(v: { number: string; code: string }) =>
            setParams({ number: clean(v.number), code: clean(v.code).toUpperCase() })
          }
          data-testid="track-form"
        >
          <Form.Item
            name="number"
            label={t('feedback.complaint.trackingNumber')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input autoComplete="off" maxLength={60} data-testid="track-number" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('feedback.complaint.code')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input autoComplete="off" maxLength={40} data-testid="track-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="track-submit">
            {t('feedback.complaint.track')}
          </Button>
        </Form>
      )}
    </FeedbackFrame>
  );
}
