import { Alert, App, Button, Card, Col, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorText } from '../api.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { strongPasswordRule } from './passwordRule.ts';
import { safeNext, useMe, useSession } from './session.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post<void>('/api/me/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      message.success(t('changePassword.done'));
      await refresh();
      navigate(safeNext(params.get('next')));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <Row justify="center">
        <Col xs={24} md={14} lg={10}>
          <Card title={t('changePassword.title')}>
            {me.mustChangePassword && (
              <Alert
                type="warning"
                showIcon
                title={t('changePassword.required')}
                style={{ marginBottom: 16 }}
              />
            )}
            <Form<PasswordForm>
              layout="vertical"
              onFinish={submit}
              requiredMark={false}
              data-testid="change-password-form"
            >
              <Form.Item
                name="currentPassword"
                label={t('changePassword.current')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('changePassword.new')}
                extra={t('people.passwordHint')}
                rules={[
                  { required: true, message: t('form.required') },
                  strongPasswordRule(t, () => me?.username ?? ''),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('changePassword.confirm')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('form.required') },
                  ({ getFieldValue }) => ({
                    validator: (_, value) =>
                      !value || value === getFieldValue('newPassword')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('changePassword.mismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('changePassword.submit')}
              </Button>
              <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }}>
                {t('header.signOut')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </PublicLayout>
  );
}
