import { EditOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDICATORS, weightSum } from '../../core/supervision/index.ts';
import { errorText } from '../api.ts';
import { placeFieldErrors } from '../cases/formErrors.ts';
import { useLoad } from '../portal/useLoad.ts';
import { type SchemeInput, supervisionApi, type Weights } from './supervisionApi.ts';

const FIELDS = ['name', 'redFlagCount', 'excellentCount', ...INDICATORS.map((k) => `weights.${k}`)];

/** The scheme in force (weights of the seven indicators, honour counts); a supervisor saves a new one. */
export function SchemeCard({ canEdit, onSaved }: { canEdit: boolean; onSaved(): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const schemes = useLoad((signal) => supervisionApi.schemes(signal), []);
  const current = schemes.data?.current;
  const shown = current ?? schemes.data?.defaults;

  return (
    <Card
      size="small"
      title={t('supervision.evaluation.scheme.title')}
      extra={
        canEdit && (
          <Button
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            disabled={!shown}
            data-testid="scheme-edit"
          >
            {t('supervision.evaluation.scheme.edit')}
          </Button>
        )
      }
      data-testid="scheme-card"
    >
      {schemes.error && <Alert type="error" showIcon title={schemes.error} />}
      {shown && (
        <Flex vertical gap={8}>
          <Typography.Text type={current ? undefined : 'secondary'} data-testid="scheme-current">
            {current
              ? t('supervision.evaluation.scheme.current', { name: current.name })
              : t('supervision.evaluation.scheme.default')}
          </Typography.Text>
          <Flex wrap gap={6}>
            {INDICATORS.map((k) => (
              <Tag key={k} data-testid={`scheme-weight-${k}`}>
                {t(`supervision.evaluation.indicators.${k}`)} {shown.weights[k]}
              </Tag>
            ))}
          </Flex>
          <Typography.Text type="secondary">
            {t('supervision.evaluation.scheme.counts', {
              red: shown.redFlagCount,
              excellent: shown.excellentCount,
            })}
          </Typography.Text>
        </Flex>
      )}
      {editing && shown && (
        <SchemeForm
          initial={{
            name: current?.name ?? '',
            weights: shown.weights,
            redFlagCount: shown.redFlagCount,
            excellentCount: shown.excellentCount,
          }}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            schemes.reload();
            onSaved();
          }}
        />
      )}
    </Card>
  );
}

function SchemeForm({
  initial,
  onClose,
  onSaved,
}: {
  initial: SchemeInput;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SchemeInput>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const weights = (Form.useWatch('weights', form) ?? initial.weights) as Partial<Weights>;
  const sum = weightSum(weights);
  const sumOk = Math.abs(sum - 100) < 1e-6;

  const submit = async (values: SchemeInput) => {
    if (!sumOk) return;
    setSaving(true);
    setError(null);
    try {
      await supervisionApi.createScheme({ ...values, name: values.name.trim() });
      message.success(t('supervision.evaluation.scheme.saved'));
      onSaved();
    } catch (e) {
      const rest = placeFieldErrors(form, e, { fields: FIELDS });
      setError(rest.length ? rest.join('；') : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('supervision.evaluation.scheme.edit')}
      okText={t('supervision.evaluation.scheme.save')}
      okButtonProps={{ loading: saving, disabled: !sumOk, 'data-testid': 'scheme-save' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="scheme-error" />
      )}
      <Form<SchemeInput>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        data-testid="scheme-form"
      >
        <Form.Item
          name="name"
          label={t('supervision.evaluation.scheme.name')}
          rules={[
            { required: true, whitespace: true, message: t('supervision.evaluation.scheme.nameRequired') },
          ]}
        >
          <Input maxLength={100} data-testid="scheme-name" />
        </Form.Item>
        <Typography.Text strong>{t('supervision.evaluation.scheme.weights')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          {INDICATORS.map((k) => (
            <Col key={k} xs={12} sm={8}>
              <Form.Item
                name={['weights', k]}
                label={t(`supervision.evaluation.indicators.${k}`)}
                rules={[{ required: true, message: t('supervision.evaluation.scheme.weightRequired') }]}
              >
                <InputNumber
                  min={0}
                  max={100}
                  precision={2}
                  style={{ width: '100%' }}
                  data-testid={`scheme-w-${k}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Alert
          type={sumOk ? 'success' : 'error'}
          showIcon
          title={
            sumOk
              ? t('supervision.evaluation.scheme.sum', { sum })
              : t('supervision.evaluation.scheme.sumMismatch', { sum })
          }
          style={{ marginBottom: 12 }}
          data-testid="scheme-sum"
          data-ok={sumOk ? 'yes' : 'no'}
        />
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="redFlagCount"
              label={t('supervision.evaluation.scheme.redFlagCount')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="excellentCount"
              label={t('supervision.evaluation.scheme.excellentCount')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
