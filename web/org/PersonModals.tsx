import { Alert, Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../core/org/roles.ts';
import { errorText } from '../api.ts';
import { strongPasswordRule } from '../shell/passwordRule.ts';
import { OrgSelect } from './OrgSelect.tsx';
import { createPerson, grantRole, type NewPerson, resetPassword, updatePerson } from './peopleApi.ts';
import type { Person } from './types.ts';

/** Mirrors the server's username rule so the form says what is wrong before the round trip. */
const USERNAME_RE = /^[A-Za-z0-9_.-]{3,40}$/;

interface FormModalProps<T> {
  title: string;
  open: boolean;
  onClose(): void;
  initialValues?: Partial<T>;
  submit(values: T): Promise<void>;
  children: ReactNode;
  testId: string;
}

/** A modal form that keeps the server's problem detail on screen when saving fails. */
function FormModal<T extends object>({
  title,
  open,
  onClose,
  initialValues,
  submit,
  children,
  testId,
}: FormModalProps<T>) {
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ok = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await submit(values);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => void ok()}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
      afterOpenChange={(visible) => visible || setError(null)}
    >
      <div data-testid={testId}>
        <Form<T> form={form} layout="vertical" initialValues={initialValues} preserve={false}>
          {children}
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </div>
    </Modal>
  );
}

interface ModalProps {
  open: boolean;
  onClose(): void;
  onDone(): void;
}

export function CreatePersonModal({
  open,
  onClose,
  onDone,
  defaultOrg,
}: ModalProps & { defaultOrg?: string }) {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('form.required') };
  return (
    <FormModal<NewPerson>
      title={t('people.create')}
      open={open}
      onClose={onClose}
      testId="person-create"
      initialValues={{ orgCode: defaultOrg }}
      submit={async (v) => {
        await createPerson({ ...v, phone: v.phone?.trim() || undefined });
        onDone();
      }}
    >
      <Form.Item
        name="username"
        label={t('people.username')}
        extra={t('people.usernameHint')}
        rules={[required, { pattern: USERNAME_RE, message: t('people.usernameInvalid') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('people.displayName')} rules={[required, { max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="orgCode"
        label={t('people.org')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <OrgSelect />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('people.initialPassword')}
        extra={t('people.passwordHint')}
        dependencies={['username']}
        rules={[
          required,
          ({ getFieldValue }) => strongPasswordRule(t, () => getFieldValue('username') ?? ''),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="phone" label={t('people.phone')} rules={[{ max: 20 }]}>
        <Input inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

interface EditValues {
  displayName: string;
  phone?: string;
  clearPhone?: boolean;
  active: boolean;
}

export function EditPersonModal({
  person,
  onClose,
  onDone,
}: Omit<ModalProps, 'open'> & { person: Person | null }) {
  const { t } = useTranslation();
  return (
    <FormModal<EditValues>
      title={t('people.edit')}
      open={person !== null}
      onClose={onClose}
      testId="person-edit"
      initialValues={
        person ? { displayName: person.displayName, active: person.status === 'active' } : undefined
      }
      submit={async (v) => {
        if (!person) return;
        const phone = v.clearPhone ? null : v.phone?.trim();
        await updatePerson(person.id, {
          displayName: v.displayName.trim(),
          status: v.active ? 'active' : 'disabled',
          // The list only ever holds the masked number, so an empty box means "keep", never "erase".
          ...(phone === null ? { phone: null } : phone ? { phone } : {}),
        });
        onDone();
      }}
    >
      <Form.Item
        name="displayName"
        label={t('people.displayName')}
        rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 50 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('people.phone')}
        extra={t('people.phoneKeepHint', { phone: person?.phone ?? '—' })}
      >
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item name="clearPhone" valuePropName="checked">
        <Checkbox>{t('people.clearPhone')}</Checkbox>
      </Form.Item>
      <Form.Item name="active" label={t('people.status')} valuePropName="checked">
        <Switch checkedChildren={t('people.active')} unCheckedChildren={t('people.disabled')} />
      </Form.Item>
    </FormModal>
  );
}

export function GrantRoleModal({
  person,
  onClose,
  onDone,
}: Omit<ModalProps, 'open'> & { person: Person | null }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ role: string; orgCode: string }>
      title={t('people.grantRoleTo', { name: person?.displayName ?? '' })}
      open={person !== null}
      onClose={onClose}
      testId="role-grant"
      initialValues={person ? { orgCode: person.orgCode } : undefined}
      submit={async (v) => {
        if (!person) return;
        await grantRole(person.id, v.role, v.orgCode);
        onDone();
      }}
    >
      <Form.Item
        name="role"
        label={t('people.role')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </Form.Item>
      <Form.Item
        name="orgCode"
        label={t('people.roleOrg')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <OrgSelect />
      </Form.Item>
    </FormModal>
  );
}

export function ResetPasswordModal({
  person,
  onClose,
  onDone,
}: Omit<ModalProps, 'open'> & { person: Person | null }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ password: string }>
      title={t('people.resetPasswordOf', { name: person?.displayName ?? '' })}
      open={person !== null}
      onClose={onClose}
      testId="password-reset"
      submit={async (v) => {
        if (!person) return;
        await resetPassword(person.id, v.password);
        onDone();
      }}
    >
      <Alert type="info" showIcon title={t('people.resetPasswordNote')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="password"
        label={t('people.newPassword')}
        extra={t('people.passwordHint')}
        rules={[
          { required: true, whitespace: true, message: t('form.required') },
          strongPasswordRule(t, () => person?.username ?? ''),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
