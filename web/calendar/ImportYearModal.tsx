import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../api.ts';
import {
  countKinds,
  fetchYear,
  type LoadedYear,
  putYearIcs,
  putYearJson,
  type YearSchedule,
} from './calendarApi.ts';
import { beijingToday, day } from './calendarDates.ts';

type Format = 'json' | 'ics';

interface Values {
  year: number;
  source: string;
  format: Format;
  json?: string;
}

interface IcsFile {
  name: string;
  text: string;
  events: number;
}

type Parsed =
  | { ok: true; days: unknown[]; lines: (number | null)[]; source?: string; year?: number }
  | { ok: false; reason: 'empty' | 'notList' | 'syntax'; message?: string };

/**
 * Reads the pasted text: a JSON list of days, or a whole request body `{ source, days }`. Each day's line
 * in the text is found by its date, so a complaint about `days[3]` can point at the line to fix.
 */
function parseDays(text: string): Parsed {
  if (!text.trim()) return { ok: false, reason: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'syntax', message: (e as Error).message };
  }
  let days: unknown;
  let source: string | undefined;
  let year: number | undefined;
  if (Array.isArray(value)) days = value;
  else if (value && typeof value === 'object') {
    const body = value as { days?: unknown; source?: unknown; year?: unknown };
    days = body.days;
    if (typeof body.source === 'string') source = body.source;
    if (typeof body.year === 'number') year = body.year;
  }
  if (!Array.isArray(days)) return { ok: false, reason: 'notList' };
  let from = 0;
  const lines = days.map((d) => {
    const date = (d as { date?: unknown } | null)?.date;
    if (typeof date !== 'string') return null;
    const at = text.indexOf(JSON.stringify(date), from);
    if (at < 0) return null;
    from = at + 1;
    return text.slice(0, at).split('\n').length;
  });
  return { ok: true, days, lines, source, year };
}

/** One day per line, the way the notice is read and the way the errors point. */
function formatDays(days: readonly { date: string; kind: string; name?: string }[]): string {
  const line = (d: (typeof days)[number]) =>
    `  { "date": ${JSON.stringify(d.date)}, "kind": ${JSON.stringify(d.kind)}${
      d.name ? `, "name": ${JSON.stringify(d.name)}` : ''
    } }`;
  return `[\n${days.map(line).join(',\n')}\n]`;
}

/** `days[3].date` (the calendar's own checks) or `days.3.kind` (the request schema). */
const DAY_FIELD = /^days(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/;

interface Complaints {
  rows: Map<number, string[]>;
  general: string[];
}

interface ModalProps {
  open: boolean;
  /** The year to offer, e.g. the one a deadline just needed; else the year after the last loaded. */
  initialYear?: number | null;
  loadedYears: readonly LoadedYear[];
  onClose(): void;
  onDone(schedule: YearSchedule): void;
}

export function ImportYearModal({ open, initialYear, loadedYears, onClose, onDone }: ModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('calendar.import.title')}
      open={open}
      onCancel={onClose}
      footer={null}
      width={720}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <ImportForm initialYear={initialYear} loadedYears={loadedYears} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function ImportForm({ initialYear, loadedYears, onClose, onDone }: Omit<ModalProps, 'open'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [ics, setIcs] = useState<IcsFile | null>(null);
  const [complaints, setComplaints] = useState<Complaints | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadingExisting, setLoadingExisting] = useState(false);

  const lastLoaded = loadedYears.at(-1)?.year;
  const defaultYear = initialYear ?? (lastLoaded ? lastLoaded + 1 : Number(beijingToday().slice(0, 4)) + 1);
  const year = Form.useWatch('year', form) ?? defaultYear;
  const format = Form.useWatch('format', form) ?? 'json';
  const json = Form.useWatch('json', form) ?? '';
  const parsed = useMemo(() => parseDays(json), [json]);
  const existing = loadedYears.find((y) => y.year === year);

  const clearComplaints = () => {
    setComplaints(null);
    setProblem(null);
  };

  const onValuesChange = (changed: Partial<Values>) => {
    if ('json' in changed) {
      // The old complaints point at days that may have moved.
      clearComplaints();
      const p = parseDays(changed.json ?? '');
      if (p.ok && p.source && !form.getFieldValue('source')) form.setFieldValue('source', p.source);
    }
    if ('format' in changed || 'year' in changed) clearComplaints();
  };

  const loadExisting = async () => {
    if (!existing) return;
    setLoadingExisting(true);
    try {
      const current = await fetchYear(existing.year);
      const exceptions = current.days.filter((d) => d.kind === 'holiday' || d.kind === 'adjusted_workday');
      form.setFieldsValue({ json: formatDays(exceptions), format: 'json' });
      if (!form.getFieldValue('source')) form.setFieldValue('source', current.source);
      clearComplaints();
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setLoadingExisting(false);
    }
  };

  /** Spreads the server's field errors over the form: the year, the source, and each day's own row. */
  const showProblem = (error: unknown) => {
    if (!(error instanceof ApiError) || error.errors.length === 0) {
      setProblem(errorText(error));
      return;
    }
    const rows = new Map<number, string[]>();
    const general: string[] = [];
    const fields: { name: keyof Values; errors: string[] }[] = [];
    const hasDayErrors = error.errors.some((e) => DAY_FIELD.test(e.field));
    for (const e of error.errors) {
      const m = DAY_FIELD.exec(e.field);
      if (m) {
        const index = Number(m[1] ?? m[2]);
        const sub = m[3];
        // The calendar's own checks (with a code) say what and where; the request schema's terse English
        // gets the field's name in front, and a wrong kind the form's own words.
        const text = sub === 'kind' && !e.code ? t('calendar.import.kindInvalid') : e.message;
        const line =
          sub && !e.code
            ? t('calendar.import.fieldMessage', {
                field: t(`calendar.import.field.${sub}`, { defaultValue: sub }),
                message: text,
              })
            : text;
        rows.set(index, [...(rows.get(index) ?? []), line]);
      } else if (e.field === 'source' || e.field === 'year') {
        fields.push({ name: e.field, errors: [e.message] });
      } else if (e.field === 'days') {
        fields.push({ name: 'json', errors: [e.message] });
      } else if (!(hasDayErrors && e.field === 'body') && !error.detail.includes(e.message)) {
        // With day errors, "body must be string" is only the other half of the JSON-or-text schema; and a
        // message the detail already quotes (an .ics event's summary) need not be said twice.
        general.push(e.message);
      }
    }
    form.setFields(fields);
    setComplaints({ rows, general });
    // The preview scrolls; bring the first refused day into sight.
    requestAnimationFrame(() =>
      document.querySelector('.bm-cal-preview-bad')?.scrollIntoView({ block: 'nearest' }),
    );
    setProblem(
      rows.size > 0
        ? t('calendar.import.rowErrors', { count: [...rows.values()].flat().length })
        : error.detail,
    );
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    clearComplaints();
    let send: () => Promise<YearSchedule>;
    if (values.format === 'ics') {
      if (!ics) {
        setProblem(t('calendar.import.icsRequired'));
        return;
      }
      send = () => putYearIcs(values.year, values.source.trim(), ics.text);
    } else {
      if (!parsed.ok) return; // the field's own rule already says why
      if (parsed.year !== undefined && parsed.year !== values.year) {
        form.setFields([
          {
            name: 'json',
            errors: [t('calendar.import.yearMismatch', { bodyYear: parsed.year, year: values.year })],
          },
        ]);
        return;
      }
      const days = parsed.days;
      send = () => putYearJson(values.year, values.source.trim(), days);
    }
    setBusy(true);
    try {
      const schedule = await send();
      const counts = countKinds(schedule.days);
      message.success(
        t('calendar.import.success', {
          year: schedule.year,
          holidays: counts.holiday,
          adjusted: counts.adjusted_workday,
        }),
      );
      onDone(schedule);
    } catch (e) {
      showProblem(e);
    } finally {
      setBusy(false);
    }
  };

  const jsonRule = {
    validator: async () => {
      if (format !== 'json') return;
      const p = parseDays(form.getFieldValue('json') ?? '');
      if (p.ok) return;
      if (p.reason === 'syntax') throw new Error(t('calendar.import.jsonInvalid', { reason: p.message }));
      if (p.reason === 'notList') throw new Error(t('calendar.import.jsonNotList'));
      throw new Error(t('calendar.import.jsonEmpty'));
    },
  };

  return (
    <div data-testid="import-modal">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ year: defaultYear, format: 'json', source: '' }}
        onValuesChange={onValuesChange}
      >
        <Row gutter={12}>
          <Col xs={24} sm={7}>
            <Form.Item
              name="year"
              label={t('calendar.import.year')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <InputNumber<number>
                min={1949}
                max={2200}
                precision={0}
                style={{ width: '100%' }}
                data-testid="import-year"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={17}>
            <Form.Item
              name="source"
              label={t('calendar.import.source')}
              rules={[
                { required: true, whitespace: true, message: t('calendar.import.sourceRequired') },
                { max: 200, message: t('form.tooLong', { max: 200 }) },
              ]}
            >
              <Input
                placeholder={t('calendar.import.sourcePlaceholder', { year })}
                data-testid="import-source"
              />
            </Form.Item>
          </Col>
        </Row>
        {existing && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="import-replace-warning"
            title={t('calendar.import.replaceWarning', { year, source: existing.source })}
            action={
              <Button
                size="small"
                loading={loadingExisting}
                onClick={() => void loadExisting()}
                data-testid="import-load-existing"
              >
                {t('calendar.import.loadExisting')}
              </Button>
            }
          />
        )}
        <Form.Item name="format" label={t('calendar.import.format')}>
          <Segmented<Format>
            options={[
              { value: 'json', label: t('calendar.import.json') },
              { value: 'ics', label: t('calendar.import.ics') },
            ]}
            data-testid="import-format"
          />
        </Form.Item>
        {format === 'json' ? (
          <>
            <Form.Item
              name="json"
              label={t('calendar.import.jsonLabel')}
              extra={t('calendar.import.jsonHint')}
              rules={[jsonRule]}
              validateTrigger="onBlur"
            >
              <Input.TextArea
                className="bm-cal-json"
                autoSize={{ minRows: 6, maxRows: 14 }}
                spellCheck={false}
                // One day per line, so "line 3" in a complaint is line 3 on screen, even on a phone.
                wrap="off"
                placeholder={t('calendar.import.jsonPlaceholder', { year })}
                data-testid="import-json"
              />
            </Form.Item>
            {parsed.ok && parsed.days.length > 0 && <Preview parsed={parsed} rows={complaints?.rows} />}
          </>
        ) : (
          <Form.Item label={t('calendar.import.icsLabel')} extra={t('calendar.import.icsHint')}>
            <Upload.Dragger
              accept=".ics,text/calendar"
              multiple={false}
              showUploadList={false}
              beforeUpload={(file) => {
                // Read here and send it ourselves with PUT: there is no upload endpoint to post to.
                file
                  .text()
                  .then((text) => {
                    clearComplaints();
                    setIcs({ name: file.name, text, events: text.match(/BEGIN:VEVENT/g)?.length ?? 0 });
                  })
                  .catch(() => setProblem(t('calendar.import.icsReadFailed')));
                return Upload.LIST_IGNORE;
              }}
              data-testid="import-ics"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('calendar.import.icsDrop')}</p>
            </Upload.Dragger>
            {ics && (
              <Space style={{ marginTop: 8 }} wrap>
                <Typography.Text data-testid="import-ics-file">
                  {t('calendar.import.icsChosen', { name: ics.name, count: ics.events })}
                </Typography.Text>
                <Button size="small" type="link" onClick={() => setIcs(null)}>
                  {t('calendar.import.remove')}
                </Button>
              </Space>
            )}
          </Form.Item>
        )}
      </Form>
      {problem && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="import-error"
          title={problem}
          description={
            complaints?.general.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {complaints.general.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onClose} data-testid="import-cancel">
          {t('calendar.import.cancel')}
        </Button>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="import-submit">
          {t('calendar.import.submit', { year })}
        </Button>
      </Space>
    </div>
  );
}

/** Each parsed day on its own row, with the server's complaint about it right underneath. */
function Preview({
  parsed,
  rows,
}: {
  parsed: Extract<Parsed, { ok: true }>;
  rows?: ReadonlyMap<number, string[]>;
}) {
  const { t } = useTranslation();
  const counts = countKinds(parsed.days as { kind: string }[]);
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">
        {t('calendar.import.preview', {
          count: parsed.days.length,
          holidays: counts.holiday,
          adjusted: counts.adjusted_workday,
        })}
      </Typography.Text>
      <div className="bm-cal-preview" data-testid="import-preview">
        {parsed.days.map((raw, i) => {
          const d = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
          const date = typeof d.date === 'string' ? d.date : '';
          const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && day(date).isValid();
          const errors = rows?.get(i);
          const line = parsed.lines[i];
          return (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is the parsed text, in its order
              key={i}
              className={`bm-cal-preview-row${errors ? ' bm-cal-preview-bad' : ''}`}
              data-testid={`import-day-${i}`}
            >
              <span className="bm-cal-preview-line">
                {line ? t('calendar.import.line', { line }) : `#${i + 1}`}
              </span>
              <span>{date || JSON.stringify(raw)}</span>
              {valid && <Typography.Text type="secondary">{day(date).format('ddd')}</Typography.Text>}
              <KindTag kind={d.kind} />
              {typeof d.name === 'string' && <span>{d.name}</span>}
              {errors && (
                <div className="bm-cal-preview-error" data-testid={`import-day-error-${i}`}>
                  {errors.join(t('listSeparator'))}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function KindTag({ kind }: { kind: unknown }) {
  const { t } = useTranslation();
  if (kind === 'holiday') return <Tag color="red">{t('calendar.kind.holiday')}</Tag>;
  if (kind === 'adjusted_workday') return <Tag color="blue">{t('calendar.kind.adjusted_workday')}</Tag>;
  return <Tag>{String(kind ?? '—')}</Tag>;
}
