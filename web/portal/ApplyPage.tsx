import { ArrowLeftOutlined, CopyOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Result, Select, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError, errorText } from '../api.ts';
import { useTerms } from '../catalog/terms.ts';
import { dateWithWeekday } from './GuideSections.tsx';
import { MaterialUpload, type PickedFile } from './MaterialUpload.tsx';
import {
  applyOnline,
  type FiledCase,
  fetchProfile,
  newIdempotencyKey,
  type OnlineApplication,
  uploadMyFile,
} from './myCasesApi.ts';
import { ProgressLink } from './ProgressLink.tsx';
import { fetchGuide, type PublicGuide } from './portalApi.ts';
import { ResidentFrame } from './ResidentFrame.tsx';
import { creditCodeRule } from './residentRules.ts';
import { useLoad } from './useLoad.ts';

interface ApplicantForm {
  who: 'self' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string;
  orgCode?: string;
}

interface Filed extends FiledCase {
  /** Materials whose file did not reach the server, with the reason. */
  failedUploads: { material: string; reason: string }[];
}

/** What happened: the number and the query code, shown once, with the advice to keep it. */
function FiledResult({ filed, itemName }: { filed: Filed; itemName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(`${filed.caseNumber} ${filed.queryCode}`);
      message.success(t('portalCases.apply.copied'));
    } catch {
      // Clipboard refused (plain http, old browser): the code is on screen to write down.
    }
  };
  return (
    <div className="bm-my-narrow" data-testid="apply-done">
      <Result
        status="success"
        title={t('portalCases.apply.doneTitle')}
        subTitle={t('portalCases.apply.doneIntro', { item: itemName })}
      />
      <dl className="bm-filed">
        <dt>{t('portalCases.progress.caseNumber')}</dt>
        <dd className="bm-case-number" data-testid="filed-case-number">
          {filed.caseNumber}
        </dd>
        <dt>{t('portalCases.progress.code')}</dt>
        <dd className="bm-query-code" data-testid="filed-query-code">
          {filed.queryCode}
        </dd>
      </dl>
      <Alert
        type="warning"
        showIcon
        icon={<ExclamationCircleOutlined />}
        title={t('portalCases.apply.keepCode')}
        className="bm-my-alert"
        data-testid="keep-code"
      />
      {filed.failedUploads.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('portalCases.apply.uploadsFailed')}
          description={
            <ul className="bm-plain-list">
              {filed.failedUploads.map((f) => (
                <li key={f.material}>
                  {f.material}：{f.reason}
                </li>
              ))}
            </ul>
          }
          className="bm-my-alert"
          data-testid="uploads-failed"
        />
      )}
      <div className="bm-my-buttons">
        <Button icon={<CopyOutlined />} onClick={() => void copy()} block>
          {t('portalCases.apply.copy')}
        </Button>
        <Button
          type="primary"
          block
          onClick={() => navigate(`/my/cases/${filed.id}`)}
          data-testid="filed-open"
        >
          {t('portalCases.apply.openCase')}
        </Button>
        <ProgressLink caseNumber={filed.caseNumber} code={filed.queryCode} />
      </div>
    </div>
  );
}

function ApplyForm({ guide, onFiled }: { guide: PublicGuide; onFiled(filed: Filed): void }) {
  const { t } = useTranslation();
  const terms = useTerms();
  const [form] = Form.useForm<ApplicantForm>();
  const who = Form.useWatch('who', form) ?? 'self';
  const profile = useLoad((signal) => fetchProfile(signal), []);
  const [picked, setPicked] = useState<Record<number, PickedFile | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  // One key per distinct request: a retry of the same submission replays, a changed one is new.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const windows = guide.windows;
  const missingRequired = guide.materials.filter((m, i) => m.required && !picked[i]);

  const submit = async (values: ApplicantForm) => {
    setError(null);
    const body: OnlineApplication = {
      itemId: guide.itemId,
      materials: guide.materials.filter((_, i) => picked[i]).map((m) => m.name),
    };
    if (values.orgCode) body.orgCode = values.orgCode;
    if (values.who === 'enterprise') {
      body.applicant = {
        kind: 'enterprise',
        name: (values.enterpriseName ?? '').trim(),
        creditCode: toHalfWidth(values.creditCode ?? '').toUpperCase(),
      };
    }
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setBusy(true);
    try {
      setProgress(t('portalCases.apply.sending'));
      const filed = await applyOnline(body, attempt.current.key);
      const failedUploads: Filed['failedUploads'] = [];
      const chosen = guide.materials.flatMap((m, i) =>
        picked[i] ? [{ material: m.name, ...picked[i] }] : [],
      );
      for (const [n, one] of chosen.entries()) {
        setProgress(t('portalCases.apply.uploading', { n: n + 1, total: chosen.length }));
        try {
          await uploadMyFile(filed.id, one.material, one.file, one.contentType);
        } catch (e) {
          failedUploads.push({ material: one.material, reason: errorText(e) });
        }
      }
      attempt.current = null;
      onFiled({ ...filed, failedUploads });
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) {
        const applicantFields: Record<string, keyof ApplicantForm> = {
          'applicant.name': 'enterpriseName',
          'applicant.creditCode': 'creditCode',
          orgCode: 'orgCode',
        };
        form.setFields(
          e.errors.flatMap((f) =>
            applicantFields[f.field] ? [{ name: applicantFields[f.field]!, errors: [f.message] }] : [],
          ),
        );
      }
      setError(errorText(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <Form<ApplicantForm>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ who: 'self', orgCode: windows.length === 1 ? windows[0]!.code : undefined }}
      onFinish={submit}
      data-testid="apply-form"
    >
      <section className="bm-my-section">
        <h2 className="bm-my-h2">{t('portalCases.apply.applicant')}</h2>
        <Form.Item name="who" className="bm-my-tight">
          <Radio.Group className="bm-who" data-testid="apply-who">
            <Radio.Button value="self">
              <span data-testid="apply-who-self">{t('portalCases.apply.self')}</span>
            </Radio.Button>
            <Radio.Button value="enterprise">
              <span data-testid="apply-who-enterprise">{t('portalCases.apply.enterprise')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        {who === 'self' && (
          <div className="bm-my-card bm-my-self" data-testid="apply-self">
            {profile.data ? (
              <>
                <div>{profile.data.name}</div>
                <div className="bm-muted">
                  {t('portalCases.field.idNumber')} {profile.data.idNumber} · {profile.data.phone}
                </div>
              </>
            ) : (
              <Spin size="small" />
            )}
          </div>
        )}
        {who === 'enterprise' && (
          <>
            <Typography.Paragraph type="secondary" className="bm-my-small">
              {t('portalCases.apply.enterpriseHint')}
            </Typography.Paragraph>
            <Form.Item
              name="enterpriseName"
              label={t('portalCases.apply.enterpriseName')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('portalCases.validation.enterpriseNameRequired'),
                },
                { max: 200, message: t('portalCases.validation.enterpriseNameTooLong') },
              ]}
            >
              <Input autoComplete="organization" data-testid="apply-enterprise-name" />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label={t('portalCases.apply.creditCode')}
              extra={t('portalCases.apply.creditCodeHint')}
              rules={[
                { required: true, message: t('portalCases.validation.creditCodeRequired') },
                creditCodeRule(t),
              ]}
            >
              <Input maxLength={18} autoCapitalize="characters" data-testid="apply-credit-code" />
            </Form.Item>
          </>
        )}
      </section>

      {windows.length > 1 && (
        <section className="bm-my-section">
          <h2 className="bm-my-h2">{t('portalCases.apply.place')}</h2>
          <Form.Item
            name="orgCode"
            extra={t('portalCases.apply.placeHint')}
            rules={[{ required: true, message: t('portalCases.validation.placeRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('portalCases.apply.placePlaceholder')}
              options={windows.map((w) => ({ value: w.code, label: `${w.parentName} · ${w.name}` }))}
              data-testid="apply-place"
            />
          </Form.Item>
        </section>
      )}

      <section className="bm-my-section">
        <h2 className="bm-my-h2">{t('portalCases.apply.materials')}</h2>
        <Typography.Paragraph type="secondary" className="bm-my-small">
          {t('portalCases.apply.materialsIntro')}
        </Typography.Paragraph>
        <ul className="bm-materials" data-testid="apply-materials">
          {guide.materials.map((m, i) => (
            <MaterialUpload
              // biome-ignore lint/suspicious/noArrayIndexKey: materials are an ordered list without ids
              key={i}
              testKey={i}
              name={m.name}
              required={m.required}
              note={[terms.label('materialForms', m.form), m.note].filter(Boolean).join(' · ')}
              picked={picked[i] ?? null}
              busy={busy}
              onPick={(p) => setPicked((all) => ({ ...all, [i]: p }))}
              onClear={() => setPicked((all) => ({ ...all, [i]: undefined }))}
            />
          ))}
        </ul>
        {missingRequired.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={t('portalCases.apply.missingRequired', { n: missingRequired.length })}
            description={t('portalCases.apply.missingRequiredHint')}
            className="bm-my-alert"
            data-testid="apply-missing"
          />
        )}
      </section>

      {error && (
        <Alert type="error" showIcon title={error} className="bm-my-alert" data-testid="apply-error" />
      )}
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="apply-submit">
        {progress ?? t('portalCases.apply.submit')}
      </Button>
      <Typography.Paragraph type="secondary" className="bm-my-small bm-my-after">
        {t('portalCases.apply.afterSubmit')}
      </Typography.Paragraph>
    </Form>
  );
}

/** /apply/:itemId — apply online: applicant, place, one file per material; then the number and the code. */
export function ApplyPage() {
  const { t } = useTranslation();
  const { itemId = '' } = useParams();
  const { data, failure, error, loading } = useLoad((signal) => fetchGuide(itemId, signal), [itemId]);
  const guide = data?.itemId === itemId ? data : undefined;
  const [filed, setFiled] = useState<Filed | null>(null);
  const notFound = failure instanceof ApiError && (failure.status === 404 || failure.status === 400);

  return (
    <ResidentFrame>
      <div className="bm-apply" data-testid="apply-page">
        {!filed && (
          <div className="bm-no-print bm-guide-back">
            <Link to={`/guides/${itemId}`} data-testid="apply-back">
              <ArrowLeftOutlined /> {t('portalCases.apply.backToGuide')}
            </Link>
          </div>
        )}
        {!guide && loading && (
          <div className="bm-center">
            <Spin size="large" />
          </div>
        )}
        {!guide && !loading && failure != null && (
          <Result
            status={notFound ? '404' : 'warning'}
            title={notFound ? t('portal.guide.notFound') : t('portal.guide.loadFailed')}
            subTitle={notFound ? t('portal.guide.notFoundHint') : error}
            extra={<Link to="/guides">{t('portal.guide.toSearch')}</Link>}
          />
        )}
        {guide && filed && <FiledResult filed={filed} itemName={guide.name} />}
        {guide && !filed && (
          <>
            <header className="bm-my-head">
              <div className="bm-progress-kicker">{t('portalCases.apply.kicker')}</div>
              <h1 className="bm-my-title" data-testid="apply-item">
                {guide.name}
              </h1>
              <div className="bm-muted">
                {guide.department.name}
                {guide.expectedCompletion &&
                  ` · ${t('portalCases.apply.expected', { date: dateWithWeekday(guide.expectedCompletion) })}`}
              </div>
            </header>
            {guide.onlineApply ? (
              <ApplyForm guide={guide} onFiled={setFiled} />
            ) : (
              <Result
                status="info"
                title={t('portalCases.apply.notOnline')}
                subTitle={t('portalCases.apply.notOnlineHint')}
                extra={<Link to={`/guides/${guide.itemId}`}>{t('portalCases.apply.backToGuide')}</Link>}
                data-testid="apply-not-online"
              />
            )}
          </>
        )}
      </div>
    </ResidentFrame>
  );
}
