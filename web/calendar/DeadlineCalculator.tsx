import { Alert, Button, DatePicker, Form, InputNumber, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../api.ts';
import { type DeadlineAnswer, fetchDeadline, notLoadedYear } from './calendarApi.ts';
import { beijingToday, day, naturalDaysBetween } from './calendarDates.ts';

/** The statutory limits people ask about most (DESIGN.md, "The clock"), one click each. */
const PRESETS = [
  { key: 'notice', days: 5 },
  { key: 'delivery', days: 10 },
  { key: 'decision', days: 20 },
  { key: 'joint', days: 45 },
] as const;

type Outcome =
  | { state: 'idle' }
  | { state: 'done'; answer: DeadlineAnswer }
  | { state: 'notLoaded'; year: number | null; detail: string }
  | { state: 'error'; message: string; field?: string };

/** The value once it has stopped changing for `ms`, so typing "20" asks once, not for "2" and "20". */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Props {
  /** Bumped by the page after a year is loaded, so a refused answer is asked again. */
  version?: number;
  /** Offered on the not-loaded warning to people who may load the year. */
  onImportYear?: (year: number) => void;
}

/**
 * Start date + N working days → the deadline, as the law counts it: the start day is not counted and the
 * limit runs to the end of the last day. The server does the counting, so the answer is the one every
 * clock in the platform uses.
 */
export function DeadlineCalculator({ version = 0, onImportYear }: Props) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<Dayjs | null>(() => dayjs(beijingToday()));
  const [count, setCount] = useState<number | null>(20);
  const start = useSettled(from?.format('YYYY-MM-DD') ?? null, 200);
  const n = useSettled(count, 200);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [loading, setLoading] = useState(false);
  const countValid = count !== null && Number.isInteger(count) && count >= 0;

  useEffect(() => {
    // `version` is read so that loading a year asks again.
    void version;
    if (!start || n === null || !Number.isInteger(n) || n < 0) {
      setOutcome({ state: 'idle' });
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    fetchDeadline(start, n, controller.signal)
      .then((answer) => setOutcome({ state: 'done', answer }))
      .catch((e) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.code === 'calendar.year_not_loaded') {
          setOutcome({ state: 'notLoaded', year: notLoadedYear(e), detail: e.detail });
        } else {
          const field = e instanceof ApiError ? e.errors[0]?.field : undefined;
          setOutcome({ state: 'error', message: errorText(e), field });
        }
      })
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [start, n, version]);

  const fieldError = (field: string) =>
    outcome.state === 'error' && outcome.field === field ? outcome.message : undefined;

  return (
    <div data-testid="deadline-calculator">
      <Form layout="vertical" component="div">
        <Space wrap align="start" size={[12, 0]}>
          <Form.Item
            label={t('calendar.deadline.from')}
            htmlFor="deadline-from"
            validateStatus={fieldError('from') ? 'error' : undefined}
            help={fieldError('from')}
          >
            <DatePicker
              value={from}
              onChange={setFrom}
              id="deadline-from"
              format="YYYY-MM-DD"
              allowClear={false}
              style={{ width: 160 }}
              data-testid="deadline-from"
            />
          </Form.Item>
          <Form.Item
            label={t('calendar.deadline.workingDays')}
            htmlFor="deadline-days"
            validateStatus={!countValid || fieldError('workingDays') ? 'error' : undefined}
            help={!countValid ? t('calendar.deadline.integerOnly') : fieldError('workingDays')}
          >
            <InputNumber<number>
              id="deadline-days"
              value={count}
              onChange={setCount}
              min={0}
              max={3650}
              step={1}
              precision={0}
              inputMode="numeric"
              style={{ width: 120 }}
              data-testid="deadline-days"
            />
          </Form.Item>
        </Space>
        <div style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
            {t('calendar.deadline.presets')}
          </Typography.Text>
          {PRESETS.map((p) => (
            <Tag.CheckableTag
              key={p.key}
              checked={count === p.days}
              onChange={() => setCount(p.days)}
              data-testid={`deadline-preset-${p.days}`}
            >
              {t(`calendar.deadline.preset.${p.key}`, { count: p.days })}
            </Tag.CheckableTag>
          ))}
        </div>
      </Form>
      <Spin spinning={loading} delay={150}>
        <Result outcome={outcome} onImportYear={onImportYear} />
      </Spin>
    </div>
  );
}

function Result({ outcome, onImportYear }: { outcome: Outcome; onImportYear?: (year: number) => void }) {
  const { t } = useTranslation();
  const longDate = (date: string) => day(date).format(t('calendar.dateLong'));
  const weekday = (date: string) => day(date).format('dddd');

  if (outcome.state === 'idle') return null;
  if (outcome.state === 'error' && !outcome.field) {
    return <Alert type="error" showIcon title={outcome.message} data-testid="deadline-error" />;
  }
  if (outcome.state === 'error') return null;
  if (outcome.state === 'notLoaded') {
    const { year } = outcome;
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="deadline-not-loaded"
        data-year={year ?? undefined}
        title={year ? t('calendar.notLoaded.title', { year }) : outcome.detail}
        description={
          year ? (
            <>
              <div>{t('calendar.notLoaded.deadlineHint', { year })}</div>
              {onImportYear && (
                <Button
                  size="small"
                  style={{ marginTop: 8 }}
                  onClick={() => onImportYear(year)}
                  data-testid={`deadline-import-${year}`}
                >
                  {t('calendar.importYear', { year })}
                </Button>
              )}
            </>
          ) : undefined
        }
      />
    );
  }

  const { from, workingDays, deadline } = outcome.answer;
  const natural = day(from).add(workingDays, 'day').format('YYYY-MM-DD');
  return (
    <div data-testid="deadline-result" data-deadline={deadline}>
      <Typography.Text type="secondary">{t('calendar.deadline.result')}</Typography.Text>
      <div className="bm-cal-deadline-date" data-testid="deadline-date">
        {t('calendar.dateWithWeekday', { date: longDate(deadline), weekday: weekday(deadline) })}
      </div>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('calendar.deadline.explain', {
          from: longDate(from),
          weekday: weekday(from),
          count: workingDays,
        })}
        {t('calendar.deadline.span', { count: naturalDaysBetween(from, deadline) })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="deadline-rule">
        {workingDays === 0 ? t('calendar.deadline.sameDay') : t('calendar.deadline.rule')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="deadline-natural">
        {t('calendar.deadline.natural', {
          count: workingDays,
          date: longDate(natural),
          weekday: weekday(natural),
        })}
      </Typography.Paragraph>
    </div>
  );
}
