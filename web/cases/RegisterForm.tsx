import { Alert, AutoComplete, Button, Card, Empty, Form, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { fetchGuide, type PublicGuide } from '../portal/portalApi.ts';
import { useMe } from '../shell/session.tsx';
import { APPLICANT_FIELDS, ApplicantFields } from './ApplicantFields.tsx';
import {
  type ApplicantInput,
  fileForResident,
  newIdempotencyKey,
  type RegisteredCase,
  registerCase,
} from './casesApi.ts';
import { placeFieldErrors } from './formErrors.ts';
import { ItemPicker } from './ItemPicker.tsx';
import { MaterialsChecklist, missingRequired } from './MaterialsChecklist.tsx';

interface Values {
  itemId?: string;
  materials?: string[];
  applicant: ApplicantInput;
  consent?: string;
}

export interface Registered {
  view: RegisteredCase;
  guide: PublicGuide;
  /** Required materials not handed in: what a one-time notice would list. */
  missing: string[];
}

interface Props {
  /** A clerk registers a walk-in case; a village proxy files for a resident (with the resident's consent). */
  mode: 'window' | 'proxy';
  onRegistered(result: Registered): void;
}

/** The usual ways a resident authorises a proxy; the field takes any other wording too. */
const CONSENT_WAYS = ['letter', 'signature', 'fingerprint'] as const;

function applicantBody(a: ApplicantInput): ApplicantInput {
  const base = { kind: a.kind, name: a.name.trim(), phone: a.phone.trim() };
  return a.kind === 'enterprise'
    ? { ...base, creditCode: (a.creditCode ?? '').trim() }
    : { ...base, idNumber: (a.idNumber ?? '').trim() };
}

/**
 * Registering a case: the item (among those offered here), its checklist with a box per material
 * received, the applicant. One Idempotency-Key per form, kept across retries, so a double click or a
 * retry after a lost answer never registers the case twice.
 */
export function RegisterForm({ mode, onRegistered }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const itemId = Form.useWatch('itemId', form);
  const [guide, setGuide] = useState<PublicGuide | null>(null);
  const [guideError, setGuideError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const key = useRef(newIdempotencyKey());
  const prefix = mode === 'proxy' ? 'proxy' : 'register';

  useEffect(() => {
    setGuide(null);
    setGuideError(null);
    form.setFieldValue('materials', []);
    if (!itemId) return;
    const controller = new AbortController();
    fetchGuide(itemId, controller.signal)
      .then(setGuide)
      .catch((e) => controller.signal.aborted || setGuideError(errorText(e)));
    return () => controller.abort();
  }, [itemId, form]);

  const submit = async (values: Values) => {
    if (!guide) return;
    setBusy(true);
    setProblem(null);
    const body = {
      itemId: guide.itemId,
      applicant: applicantBody(values.applicant),
      materials: values.materials ?? [],
    };
    try {
      const view =
        mode === 'proxy'
          ? await fileForResident({ ...body, consent: (values.consent ?? '').trim() }, key.current)
          : await registerCase(body, key.current);
      onRegistered({ view, guide, missing: missingRequired(guide.materials, body.materials) });
      // The next form is a new request.
      key.current = newIdempotencyKey();
      form.resetFields();
    } catch (error) {
      const rest = placeFieldErrors(form, error, {
        fields: ['itemId', 'materials', 'consent', ...APPLICANT_FIELDS],
      });
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ materials: [], applicant: { kind: 'person' } }}
      data-testid={`${prefix}-form`}
      scrollToFirstError
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={problem.items.length ? problem.items.join('；') : undefined}
          style={{ marginBottom: 12 }}
          data-testid={`${prefix}-problem`}
        />
      )}
      <Form.Item
        name="itemId"
        label={t('cases.register.item')}
        rules={[{ required: true, message: t('cases.register.itemRequired') }]}
      >
        <ItemPicker orgCode={me.orgCode} proxyOnly={mode === 'proxy'} testId={`${prefix}-item`} />
      </Form.Item>
      {itemId && (
        <Card size="small" title={t('cases.register.checklist')} style={{ marginBottom: 16 }}>
          {guideError && <Alert type="error" showIcon title={guideError} />}
          {!guide && !guideError && <Spin />}
          {guide && guide.materials.length === 0 && <Empty description={t('cases.materials.none')} />}
          {guide && guide.materials.length > 0 && (
            <Form.Item name="materials" style={{ marginBottom: 0 }}>
              <MaterialsChecklist materials={guide.materials} testId={`${prefix}-materials`} />
            </Form.Item>
          )}
        </Card>
      )}
      <ApplicantFields testPrefix={`${prefix}-applicant`} />
      {mode === 'proxy' && (
        <Form.Item
          name="consent"
          label={t('cases.proxy.consent')}
          extra={t('cases.proxy.consentHint')}
          rules={[{ required: true, whitespace: true, message: t('cases.proxy.consentRequired') }]}
        >
          <AutoComplete
            options={CONSENT_WAYS.map((w) => ({ value: t(`cases.proxy.consentWays.${w}`) }))}
            maxLength={200}
            data-testid="proxy-consent"
          />
        </Form.Item>
      )}
      <Button
        type="primary"
        htmlType="submit"
        loading={busy}
        disabled={!guide}
        data-testid={`${prefix}-submit`}
      >
        {mode === 'proxy' ? t('cases.proxy.submit') : t('cases.register.submit')}
      </Button>
    </Form>
  );
}
