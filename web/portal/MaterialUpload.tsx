import { CheckCircleFilled, DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkUpload, formatSize, MAX_UPLOAD_BYTES, UPLOAD_ACCEPT } from './uploadRules.ts';

export interface PickedFile {
  file: File;
  contentType: string;
}

interface Props {
  /** Used in test ids: material-{testKey}, file-{testKey}. */
  testKey: string | number;
  name: string;
  required?: boolean;
  note?: string | null;
  /** The file chosen and not yet sent (apply page), if any. */
  picked?: PickedFile | null;
  /** Names of files already with the case for this material. */
  uploaded?: { id: string; name: string; size: number }[];
  busy?: boolean;
  /** A server refusal to show under the material. */
  error?: string | null;
  onPick(picked: PickedFile): void;
  onClear?(): void;
}

/**
 * One material of the checklist with its file: PDF, JPG or PNG up to 10 MB, checked here as the server
 * checks it. The native file input keeps the phone's camera and file choices.
 */
export function MaterialUpload(props: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { picked, uploaded = [] } = props;
  const done = uploaded.length > 0 || Boolean(picked);

  const choose = (file: File | undefined) => {
    if (!file) return;
    const check = checkUpload(file);
    if (!check.ok) {
      setRefusal(
        t(`portalCases.upload.refused.${check.reason}`, {
          name: file.name,
          max: formatSize(MAX_UPLOAD_BYTES),
        }),
      );
      return;
    }
    setRefusal(null);
    props.onPick({ file, contentType: check.contentType });
  };

  const error = refusal ?? props.error ?? null;
  return (
    <li className={`bm-material${done ? ' bm-material-done' : ''}`} data-testid={`material-${props.testKey}`}>
      <div className="bm-material-head">
        <span className="bm-material-name">
          {done && <CheckCircleFilled className="bm-material-tick" />}
          {props.name}
        </span>
        {props.required !== undefined && (
          <span className={`bm-badge ${props.required ? 'bm-badge-gold' : ''}`}>
            {props.required ? t('portalCases.upload.required') : t('portalCases.upload.optional')}
          </span>
        )}
      </div>
      {props.note && <div className="bm-muted bm-material-note">{props.note}</div>}
      {uploaded.map((f) => (
        <div key={f.id} className="bm-material-file" data-testid="uploaded-file">
          <PaperClipOutlined /> <span className="bm-material-file-name">{f.name}</span>
          <span className="bm-muted"> · {formatSize(f.size)}</span>
        </div>
      ))}
      {picked && (
        <div className="bm-material-file" data-testid="picked-file">
          <PaperClipOutlined /> <span className="bm-material-file-name">{picked.file.name}</span>
          <span className="bm-muted"> · {formatSize(picked.file.size)}</span>
          {props.onClear && (
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('portalCases.upload.remove')}
              onClick={props.onClear}
            />
          )}
        </div>
      )}
      <div className="bm-material-actions">
        <input
          id={inputId}
          type="file"
          accept={UPLOAD_ACCEPT}
          className="bm-visually-hidden"
          disabled={props.busy}
          onChange={(e) => {
            choose(e.target.files?.[0]);
            // The same file picked again after a refusal must fire again.
            e.target.value = '';
          }}
          data-testid={`file-${props.testKey}`}
        />
        <label htmlFor={inputId} className={`bm-file-button${props.busy ? ' bm-file-button-busy' : ''}`}>
          {props.busy ? <Spin size="small" /> : <UploadOutlined />}{' '}
          {picked
            ? t('portalCases.upload.replace')
            : uploaded.length > 0
              ? t('portalCases.upload.another')
              : t('portalCases.upload.choose')}
        </label>
        <span className="bm-muted bm-material-hint">{t('portalCases.upload.hint')}</span>
      </div>
      {error && (
        <div className="bm-material-error" role="alert" data-testid={`file-error-${props.testKey}`}>
          {error}
        </div>
      )}
    </li>
  );
}
