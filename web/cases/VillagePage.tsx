import { Alert, Button, Card, Descriptions, Grid, Result, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { useMe } from '../shell/session.tsx';
import { ActionModal, type ActionTarget } from './ActionModal.tsx';
import { CaseTable } from './CaseTable.tsx';
import { type CaseListItem, documentUrl, listCases } from './casesApi.ts';
import { PrintButton } from './RegisteredResult.tsx';
import { type Registered, RegisterForm } from './RegisterForm.tsx';

/** A proxy hands papers over while the case waits at the township window's pre-review. */
const HAND_OVER_STATUSES = new Set(['submitted_online']);

/** /console/cases/village — the village proxy's own cases, filing for a resident, and 移交材料. */
export function VillagePage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const isProxy = useMe().roles.some((r) => r.role === 'village_proxy');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'file' ? 'file' : 'cases';
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [filed, setFiled] = useState<Registered | null>(null);
  const [handOver, setHandOver] = useState<{ caseId: string; target: ActionTarget } | null>(null);
  // Cases handed over in this visit: the list rows do not carry the hand-over, the button goes at once.
  const [handed, setHanded] = useState<ReadonlySet<string>>(new Set());
  const list = useLoad(
    (signal) => (isProxy ? listCases({ view: 'all', page, pageSize }, signal) : Promise.resolve(undefined)),
    [page, pageSize, isProxy],
  );

  // case.handle is shared with clerks and approvers; this page is the village proxy's own.
  if (!isProxy) return <Result status="info" subTitle={t('cases.proxy.proxyOnly')} />;

  const handOverButton = (c: CaseListItem) =>
    HAND_OVER_STATUSES.has(c.status) && !handed.has(c.id) ? (
      <Button
        size="small"
        onClick={() => setHandOver({ caseId: c.id, target: { action: 'hand_over' } })}
        data-testid={`hand-over-${c.id}`}
      >
        {t('cases.proxy.handOver')}
      </Button>
    ) : null;

  return (
    <div data-testid="village-page">
      <Card size={narrow ? 'small' : undefined}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('cases.proxy.title')}
        </Typography.Title>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'file' ? { tab: 'file' } : {}, { replace: true })}
          items={[
            {
              key: 'cases',
              label: <span data-testid="village-tab-cases">{t('cases.proxy.myCases')}</span>,
              children: (
                <>
                  {list.error && (
                    <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />
                  )}
                  <CaseTable
                    items={list.data?.items ?? []}
                    loading={list.loading}
                    page={page}
                    pageSize={pageSize}
                    total={list.data?.total ?? 0}
                    onPage={(p, size) => {
                      setPage(p);
                      setPageSize(size);
                    }}
                    extra={handOverButton}
                    testId="village-table"
                  />
                </>
              ),
            },
            {
              key: 'file',
              label: <span data-testid="village-tab-file">{t('cases.proxy.file')}</span>,
              children: filed ? (
                <FiledResult
                  result={filed}
                  handedOver={handed.has(filed.view.id)}
                  onHandOver={() => setHandOver({ caseId: filed.view.id, target: { action: 'hand_over' } })}
                  onNext={() => setFiled(null)}
                />
              ) : (
                <RegisterForm
                  mode="proxy"
                  onRegistered={(r) => {
                    setFiled(r);
                    list.reload();
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      <ActionModal
        caseId={handOver?.caseId ?? ''}
        target={handOver?.target ?? null}
        onClose={() => setHandOver(null)}
        onDone={(view) => {
          setHanded((ids) => new Set([...ids, view.id]));
          setHandOver(null);
          list.reload();
        }}
        onConflict={list.reload}
      />
    </div>
  );
}

function FiledResult({
  result,
  handedOver,
  onHandOver,
  onNext,
}: {
  result: Registered;
  handedOver: boolean;
  onHandOver(): void;
  onNext(): void;
}) {
  const { t } = useTranslation();
  const { view } = result;
  return (
    <div data-testid="proxy-filed">
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'number',
            label: t('cases.field.caseNumber'),
            children: (
              <Typography.Text copyable strong style={{ fontSize: 18 }} data-testid="proxy-filed-number">
                {view.caseNumber}
              </Typography.Text>
            ),
          },
          {
            key: 'code',
            label: t('cases.field.queryCode'),
            children: (
              <Typography.Text
                copyable
                strong
                style={{ fontSize: 18, letterSpacing: 2 }}
                data-testid="proxy-filed-code"
              >
                {view.queryCode}
              </Typography.Text>
            ),
          },
          { key: 'item', label: t('cases.field.item'), children: view.itemName },
        ]}
      />
      <Alert type="info" showIcon title={t('cases.proxy.filedHint')} style={{ margin: '12px 0' }} />
      {result.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('cases.register.missing')}
          description={result.missing.join(t('listSeparator'))}
          style={{ marginBottom: 12 }}
        />
      )}
      {!handedOver && (
        <Button
          type="primary"
          onClick={onHandOver}
          data-testid="proxy-filed-hand-over"
          style={{ marginInlineEnd: 8 }}
        >
          {t('cases.proxy.handOver')}
        </Button>
      )}
      <PrintButton
        href={documentUrl(view.id, 'receipt')}
        label={t('cases.docs.print.receipt')}
        testId="proxy-print-receipt"
      />
      <Button type="link" onClick={onNext} data-testid="proxy-next">
        {t('cases.proxy.next')}
      </Button>
    </div>
  );
}
