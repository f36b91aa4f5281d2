import { KeyOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { useLoad } from '../portal/useLoad.ts';
import { type ApiClientView, fetchKeys, issueKey, revokeKey } from './hotlineApi.ts';

/** /console/hotline/keys — Open311 clients and their keys (the county admin issues and revokes them). */
export function KeysPage() {
  const { t } = useTranslation();
  const keys = useLoad((signal) => fetchKeys(signal), []);
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; contact?: string; responseMode: 'realtime' | 'batch' }>();
  const endpoint = `${window.location.origin}/open311/v2`;

  const issue = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const created = await issueKey(v);
      setIssued(created.apiKey);
      setOpen(false);
      form.resetFields();
      keys.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const columns: ColumnsType<ApiClientView> = [
    { title: t('hotline.keys.name'), dataIndex: 'name' },
    { title: t('hotline.keys.contact'), dataIndex: 'contact' },
    {
      title: t('hotline.keys.mode'),
      render: (_, c) =>
        t(c.responseMode === 'batch' ? 'hotline.keys.modeBatch' : 'hotline.keys.modeRealtime'),
    },
    {
      title: t('hotline.keys.prefix'),
      render: (_, c) => <Typography.Text code>{c.keyPrefix}…</Typography.Text>,
    },
    {
      title: t('hotline.keys.createdAt'),
      render: (_, c) => `${formatTime(c.createdAt).slice(0, 16)} · ${c.createdByName}`,
    },
    {
      title: t('hotline.keys.lastUsedAt'),
      render: (_, c) => (c.lastUsedAt ? formatTime(c.lastUsedAt).slice(0, 16) : '—'),
    },
    {
      title: '',
      render: (_, c) =>
        c.revokedAt ? (
          <Tag>{t('hotline.keys.revokedAt')}</Tag>
        ) : (
          <Popconfirm
            title={t('hotline.keys.revokeConfirm')}
            onConfirm={() => void revokeKey(c.id).then(keys.reload)}
          >
            <Button size="small" danger>
              {t('hotline.keys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card data-testid="hotline-keys">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('hotline.keys.title')}
        </Typography.Title>
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="issue-key">
          {t('hotline.keys.issue')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">
        {t('hotline.keys.endpoint', { url: endpoint })}
      </Typography.Paragraph>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          style={{ marginBottom: 12 }}
          title={t('hotline.keys.shownOnce')}
          description={
            <Typography.Text copyable code data-testid="issued-key">
              {issued}
            </Typography.Text>
          }
        />
      )}
      {keys.error && <Alert type="error" showIcon title={keys.error} />}
      <Table<ApiClientView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={keys.data?.items ?? []}
        loading={keys.loading}
        pagination={false}
        scroll={{ x: 800 }}
      />
      <Modal
        open={open}
        title={t('hotline.keys.issue')}
        onCancel={() => setOpen(false)}
        onOk={() => void issue()}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ responseMode: 'realtime' }}>
          <Form.Item
            name="name"
            label={t('hotline.keys.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} data-testid="key-name" />
          </Form.Item>
          <Form.Item name="contact" label={t('hotline.keys.contact')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="responseMode" label={t('hotline.keys.mode')}>
            <Radio.Group>
              <Radio value="realtime">{t('hotline.keys.modeRealtime')}</Radio>
              <Radio value="batch">{t('hotline.keys.modeBatch')}</Radio>
            </Radio.Group>
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
