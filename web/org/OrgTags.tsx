import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Org, OrgKind } from './types.ts';

const KIND_COLORS: Record<OrgKind, string> = {
  province: 'red',
  city: 'volcano',
  county: 'magenta',
  township: 'geekblue',
  village: 'green',
  department: 'purple',
  center: 'blue',
  station: 'cyan',
  window: 'lime',
  facility: 'orange',
};

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }} variant="outlined">
      {t(`orgKind.${kind}`)}
    </Tag>
  );
}

export function RemovedTag() {
  const { t } = useTranslation();
  return <Tag style={{ marginInlineEnd: 0 }}>{t('org.removed')}</Tag>;
}

/** One line for an org wherever it is listed: its name, kind and, when it is gone, that it is gone. */
export function OrgLabel({ org }: { org: Pick<Org, 'name' | 'kind' | 'status'> }) {
  const removed = org.status === 'removed';
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
      <span className={removed ? 'bm-removed' : undefined}>{org.name}</span>
      <OrgKindTag kind={org.kind} />
      {removed && <RemovedTag />}
    </span>
  );
}
