import { Alert, Button, Form, Input, Radio, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canHoldUnit, FACILITY_TYPES, UNIT_KINDS } from '../../core/org/codes.ts';
import { errorText } from '../api.ts';
import { createOrg } from './orgApi.ts';
import type { FacilityType, Org, UnitKind } from './types.ts';

interface NewUnitValues {
  kind: UnitKind;
  name: string;
  facilityType?: FacilityType;
}

export function allowedChildKinds(parent: Org): UnitKind[] {
  return UNIT_KINDS.filter((kind) => canHoldUnit(parent.kind, kind));
}

/** Creates a department, center, station, window or facility under `parent`; regions come only from imports. */
export function NewUnitForm({ parent, onCreated }: { parent: Org; onCreated(org: Org): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewUnitValues>();
  const kinds = useMemo(() => allowedChildKinds(parent), [parent]);
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ kind: kinds[0] });
    setError(null);
  }, [form, kinds]);

  const submit = async (values: NewUnitValues) => {
    setBusy(true);
    setError(null);
    try {
      const org = await createOrg({
        parentCode: parent.code,
        kind: values.kind,
        name: values.name.trim(),
        ...(values.kind === 'facility' ? { facilityType: values.facilityType } : {}),
      });
      form.resetFields(['name', 'facilityType']);
      onCreated(org);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<NewUnitValues> form={form} layout="vertical" onFinish={submit} data-testid="new-unit-form">
      <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('form.required') }]}>
        <Radio.Group
          optionType="button"
          options={kinds.map((k) => ({
            value: k,
            label: <span data-testid={`new-unit-kind-${k}`}>{t(`orgKind.${k}`)}</span>,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('org.name')}
        rules={[
          { required: true, whitespace: true, message: t('form.required') },
          { max: 100, message: t('form.tooLong', { max: 100 }) },
        ]}
      >
        <Input
          placeholder={kind ? t(`org.namePlaceholder.${kind}`) : undefined}
          data-testid="new-unit-name"
        />
      </Form.Item>
      {kind === 'facility' && (
        <Form.Item
          name="facilityType"
          label={t('org.facilityType')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            data-testid="new-unit-facility-type"
            options={FACILITY_TYPES.map((f) => ({ value: f, label: t(`facilityType.${f}`) }))}
          />
        </Form.Item>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="new-unit-error"
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="new-unit-submit">
        {t('org.create')}
      </Button>
    </Form>
  );
}
