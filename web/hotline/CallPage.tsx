import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { toHalfWidth } from '../../core/validators/index.ts';
import { ApiError, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { searchOrgs } from '../org/orgApi.ts';
import type { OrgHit } from '../org/types.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import {
  type AttributeDefinition,
  actOn,
  type CallInput,
  type CategoryView,
  type DuplicateView,
  fetchCatalog,
  fetchDuplicates,
  isDispatcher,
  type OrderKind,
  registerCall,
  type Urgency,
} from './hotlineApi.ts';
import { StatusTag } from './parts.tsx';

const KINDS: OrderKind[] = ['request', 'complaint', 'report', 'inquiry', 'suggestion', 'praise'];
const URGENCIES: Urgency[] = ['urgent', 'general', 'complex'];

interface Values {
  phone: string;
  name: string;
  categoryCode?: string;
  orgCode?: string;
  address?: string;
  content: string;
  kind: OrderKind;
  urgency?: Urgency;
  attributes?: Record<string, string | string[] | undefined>;
}

/** The category matches what the operator types: its name, its code, or the pinyin initials of its name. */
function matches(c: CategoryView, text: string): boolean {
  const q = text.trim().toLowerCase();
  return (
    !q || c.name.includes(text.trim()) || c.code.toLowerCase().startsWith(q) || c.nameInitials.startsWith(q)
  );
}

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

function AttributeField({ def }: { def: AttributeDefinition }) {
  const name = ['attributes', def.code];
  const rules = def.required ? [{ required: true, message: def.description }] : [];
  const testId = `call-attr-${def.code}`;
  const list = def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist';
  return (
    <Form.Item name={name} label={def.description} rules={rules} extra={def.datatypeDescription ?? undefined}>
      {list ? (
        <Select
          data-call-field
          data-testid={testId}
          mode={def.datatype === 'multivaluelist' ? 'multiple' : undefined}
          allowClear
          options={def.values.map((v) => ({ value: v.key, label: v.name }))}
        />
      ) : def.datatype === 'text' ? (
        <Input.TextArea data-call-field data-testid={testId} autoSize={{ minRows: 2 }} />
      ) : (
        <Input data-call-field data-testid={testId} />
      )}
    </Form.Item>
  );
}

/**
 * 话务登记: one screen, typed top to bottom without the mouse. The phone field has the focus; Enter moves
 * to the next field (a picked option moves on by itself); Ctrl+Enter registers from anywhere. While the
 * operator types, open orders that may be the same matter appear on the right with the reasons, and the
 * call can be registered and merged into one of them at once.
 */
export function CallPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const box = useRef<HTMLDivElement>(null);
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ id: string; number: string; queryCode: string; merged?: string } | null>(
    null,
  );
  const catalog = useLoad((signal) => fetchCatalog(signal), []);
  const categories = useMemo(() => (catalog.data?.items ?? []).filter((c) => c.active), [catalog.data]);
  const [categoryText, setCategoryText] = useState('');
  const [villageText, setVillageText] = useState('');
  const [villages, setVillages] = useState<OrgHit[]>([]);
  const villageQuery = useDebounced(villageText.trim(), 250);

  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const category = categories.find((c) => c.code === values?.categoryCode);
  const probe = useDebounced(
    JSON.stringify({
      phone: toHalfWidth(values?.phone ?? '').trim(),
      categoryCode: values?.categoryCode ?? '',
      orgCode: values?.orgCode ?? '',
      address: values?.address ?? '',
      content: values?.content ?? '',
    }),
    400,
  );
  const [duplicates, setDuplicates] = useState<DuplicateView[]>([]);

  useEffect(() => {
    const q = JSON.parse(probe) as Record<string, string>;
    if (!q.phone && !q.content && !q.orgCode && !q.address) {
      setDuplicates([]);
      return;
    }
    const controller = new AbortController();
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v));
    fetchDuplicates(query, controller.signal)
      .then((r) => setDuplicates(r.items))
      .catch(() => undefined);
    return () => controller.abort();
  }, [probe]);

  useEffect(() => {
    if (!villageQuery) return;
    const controller = new AbortController();
    searchOrgs(villageQuery, 30, controller.signal)
      .then((r) => setVillages(r.items.filter((o) => o.kind === 'village' || o.kind === 'township')))
      .catch(() => undefined);
    return () => controller.abort();
  }, [villageQuery]);

  if (!isDispatcher(me.roles)) return <Alert type="info" showIcon title={t('hotline.call.dispatcherOnly')} />;

  const fields = () => [...(box.current?.querySelectorAll<HTMLElement>('[data-call-field]') ?? [])];
  const focusField = (el: HTMLElement | undefined) => {
    if (!el) return;
    const target = el.matches('input, textarea') ? el : el.querySelector<HTMLElement>('input, textarea');
    target?.focus();
  };
  const focusNextFrom = (from: Element | null) => {
    const list = fields();
    const i = list.findIndex((f) => f === from || f.contains(from));
    focusField(list[i + 1]);
  };

  const submit = async (mergeInto?: DuplicateView) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (!v.orgCode && !v.address?.trim()) {
      setError(t('hotline.call.locationRequired'));
      return;
    }
    const attributes = Object.fromEntries(
      Object.entries(v.attributes ?? {}).filter(
        ([, x]) => x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0),
      ),
    ) as Record<string, string | string[]>;
    const body: CallInput = {
      categoryCode: v.categoryCode!,
      kind: v.kind,
      urgency: v.urgency,
      caller: { name: v.name.trim(), phone: toHalfWidth(v.phone).trim() },
      content: v.content.trim(),
      location: { orgCode: v.orgCode ?? null, address: v.address?.trim() || null },
      attributes,
    };
    setBusy(true);
    setError(null);
    try {
      const order = await registerCall(body, key);
      if (mergeInto) await actOn(order.id, 'merge', { into: mergeInto.id });
      setDone({
        id: mergeInto ? mergeInto.id : order.id,
        number: order.number,
        queryCode: order.queryCode,
        merged: mergeInto?.number,
      });
      message.success(t('hotline.call.registered', { number: order.number }));
      form.resetFields();
      setDuplicates([]);
      setKey(newKey());
      setTimeout(() => focusField(fields()[0]), 0);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) {
        form.setFields(
          e.errors.map((fe) => {
            const m = /^attribute\[(.+)\]$/.exec(fe.field);
            const name = m
              ? ['attributes', m[1]!]
              : fe.field === 'caller.phone'
                ? ['phone']
                : fe.field === 'caller.name'
                  ? ['name']
                  : [fe.field];
            return { name: name as never, errors: [fe.message] };
          }),
        );
      }
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      void submit();
      return;
    }
    const target = e.target as HTMLElement;
    // Select inputs take Enter to pick an option (onSelect moves on); textareas take it as a new line.
    if (target.tagName === 'TEXTAREA' || target.closest('.ant-select')) return;
    if (target.tagName === 'INPUT') {
      e.preventDefault();
      focusNextFrom(target);
    }
  };

  const categoryOptions = categories
    .filter((c) => matches(c, categoryText))
    .map((c) => ({ value: c.code, label: c.parentName ? `${c.name}（${c.parentName}）` : c.name }));

  return (
    <Row gutter={16} data-testid="call-page">
      <Col xs={24} lg={15}>
        <Card
          title={t('hotline.call.title')}
          extra={<Typography.Text type="secondary">{t('hotline.call.hint')}</Typography.Text>}
        >
          {done && (
            <Result
              status="success"
              style={{ padding: '8px 0 16px' }}
              title={
                <span data-testid="call-registered">
                  {t('hotline.call.registered', { number: done.number })}
                </span>
              }
              subTitle={
                <>
                  <span data-testid="call-query-code" data-code={done.queryCode}>
                    {t('hotline.call.registeredHint', { code: done.queryCode })}
                  </span>
                  {done.merged && <div>{t('hotline.detail.mergedInto', { number: done.merged })}</div>}
                </>
              }
              extra={
                <Link to={`/console/hotline/orders/${done.id}`} data-testid="call-open-order">
                  {t('hotline.call.open')}
                </Link>
              }
            />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 12 }}
              data-testid="call-error"
            />
          )}
          <div ref={box}>
            <Form<Values>
              form={form}
              onKeyDown={onKeyDown}
              layout="vertical"
              requiredMark={false}
              initialValues={{ kind: 'request' }}
              onValuesChange={(changed) => {
                if ('categoryCode' in changed) {
                  const c = categories.find((x) => x.code === changed.categoryCode);
                  form.setFieldsValue({ urgency: c?.urgency, attributes: {} });
                }
              }}
            >
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="phone"
                    label={t('hotline.field.phone')}
                    rules={[{ required: true, whitespace: true, message: t('hotline.field.phone') }]}
                  >
                    <Input
                      data-call-field
                      autoFocus
                      inputMode="tel"
                      maxLength={20}
                      data-testid="call-phone"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="name"
                    label={t('hotline.field.name')}
                    rules={[{ required: true, whitespace: true, message: t('hotline.field.name') }]}
                  >
                    <Input data-call-field maxLength={100} data-testid="call-name" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="categoryCode"
                label={t('hotline.field.category')}
                extra={t('hotline.field.categoryHint')}
                rules={[{ required: true, message: t('hotline.field.category') }]}
              >
                <Select
                  data-call-field
                  data-testid="call-category"
                  showSearch={{ filterOption: false, onSearch: setCategoryText }}
                  options={categoryOptions}
                  onSelect={() => {
                    setCategoryText('');
                    setTimeout(
                      () =>
                        focusNextFrom(box.current?.querySelector('[data-testid="call-category"]') ?? null),
                      0,
                    );
                  }}
                  loading={catalog.loading}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="orgCode"
                    label={t('hotline.field.village')}
                    extra={t('hotline.field.villageHint')}
                  >
                    <Select
                      data-call-field
                      data-testid="call-village"
                      allowClear
                      showSearch={{ filterOption: false, onSearch: setVillageText }}
                      options={villages.map((o) => ({
                        value: o.code,
                        label: [...o.ancestors.slice(-1).map((a) => a.name), o.name].join(' / '),
                      }))}
                      onSelect={() =>
                        setTimeout(
                          () =>
                            focusNextFrom(box.current?.querySelector('[data-testid="call-village"]') ?? null),
                          0,
                        )
                      }
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="address" label={t('hotline.field.address')}>
                    <Input data-call-field maxLength={300} data-testid="call-address" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="content"
                label={t('hotline.field.content')}
                rules={[{ required: true, whitespace: true, message: t('hotline.field.content') }]}
              >
                <Input.TextArea
                  data-call-field
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  maxLength={4000}
                  data-testid="call-content"
                />
              </Form.Item>
              {category?.attributes
                .filter((a) => a.variable)
                .map((a) => (
                  <AttributeField key={a.code} def={a} />
                ))}
              <Row gutter={12}>
                <Col xs={12}>
                  <Form.Item name="kind" label={t('hotline.field.kind')}>
                    <Select
                      data-call-field
                      data-testid="call-kind"
                      options={KINDS.map((k) => ({ value: k, label: t(`hotline.kind.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="urgency" label={t('hotline.field.urgency')}>
                    <Select
                      data-call-field
                      data-testid="call-urgency"
                      options={URGENCIES.map((k) => ({ value: k, label: t(`hotline.urgency.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="call-submit">
                {t('hotline.call.submit')}
              </Button>
            </Form>
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('hotline.call.duplicates')} size="small" data-testid="call-duplicates">
          {duplicates.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotline.call.noDuplicates')} />
          ) : (
            <Flex vertical gap={8}>
              {duplicates.map((d) => (
                <Card key={d.id} size="small" data-testid={`duplicate-${d.number}`}>
                  <Flex justify="space-between" wrap>
                    <Link to={`/console/hotline/orders/${d.id}`}>{d.number}</Link>
                    <StatusTag status={d.status} />
                  </Flex>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
                    {d.categoryName} · {d.content}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.callerName} {d.phone} · {formatTime(d.createdAt).slice(0, 16)}
                  </Typography.Text>
                  <Space wrap size={4} style={{ display: 'flex', marginTop: 4 }}>
                    {d.reasons.map((r) => (
                      <Tag key={r} color="orange">
                        {t(`hotline.reason.${r}`)}
                      </Tag>
                    ))}
                    <Tag>{t('hotline.call.similarity', { value: `${Math.round(d.similarity * 100)}%` })}</Tag>
                  </Space>
                  <Button
                    size="small"
                    style={{ marginTop: 6 }}
                    onClick={() => void submit(d)}
                    disabled={busy}
                    data-testid={`merge-into-${d.number}`}
                  >
                    {t('hotline.call.submitAndMerge', { number: d.number })}
                  </Button>
                </Card>
              ))}
            </Flex>
          )}
        </Card>
      </Col>
    </Row>
  );
}
