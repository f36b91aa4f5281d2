import { Badge, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Light } from './casesApi.ts';

const BADGE: Record<Light, 'success' | 'warning' | 'error'> = {
  green: 'success',
  yellow: 'warning',
  red: 'error',
};

/**
 * The deadline light as a coloured dot with its word (colour alone is not enough for every eye), plus an
 * 超期 tag once the deadline has passed. No light (finished case, no running clock) shows a dash.
 */
export function LightTag({
  light,
  overdue = false,
  paused = false,
  testId,
}: {
  light: Light | null | undefined;
  overdue?: boolean;
  paused?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!light) {
    return (
      <span data-testid={testId} data-light="none">
        —
      </span>
    );
  }
  return (
    <span data-testid={testId} data-light={light} data-overdue={overdue ? 'true' : 'false'}>
      <Badge status={BADGE[light]} text={t(`cases.light.${light}`)} />
      {overdue && (
        <Tag color="red" style={{ marginInlineStart: 6 }}>
          {t('cases.light.overdue')}
        </Tag>
      )}
      {paused && <Tag style={{ marginInlineStart: 6 }}>{t('cases.clock.paused')}</Tag>}
    </span>
  );
}
