import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ActionModal, type ActionTarget } from './ActionModal.tsx';
import { type CaseView, documentUrl, fetchCase } from './casesApi.ts';
import type { Registered } from './RegisterForm.tsx';
import { STATUS_COLORS, useCaseTerms } from './terms.ts';

/** A print button: the PDF opens in a new tab, where the browser's print dialog takes over. */
export function PrintButton({ href, label, testId }: { href: string; label: string; testId: string }) {
  return (
    <Button icon={<PrinterOutlined />} href={href} target="_blank" rel="noopener" data-testid={testId}>
      {label}
    </Button>
  );
}

/**
 * What the window does right after registering: the number and the one-time query code for the
 * applicant, the receipt, then the next step the case calls for — a one-time notice listing every
 * missing required material, acceptance when complete, or settling a 即办件 on the spot.
 */
export function RegisteredResult({ result, onNext }: { result: Registered; onNext(): void }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const [view, setView] = useState<CaseView>(result.view);
  const [target, setTarget] = useState<ActionTarget | null>(null);
  const { queryCode } = result.view;
  const complete = result.missing.length === 0;
  const can = (action: string) => (view.actions as string[]).includes(action);

  return (
    <Card data-testid="registered" title={t('cases.register.doneTitle')}>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'number',
            label: t('cases.field.caseNumber'),
            children: (
              <Typography.Text copyable strong style={{ fontSize: 20 }} data-testid="registered-number">
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
                style={{ fontSize: 20, letterSpacing: 2 }}
                data-testid="registered-code"
              >
                {queryCode}
              </Typography.Text>
            ),
          },
          { key: 'item', label: t('cases.field.item'), children: view.itemName },
          {
            key: 'status',
            label: t('cases.field.status'),
            children: (
              <Tag
                color={STATUS_COLORS[view.status]}
                data-testid="registered-status"
                data-status={view.status}
              >
                {terms.status(view.status)}
              </Tag>
            ),
          },
        ]}
      />
      <Alert type="info" showIcon title={t('cases.register.queryCodeOnce')} style={{ margin: '12px 0' }} />
      {!complete && (
        <Alert
          type="warning"
          showIcon
          title={t('cases.register.missing')}
          description={result.missing.join(t('listSeparator'))}
          style={{ marginBottom: 12 }}
          data-testid="registered-missing"
        />
      )}
      <Flex wrap gap={8}>
        <PrintButton
          href={documentUrl(view.id, 'receipt')}
          label={t('cases.docs.print.receipt')}
          testId="print-receipt"
        />
        {!complete && can('issue_notice') && (
          <Button
            type="primary"
            onClick={() => setTarget({ action: 'issue_notice', initial: { missing: result.missing } })}
            data-testid="next-issue_notice"
          >
            {terms.action('issue_notice')}
          </Button>
        )}
        {view.status === 'awaiting_supplement' && (
          <PrintButton
            href={documentUrl(view.id, 'notice')}
            label={t('cases.docs.print.notice')}
            testId="print-notice"
          />
        )}
        {complete && can('accept') && (
          <Button type="primary" onClick={() => setTarget({ action: 'accept' })} data-testid="next-accept">
            {terms.action('accept')}
          </Button>
        )}
        {view.acceptedAt && view.status !== 'closed' && (
          <PrintButton
            href={documentUrl(view.id, 'acceptance')}
            label={t('cases.docs.print.acceptance')}
            testId="print-acceptance"
          />
        )}
        {complete && can('close_on_the_spot') && (
          <Button
            onClick={() => setTarget({ action: 'close_on_the_spot' })}
            data-testid="next-close_on_the_spot"
          >
            {terms.action('close_on_the_spot')}
          </Button>
        )}
      </Flex>
      <Space style={{ marginTop: 16 }} wrap>
        <Link to={`/console/cases/${view.id}`} data-testid="registered-open">
          {t('cases.register.openCase')}
        </Link>
        <Button type="link" onClick={onNext} data-testid="register-next">
          {t('cases.register.next')}
        </Button>
      </Space>
      <ActionModal
        caseId={view.id}
        target={target}
        onClose={() => setTarget(null)}
        onDone={(next) => {
          setView(next);
          setTarget(null);
        }}
        onConflict={() =>
          void fetchCase(view.id)
            .then(setView)
            .catch(() => undefined)
        }
      />
    </Card>
  );
}
