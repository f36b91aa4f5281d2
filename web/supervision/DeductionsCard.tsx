import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { placeFieldErrors } from '../cases/formErrors.ts';
import { useLoad } from '../portal/useLoad.ts';
import { minute } from './format.ts';
import { type Deduction, type DeductionInput, type Evaluation, supervisionApi } from './supervisionApi.ts';

/** Manual deductions of the month (扣分, each with its reason); withdrawn ones stay listed for the record. */
export function DeductionsCard({
  month,
  evaluation,
  canEdit,
  round,
  onChanged,
}: {
  month: string;
  evaluation: Evaluation | undefined;
  canEdit: boolean;
  round: number;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const list = useLoad((signal) => supervisionApi.deductions(month, signal), [month, round]);
  const fixed = evaluation?.status === 'published';

  const withdraw = async (d: Deduction) => {
    try {
      await supervisionApi.withdrawDeduction(d.id);
      message.success(t('supervision.evaluation.deduction.withdrawn'));
      list.reload();
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: TableColumnsType<Deduction> = [
    {
      key: 'subject',
      title: t('supervision.evaluation.deduction.subject'),
      render: (_, d) => (
        <>
          <Tag>{t(`supervision.evaluation.deduction.kinds.${d.subjectKind}`)}</Tag>
          {d.subjectName}
        </>
      ),
    },
    {
      key: 'points',
      title: t('supervision.evaluation.deduction.points'),
      dataIndex: 'points',
      align: 'right',
    },
    { key: 'reason', title: t('supervision.evaluation.deduction.reason'), dataIndex: 'reason', width: 280 },
    {
      key: 'at',
      title: t('supervision.evaluation.deduction.createdAt'),
      render: (_, d) => minute(d.createdAt),
    },
    {
      key: 'actions',
      title: t('supervision.urges.actions'),
      render: (_, d) =>
        d.withdrawnAt ? (
          <Tag>{t('supervision.evaluation.deduction.withdrawn')}</Tag>
        ) : (
          canEdit &&
          !fixed && (
            <Popconfirm
              title={t('supervision.evaluation.deduction.withdrawConfirm')}
              onConfirm={() => withdraw(d)}
            >
              <Button size="small" danger data-testid={`deduction-withdraw-${d.id}`}>
                {t('supervision.evaluation.deduction.withdraw')}
              </Button>
            </Popconfirm>
          )
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('supervision.evaluation.deduction.title')}
      extra={
        canEdit &&
        !fixed && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="deduction-add">
            {t('supervision.evaluation.deduction.add')}
          </Button>
        )
      }
      data-testid="deductions-card"
    >
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Deduction>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(d) => (d.withdrawnAt ? 'bm-sup-withdrawn' : '')}
        locale={{ emptyText: t('supervision.evaluation.deduction.empty') }}
      />
      {adding && (
        <DeductionForm
          month={month}
          evaluation={evaluation}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            list.reload();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

type Values = Omit<DeductionInput, 'month'>;

function DeductionForm({
  month,
  evaluation,
  onClose,
  onSaved,
}: {
  month: string;
  evaluation: Evaluation | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('subjectKind', form) ?? 'org';
  const scope = evaluation?.scope.code;
  const units = useLoad((_signal) => (scope ? supervisionApi.units(scope) : Promise.resolve([])), [scope]);
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    if (kind === 'org') {
      for (const w of evaluation?.windows ?? []) seen.set(w.subjectId, w.name);
      for (const u of units.data ?? []) if (!seen.has(u.code)) seen.set(u.code, u.name);
    } else for (const s of evaluation?.staff ?? []) seen.set(s.subjectId, s.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [kind, evaluation, units.data]);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await supervisionApi.addDeduction({ ...values, month, reason: values.reason.trim() });
      message.success(t('supervision.evaluation.deduction.saved'));
      onSaved();
    } catch (e) {
      const rest = placeFieldErrors(form, e, { fields: ['subjectKind', 'subjectId', 'points', 'reason'] });
      setError(rest.length ? rest.join('；') : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('supervision.evaluation.deduction.add')}
      okText={t('supervision.evaluation.deduction.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'deduction-save' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ subjectKind: 'org' }} onFinish={submit}>
        <Form.Item name="subjectKind" label={t('supervision.evaluation.deduction.subjectKind')}>
          <Radio.Group
            onChange={() => form.setFieldValue('subjectId', undefined)}
            options={(['org', 'person'] as const).map((k) => ({
              value: k,
              label: t(`supervision.evaluation.deduction.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="subjectId"
          label={t('supervision.evaluation.deduction.subject')}
          rules={[{ required: true, message: t('supervision.evaluation.deduction.subjectRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            loading={units.loading}
            data-testid="deduction-subject"
          />
        </Form.Item>
        <Form.Item
          name="points"
          label={t('supervision.evaluation.deduction.points')}
          rules={[{ required: true, message: t('supervision.evaluation.deduction.pointsRequired') }]}
        >
          <InputNumber
            min={0.01}
            max={100}
            precision={2}
            style={{ width: 160 }}
            data-testid="deduction-points"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('supervision.evaluation.deduction.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('supervision.evaluation.deduction.reasonRequired'),
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder={t('supervision.evaluation.deduction.reasonPlaceholder')}
            data-testid="deduction-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
