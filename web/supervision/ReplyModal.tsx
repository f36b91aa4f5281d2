import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { placeFieldErrors } from '../cases/formErrors.ts';
import type { Urge } from './supervisionApi.ts';
import { supervisionApi } from './supervisionApi.ts';

/** The handler's answer to an urge: once; a withdrawn or already answered urge is refused by the server. */
export function ReplyModal({
  urge,
  onClose,
  onDone,
}: {
  urge: Urge | null;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reply: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ reply }: { reply: string }) => {
    if (!urge) return;
    setSaving(true);
    setError(null);
    try {
      await supervisionApi.reply(urge.id, reply.trim());
      message.success(t('supervision.urges.replied'));
      form.resetFields();
      onDone();
    } catch (e) {
      const rest = placeFieldErrors(form, e, { fields: ['reply'] });
      setError(rest.length ? rest.join('；') : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={urge !== null}
      title={urge ? t('supervision.urges.replyTitle', { caseNumber: urge.caseNumber }) : ''}
      okText={t('supervision.urges.replySubmit')}
      okButtonProps={{ loading: saving, 'data-testid': 'reply-submit' } as never}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {urge && (
        <Typography.Paragraph>
          {t('supervision.urges.noteBy', { by: urge.byName, note: urge.note })}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reply"
          label={t('supervision.urges.replyLabel')}
          rules={[{ required: true, whitespace: true, message: t('supervision.urges.replyRequired') }]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            placeholder={t('supervision.urges.replyPlaceholder')}
            data-testid="reply-text"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
