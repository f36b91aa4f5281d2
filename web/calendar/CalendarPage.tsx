import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Grid, Row, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../api.ts';
import { useSession } from '../shell/session.tsx';
import {
  type CalendarYear,
  countKinds,
  fetchYear,
  type LoadedYear,
  listYears,
  type YearSchedule,
} from './calendarApi.ts';
import { beijingToday } from './calendarDates.ts';
import { DeadlineCalculator } from './DeadlineCalculator.tsx';
import { ImportYearModal } from './ImportYearModal.tsx';
import { Legend, YearGrid, YearSummary } from './YearView.tsx';
import './calendar.css';

export const CALENDAR_PATH = '/console/calendar';
export const DEADLINE_PATH = '/console/calendar/deadline';

/** The loaded years, and a way to read them again after an import. */
function useLoadedYears() {
  const [years, setYears] = useState<LoadedYear[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void version;
    const controller = new AbortController();
    listYears(controller.signal)
      .then((items) => {
        setYears(items);
        setError(null);
      })
      .catch((e) => controller.signal.aborted || setError(errorText(e)));
    return () => controller.abort();
  }, [version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { years, error, version, reload };
}

/**
 * The import dialog's state: closed (undefined), open for the default year (null) or for a named year, such
 * as the one a deadline just needed.
 */
function useImport(reload: () => void, onLoaded?: (schedule: YearSchedule) => void) {
  const [target, setTarget] = useState<number | null | undefined>(undefined);
  return {
    open: (year: number | null = null) => setTarget(year),
    modalProps: {
      open: target !== undefined,
      initialYear: target ?? null,
      onClose: () => setTarget(undefined),
      onDone: (schedule: YearSchedule) => {
        setTarget(undefined);
        reload();
        onLoaded?.(schedule);
      },
    },
  };
}

/** This year when it is loaded, else the latest loaded one. */
function defaultYear(years: readonly LoadedYear[], today: string): number | null {
  const current = Number(today.slice(0, 4));
  if (years.some((y) => y.year === current)) return current;
  return years.at(-1)?.year ?? null;
}

export function CalendarPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canWrite = can('calendar.write');
  const today = beijingToday();
  const { years, error: yearsError, version, reload } = useLoadedYears();
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('year')) || null;
  const year = requested ?? (years ? defaultYear(years, today) : null);
  const loaded = years?.find((y) => y.year === year);
  const [data, setData] = useState<CalendarYear | null>(null);
  const [error, setError] = useState<string | null>(null);
  const importer = useImport(reload, (schedule) => setParams({ year: String(schedule.year) }));
  // Small cards on a phone leave the month calendars the width they need.
  const size = Grid.useBreakpoint().sm ? undefined : 'small';

  useEffect(() => {
    if (!year || !years?.some((y) => y.year === year)) return;
    const controller = new AbortController();
    setError(null);
    fetchYear(year, controller.signal)
      .then(setData)
      .catch((e) => controller.signal.aborted || setError(errorText(e)));
    return () => controller.abort();
  }, [year, years]);

  const shown = data && data.year === year ? data : null;
  const counts = shown ? countKinds(shown.days) : null;
  const options = (years ?? []).map((y) => ({
    value: y.year,
    label: t('calendar.yearOption', { year: y.year }),
  }));
  if (year && years && !loaded) {
    options.push({ value: year, label: t('calendar.yearOptionMissing', { year }) });
  }

  return (
    <div data-testid="calendar-page">
      <Card size={size}>
        <Flex wrap gap={12} align="center" justify="space-between">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('calendar.title')}
          </Typography.Title>
          <Space wrap>
            <Select<number>
              value={year ?? undefined}
              options={options}
              loading={!years}
              onChange={(y) => setParams({ year: String(y) })}
              style={{ width: 150 }}
              aria-label={t('calendar.year')}
              data-testid="calendar-year-select"
            />
            {canWrite && (
              <Button icon={<UploadOutlined />} onClick={() => importer.open()} data-testid="calendar-import">
                {t('calendar.import.open')}
              </Button>
            )}
          </Space>
        </Flex>
        {loaded && (
          <Typography.Paragraph style={{ margin: '12px 0 0' }} data-testid="calendar-source">
            <Typography.Text type="secondary">{t('calendar.sourceLabel')}</Typography.Text>
            {loaded.source || t('calendar.sourceUnknown')}
          </Typography.Paragraph>
        )}
        {counts && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="calendar-stats">
            {t('calendar.stats', {
              working: counts.workday + counts.adjusted_workday,
              holidays: counts.holiday,
              adjusted: counts.adjusted_workday,
            })}
          </Typography.Paragraph>
        )}
        {(yearsError || error) && (
          <Alert type="error" showIcon title={yearsError || error} style={{ marginTop: 12 }} />
        )}
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: size ? 8 : 16 }}>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 16, order: 1 }}>
          <Card size={size} title={year ? t('calendar.yearTitle', { year }) : t('calendar.title')}>
            {year && years && !loaded ? (
              <Alert
                type="warning"
                showIcon
                data-testid="calendar-not-loaded"
                title={t('calendar.notLoaded.title', { year })}
                description={
                  <>
                    <div>{t('calendar.notLoaded.hint', { year })}</div>
                    {canWrite && (
                      <Button
                        size="small"
                        style={{ marginTop: 8 }}
                        onClick={() => importer.open(year)}
                        data-testid={`calendar-import-${year}`}
                      >
                        {t('calendar.importYear', { year })}
                      </Button>
                    )}
                  </>
                }
              />
            ) : shown ? (
              <>
                <div style={{ marginBottom: 16 }}>
                  <Legend />
                </div>
                <YearGrid year={shown.year} days={shown.days} today={today} />
              </>
            ) : (
              !error && (
                <Flex justify="center" style={{ padding: 48 }}>
                  <Spin />
                </Flex>
              )
            )}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 8, order: 2 }}>
          <Card
            size={size}
            title={t('calendar.deadline.title')}
            extra={<Link to={DEADLINE_PATH}>{t('calendar.deadline.openAlone')}</Link>}
          >
            <DeadlineCalculator
              version={version}
              onImportYear={canWrite ? (y) => importer.open(y) : undefined}
            />
          </Card>
          {shown && (
            <Card
              size={size}
              title={t('calendar.summary.title', { year: shown.year })}
              style={{ marginTop: 16 }}
            >
              <YearSummary days={shown.days} />
            </Card>
          )}
        </Col>
      </Row>

      {canWrite && <ImportYearModal loadedYears={years ?? []} {...importer.modalProps} />}
    </div>
  );
}

/** The calculator on its own, for a window clerk who only needs the date. */
export function DeadlinePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canWrite = can('calendar.write');
  const { years, version, reload } = useLoadedYears();
  const importer = useImport(reload);
  const size = Grid.useBreakpoint().sm ? undefined : 'small';
  return (
    <div data-testid="deadline-page">
      <Card
        size={size}
        title={t('calendar.deadline.title')}
        extra={<Link to={CALENDAR_PATH}>{t('calendar.deadline.backToCalendar')}</Link>}
        style={{ maxWidth: 640 }}
      >
        <DeadlineCalculator version={version} onImportYear={canWrite ? (y) => importer.open(y) : undefined} />
      </Card>
      {canWrite && <ImportYearModal loadedYears={years ?? []} {...importer.modalProps} />}
    </div>
  );
}
