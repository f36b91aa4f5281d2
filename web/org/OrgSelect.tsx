import { Select } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../shell/session.tsx';
import { fetchOrg, fetchRootOrgs, searchOrgs } from './orgApi.ts';
import type { Org, OrgHit } from './types.ts';
import { useDebounced } from './useDebounced.ts';

interface Props {
  /** Set by Form.Item so its label points at this control. */
  id?: string;
  value?: string | null;
  onChange?(code: string | undefined): void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  testId?: string;
}

/** Names repeat across townships (every town has a 便民服务中心), so options carry their two nearest ancestors. */
function optionLabel(t: TFunction, org: Org | OrgHit): string {
  const chain = 'ancestors' in org ? org.ancestors.map((a) => a.name).slice(-2) : [];
  return chain.length ? t('org.nameWithChain', { name: org.name, chain: chain.join(' / ') }) : org.name;
}

/**
 * Picks one org in scope by searching name or pinyin initials; before any typing it offers the person's own
 * role orgs, which is what most filters want. Works as an antd Form control (value / onChange).
 */
export function OrgSelect({ id, value, onChange, placeholder, allowClear, style, testId }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim());
  const [roots, setRoots] = useState<Org[]>([]);
  const [hits, setHits] = useState<OrgHit[]>([]);
  const [known, setKnown] = useState<Record<string, string>>({});
  const rootKey = me.roles.map((r) => r.orgCode).join(',');

  useEffect(() => {
    fetchRootOrgs(rootKey ? rootKey.split(',') : [])
      .then(setRoots)
      .catch(() => setRoots([]));
  }, [rootKey]);

  useEffect(() => {
    if (!query) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    searchOrgs(query, 30, controller.signal)
      .then((res) => setHits(res.items))
      .catch(() => undefined);
    return () => controller.abort();
  }, [query]);

  // A preset value (editing a person) needs its name even though no search has returned it yet.
  useEffect(() => {
    if (!value || known[value] || roots.some((r) => r.code === value) || hits.some((h) => h.code === value))
      return;
    fetchOrg(value)
      .then((org) => setKnown((k) => ({ ...k, [org.code]: org.name })))
      .catch(() => undefined);
  }, [value, known, roots, hits]);

  const options = useMemo(() => {
    const list = (query ? hits : roots).map((o) => ({ value: o.code, label: optionLabel(t, o) }));
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: known[value] ?? value });
    return list;
  }, [query, hits, roots, value, known, t]);

  return (
    <Select<string>
      id={id}
      data-testid={testId}
      value={value ?? undefined}
      onChange={(code) => {
        const picked = options.find((o) => o.value === code);
        if (code && picked) setKnown((k) => ({ ...k, [code]: picked.label }));
        setQ('');
        onChange?.(code);
      }}
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      options={options}
      placeholder={placeholder ?? t('org.pickPlaceholder')}
      allowClear={allowClear}
      notFoundContent={query ? t('org.noMatch') : null}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
