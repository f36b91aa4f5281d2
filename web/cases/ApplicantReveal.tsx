import { EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { type ApplicantView, revealApplicant } from './casesApi.ts';

/**
 * 查看完整信息: the unmasked ID number and phone, asked for one case at a time. The person is told before
 * the call that the read is written into the audit log (个人信息保护法: access to personal data is logged).
 */
export function ApplicantReveal({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [shown, setShown] = useState<ApplicantView | null>(null);
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    setBusy(true);
    try {
      setShown(await revealApplicant(caseId));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Popconfirm
        title={t('cases.applicant.revealTitle')}
        description={t('cases.applicant.revealAudited')}
        okText={t('cases.applicant.revealOk')}
        onConfirm={() => void reveal()}
        okButtonProps={{ 'data-testid': 'reveal-confirm' } as never}
      >
        <Button size="small" icon={<EyeOutlined />} loading={busy} data-testid="reveal-applicant">
          {t('cases.applicant.reveal')}
        </Button>
      </Popconfirm>
      <Modal
        open={shown !== null}
        title={t('cases.applicant.full')}
        onCancel={() => setShown(null)}
        footer={null}
        destroyOnHidden
      >
        <Alert
          type="warning"
          showIcon
          title={t('cases.applicant.revealAudited')}
          style={{ marginBottom: 12 }}
        />
        {shown && (
          <Descriptions
            column={1}
            data-testid="applicant-full"
            items={[
              { key: 'name', label: t('cases.applicant.name'), children: shown.name },
              {
                key: 'id',
                label:
                  shown.kind === 'enterprise'
                    ? t('cases.applicant.creditCode')
                    : t('cases.applicant.idNumber'),
                children: <span data-testid="applicant-full-id">{shown.idNumber ?? shown.creditCode}</span>,
              },
              { key: 'phone', label: t('cases.applicant.phone'), children: shown.phone },
            ]}
          />
        )}
      </Modal>
    </>
  );
}
