import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Rate, Switch } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMMENT_MAX,
  RATING_DIMENSIONS,
  RATING_LEVELS,
  type RatingLevel,
  validateRating,
} from '../../core/feedback/index.ts';
import { ApiError, errorText } from '../api.ts';
import type { RatingBody } from './feedbackApi.ts';

/** The overall score a level suggests; the resident may change it. */
const SUGGESTED: Record<RatingLevel, number> = {
  very_satisfied: 5,
  satisfied: 4,
  basically_satisfied: 3,
  dissatisfied: 2,
  very_dissatisfied: 1,
};

const ICONS: Record<RatingLevel, ReactNode> = {
  very_satisfied: <SmileOutlined />,
  satisfied: <SmileOutlined />,
  basically_satisfied: <MehOutlined />,
  dissatisfied: <FrownOutlined />,
  very_dissatisfied: <FrownOutlined />,
};

/**
 * The five levels as big buttons, the dimension scores as stars, an optional comment and the choice to
 * leave a phone number for a call back (实名). Checked with core/feedback before sending; the server's
 * field errors are shown on their fields.
 */
export function RatingForm({
  onSubmit,
  large = false,
  submitLabel,
}: {
  onSubmit: (body: RatingBody) => Promise<void>;
  /** The hall tablet: bigger targets for a finger. */
  large?: boolean;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [named, setNamed] = useState(false);
  const [raterName, setRaterName] = useState('');
  const [raterPhone, setRaterPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (l: RatingLevel) => {
    setLevel(l);
    setScores((s) => ({ ...s, overall: SUGGESTED[l] }));
    setErrors((e) => ({ ...e, level: '' }));
  };

  const submit = async () => {
    const body: RatingBody = {
      level: level ?? '',
      scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v > 0)),
      comment: comment.trim() || null,
      named,
      raterName: named ? raterName.trim() || null : null,
      raterPhone: named ? raterPhone.trim() || null : null,
    };
    const checked = validateRating(body);
    if (!checked.ok) {
      setErrors(
        Object.fromEntries(checked.errors.map((e) => [e.field, t(`feedback.errors.${e.code}`, e.message)])),
      );
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await onSubmit(body);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) {
        setErrors(Object.fromEntries(e.errors.map((x) => [x.field, x.message])));
      }
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const bad = level === 'dissatisfied' || level === 'very_dissatisfied';
  return (
    <Form layout="vertical" requiredMark={false} size={large ? 'large' : 'middle'} data-testid="rating-form">
      <Form.Item
        label={t('feedback.rate.level')}
        validateStatus={errors.level ? 'error' : undefined}
        help={errors.level || undefined}
      >
        <div className={large ? 'bm-fb-levels bm-fb-levels-large' : 'bm-fb-levels'}>
          {RATING_LEVELS.map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={level === l}
              className={`bm-fb-level bm-fb-level-${l}${level === l ? ' bm-fb-level-on' : ''}`}
              onClick={() => pick(l)}
              data-testid={`level-${l}`}
            >
              <span className="bm-fb-level-icon">{ICONS[l]}</span>
              <span>{t(`feedback.level.${l}`)}</span>
            </button>
          ))}
        </div>
      </Form.Item>
      {RATING_DIMENSIONS.map((d) => (
        <Form.Item
          key={d}
          label={t(`feedback.dimension.${d}`)}
          required={d === 'overall'}
          validateStatus={errors[`scores.${d}`] ? 'error' : undefined}
          help={errors[`scores.${d}`] || undefined}
          className="bm-fb-score"
        >
          <Rate
            value={scores[d] ?? 0}
            onChange={(v) => setScores((s) => ({ ...s, [d]: v }))}
            style={{ fontSize: large ? 36 : 24 }}
            data-testid={`score-${d}`}
          />
        </Form.Item>
      ))}
      <Form.Item
        label={bad ? t('feedback.rate.commentBad') : t('feedback.rate.comment')}
        validateStatus={errors.comment ? 'error' : undefined}
        help={errors.comment || undefined}
      >
        <Input.TextArea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={COMMENT_MAX}
          showCount
          autoSize={{ minRows: 2, maxRows: 6 }}
          data-testid="rating-comment"
        />
      </Form.Item>
      <Form.Item label={t('feedback.rate.named')} extra={t('feedback.rate.namedHint')}>
        <Switch checked={named} onChange={setNamed} data-testid="rating-named" />
      </Form.Item>
      {named && (
        <>
          <Form.Item
            label={t('feedback.rate.raterName')}
            validateStatus={errors.raterName ? 'error' : undefined}
            help={errors.raterName || undefined}
          >
            <Input
              value={raterName}
              onChange={(e) => setRaterName(e.target.value)}
              maxLength={50}
              data-testid="rating-name"
            />
          </Form.Item>
          <Form.Item
            label={t('feedback.rate.raterPhone')}
            required
            validateStatus={errors.raterPhone ? 'error' : undefined}
            help={errors.raterPhone || undefined}
          >
            <Input
              value={raterPhone}
              onChange={(e) => setRaterPhone(e.target.value)}
              inputMode="tel"
              maxLength={20}
              data-testid="rating-phone"
            />
          </Form.Item>
        </>
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          title={failure}
          style={{ marginBottom: 16 }}
          data-testid="rating-error"
        />
      )}
      <Button
        type="primary"
        block
        size="large"
        loading={busy}
        onClick={() => void submit()}
        data-testid="rating-submit"
      >
        {submitLabel ?? t('feedback.rate.submit')}
      </Button>
    </Form>
  );
}
