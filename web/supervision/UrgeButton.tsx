import { AlertOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Divider, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isTerminalStatus } from '../../core/cases/lifecycle.ts';
import { errorText } from '../api.ts';
import { placeFieldErrors } from '../cases/formErrors.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useSupervisionAccess } from './access.ts';
import { minute, shanghaiToday } from './format.ts';
import { supervisionApi, type Urge } from './supervisionApi.ts';
import { UrgeStatusTag } from './UrgeStatusTag.tsx';

interface Values {
  note: string;
  replyBy: Dayjs;
}

/**
 * 督办 on the case page, for supervisors and leaders: the open urges of the case and a form for a new one
 * (note, reply deadline from today to a year ahead). Renders nothing for anyone else.
 */
export function UrgeButton({
  caseId,
  caseNumber,
  status,
}: {
  caseId: string;
  caseNumber: string;
  status: string;
}) {
  const { urger } = useSupervisionAccess();
  if (!urger) return null;
  return <UrgeControl caseId={caseId} caseNumber={caseNumber} closed={isTerminalStatus(status as never)} />;
}

function UrgeControl({
  caseId,
  caseNumber,
  closed,
}: {
  caseId: string;
  caseNumber: string;
  closed: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const urges = useLoad((signal) => supervisionApi.caseUrges(caseId, signal), [caseId]);
  const pending = (urges.data ?? []).filter((u) => u.status === 'open' || u.status === 'escalated').length;
  const today = dayjs(shanghaiToday());

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await supervisionApi.urge(caseId, {
        note: values.note.trim(),
        replyBy: values.replyBy.format('YYYY-MM-DD'),
      });
      message.success(t('supervision.urge.sent'));
      setOpen(false);
      form.resetFields();
      urges.reload();
    } catch (e) {
      const rest = placeFieldErrors(form, e, { fields: ['note', 'replyBy'] });
      setError(rest.length ? rest.join('；') : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex justify="flex-end" style={{ marginTop: 8 }}>
      <Button
        danger
        icon={<AlertOutlined />}
        disabled={closed}
        title={closed ? t('supervision.urge.closedCase') : undefined}
        onClick={() => setOpen(true)}
        data-testid="urge-open"
      >
        {pending ? t('supervision.urge.buttonCount', { count: pending }) : t('supervision.urge.button')}
      </Button>
      <Modal
        open={open}
        title={t('supervision.urge.modalTitle', { caseNumber })}
        okText={t('supervision.urge.submit')}
        okButtonProps={{ danger: true, loading: saving, 'data-testid': 'urge-submit' } as never}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {(urges.data?.length ?? 0) > 0 && <UrgeHistory urges={urges.data ?? []} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ replyBy: today.add(3, 'day') }}
          data-testid="urge-form"
        >
          <Form.Item
            name="note"
            label={t('supervision.urge.note')}
            rules={[{ required: true, whitespace: true, message: t('supervision.urge.noteRequired') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={t('supervision.urge.notePlaceholder')}
              data-testid="urge-note"
            />
          </Form.Item>
          <Form.Item
            name="replyBy"
            label={t('supervision.urge.replyBy')}
            rules={[{ required: true, message: t('supervision.urge.replyByRequired') }]}
          >
            <DatePicker
              allowClear={false}
              disabledDate={(d) => d.isBefore(today, 'day') || d.isAfter(today.add(1, 'year'), 'day')}
              data-testid="urge-reply-by"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function UrgeHistory({ urges }: { urges: Urge[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{t('supervision.urge.history')}</Typography.Text>
      <Flex vertical gap={8} style={{ margin: '8px 0 12px' }} data-testid="urge-history">
        {urges.map((u) => (
          <Flex key={u.id} vertical gap={2}>
            <Flex gap={8} wrap align="center">
              <UrgeStatusTag urge={u} />
              <Typography.Text type="secondary">
                {u.byName} · {minute(u.createdAt)}
              </Typography.Text>
            </Flex>
            <span>{u.note}</span>
            {u.reply && (
              <Typography.Text type="success">
                <Tag>{t('supervision.urges.reply')}</Tag>
                {u.reply}
              </Typography.Text>
            )}
          </Flex>
        ))}
      </Flex>
      <Divider style={{ margin: '0 0 12px' }} />
    </>
  );
}
