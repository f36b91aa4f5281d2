import { Button, Checkbox, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Material } from '../../core/catalog/guide.ts';
import { makeTerms } from '../catalog/terms.ts';

interface Props {
  id?: string;
  value?: string[];
  onChange?(names: string[]): void;
  materials: readonly Material[];
  /** Names already on file (ticked earlier): shown ticked and fixed. */
  locked?: readonly string[];
  testId?: string;
}

/** The required materials not ticked: the one-time notice's list. */
export function missingRequired(materials: readonly Material[], ticked: readonly string[]): string[] {
  return materials.filter((m) => m.required && !ticked.includes(m.name)).map((m) => m.name);
}

/** The item's checklist with a box per material received, as a form control over the ticked names. */
export function MaterialsChecklist({ id, value = [], onChange, materials, locked = [], testId }: Props) {
  const { t, i18n } = useTranslation();
  const terms = makeTerms(t, i18n.language);
  const toggle = (name: string, on: boolean) =>
    onChange?.(on ? [...new Set([...value, name])] : value.filter((n) => n !== name));
  const selectable = materials.filter((m) => !locked.includes(m.name)).map((m) => m.name);
  return (
    <div id={id} data-testid={testId}>
      <Flex vertical gap={6}>
        {materials.map((m, i) => (
          <Checkbox
            key={m.name}
            checked={locked.includes(m.name) || value.includes(m.name)}
            disabled={locked.includes(m.name)}
            onChange={(e) => toggle(m.name, e.target.checked)}
            data-testid={`${testId}-${i}`}
            data-name={m.name}
          >
            <Space size={4} wrap>
              <span>{m.name}</span>
              {m.required ? (
                <Tag color="red">{t('cases.materials.required')}</Tag>
              ) : (
                <Tag>{t('cases.materials.optional')}</Tag>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {terms.label('materialForms', m.form)}
                {m.copies > 1 ? ` ×${m.copies}` : ''}
                {m.note ? ` · ${m.note}` : ''}
              </Typography.Text>
            </Space>
          </Checkbox>
        ))}
      </Flex>
      {selectable.length > 0 && (
        <Space style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => onChange?.(selectable)} data-testid={`${testId}-all`}>
            {t('cases.materials.tickAll')}
          </Button>
          <Button size="small" onClick={() => onChange?.([])} data-testid={`${testId}-none`}>
            {t('cases.materials.tickNone')}
          </Button>
        </Space>
      )}
    </div>
  );
}
