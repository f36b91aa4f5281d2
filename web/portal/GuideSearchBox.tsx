import { SearchOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTerms } from '../catalog/terms.ts';
import { useDebounced } from '../org/useDebounced.ts';
import { type GuideListEntry, searchGuides } from './portalApi.ts';

interface Props {
  initial?: string;
  /** Enter or the button: run the full search. */
  onSearch(q: string): void;
  /** Show the first hits under the box while typing (the home page); the results page has its own list. */
  suggest?: boolean;
  size?: 'large' | 'middle';
  autoFocus?: boolean;
}

/** The one search box of the portal: a name or its pinyin initials (gtgsh → 个体工商户设立登记). */
export function GuideSearchBox({
  initial = '',
  onSearch,
  suggest = false,
  size = 'large',
  autoFocus,
}: Props) {
  const { t } = useTranslation();
  const terms = useTerms();
  const [q, setQ] = useState(initial);
  const query = useDebounced(q.trim(), 200);
  const [hits, setHits] = useState<GuideListEntry[]>([]);
  const [total, setTotal] = useState(0);

  useEffect(() => setQ(initial), [initial]);

  useEffect(() => {
    if (!suggest || !query) {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    searchGuides({ q: query, pageSize: 6 }, controller.signal)
      .then((res) => {
        setHits(res.items);
        setTotal(res.total);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [query, suggest]);

  const submit = () => onSearch(q.trim());

  return (
    <search className="bm-portal-search">
      <form
        className="bm-portal-search-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Input
          size={size}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('portal.search.placeholder')}
          aria-label={t('portal.search.label')}
          prefix={<SearchOutlined />}
          allowClear
          autoFocus={autoFocus}
          enterKeyHint="search"
          data-testid="portal-search"
          maxLength={50}
        />
        <Button size={size} type="primary" htmlType="submit" data-testid="portal-search-submit">
          {t('portal.search.submit')}
        </Button>
      </form>
      {suggest && query && q.trim() === query && (
        <div className="bm-portal-suggest" data-testid="portal-suggestions">
          {hits.length === 0 ? (
            <div className="bm-portal-suggest-empty">{t('portal.search.noSuggestion')}</div>
          ) : (
            <>
              {hits.map((h) => (
                <Link
                  key={h.itemId}
                  to={`/guides/${h.itemId}`}
                  className="bm-portal-suggest-hit"
                  data-testid={`suggestion-${h.itemId}`}
                >
                  <span className="bm-portal-suggest-name">{h.name}</span>
                  <span className="bm-muted">
                    {h.departmentName} · {terms.label('levels', h.level)}
                  </span>
                </Link>
              ))}
              {total > hits.length && (
                <button type="button" className="bm-portal-suggest-more" onClick={submit}>
                  {t('portal.search.allResults', { total })}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </search>
  );
}
