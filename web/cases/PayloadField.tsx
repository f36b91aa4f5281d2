import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PayloadField } from '../../core/cases/lifecycle.ts';
import { CLOCK_UNITS } from '../../core/clock/clock.ts';
import { useCaseTerms } from './terms.ts';

/** Whether a field applies now: always, or when another field has the value the table names. */
export function fieldApplies(field: PayloadField, values: Record<string, unknown> | undefined): boolean {
  return typeof field.required === 'boolean' || values?.[field.required.when] === field.required.equals;
}

/** The payload as the server expects it: text trimmed, empty entries dropped, durations as { value, unit }. */
export function payloadOf(
  fields: readonly PayloadField[],
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values?.[f.name];
    if (raw === undefined || raw === null || !fieldApplies(f, values)) continue;
    if (f.kind === 'text' && typeof raw === 'string') {
      if (raw.trim() !== '') out[f.name] = raw.trim();
    } else if (f.kind === 'text_list' && Array.isArray(raw)) {
      const items = raw.map((x) => (typeof x === 'string' ? x.trim() : '')).filter((x) => x !== '');
      if (items.length > 0) out[f.name] = items;
    } else if (f.kind === 'duration') {
      const d = raw as { value?: number; unit?: string };
      if (typeof d.value === 'number') out[f.name] = { value: d.value, unit: d.unit ?? 'working_days' };
    } else {
      out[f.name] = raw;
    }
  }
  return out;
}

/** One control of an action form, chosen by the field's kind in core's ACTION_SPECS. */
export function PayloadFieldItem({ action, field }: { action: string; field: PayloadField }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const label = terms.field(action, field);
  const required = field.required !== false;
  const name = ['payload', field.name];
  const testId = `payload-${field.name}`;
  const rules = required ? [{ required: true, message: t('form.required') }] : [];

  switch (field.kind) {
    case 'text_list':
      return (
        <Form.Item label={label} required={required} data-testid={testId}>
          <Form.List
            name={name}
            rules={
              required
                ? [
                    {
                      validator: async (_, items?: unknown[]) => {
                        if (!items?.some((x) => typeof x === 'string' && x.trim() !== ''))
                          throw new Error(t('form.required'));
                      },
                    },
                  ]
                : []
            }
          >
            {(rows, { add, remove }, { errors }) => (
              <Flex vertical gap={6}>
                {rows.map((row, i) => (
                  <Flex key={row.key} gap={6}>
                    <Form.Item name={row.name} noStyle>
                      <Input data-testid={`${testId}-${i}`} maxLength={2000} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(row.name)}
                      aria-label={t('cases.form.removeRow')}
                    />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid={`${testId}-add`}>
                  {t('cases.form.addRow')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Select
            options={field.values.map((v) => ({ value: v, label: terms.enumValue(v) }))}
            data-testid={testId}
          />
        </Form.Item>
      );
    case 'positive_integer':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <InputNumber min={1} precision={0} style={{ width: 160 }} data-testid={testId} />
        </Form.Item>
      );
    case 'duration':
      return (
        <Form.Item label={label} required={required}>
          <Space.Compact>
            <Form.Item name={[...name, 'value']} noStyle rules={rules}>
              <InputNumber min={1} precision={0} style={{ width: 120 }} data-testid={`${testId}-value`} />
            </Form.Item>
            <Form.Item name={[...name, 'unit']} noStyle initialValue="working_days">
              <Select
                style={{ width: 130 }}
                options={CLOCK_UNITS.map((u) => ({ value: u, label: terms.unit(u) }))}
                data-testid={`${testId}-unit`}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    default:
      return (
        <Form.Item
          name={name}
          label={label}
          rules={[...rules, { max: 2000, message: t('form.tooLong', { max: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid={testId} />
        </Form.Item>
      );
  }
}
