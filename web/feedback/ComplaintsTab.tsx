import { DownloadOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMPLAINT_FINDINGS,
  COMPLAINT_SATISFACTION,
  COMPLAINT_STATUSES,
  type ComplaintAction,
} from '../../core/feedback/index.ts';
import { errorText } from '../api.ts';
import { LightTag } from '../cases/LightTag.tsx';
import { download } from '../catalog/catalogApi.ts';
import { formatTime } from '../i18n/index.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import { ComplaintFields, type ComplaintFormValues, complaintBody, FiledResult } from './ComplaintPages.tsx';
import {
  type ComplaintDetail,
  type ComplaintView,
  exportUrl,
  type FiledComplaint,
  feedbackApi,
} from './feedbackApi.ts';

const date = (iso: string | null) => (iso ? formatTime(iso).slice(0, 10) : '—');

function ComplaintActionModal({
  complaint,
  action,
  onClose,
  onDone,
}: {
  complaint: ComplaintDetail;
  action: ComplaintAction | null;
  onClose: () => void;
  onDone: (c: ComplaintDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!action) return null;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setFailure(null);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      onDone(await feedbackApi.actOnComplaint(complaint.id, action, body));
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('feedback.textRequired') }];
  return (
    <Modal
      open
      title={t(`feedback.complaintAction.${action}`)}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {action === 'reply' && (
          <>
            <Form.Item name="finding" label={t('feedback.complaint.finding')} rules={[{ required: true }]}>
              <Radio.Group
                options={COMPLAINT_FINDINGS.map((f) => ({ value: f, label: t(`feedback.finding.${f}`) }))}
              />
            </Form.Item>
            <Form.Item name="findingText" label={t('feedback.complaint.findingText')} rules={required}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
            <Form.Item name="reply" label={t('feedback.complaint.reply')} rules={required}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'record_satisfaction' && (
          <Form.Item
            name="satisfaction"
            label={t('feedback.complaint.yourSatisfaction')}
            rules={[{ required: true }]}
          >
            <Radio.Group
              options={COMPLAINT_SATISFACTION.map((s) => ({
                value: s,
                label: t(`feedback.satisfaction.${s}`),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('feedback.complaint.note')}
          rules={action === 'close' ? required : undefined}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

function ComplaintDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [shown, setShown] = useState<ComplaintDetail | null>(null);
  const [action, setAction] = useState<ComplaintAction | null>(null);
  const [contact, setContact] = useState<{ name: string; phone: string } | null>(null);
  const loaded = useLoad((signal) => (id ? feedbackApi.complaint(id, signal) : Promise.resolve(null)), [id]);
  const c = shown?.id === id ? shown : loaded.data;
  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        setShown(null);
        setContact(null);
        onClose();
      }}
      size={640}
      title={c ? `${t('feedback.complaint.title')} ${c.trackingNumber}` : t('feedback.complaint.title')}
      destroyOnHidden
    >
      {loaded.error && <Alert type="error" showIcon title={loaded.error} />}
      {c && (
        <div data-testid="complaint-detail" data-status={c.status}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('feedback.complaint.status')}>
              <Tag>{t(`feedback.complaintStatus.${c.status}`)}</Tag>
              {c.overdue && <Tag color="red">{t('feedback.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.complaint.target')}>
              {t(`feedback.target.${c.targetKind}`)} · {c.targetOrgName} {c.targetStaffName ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.complaint.content')}>{c.content}</Descriptions.Item>
            {c.caseNumber && (
              <Descriptions.Item label={t('feedback.complaint.caseNumber')}>{c.caseNumber}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('feedback.complaint.channel')}>
              {t(`feedback.complaintChannel.${c.channel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.complaint.complainant')}>
              {contact ? `${contact.name} ${contact.phone}` : `${c.complainantName} ${c.complainantPhone}`}{' '}
              {!contact && (
                <Button
                  size="small"
                  icon={<PhoneOutlined />}
                  onClick={() =>
                    feedbackApi
                      .complainant(c.id)
                      .then(setContact)
                      .catch((e) => message.error(errorText(e)))
                  }
                >
                  {t('feedback.revisit.showContact')}
                </Button>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.complaint.replyDue')}>{date(c.replyDue)}</Descriptions.Item>
            {c.finding && (
              <Descriptions.Item label={t('feedback.complaint.finding')}>
                {t(`feedback.finding.${c.finding}`)}：{c.findingText}
              </Descriptions.Item>
            )}
            {c.reply && (
              <Descriptions.Item label={t('feedback.complaint.reply')}>{c.reply}</Descriptions.Item>
            )}
            {c.satisfaction && (
              <Descriptions.Item label={t('feedback.complaint.yourSatisfaction')}>
                {t(`feedback.satisfaction.${c.satisfaction}`)}
              </Descriptions.Item>
            )}
            {c.closeNote && (
              <Descriptions.Item label={t('feedback.complaint.note')}>{c.closeNote}</Descriptions.Item>
            )}
          </Descriptions>
          <Flex wrap gap={8} style={{ marginTop: 16 }}>
            {c.actions.map((a) => (
              <Button key={a} onClick={() => setAction(a)} data-testid={`complaint-action-${a}`}>
                {t(`feedback.complaintAction.${a}`)}
              </Button>
            ))}
          </Flex>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('feedback.order.history')}
          </Typography.Title>
          <Timeline
            items={c.events.map((e) => ({
              content: (
                <div>
                  <div>
                    {formatTime(e.at)} {e.actorName} · {t(`feedback.complaintAction.${e.action}`, e.action)}
                  </div>
                  {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                </div>
              ),
            }))}
          />
          <ComplaintActionModal
            complaint={c}
            action={action}
            onClose={() => setAction(null)}
            onDone={(next) => {
              setShown(next);
              setAction(null);
              onChanged();
            }}
          />
        </div>
      )}
    </Drawer>
  );
}

/** 登记投诉: a complaint made in person at a window or by phone, recorded by staff. */
function RecordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ComplaintFormValues>();
  const [channel, setChannel] = useState<'window' | 'hotline_12345'>('window');
  const [filed, setFiled] = useState<FiledComplaint | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const close = () => {
    setFiled(null);
    setFailure(null);
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    const body = complaintBody(form, form.getFieldsValue(true), t);
    if (!body) return;
    try {
      setFiled(await feedbackApi.recordComplaint({ ...body, channel }));
    } catch (e) {
      setFailure(errorText(e));
    }
  };
  return (
    <Modal
      open={open}
      title={t('feedback.complaint.record')}
      onCancel={close}
      onOk={filed ? close : () => void submit()}
      okText={filed ? t('feedback.close') : undefined}
      destroyOnHidden
    >
      {filed ? (
        <FiledResult filed={filed} />
      ) : (
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item label={t('feedback.complaint.channel')}>
            <Radio.Group
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              options={(['window', 'hotline_12345'] as const).map((c) => ({
                value: c,
                label: t(`feedback.complaintChannel.${c}`),
              }))}
            />
          </Form.Item>
          <ComplaintFields form={form} />
          {failure && <Alert type="error" showIcon title={failure} />}
        </Form>
      )}
    </Modal>
  );
}

/** 投诉: the supervision office's inbox (supervisors and leaders); anyone on staff may record one. */
export function ComplaintsTab({ reader }: { reader: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [version, setVersion] = useState(0);
  const query = { status, overdue: overdue ? true : undefined, q: q || undefined };
  const list = useLoad(
    (signal) =>
      reader
        ? feedbackApi.complaints({ ...query, page, pageSize }, signal)
        : Promise.resolve({ items: [], total: 0 }),
    [JSON.stringify(query), page, pageSize, version, reader],
  );

  const columns: TableColumnsType<ComplaintView> = [
    {
      key: 'number',
      title: t('feedback.complaint.trackingNumber'),
      render: (_, c) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setSelected(c.id)}>
          {c.trackingNumber}
        </Button>
      ),
    },
    {
      key: 'target',
      title: t('feedback.complaint.target'),
      render: (_, c) =>
        `${t(`feedback.target.${c.targetKind}`)} · ${c.targetOrgName} ${c.targetStaffName ?? ''}`,
    },
    {
      key: 'content',
      title: t('feedback.complaint.content'),
      render: (_, c) => (
        <Typography.Paragraph
          style={{ maxWidth: 280, marginBottom: 0 }}
          ellipsis={{ rows: 2, tooltip: c.content }}
        >
          {c.content}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'channel',
      title: t('feedback.complaint.channel'),
      render: (_, c) => t(`feedback.complaintChannel.${c.channel}`),
    },
    {
      key: 'status',
      title: t('feedback.complaint.status'),
      render: (_, c) => <Tag>{t(`feedback.complaintStatus.${c.status}`)}</Tag>,
    },
    {
      key: 'light',
      title: t('feedback.col.light'),
      render: (_, c) => <LightTag light={c.light} overdue={c.overdue} />,
    },
    { key: 'due', title: t('feedback.complaint.replyDue'), render: (_, c) => date(c.replyDue) },
    {
      key: 'finding',
      title: t('feedback.complaint.finding'),
      render: (_, c) => (c.finding ? t(`feedback.finding.${c.finding}`) : '—'),
    },
    { key: 'created', title: t('feedback.col.time'), render: (_, c) => formatTime(c.createdAt) },
  ];

  return (
    <div data-testid="complaints-tab">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        {reader && (
          <>
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPage(1);
              }}
              placeholder={t('feedback.filter.complaint')}
              style={{ width: 240 }}
            />
            <Select<string>
              allowClear
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              placeholder={t('feedback.complaint.status')}
              options={COMPLAINT_STATUSES.map((s) => ({
                value: s,
                label: t(`feedback.complaintStatus.${s}`),
              }))}
              style={{ width: 140 }}
            />
            <Space>
              <Switch checked={overdue} onChange={setOverdue} />
              {t('feedback.filter.overdueOnly')}
            </Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download(exportUrl('complaints', query), 'complaints.xlsx').catch((e) =>
                  message.error(errorText(e)),
                )
              }
            >
              {t('feedback.export')}
            </Button>
          </>
        )}
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRecording(true)}
          data-testid="complaint-record"
        >
          {t('feedback.complaint.record')}
        </Button>
      </Flex>
      {!reader && (
        <Typography.Paragraph type="secondary">{t('feedback.complaint.officeOnly')}</Typography.Paragraph>
      )}
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      {reader && (
        <Table<ComplaintView>
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(t, { page, pageSize, total: list.data?.total ?? 0 }, (p, s) => {
            setPage(p);
            setPageSize(s);
          })}
        />
      )}
      <ComplaintDrawer
        id={selected}
        onClose={() => setSelected(null)}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <RecordModal
        open={recording}
        onClose={() => {
          setRecording(false);
          setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
