import { RightOutlined } from '@ant-design/icons';
import { Alert, Empty, Pagination, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatTime } from '../i18n/index.ts';
import { ExpectedDate } from './ExpectedDate.tsx';
import { listMyCases, type MyCaseListItem } from './myCasesApi.ts';
import { publicLabelText } from './publicLabels.ts';
import { ResidentFrame } from './ResidentFrame.tsx';
import { useLoad } from './useLoad.ts';

const PAGE_SIZE = 10;

/** One case as a card: a phone shows one per row, a desk two. */
function CaseCard({ c }: { c: MyCaseListItem }) {
  const { t } = useTranslation();
  const filedAt = c.createdAt ?? c.receivedAt ?? null;
  return (
    <Link to={`/my/cases/${c.id}`} className="bm-case-card" data-testid={`my-case-${c.caseNumber}`}>
      <span className="bm-case-card-top">
        <span className="bm-case-card-name">{c.itemName}</span>
        <span className="bm-status-pill" data-testid="my-case-label">
          {publicLabelText(c.publicLabel)}
        </span>
      </span>
      {c.applicant?.kind === 'enterprise' && (
        <span className="bm-muted bm-case-card-line">
          {t('portalCases.my.forEnterprise', { name: c.applicant.name })}
        </span>
      )}
      <span className="bm-case-card-line">
        <span className="bm-muted">{t('portalCases.progress.caseNumber')}</span>{' '}
        <span className="bm-case-number">{c.caseNumber}</span>
      </span>
      <span className="bm-case-card-line" data-testid="my-case-expected">
        <span className="bm-muted">{t('portalCases.progress.expected')}</span>{' '}
        <ExpectedDate date={c.expectedCompletionDate} status={c.status} />
      </span>
      <span className="bm-case-card-foot bm-muted">
        {filedAt && t('portalCases.my.filedAt', { at: formatTime(filedAt).slice(0, 16) })}
        <RightOutlined className="bm-case-card-arrow" />
      </span>
    </Link>
  );
}

/** /my — 我的办件: the resident's own cases, newest first, with where each stands and when it is due. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, error, loading } = useLoad(
    (signal) => listMyCases({ page, pageSize: PAGE_SIZE }, signal),
    [page],
  );
  const items = data?.items ?? [];

  return (
    <ResidentFrame>
      <div data-testid="my-cases">
        <div className="bm-my-head-row">
          <h1 className="bm-my-title">{t('portalCases.my.title')}</h1>
          <Link to="/guides" className="bm-my-head-link" data-testid="my-find-item">
            {t('portalCases.my.findItem')}
          </Link>
        </div>
        {error && <Alert type="error" showIcon title={error} className="bm-my-alert" />}
        {loading && !data && (
          <div className="bm-center">
            <Spin size="large" />
          </div>
        )}
        {data && items.length === 0 && (
          <Empty description={t('portalCases.my.empty')} data-testid="my-empty">
            <Link to="/guides">{t('portalCases.my.findItem')}</Link>
          </Empty>
        )}
        {items.length > 0 && (
          <div className="bm-case-cards" data-testid="my-case-list">
            {items.map((c) => (
              <CaseCard key={c.id} c={c} />
            ))}
          </div>
        )}
        {data && data.total > PAGE_SIZE && (
          <Pagination
            className="bm-my-pagination"
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onChange={setPage}
            showSizeChanger={false}
            size="small"
          />
        )}
      </div>
    </ResidentFrame>
  );
}
