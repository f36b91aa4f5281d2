import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Result, Row, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { useLoad } from '../portal/useLoad.ts';
import { useSession } from '../shell/session.tsx';
import { UrgeButton } from '../supervision/UrgeButton.tsx';
import { ActionBar } from './ActionBar.tsx';
import { ActionModal, type ActionTarget } from './ActionModal.tsx';
import { CaseHeader } from './CaseHeader.tsx';
import { ClocksCard } from './ClocksCard.tsx';
import {
  fetchCase,
  fetchCaseVersion,
  fetchDocuments,
  fetchEvents,
  fetchFees,
  fetchFiles,
} from './casesApi.ts';
import { DocumentsCard } from './DocumentsCard.tsx';
import { FeesCard } from './FeesCard.tsx';
import { EscalationCard, JointCard } from './JointCard.tsx';
import { MaterialsCard } from './MaterialsCard.tsx';
import { missingRequired } from './MaterialsChecklist.tsx';
import { TimelineCard } from './TimelineCard.tsx';

/** /console/cases/:id — everything about one case and the actions the caller may take on it now. */
export function CaseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useSession();
  // Bumped after every change: the case, its file, documents and fees are read again together.
  const [round, setRound] = useState(0);
  const [target, setTarget] = useState<ActionTarget | null>(null);
  const reload = () => setRound((r) => r + 1);

  const loaded = useLoad((signal) => fetchCase(id, signal), [id, round]);
  const events = useLoad((signal) => fetchEvents(id, signal), [id, round]);
  const files = useLoad((signal) => fetchFiles(id, signal), [id, round]);
  const fees = useLoad((signal) => fetchFees(id, signal), [id, round]);
  const documents = useLoad((signal) => fetchDocuments(id, signal), [id, round]);
  const view = loaded.data?.id === id ? loaded.data : undefined;
  const version = useLoad(
    (signal) => (view ? fetchCaseVersion(view.versionId, signal) : Promise.resolve(undefined)),
    [view?.versionId],
  );
  const checklist = version.data?.materials ?? null;

  if (loaded.failure instanceof ApiError && loaded.failure.status === 404) {
    return <Result status="404" subTitle={t('cases.detail.notFound')} />;
  }
  if (!view) {
    return loaded.error ? (
      <Alert type="error" showIcon title={loaded.error} />
    ) : (
      <Flex justify="center" style={{ padding: 64 }}>
        <Spin size="large" />
      </Flex>
    );
  }

  const pick = (action: string) => {
    const initial =
      action === 'issue_notice' && checklist
        ? { missing: missingRequired(checklist, view.materials) }
        : undefined;
    setTarget({ action, ...(initial ? { initial } : {}) });
  };

  return (
    <div data-testid="case-detail-page" data-status={view.status}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => navigate('/console/cases')}
        style={{ paddingInline: 0 }}
      >
        {t('cases.detail.back')}
      </Button>
      <Row gutter={[12, 12]}>
        <Col span={24}>
          <CaseHeader view={view} actions={<ActionBar view={view} onPick={pick} />} />
          <UrgeButton caseId={view.id} caseNumber={view.caseNumber} status={view.status} />
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={12}>
            <ClocksCard clocks={view.clocks} />
            <MaterialsCard
              caseId={view.id}
              checklist={checklist}
              ticked={view.materials}
              files={files.data ?? []}
              canUpload={can('case.handle')}
              onUploaded={files.reload}
            />
            {view.joint && <JointCard joint={view.joint} />}
            {view.escalation && <EscalationCard escalation={view.escalation} />}
            <FeesCard
              caseId={view.id}
              fees={fees.data}
              error={fees.error}
              canAdd={can('case.handle')}
              onChanged={reload}
            />
            <DocumentsCard caseId={view.id} documents={documents.data} />
          </Flex>
        </Col>
        <Col xs={24} lg={12}>
          <TimelineCard caseId={view.id} events={events.data} />
        </Col>
      </Row>
      <ActionModal
        caseId={view.id}
        target={target}
        checklist={checklist ? { materials: checklist, ticked: view.materials } : undefined}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          reload();
        }}
        onConflict={reload}
      />
    </div>
  );
}
