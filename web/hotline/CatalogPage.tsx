import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTE_DATATYPES, URGENCIES } from '../../core/hotline/vocabulary.ts';
import { errorText } from '../api.ts';
import { OrgSelect } from '../org/OrgSelect.tsx';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import {
  type CategoryBody,
  type CategoryView,
  fetchCatalog,
  isCountyAdmin,
  saveCategory,
} from './hotlineApi.ts';

interface AttributeForm {
  code: string;
  datatype: (typeof ATTRIBUTE_DATATYPES)[number];
  required?: boolean;
  description: string;
  values?: string;
}

type FormValues = Omit<CategoryBody, 'attributes' | 'targets'> & {
  targets: string[];
  attributes: AttributeForm[];
};

function toForm(c: CategoryView | null): Partial<FormValues> {
  if (!c)
    return {
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 0,
      targets: [],
      anyTownship: false,
      active: true,
      attributes: [],
    };
  return {
    ...c,
    targets: c.targets.map((x) => x.code),
    attributes: c.attributes.map((a) => ({
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      description: a.description,
      values: a.values.map((v) => `${v.key}=${v.name}`).join('\n'),
    })),
  };
}

function toBody(v: FormValues): CategoryBody {
  return {
    ...v,
    parentCode: v.parentCode || null,
    attributes: (v.attributes ?? []).map((a, i) => ({
      code: a.code,
      datatype: a.datatype,
      required: a.required === true,
      variable: true,
      description: a.description,
      datatypeDescription: null,
      order: i + 1,
      values: (a.values ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [key, ...rest] = line.split('=');
          return { key: key!.trim(), name: (rest.join('=') || key!).trim() };
        }),
    })),
  };
}

function Editor({
  category,
  all,
  onClose,
  onSaved,
}: {
  category: CategoryView | null;
  all: CategoryView[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await saveCategory(category?.id ?? null, toBody(v));
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={category ? `${t('hotline.catalog.edit')} ${category.name}` : t('hotline.catalog.add')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="catalog-error" />
      )}
      <Form form={form} layout="vertical" initialValues={toForm(category)}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label={t('hotline.catalog.code')} rules={[{ required: true }]}>
              <Input disabled={category !== null} maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="name"
              label={t('hotline.catalog.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="parentCode" label={t('hotline.catalog.parent')}>
              <Select
                allowClear
                options={all
                  .filter((c) => c.id !== category?.id)
                  .map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="urgency" label={t('hotline.catalog.urgency')}>
              <Select options={URGENCIES.map((u) => ({ value: u, label: t(`hotline.urgency.${u}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('hotline.catalog.limit')}>
              <Space.Compact>
                <Form.Item name={['limit', 'value']} noStyle rules={[{ required: true }]}>
                  <InputNumber min={1} max={720} />
                </Form.Item>
                <Form.Item name={['limit', 'unit']} noStyle>
                  <Select
                    style={{ width: 110 }}
                    options={['hours', 'working_days', 'natural_days'].map((u) => ({
                      value: u,
                      label: t(`hotline.unit.${u}`),
                    }))}
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxExtension" label={t('hotline.catalog.maxExtension')}>
              <InputNumber min={0} max={250} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="targets" label={t('hotline.catalog.targets')}>
          <Select
            mode="multiple"
            options={[
              ...new Map(
                all.flatMap((c) => c.targets).map((x) => [x.code, { value: x.code, label: x.name }]),
              ).values(),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('hotline.catalog.targets')} extra="+">
          <OrgSelect
            onChange={(code) =>
              code &&
              form.setFieldValue('targets', [...new Set([...(form.getFieldValue('targets') ?? []), code])])
            }
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="anyTownship" valuePropName="checked">
            <Checkbox>{t('hotline.catalog.anyTownship')}</Checkbox>
          </Form.Item>
          <Form.Item name="active" valuePropName="checked" label={t('hotline.catalog.active')}>
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('hotline.catalog.description')}>
          <Input.TextArea autoSize maxLength={500} />
        </Form.Item>
        <Form.Item name="keywords" label={t('hotline.catalog.keywords')}>
          <Input maxLength={200} />
        </Form.Item>
        <Typography.Title level={5}>{t('hotline.catalog.attributes')}</Typography.Title>
        <Form.List name="attributes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col span={4}>
                    <Form.Item
                      name={[f.name, 'code']}
                      label={t('hotline.catalog.attrCode')}
                      rules={[{ required: true }]}
                    >
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      name={[f.name, 'datatype']}
                      label={t('hotline.catalog.attrType')}
                      initialValue="string"
                    >
                      <Select options={ATTRIBUTE_DATATYPES.map((d) => ({ value: d, label: d }))} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item
                      name={[f.name, 'description']}
                      label={t('hotline.catalog.attrDescription')}
                      rules={[{ required: true }]}
                    >
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'values']} label={t('hotline.catalog.attrValues')}>
                      <Input.TextArea autoSize={{ minRows: 1 }} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item
                      name={[f.name, 'required']}
                      label={t('hotline.catalog.attrRequired')}
                      valuePropName="checked"
                    >
                      <Checkbox />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ datatype: 'string' })}>
                {t('hotline.catalog.addAttribute')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** /console/hotline/catalog — the county's dispatch catalog; its admin edits it. */
export function HotlineCatalogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const admin = isCountyAdmin(me.roles);
  const catalog = useLoad((signal) => fetchCatalog(signal), []);
  const [editing, setEditing] = useState<CategoryView | null | undefined>(undefined);
  const columns: ColumnsType<CategoryView> = [
    { title: t('hotline.catalog.code'), dataIndex: 'code', width: 120 },
    {
      title: t('hotline.catalog.name'),
      render: (_, c) => (
        <>
          {c.name} {c.parentName && <Typography.Text type="secondary">（{c.parentName}）</Typography.Text>}
          {!c.active && <Tag style={{ marginInlineStart: 6 }}>×</Tag>}
        </>
      ),
    },
    { title: t('hotline.catalog.urgency'), render: (_, c) => t(`hotline.urgency.${c.urgency}`) },
    {
      title: t('hotline.catalog.limit'),
      render: (_, c) => `${c.limit.value} ${t(`hotline.unit.${c.limit.unit}`)}`,
    },
    {
      title: t('hotline.catalog.targets'),
      render: (_, c) => (
        <Space wrap size={4}>
          {c.targets.map((x) => (
            <Tag key={x.code}>{x.name}</Tag>
          ))}
          {c.anyTownship && <Tag color="blue">{t('hotline.catalog.anyTownship')}</Tag>}
        </Space>
      ),
    },
    { title: t('hotline.catalog.attributes'), render: (_, c) => c.attributes.map((a) => a.code).join(', ') },
    ...(admin
      ? [
          {
            title: '',
            width: 80,
            render: (_: unknown, c: CategoryView) => (
              <Button size="small" onClick={() => setEditing(c)}>
                {t('hotline.catalog.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card data-testid="hotline-catalog">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('hotline.catalog.title')} {catalog.data && `· ${catalog.data.countyName}`}
        </Typography.Title>
        {admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('hotline.catalog.add')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('hotline.catalog.adminOnly')}</Typography.Text>
        )}
      </Flex>
      {catalog.error && <Alert type="error" showIcon title={catalog.error} />}
      <Table<CategoryView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={catalog.data?.items ?? []}
        loading={catalog.loading}
        pagination={false}
        scroll={{ x: 900 }}
      />
      {editing !== undefined && (
        <Editor
          category={editing}
          all={catalog.data?.items ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            message.success(t('hotline.catalog.title'));
            catalog.reload();
          }}
        />
      )}
    </Card>
  );
}
