import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api.ts';
import { formatTime } from '../i18n/index.ts';
import { type CaseEventView, verifyCase } from './casesApi.ts';
import { yuan } from './FeesCard.tsx';
import { type CaseTerms, useCaseTerms } from './terms.ts';

/** Internal ids and codes say nothing to a reader (the names beside them do); the file's hash is kept. */
const HIDDEN = new Set(['fileId', 'feeId', 'urgeId', 'handlers']);

function valueText(terms: CaseTerms, name: string, value: unknown, sep: string): string {
  if (name === 'amountFen' && typeof value === 'number') return yuan(value);
  if (name === 'size' && typeof value === 'number') return `${Math.ceil(value / 1024)} KB`;
  if (name === 'sha256' && typeof value === 'string') return shortHash(value);
  if (Array.isArray(value)) return value.map(String).join(sep);
  if (value && typeof value === 'object' && 'value' in value && 'unit' in value)
    return terms.duration(value as { value: number; unit: string });
  if (typeof value === 'string') return terms.enumValue(value);
  return String(value);
}

/** "需要补正的全部内容：A、B；备注：…" — the payload as the action's form labels name it. */
function payloadSummary(
  terms: CaseTerms,
  action: string,
  payload: Record<string, unknown>,
  sep: string,
): string {
  return Object.entries(payload)
    .filter(([name, value]) => !HIDDEN.has(name) && value !== null && value !== '')
    .map(([name, value]) => `${terms.field(action, name)}：${valueText(terms, name, value, sep)}`)
    .join('；');
}

function shortHash(hash: string): string {
  return hash.slice(0, 10);
}

/**
 * The case file, oldest first: what was done, by whom, where and when, with what it said, and the link of
 * the hash chain each entry carries. 校验案卷 recomputes the chain on the server.
 */
export function TimelineCard({ caseId, events }: { caseId: string; events: CaseEventView[] | undefined }) {
  const { t } = useTranslation();
  const terms = useCaseTerms();
  const [verdict, setVerdict] = useState<{ valid: boolean; events: number } | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setChecking(true);
    setError(null);
    try {
      setVerdict(await verifyCase(caseId));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('cases.detail.timeline')}
      data-testid="timeline-card"
      extra={
        <Button
          size="small"
          icon={<SafetyCertificateOutlined />}
          loading={checking}
          onClick={() => void verify()}
          data-testid="verify"
        >
          {t('cases.timeline.verify')}
        </Button>
      }
    >
      {verdict && (
        <Alert
          type={verdict.valid ? 'success' : 'error'}
          showIcon
          title={
            verdict.valid
              ? t('cases.timeline.valid', { count: verdict.events })
              : t('cases.timeline.invalid', { count: verdict.events })
          }
          style={{ marginBottom: 12 }}
          data-testid="verify-result"
          data-valid={verdict.valid}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Timeline
        items={(events ?? []).map((e) => {
          const payload = (e.detail as { payload?: Record<string, unknown> }).payload ?? {};
          const summary = payloadSummary(terms, e.action, payload, t('listSeparator'));
          return {
            key: e.seq,
            color: e.action === 'refuse' || e.to === 'decided_denied' ? 'red' : 'blue',
            content: (
              <div data-testid={`event-${e.seq}`} data-action={e.action}>
                <Space size={6} wrap>
                  <Typography.Text strong>{terms.action(e.action)}</Typography.Text>
                  {e.from !== e.to && <Tag>{terms.status(e.to)}</Tag>}
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(e.at)} · {e.actorName} · {terms.role(e.actorRole)} · {e.orgCode}
                  </Typography.Text>
                </div>
                {summary && <div style={{ fontSize: 13 }}>{summary}</div>}
                <Tooltip title={e.hash}>
                  <Typography.Text
                    type="secondary"
                    code
                    style={{ fontSize: 11 }}
                    data-testid={`event-${e.seq}-hash`}
                  >
                    #{shortHash(e.hash)}
                  </Typography.Text>
                </Tooltip>
              </div>
            ),
          };
        })}
      />
    </Card>
  );
}
