import { IdcardOutlined, LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { isStrongPassword } from '../../core/org/passwords.ts';
import { ApiError, errorText } from '../api.ts';
import { useSession } from '../shell/session.tsx';
import { registerResident } from './myCasesApi.ts';
import { ResidentFrame, residentNext } from './ResidentFrame.tsx';
import { idNumberRule, mobileRule, normalizePhone } from './residentRules.ts';

interface Credentials {
  phone: string;
  password: string;
}

/** /my/login — residents sign in with their mobile number; staff keep /login. */
export function ResidentLoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = residentNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(normalizePhone(values.phone), values.password);
      navigate(me.kind === 'resident' ? next : '/console');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('portalCases.login.failed') : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ResidentFrame>
      <div className="bm-my-narrow">
        <h1 className="bm-my-title">{t('portalCases.login.title')}</h1>
        <Typography.Paragraph type="secondary">{t('portalCases.login.intro')}</Typography.Paragraph>
        <Form<Credentials>
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          size="large"
          data-testid="resident-login-form"
        >
          <Form.Item
            name="phone"
            label={t('portalCases.field.phone')}
            rules={[{ required: true, message: t('portalCases.validation.phoneRequired') }]}
          >
            <Input
              prefix={<MobileOutlined />}
              inputMode="tel"
              autoComplete="username"
              data-testid="resident-login-phone"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('portalCases.field.password')}
            rules={[{ required: true, message: t('portalCases.validation.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="resident-login-password"
            />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              className="bm-my-alert"
              data-testid="resident-login-error"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="resident-login-submit">
            {t('portalCases.login.submit')}
          </Button>
        </Form>
        <div className="bm-my-switch">
          {t('portalCases.login.noAccount')}{' '}
          <Link to={`/my/register?next=${encodeURIComponent(next)}`} data-testid="to-register">
            {t('portalCases.login.toRegister')}
          </Link>
        </div>
        <div className="bm-my-switch bm-muted">
          {t('portalCases.login.staffHint')} <Link to="/login">{t('portalCases.login.toStaff')}</Link>
        </div>
      </div>
    </ResidentFrame>
  );
}

interface RegistrationForm {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
  confirm: string;
}

const REGISTRATION_FIELDS = ['name', 'idNumber', 'phone', 'password'] as const;

/** /my/register — an account of one's own, to apply online and follow one's cases. Signs in at once. */
export function ResidentRegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegistrationForm>();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = residentNext(params.get('next'));
  const [error, setError] = useState<{ text: string; taken: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: RegistrationForm) => {
    setBusy(true);
    setError(null);
    try {
      await registerResident({
        name: values.name.trim(),
        idNumber: values.idNumber.trim(),
        phone: normalizePhone(values.phone),
        password: values.password,
      });
      await refresh();
      navigate(next);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) {
        const known = e.errors.filter((f) => (REGISTRATION_FIELDS as readonly string[]).includes(f.field));
        form.setFields(known.map((f) => ({ name: f.field as keyof RegistrationForm, errors: [f.message] })));
        if (known.length < e.errors.length) setError({ text: errorText(e), taken: false });
      } else {
        setError({ text: errorText(e), taken: e instanceof ApiError && e.status === 409 });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <ResidentFrame>
      <div className="bm-my-narrow">
        <h1 className="bm-my-title">{t('portalCases.register.title')}</h1>
        <Typography.Paragraph type="secondary">{t('portalCases.register.intro')}</Typography.Paragraph>
        <Form<RegistrationForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          size="large"
          data-testid="resident-register-form"
        >
          <Form.Item
            name="phone"
            label={t('portalCases.field.phone')}
            extra={t('portalCases.register.phoneHint')}
            rules={[{ required: true, message: t('portalCases.validation.phoneRequired') }, mobileRule(t)]}
          >
            <Input
              prefix={<MobileOutlined />}
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              data-testid="register-phone"
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('portalCases.field.name')}
            rules={[
              { required: true, whitespace: true, message: t('portalCases.validation.nameRequired') },
              { max: 50, message: t('portalCases.validation.nameTooLong') },
            ]}
          >
            <Input prefix={<UserOutlined />} autoComplete="name" data-testid="register-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('portalCases.field.idNumber')}
            extra={t('portalCases.register.idHint')}
            rules={[
              { required: true, message: t('portalCases.validation.idNumberRequired') },
              idNumberRule(t),
            ]}
          >
            <Input prefix={<IdcardOutlined />} maxLength={18} autoComplete="off" data-testid="register-id" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('portalCases.field.password')}
            extra={t('portalCases.register.passwordHint')}
            dependencies={['phone']}
            rules={[
              { required: true, message: t('portalCases.validation.passwordRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || isStrongPassword(value, normalizePhone(getFieldValue('phone') ?? ''))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('portalCases.register.passwordHint'))),
              }),
            ]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="register-password"
            />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('portalCases.field.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('portalCases.validation.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || value === getFieldValue('password')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('portalCases.validation.confirmMismatch'))),
              }),
            ]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="register-confirm"
            />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error.text}
              className="bm-my-alert"
              action={
                error.taken ? (
                  <Link to={`/my/login?next=${encodeURIComponent(next)}`}>
                    {t('portalCases.register.toLogin')}
                  </Link>
                ) : undefined
              }
              data-testid="register-error"
            />
          )}
          <Typography.Paragraph type="secondary" className="bm-my-small">
            {t('portalCases.register.privacy')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="register-submit">
            {t('portalCases.register.submit')}
          </Button>
        </Form>
        <div className="bm-my-switch">
          {t('portalCases.register.haveAccount')}{' '}
          <Link to={`/my/login?next=${encodeURIComponent(next)}`} data-testid="to-login">
            {t('portalCases.register.toLogin')}
          </Link>
        </div>
      </div>
    </ResidentFrame>
  );
}
