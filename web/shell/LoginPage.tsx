import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorText } from '../api.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { type DemoAccount, usePublicConfig } from './publicConfig.ts';
import { roleAtLabel } from './roleLabel.ts';
import { CHANGE_PASSWORD_PATH, safeNext, useSession } from './session.tsx';

interface Credentials {
  username: string;
  password: string;
}

function demoRolesText(t: TFunction, roles: DemoAccount['roles']): string {
  return roles.map((r) => roleAtLabel(t, r.role, r.orgName)).join(t('listSeparator'));
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const config = usePublicConfig();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(values.username, values.password);
      const next = safeNext(params.get('next'));
      if (me.mustChangePassword) navigate(`${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`);
      else navigate(next);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const fill = (account: DemoAccount) => {
    form.setFieldsValue({ username: account.username, password: account.password });
    setError(null);
  };

  return (
    <PublicLayout>
      <Row gutter={[16, 16]} justify="center">
        <Col xs={24} md={12} lg={10}>
          <Card title={t('login.title')}>
            <Form<Credentials>
              form={form}
              layout="vertical"
              onFinish={submit}
              requiredMark={false}
              data-testid="login-form"
            >
              <Form.Item
                name="username"
                label={t('login.username')}
                rules={[{ required: true, message: t('login.usernameRequired') }]}
              >
                <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('login.password')}
                rules={[{ required: true, message: t('login.passwordRequired') }]}
              >
                <Input.Password
                  prefix={<LockOutlined />}
                  autoComplete="current-password"
                  data-testid="login-password"
                />
              </Form.Item>
              {error && (
                <Alert
                  type="error"
                  showIcon
                  title={error}
                  style={{ marginBottom: 16 }}
                  data-testid="login-error"
                />
              )}
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        {config?.demo && config.demoAccounts && config.demoAccounts.length > 0 && (
          <Col xs={24} md={12} lg={10}>
            <Card title={t('login.demoTitle')} data-testid="demo-accounts">
              <Typography.Paragraph type="secondary">{t('login.demoHint')}</Typography.Paragraph>
              {config.demoAccounts.map((account) => (
                <button
                  key={account.username}
                  type="button"
                  className="bm-demo-account"
                  onClick={() => fill(account)}
                  data-testid={`demo-account-${account.username}`}
                >
                  <Typography.Text strong>{account.displayName}</Typography.Text>{' '}
                  <Typography.Text code>{account.username}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{demoRolesText(t, account.roles)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t('login.demoPassword')}
                    <Typography.Text code>{account.password}</Typography.Text>
                  </Typography.Text>
                </button>
              ))}
            </Card>
          </Col>
        )}
      </Row>
    </PublicLayout>
  );
}
