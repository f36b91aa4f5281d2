import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { renameOrg } from './orgApi.ts';
import type { Org } from './types.ts';

export function RenameOrgModal({
  org,
  open,
  onClose,
  onSaved,
}: {
  org: Org;
  open: boolean;
  onClose(): void;
  onSaved(org: Org): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.setFieldsValue({ name: org.name });
      setError(null);
    }
  }, [open, org, form]);

  const save = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onSaved(await renameOrg(org.code, name.trim()));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('org.rename')}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 100, message: t('form.tooLong', { max: 100 }) },
          ]}
        >
          <Input data-testid="rename-name" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
