import { ArrowLeftOutlined, ExclamationCircleFilled, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Result, Spin } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ExpectedDate } from './ExpectedDate.tsx';
import { MaterialUpload } from './MaterialUpload.tsx';
import {
  type CaseFile,
  fetchMyCase,
  type MyCase,
  myFileUrl,
  newIdempotencyKey,
  supplementMyCase,
  uploadMyFile,
  withdrawMyCase,
} from './myCasesApi.ts';
import { fetchGuide } from './portalApi.ts';
import { publicLabelText } from './publicLabels.ts';
import { ResidentFrame } from './ResidentFrame.tsx';
import { formatSize } from './uploadRules.ts';
import { useLoad } from './useLoad.ts';

/** A stable key per action until it succeeds, so a retry after a lost answer is not done twice. */
function useActionKey() {
  const key = useRef<string | null>(null);
  return {
    get: () => {
      key.current ??= newIdempotencyKey();
      return key.current;
    },
    done: () => {
      key.current = null;
    },
  };
}

function filesOf(c: MyCase, material: string): CaseFile[] {
  return c.files.filter((f) => f.material === material);
}

/** A notice line names a checklist material when it contains its name (营业执照复印件 → 营业执照). */
function mentions(entry: string, material: string): boolean {
  return entry.includes(material);
}

/**
 * What the resident is asked for: during pre-review the whole checklist, and once a one-time notice
 * (一次性告知) is out, its full list as written, with an upload for each checklist material it names (all
 * of them if it names none) and 提交补正. Files go under a checklist material: that is what the case file
 * keeps them by.
 */
function NeededFromMe({ id, c, reload }: { id: string; c: MyCase; reload(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busyMaterial, setBusyMaterial] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const supplementKey = useActionKey();
  const open = Boolean(c.missing) || c.status === 'submitted_online' || c.actions.includes('supplement');
  const guide = useLoad(
    (signal) => (open && c.itemId ? fetchGuide(c.itemId, signal) : Promise.resolve(null)),
    [open, c.itemId],
  );
  if (!open) return null;
  const checklist = guide.data?.materials ?? [];
  const named = c.missing ? checklist.filter((m) => c.missing!.some((entry) => mentions(entry, m.name))) : [];
  const materials = named.length > 0 ? named : checklist;

  const upload = async (material: string, file: File, contentType: string) => {
    setBusyMaterial(material);
    setErrors((all) => ({ ...all, [material]: '' }));
    try {
      await uploadMyFile(id, material, file, contentType);
      message.success(t('portalCases.case.uploaded', { material }));
      reload();
    } catch (e) {
      setErrors((all) => ({ ...all, [material]: errorText(e) }));
    } finally {
      setBusyMaterial(null);
    }
  };

  const supplement = async () => {
    setSending(true);
    try {
      await supplementMyCase(id, note.trim() || undefined, supplementKey.get());
      supplementKey.done();
      message.success(t('portalCases.case.supplemented'));
      setNote('');
      reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="bm-my-section bm-needed" data-testid="case-needed">
      <h2 className="bm-my-h2">
        <ExclamationCircleFilled className="bm-needed-icon" /> {t('portalCases.case.needed')}
      </h2>
      {c.missing ? (
        <Alert
          type="warning"
          showIcon
          title={t('portalCases.case.noticeTitle')}
          description={
            <>
              <ol className="bm-notice-list" data-testid="case-notice-list">
                {c.missing.map((entry) => (
                  <li key={entry}>{entry}</li>
                ))}
              </ol>
              <div>{t('portalCases.case.noticeIntro')}</div>
            </>
          }
          className="bm-my-alert"
          data-testid="case-notice"
        />
      ) : (
        <p className="bm-muted bm-my-small">{t('portalCases.case.preReviewIntro')}</p>
      )}
      {guide.loading && !guide.data && <Spin size="small" />}
      <ul className="bm-materials">
        {materials.map((m, i) => (
          <MaterialUpload
            key={m.name}
            testKey={i}
            name={m.name}
            required={m.required}
            note={m.note}
            uploaded={filesOf(c, m.name)}
            busy={busyMaterial === m.name}
            error={errors[m.name] || null}
            onPick={(p) => void upload(m.name, p.file, p.contentType)}
          />
        ))}
      </ul>
      {c.actions.includes('supplement') && (
        <div className="bm-supplement">
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t('portalCases.case.notePlaceholder')}
            data-testid="supplement-note"
          />
          <Button
            type="primary"
            block
            size="large"
            loading={sending}
            onClick={() => void supplement()}
            data-testid="supplement-submit"
          >
            {t('portalCases.case.supplement')}
          </Button>
        </div>
      )}
    </section>
  );
}

function WithdrawButton({ id, reload }: { id: string; reload(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const key = useActionKey();

  const withdraw = async () => {
    setBusy(true);
    try {
      await withdrawMyCase(id, reason.trim() || undefined, key.get());
      key.done();
      setOpen(false);
      message.success(t('portalCases.case.withdrawn'));
      reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger block onClick={() => setOpen(true)} data-testid="withdraw-open">
        {t('portalCases.case.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('portalCases.case.withdrawConfirmTitle')}
        okText={t('portalCases.case.withdrawConfirm')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('portalCases.case.cancel')}
        onOk={() => void withdraw()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p>{t('portalCases.case.withdrawConfirmText')}</p>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('portalCases.case.withdrawReason')}
          data-testid="withdraw-reason"
        />
      </Modal>
    </>
  );
}

/** /my/cases/:id — one of my cases: where it stands, what is needed from me, and my files. */
export function MyCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data, failure, error, loading, reload } = useLoad((signal) => fetchMyCase(id, signal), [id]);
  const notFound = failure instanceof ApiError && (failure.status === 404 || failure.status === 400);
  const c = data;

  return (
    <ResidentFrame>
      <div className="bm-my-narrow" data-testid="my-case">
        <div className="bm-guide-back">
          <Link to="/my" data-testid="my-case-back">
            <ArrowLeftOutlined /> {t('portalCases.case.back')}
          </Link>
        </div>
        {!c && loading && (
          <div className="bm-center">
            <Spin size="large" />
          </div>
        )}
        {!c && failure != null && (
          <Result
            status={notFound ? '404' : 'warning'}
            title={notFound ? t('portalCases.case.notFound') : t('portalCases.case.loadFailed')}
            subTitle={notFound ? undefined : error}
            extra={<Link to="/my">{t('portalCases.case.back')}</Link>}
          />
        )}
        {c && (
          <article>
            <header className="bm-my-head">
              <h1 className="bm-my-title" data-testid="my-case-item">
                {c.itemName}
              </h1>
              <dl className="bm-progress-facts">
                <dt>{t('portalCases.progress.caseNumber')}</dt>
                <dd className="bm-case-number" data-testid="my-case-number">
                  {c.caseNumber}
                </dd>
                <dt>{t('portalCases.progress.status')}</dt>
                <dd>
                  <span className="bm-status-pill" data-testid="my-case-status">
                    {publicLabelText(c.publicLabel)}
                  </span>
                </dd>
                <dt>{t('portalCases.progress.expected')}</dt>
                <dd data-testid="my-case-expected">
                  <ExpectedDate date={c.expectedCompletionDate} status={c.status} />
                </dd>
              </dl>
            </header>

            <NeededFromMe id={id} c={c} reload={reload} />

            <section className="bm-my-section">
              <h2 className="bm-my-h2">{t('portalCases.progress.timeline')}</h2>
              <CaseTimeline timeline={c.timeline} expectedCompletionDate={c.expectedCompletionDate} />
            </section>

            <section className="bm-my-section" data-testid="my-case-files">
              <h2 className="bm-my-h2">{t('portalCases.case.files')}</h2>
              {c.files.length === 0 ? (
                <p className="bm-muted">{t('portalCases.case.noFiles')}</p>
              ) : (
                <ul className="bm-plain-list">
                  {c.files.map((f) => (
                    <li key={f.id} className="bm-material-file" data-testid="my-case-file">
                      <PaperClipOutlined />{' '}
                      <a
                        href={myFileUrl(id, f.id)}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="bm-material-file-name"
                      >
                        {f.name}
                      </a>
                      <span className="bm-muted">
                        {' '}
                        · {f.material} · {formatSize(f.size)} · {formatTime(f.uploadedAt).slice(0, 16)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            {c.actions.includes('withdraw') && (
              <section className="bm-my-section">
                <WithdrawButton id={id} reload={reload} />
                <p className="bm-muted bm-my-small">{t('portalCases.case.withdrawHint')}</p>
              </section>
            )}
          </article>
        )}
      </div>
    </ResidentFrame>
  );
}
