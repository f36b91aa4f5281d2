import { Card, Empty, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AvailableDocument, documentUrl } from './casesApi.ts';
import { PrintButton } from './RegisteredResult.tsx';

/** The written documents the case has now (回执, 受理通知书, 一次性告知书, 决定书…), each printable. */
export function DocumentsCard({
  caseId,
  documents,
}: {
  caseId: string;
  documents: AvailableDocument[] | undefined;
}) {
  const { t } = useTranslation();
  // Fee receipts are printed per fee from the fees card.
  const shown = (documents ?? []).map((d) => d.kind).filter((k) => k !== 'fee_receipt');
  return (
    <Card size="small" title={t('cases.detail.documents')} data-testid="documents-card">
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.docs.none')} />
      ) : (
        <Flex wrap gap={8}>
          {shown.map((kind) => (
            <PrintButton
              key={kind}
              href={documentUrl(caseId, kind)}
              label={t(`cases.docs.print.${kind}`, { defaultValue: kind })}
              testId={`doc-${kind}`}
            />
          ))}
        </Flex>
      )}
    </Card>
  );
}
