import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  type DescriptionsProps,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { SATISFACTION_LEVELS } from '../../core/hotline/vocabulary.ts';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { useLoad } from '../portal/useLoad.ts';
import {
  type ActionBody,
  actOn,
  fetchOrder,
  type OrderAction,
  type OrderDetail,
  revealCaller,
} from './hotlineApi.ts';
import { ClockLight, StatusTag } from './parts.tsx';

/** What each action asks for before it is sent. */
const FORMS: Partial<
  Record<
    OrderAction,
    ('orgCode' | 'optionalOrg' | 'reason' | 'units' | 'text' | 'revisit' | 'into' | 'note')[]
  >
> = {
  dispatch: ['orgCode', 'note'],
  accept: ['note'],
  send_back: ['reason'],
  approve_send_back: ['optionalOrg', 'note'],
  reject_send_back: ['reason'],
  request_extension: ['units', 'reason'],
  approve_extension: ['note'],
  reject_extension: ['reason'],
  reply: ['text'],
  revisit: ['revisit'],
  close: ['note'],
  merge: ['into', 'note'],
};

const DANGER = new Set<OrderAction>(['send_back', 'reject_send_back', 'reject_extension', 'merge']);

function ActionModal({
  order,
  action,
  onClose,
  onDone,
}: {
  order: OrderDetail;
  action: OrderAction;
  onClose: () => void;
  onDone: (o: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActionBody & { optionalOrg?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reached = Form.useWatch('reached', form);
  const fields = FORMS[action] ?? [];
  const targets = order.targets.map((o) => ({
    value: o.code,
    label: o.suggested ? `${o.name}（${t('hotline.detail.suggested')}）` : o.name,
  }));
  const send = async () => {
    const v = await form.validateFields();
    const body: ActionBody = { ...v };
    if (action === 'approve_send_back') {
      body.orgCode = (v as { optionalOrg?: string }).optionalOrg;
      delete (body as { optionalOrg?: string }).optionalOrg;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await actOn(order.id, action, body));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(`hotline.action.${action}`)}
      onCancel={onClose}
      onOk={() => void send()}
      confirmLoading={busy}
      okButtonProps={{ danger: DANGER.has(action), 'data-testid': 'action-ok' } as never}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />
      )}
      <Form form={form} layout="vertical" initialValues={{ reached: true, orgCode: order.targets[0]?.code }}>
        {fields.includes('orgCode') && (
          <Form.Item name="orgCode" label={t('hotline.field.target')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={targets} data-testid="action-org" />
          </Form.Item>
        )}
        {fields.includes('optionalOrg') && (
          <Form.Item name="optionalOrg" label={t('hotline.field.target')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={targets}
              data-testid="action-org"
            />
          </Form.Item>
        )}
        {fields.includes('units') && (
          <Form.Item
            name="units"
            label={`${t('hotline.field.units')}（${t(`hotline.unit.${order.clock?.unit ?? 'working_days'}`)}）`}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={250} data-testid="action-units" />
          </Form.Item>
        )}
        {fields.includes('reason') && (
          <Form.Item
            name="reason"
            label={t('hotline.field.reason')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="action-reason" />
          </Form.Item>
        )}
        {fields.includes('text') && (
          <Form.Item
            name="text"
            label={t('hotline.field.reply')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea autoSize={{ minRows: 4 }} maxLength={4000} data-testid="action-text" />
          </Form.Item>
        )}
        {fields.includes('revisit') && (
          <>
            <Form.Item name="reached" label={t('hotline.field.reached')} valuePropName="checked">
              <Switch data-testid="action-reached" />
            </Form.Item>
            {reached !== false && (
              <Form.Item
                name="satisfaction"
                label={t('hotline.field.satisfaction')}
                rules={[{ required: true }]}
              >
                <Radio.Group data-testid="action-satisfaction">
                  {SATISFACTION_LEVELS.map((s) => (
                    <Radio.Button key={s} value={s} data-testid={`satisfaction-${s}`}>
                      {t(`hotline.satisfaction.${s}`)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
            )}
            <Form.Item name="note" label={t('hotline.field.note')}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="action-note" />
            </Form.Item>
          </>
        )}
        {fields.includes('into') && (
          <Form.Item
            name="into"
            label={t('hotline.field.into')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Select
              showSearch
              data-testid="action-into"
              options={order.duplicates.map((d) => ({
                value: d.number,
                label: `${d.number} · ${d.content.slice(0, 30)}`,
              }))}
            />
          </Form.Item>
        )}
        {fields.includes('note') && !fields.includes('revisit') && (
          <Form.Item name="note" label={t('hotline.field.note')}>
            <Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} data-testid="action-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function eventText(
  t: (k: string, o?: Record<string, unknown>) => string,
  e: OrderDetail['events'][number],
): string {
  const p = e.payload as Record<string, unknown>;
  const parts = [t(`hotline.action.${e.action}`, { defaultValue: e.action })];
  if (e.action === 'dispatch') parts.push(String(p.orgName ?? e.orgName));
  if (typeof p.reason === 'string' && p.reason) parts.push(p.reason);
  if (typeof p.text === 'string') parts.push(p.text);
  if (typeof p.units === 'number') parts.push(`+${p.units}`);
  if (typeof p.satisfaction === 'string') parts.push(t(`hotline.satisfaction.${p.satisfaction}`));
  if (p.reached === false) parts.push(t('hotline.detail.notReached'));
  if (typeof p.into === 'string') parts.push(p.into);
  if (e.action === 'merged_from' && typeof p.number === 'string') parts.push(p.number);
  if (typeof p.note === 'string' && p.note) parts.push(p.note);
  return parts.join(' · ');
}

/** /console/hotline/orders/:id — the order, its clock, its history and what the reader may do now. */
export function OrderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const loaded = useLoad((signal) => fetchOrder(id, signal), [id]);
  const [current, setCurrent] = useState<OrderDetail | null>(null);
  const [action, setAction] = useState<OrderAction | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const order = current && current.id === loaded.data?.id ? current : loaded.data;

  if (loaded.error) return <Result status="404" subTitle={loaded.error} />;
  if (!order) return <Spin />;

  const items: DescriptionsProps['items'] = [
    { key: 'category', label: t('hotline.field.category'), children: order.category.name },
    {
      key: 'kind',
      label: t('hotline.field.kind'),
      children: (
        <Space size={4}>
          {t(`hotline.kind.${order.kind}`)}
          <Tag color={order.urgency === 'urgent' ? 'red' : undefined}>
            {t(`hotline.urgency.${order.urgency}`)}
          </Tag>
          <Tag>{t(`hotline.channel.${order.channel}`)}</Tag>
        </Space>
      ),
    },
    {
      key: 'caller',
      label: t('hotline.detail.caller'),
      children: (
        <Space>
          <span>
            {order.caller.name} <span data-testid="caller-phone">{phone ?? order.caller.phone}</span>
          </span>
          {!phone && order.caller.phone && (
            <Button
              size="small"
              type="link"
              onClick={() => void revealCaller(order.id).then((r) => setPhone(r.phone))}
              data-testid="reveal"
            >
              {t('hotline.detail.reveal')}
            </Button>
          )}
        </Space>
      ),
    },
    {
      key: 'place',
      label: t('hotline.detail.location'),
      children: [
        order.location.orgName,
        order.location.address,
        order.location.lat !== null ? `${order.location.lat}, ${order.location.lng}` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    },
    { key: 'receiver', label: t('hotline.field.receiver'), children: order.receiver?.name ?? '—' },
    { key: 'clock', label: t('hotline.field.deadline'), children: <ClockLight clock={order.clock} /> },
    {
      key: 'content',
      label: t('hotline.field.content'),
      span: 2,
      children: (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {order.content}
        </Typography.Paragraph>
      ),
    },
    ...Object.entries(order.attributes).map(([code, value]) => ({
      key: `attr-${code}`,
      label: code,
      children: Array.isArray(value) ? value.join('、') : value,
    })),
    {
      key: 'created',
      label: t('hotline.field.createdAt'),
      children: `${formatTime(order.createdAt)} · ${order.createdByName}`,
    },
  ];

  return (
    <Row gutter={16} data-testid="order-page" data-status={order.status}>
      <Col xs={24} lg={16}>
        <Card
          title={
            <Space wrap>
              <span data-testid="order-number">{order.number}</span>
              <StatusTag status={order.status} />
            </Space>
          }
        >
          {order.mergedInto && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={
                <Link to={`/console/hotline/orders/${order.mergedInto.id}`}>
                  {t('hotline.detail.mergedInto', { number: order.mergedInto.number })}
                </Link>
              }
            />
          )}
          {order.sendBack && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('hotline.detail.sendBack')}
              description={t('hotline.detail.sendBackBy', order.sendBack)}
              data-testid="send-back-alert"
            />
          )}
          {order.extensionRequest && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('hotline.detail.extension')}
              description={t('hotline.detail.extensionAsked', {
                ...order.extensionRequest,
                units: `${order.extensionRequest.units} ${t(`hotline.unit.${order.clock?.unit ?? 'working_days'}`)}`,
              })}
            />
          )}
          <Descriptions column={{ xs: 1, md: 2 }} size="small" items={items} />
          {order.reply && (
            <Card
              size="small"
              title={t('hotline.detail.reply')}
              style={{ marginTop: 12 }}
              data-testid="order-reply"
            >
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{order.reply}</Typography.Paragraph>
              {order.onTime !== null && (
                <Tag color={order.onTime ? 'green' : 'red'}>
                  {t(order.onTime ? 'hotline.detail.onTime' : 'hotline.detail.late')}
                </Tag>
              )}
            </Card>
          )}
          {order.revisit && (
            <Card
              size="small"
              title={t('hotline.detail.revisit')}
              style={{ marginTop: 12 }}
              data-testid="order-revisit"
            >
              {order.revisit.reached
                ? t(`hotline.satisfaction.${order.revisit.satisfaction}`)
                : t('hotline.detail.notReached')}
              {order.revisit.note && ` · ${order.revisit.note}`}
            </Card>
          )}
          <Space wrap style={{ marginTop: 16 }}>
            {order.actions.map((a) => (
              <Button
                key={a}
                type={a === order.actions[0] ? 'primary' : 'default'}
                danger={DANGER.has(a)}
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {t(`hotline.action.${a}`)}
              </Button>
            ))}
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('hotline.detail.timeline')} size="small" data-testid="order-timeline">
          <Timeline
            items={order.events.map((e) => ({
              key: e.seq,
              content: (
                <div data-testid={`event-${e.action}`}>
                  <div>{eventText(t, e)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(e.at).slice(0, 16)} · {e.actorName}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </Card>
        {order.duplicates.length > 0 && (
          <Card title={t('hotline.detail.duplicates')} size="small" style={{ marginTop: 12 }}>
            {order.duplicates.map((d) => (
              <div key={d.id} style={{ marginBottom: 8 }}>
                <Link to={`/console/hotline/orders/${d.id}`}>{d.number}</Link> <StatusTag status={d.status} />
                <div>
                  {d.reasons.map((r) => (
                    <Tag key={r} color="orange">
                      {t(`hotline.reason.${r}`)}
                    </Tag>
                  ))}
                </div>
              </div>
            ))}
          </Card>
        )}
      </Col>
      {action && (
        <ActionModal
          order={order}
          action={action}
          onClose={() => setAction(null)}
          onDone={(o) => {
            setCurrent(o);
            setAction(null);
            setPhone(null);
            message.success(t(`hotline.action.${action}`));
          }}
        />
      )}
    </Row>
  );
}
