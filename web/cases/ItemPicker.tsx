import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../org/useDebounced.ts';
import { type GuideListEntry, searchGuides } from '../portal/portalApi.ts';

interface Props {
  id?: string;
  value?: string;
  onChange?(itemId: string | undefined): void;
  /** Only the items offered at (or reaching) this unit: the clerk's center, the proxy's village. */
  orgCode: string;
  /** The village view lists only the items a proxy may file (代办). */
  proxyOnly?: boolean;
  testId?: string;
}

/** Picks a published item by name or pinyin initials, among those offered where the person works. */
export function ItemPicker({ id, value, onChange, orgCode, proxyOnly = false, testId }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [options, setOptions] = useState<GuideListEntry[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    searchGuides({ q: q || undefined, org: orgCode, pageSize: 50 }, controller.signal)
      .then((res) => setOptions(proxyOnly ? res.items.filter((g) => g.proxyAllowed) : res.items))
      .catch(() => controller.signal.aborted || setOptions([]))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [q, orgCode, proxyOnly]);

  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={loading}
      allowClear
      placeholder={t('cases.register.itemPlaceholder')}
      notFoundContent={loading ? null : t('cases.register.noItems')}
      options={options.map((g) => ({
        value: g.itemId,
        label: `${g.name} · ${g.departmentName}`,
      }))}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
