import { Result, Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useLoad } from '../portal/useLoad.ts';
import { LanguageSwitch } from '../shell/LanguageSwitch.tsx';
import { FeedbackFrame } from './FeedbackFrame.tsx';
import { feedbackApi, type RatingReceipt } from './feedbackApi.ts';
import { RatingThanks } from './RateCasePage.tsx';
import { RatingForm } from './RatingForm.tsx';

/** After a rating the tablet thanks the resident, then clears itself for the next one. */
const RESET_AFTER_MS = 8_000;

/**
 * /rate/window/:orgCode — the in-hall rating tablet at a window (一次一评): big buttons, no sign-in, the
 * staff member optional. Resets itself after each rating.
 */
export function RateWindowPage() {
  const { t } = useTranslation();
  const { orgCode = '' } = useParams();
  const unit = useLoad((signal) => feedbackApi.window(orgCode, signal), [orgCode]);
  const [staffId, setStaffId] = useState<string | undefined>(undefined);
  const [receipt, setReceipt] = useState<RatingReceipt | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!receipt) return;
    const timer = setTimeout(() => {
      setReceipt(null);
      setStaffId(undefined);
      setRound((r) => r + 1);
    }, RESET_AFTER_MS);
    return () => clearTimeout(timer);
  }, [receipt]);

  return (
    <FeedbackFrame bare>
      <div className="bm-fb-tablet-inner" data-testid="tablet-page">
        <div style={{ textAlign: 'end' }}>
          <LanguageSwitch />
        </div>
        {unit.loading && !unit.data && (
          <div style={{ textAlign: 'center', padding: 96 }}>
            <Spin size="large" />
          </div>
        )}
        {unit.failure != null && (
          <Result
            status="warning"
            title={t('feedback.tablet.notFound')}
            subTitle={unit.error}
            data-testid="tablet-missing"
          />
        )}
        {unit.data && (
          <>
            <header className="bm-fb-tablet-head">
              <div>{unit.data.parentName}</div>
              <h1 data-testid="tablet-window">{unit.data.name}</h1>
              <div>{t('feedback.tablet.ask')}</div>
            </header>
            {receipt ? (
              <RatingThanks receipt={receipt} />
            ) : (
              <div key={round}>
                {unit.data.staff.length > 0 && (
                  <div style={{ marginBottom: 16 }}>
                    <div style={{ marginBottom: 8 }}>{t('feedback.tablet.staff')}</div>
                    <Select<string>
                      allowClear
                      size="large"
                      value={staffId}
                      onChange={setStaffId}
                      placeholder={t('feedback.tablet.staffPlaceholder')}
                      options={unit.data.staff.map((s) => ({ value: s.id, label: s.name }))}
                      style={{ width: '100%' }}
                      data-testid="tablet-staff"
                    />
                  </div>
                )}
                <RatingForm
                  large
                  onSubmit={async (body) => {
                    setReceipt(
                      await feedbackApi.rateVisit({
                        ...body,
                        orgCode,
                        staffId: staffId ?? null,
                        channel: 'hall_tablet',
                      }),
                    );
                  }}
                />
              </div>
            )}
          </>
        )}
      </div>
    </FeedbackFrame>
  );
}
