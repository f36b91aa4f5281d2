import { DownloadOutlined, PhoneOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
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
  APPEAL_KINDS,
  LIMIT_BOUNDS,
  RECTIFICATION_STATUSES,
  REVISIT_METHODS,
} from '../../core/feedback/index.ts';
import { errorText } from '../api.ts';
import { LightTag } from '../cases/LightTag.tsx';
import { download } from '../catalog/catalogApi.ts';
import { formatTime } from '../i18n/index.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { tablePagination } from '../shell/tablePagination.ts';
import {
  exportUrl,
  feedbackApi,
  type OrderDetail,
  type OrderView,
  type RectificationAction,
} from './feedbackApi.ts';
import { LEVEL_COLOR } from './RatingsTab.tsx';

const date = (iso: string | null) => (iso ? formatTime(iso).slice(0, 10) : '—');

/** What each action asks for: 核实情况 / 整改措施 as `note`, otherwise a `reason`. */
const NOTE_ACTIONS: readonly string[] = ['verify', 'rectify'];

function ActionModal({
  order,
  action,
  onClose,
  onDone,
}: {
  order: OrderDetail;
  action: RectificationAction | null;
  onClose: () => void;
  onDone: (o: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string; appealKind?: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!action) return null;
  const field = NOTE_ACTIONS.includes(action) ? 'note' : 'reason';
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setFailure(null);
    try {
      const body: Record<string, string> = { [field]: v.text };
      if (action === 'appeal' && v.appealKind) body.appealKind = v.appealKind;
      onDone(await feedbackApi.actOnOrder(order.id, action, body));
      form.resetFields();
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(`feedback.action.${action}`)}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid={`order-action-form-${action}`}>
        {action === 'appeal' && (
          <Form.Item name="appealKind" label={t('feedback.appealKind.label')} rules={[{ required: true }]}>
            <Radio.Group
              options={APPEAL_KINDS.map((k) => ({ value: k, label: t(`feedback.appealKind.${k}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="text"
          label={t(`feedback.actionText.${action}`)}
          rules={[{ required: true, whitespace: true, message: t('feedback.textRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={1000}
            showCount
            data-testid="order-action-text"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

function RevisitForm({ order, onDone }: { order: OrderDetail; onDone: (o: OrderDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ method: 'phone' | 'visit' | 'sms'; result: string; satisfied: boolean }>();
  const [contact, setContact] = useState<{ name: string | null; phone: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      onDone(
        await feedbackApi.revisit(order.id, {
          method: v.method,
          result: v.result,
          satisfied: v.satisfied ?? false,
        }),
      );
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('feedback.revisit.title')}
      style={{ marginTop: 16 }}
      data-testid="revisit-card"
    >
      <Space style={{ marginBottom: 12 }} wrap>
        {contact ? (
          <span data-testid="rater-contact">
            {contact.name ?? ''} {contact.phone}
          </span>
        ) : (
          <Button
            icon={<PhoneOutlined />}
            onClick={() =>
              feedbackApi
                .raterContact(order.id)
                .then(setContact)
                .catch((e) => message.error(errorText(e)))
            }
            data-testid="rater-contact-show"
          >
            {t('feedback.revisit.showContact')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('feedback.revisit.audited')}</Typography.Text>
      </Space>
      <Form form={form} layout="vertical" initialValues={{ method: 'phone', satisfied: false }}>
        <Form.Item name="method" label={t('feedback.revisit.method')}>
          <Radio.Group
            options={REVISIT_METHODS.map((m) => ({ value: m, label: t(`feedback.revisit.methods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="result"
          label={t('feedback.revisit.result')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
            data-testid="revisit-result"
          />
        </Form.Item>
        <Form.Item name="satisfied" label={t('feedback.revisit.satisfied')} valuePropName="checked">
          <Switch data-testid="revisit-satisfied" />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="revisit-submit">
          {t('feedback.revisit.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function OrderDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<OrderDetail | null>(null);
  const [action, setAction] = useState<RectificationAction | null>(null);
  const loaded = useLoad((signal) => (id ? feedbackApi.order(id, signal) : Promise.resolve(null)), [id]);
  const o = shown?.id === id ? shown : loaded.data;
  const done = (next: OrderDetail) => {
    setShown(next);
    setAction(null);
    onChanged();
  };
  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        setShown(null);
        onClose();
      }}
      size={640}
      title={o ? `${t('feedback.order.title')} ${o.orderNumber}` : t('feedback.order.title')}
      destroyOnHidden
    >
      {loaded.error && <Alert type="error" showIcon title={loaded.error} />}
      {o && (
        <div data-testid="order-detail" data-status={o.status}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('feedback.col.status')}>
              <Tag data-testid="order-status">{t(`feedback.status.${o.status}`)}</Tag>
              {o.overdue && <Tag color="red">{t('feedback.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.handler')}>{o.handlerOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.subject')}>
              {o.rating.kind === 'case'
                ? `${o.rating.caseNumber} ${o.rating.itemName ?? ''}`
                : `${t('feedback.kind.visit')} ${o.rating.visitDate} ${o.rating.staffName ?? ''}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.level')}>
              <Tag color={LEVEL_COLOR[o.rating.level]}>{t(`feedback.level.${o.rating.level}`)}</Tag>
              {t('feedback.dimension.overall')} {o.rating.scores.overall}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.comment')}>{o.rating.comment ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.rater')}>
              {o.named ? `${o.rating.raterName ?? ''} ${o.rating.raterPhone ?? ''}` : t('feedback.anonymous')}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.verifyDue')}>
              {date(o.verifyDue)} {o.overdueStages.verify && <Tag color="red">{t('feedback.overdue')}</Tag>}
              {o.overdueStages.revisit && <Tag color="red">{t('feedback.revisitOverdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('feedback.col.rectifyDue')}>
              {date(o.rectifyDue)} {o.overdueStages.rectify && <Tag color="red">{t('feedback.overdue')}</Tag>}
            </Descriptions.Item>
            {o.verification && (
              <Descriptions.Item label={t('feedback.actionText.verify')}>{o.verification}</Descriptions.Item>
            )}
            {o.measures && (
              <Descriptions.Item label={t('feedback.actionText.rectify')}>{o.measures}</Descriptions.Item>
            )}
            {o.cannotRectify.reason && (
              <Descriptions.Item label={t('feedback.action.request_cannot_rectify')}>
                {o.cannotRectify.reason}
                {o.cannotRectify.decision &&
                  ` — ${t(`feedback.decision.${o.cannotRectify.decision}`)}：${o.cannotRectify.decisionReason ?? ''}`}
              </Descriptions.Item>
            )}
            {o.appeal.reason && (
              <Descriptions.Item label={t('feedback.action.appeal')}>
                {o.appeal.kind && `${t(`feedback.appealKind.${o.appeal.kind}`)}：`}
                {o.appeal.reason}
                {o.appeal.decision &&
                  ` — ${t(`feedback.decision.${o.appeal.decision}`)}：${o.appeal.decisionReason ?? ''}`}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Flex wrap gap={8} style={{ marginTop: 16 }}>
            {o.actions
              .filter((a): a is RectificationAction => a !== 'revisit')
              .map((a) => (
                <Button key={a} onClick={() => setAction(a)} data-testid={`order-action-${a}`}>
                  {t(`feedback.action.${a}`)}
                </Button>
              ))}
          </Flex>
          {o.actions.includes('revisit') && <RevisitForm order={o} onDone={done} />}
          {o.revisits.length > 0 && (
            <Card size="small" title={t('feedback.revisit.list')} style={{ marginTop: 16 }}>
              {o.revisits.map((r) => (
                <div key={r.id} style={{ marginBottom: 8 }}>
                  {formatTime(r.at)} {r.byName} · {t(`feedback.revisit.methods.${r.method}`)} ·{' '}
                  {r.satisfied ? t('feedback.revisit.yes') : t('feedback.revisit.no')}
                  <div>{r.result}</div>
                </div>
              ))}
            </Card>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('feedback.order.history')}
          </Typography.Title>
          <Timeline
            items={o.events.map((e) => ({
              content: (
                <div>
                  <div>
                    {formatTime(e.at)} {e.actorName} · {t(`feedback.event.${e.action}`)}
                  </div>
                  {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                </div>
              ),
            }))}
          />
          <ActionModal order={o} action={action} onClose={() => setAction(null)} onDone={done} />
        </div>
      )}
    </Drawer>
  );
}

function LimitsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ verifyDays: number; rectifyDays: number; complaintDays: number }>();
  const limits = useLoad((signal) => (open ? feedbackApi.limits(signal) : Promise.resolve(null)), [open]);
  const l = limits.data;
  const save = async () => {
    const v = await form.validateFields();
    try {
      await feedbackApi.saveLimits({ orgCode: l?.orgCode, ...v });
      message.success(t('feedback.limits.saved'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open={open}
      title={l ? `${t('feedback.limits.title')} · ${l.orgName}` : t('feedback.limits.title')}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ disabled: !l?.editable }}
      destroyOnHidden
    >
      {l && (
        <Form
          form={form}
          layout="vertical"
          initialValues={l}
          disabled={!l.editable}
          data-testid="limits-form"
        >
          {(['verifyDays', 'rectifyDays', 'complaintDays'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`feedback.limits.${k}`)} rules={[{ required: true }]}>
              <InputNumber
                min={LIMIT_BOUNDS[k].min}
                max={LIMIT_BOUNDS[k].max}
                addonAfter={t('feedback.limits.days')}
              />
            </Form.Item>
          ))}
          <Typography.Text type="secondary">{t('feedback.limits.hint')}</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}

/** 差评整改: the orders in the caller's subtree with their lights, actions and the supervisor's limits. */
export function RectificationsTab({ supervisor }: { supervisor: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const [openOnly, setOpenOnly] = useState(true);
  const [overdue, setOverdue] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string | null>(null);
  const [limitsOpen, setLimitsOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const query = {
    status,
    open: openOnly ? true : undefined,
    overdue: overdue ? true : undefined,
    q: q || undefined,
  };
  const list = useLoad(
    (signal) => feedbackApi.orders({ ...query, page, pageSize }, signal),
    [JSON.stringify(query), page, pageSize, version],
  );
  const summary = useLoad((signal) => feedbackApi.orderSummary(signal), [version]);

  const columns: TableColumnsType<OrderView> = [
    {
      key: 'number',
      title: t('feedback.col.orderNumber'),
      render: (_, o) => (
        <Button
          type="link"
          style={{ padding: 0 }}
          onClick={() => setSelected(o.id)}
          data-testid={`order-open-${o.id}`}
        >
          {o.orderNumber}
        </Button>
      ),
    },
    {
      key: 'subject',
      title: t('feedback.col.subject'),
      render: (_, o) => (
        <span className="bm-case-number" data-testid="order-case-number">
          {o.rating.caseNumber ?? `${t('feedback.kind.visit')} ${o.rating.visitDate}`}
        </span>
      ),
    },
    { key: 'handler', title: t('feedback.col.handler'), render: (_, o) => o.handlerOrgName },
    {
      key: 'level',
      title: t('feedback.col.level'),
      render: (_, o) => (
        <Tag color={LEVEL_COLOR[o.rating.level]}>{t(`feedback.level.${o.rating.level}`)}</Tag>
      ),
    },
    {
      key: 'status',
      title: t('feedback.col.status'),
      render: (_, o) => <Tag data-testid={`order-status-${o.id}`}>{t(`feedback.status.${o.status}`)}</Tag>,
    },
    {
      key: 'light',
      title: t('feedback.col.light'),
      render: (_, o) => <LightTag light={o.light} overdue={o.overdue} testId={`order-light-${o.id}`} />,
    },
    { key: 'deadline', title: t('feedback.col.deadline'), render: (_, o) => date(o.deadline) },
    {
      key: 'revisit',
      title: t('feedback.col.revisit'),
      render: (_, o) =>
        o.named ? (o.firstRevisitAt ? t('feedback.revisit.done') : t('feedback.revisit.pending')) : '—',
    },
    { key: 'created', title: t('feedback.col.time'), render: (_, o) => formatTime(o.createdAt) },
  ];

  return (
    <div data-testid="rectifications-tab">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(
          [
            ['open', summary.data?.open],
            ['overdue', summary.data?.overdue],
            ['overdueOpen', summary.data?.overdueOpen],
            ['total', summary.data?.total],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small">
              <Statistic title={t(`feedback.summary.${k}`)} value={v ?? '—'} data-testid={`summary-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(1);
          }}
          placeholder={t('feedback.filter.orderNumber')}
          style={{ width: 240 }}
          data-testid="orders-filter-q"
        />
        <Select<string>
          allowClear
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          placeholder={t('feedback.col.status')}
          options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: t(`feedback.status.${s}`) }))}
          style={{ width: 160 }}
        />
        <Space>
          <Switch
            checked={openOnly}
            onChange={(v) => {
              setOpenOnly(v);
              setPage(1);
            }}
            data-testid="orders-filter-open"
          />
          {t('feedback.filter.openOnly')}
        </Space>
        <Space>
          <Switch
            checked={overdue}
            onChange={(v) => {
              setOverdue(v);
              setPage(1);
            }}
          />
          {t('feedback.filter.overdueOnly')}
        </Space>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            download(exportUrl('rectifications', query), 'rectifications.xlsx').catch((e) =>
              message.error(errorText(e)),
            )
          }
        >
          {t('feedback.export')}
        </Button>
        {supervisor && (
          <Button icon={<SettingOutlined />} onClick={() => setLimitsOpen(true)} data-testid="limits-open">
            {t('feedback.limits.title')}
          </Button>
        )}
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      <Table<OrderView>
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
        data-testid="orders-table"
      />
      <OrderDrawer
        id={selected}
        onClose={() => setSelected(null)}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <LimitsModal open={limitsOpen} onClose={() => setLimitsOpen(false)} />
    </div>
  );
}
