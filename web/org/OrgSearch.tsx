import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { OrgLabel } from './OrgTags.tsx';
import { searchOrgs } from './orgApi.ts';
import type { OrgHit } from './types.ts';
import { useDebounced } from './useDebounced.ts';

/** Finds an org by name or pinyin initials ("xnz" → 新宁镇) and shows where it sits. */
export function OrgSearch({ onPick }: { onPick(hit: OrgHit): void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim());
  const [hits, setHits] = useState<OrgHit[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!query) {
      setHits(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    searchOrgs(query, 20, controller.signal)
      .then((res) => {
        setHits(res.items);
        setError(null);
      })
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorText(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [query]);

  const pick = (hit: OrgHit) => {
    setQ('');
    setHits(null);
    onPick(hit);
  };

  return (
    <div>
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('org.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="org-search"
      />
      {query && (
        <div className="bm-search-hits" data-testid="org-search-results">
          {loading && !hits && (
            <div style={{ padding: 12, textAlign: 'center' }}>
              <Spin size="small" />
            </div>
          )}
          {error && (
            <Typography.Text type="danger" style={{ padding: 8, display: 'block' }}>
              {error}
            </Typography.Text>
          )}
          {hits?.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noMatch')} />
          )}
          {hits?.map((hit) => (
            <button
              key={hit.code}
              type="button"
              className="bm-search-hit"
              onClick={() => pick(hit)}
              data-testid={`org-hit-${hit.code}`}
            >
              <OrgLabel org={hit} />
              {hit.ancestors.length > 0 && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {hit.ancestors.map((a) => a.name).join(' / ')}
                </Typography.Text>
              )}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
