import { Tooltip, Typography } from 'antd';
import { memo, type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay, DayKind } from './calendarApi.ts';
import { day, monthWeeks, runsOf } from './calendarDates.ts';

const KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];
const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

function useLabels() {
  const { t } = useTranslation();
  return {
    t,
    weekdays: t('calendar.weekdayHeads', { returnObjects: true }) as string[],
    months: t('calendar.months', { returnObjects: true }) as string[],
  };
}

function Cell({ kind, children }: { kind: DayKind; children?: ReactNode }) {
  return <div className={`bm-cal-cell bm-cal-${kind}`}>{children}</div>;
}

/** The key to the colours, with the same cells the months use. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <div className="bm-cal-legend" data-testid="calendar-legend">
      {KINDS.map((kind) => (
        <span key={kind} className="bm-cal-legend-item">
          <Cell kind={kind}>
            <span>8</span>
            {(kind === 'holiday' || kind === 'adjusted_workday') && (
              <span className="bm-cal-mark">{t(`calendar.mark.${kind}`)}</span>
            )}
          </Cell>
          {t(`calendar.kind.${kind}`)}
        </span>
      ))}
      <span className="bm-cal-legend-item">
        <div className="bm-cal-cell bm-cal-workday bm-cal-today" style={{ width: 30, height: 28 }}>
          8
        </div>
        {t('calendar.today')}
      </span>
    </div>
  );
}

interface MonthProps {
  year: number;
  month: number;
  byDate: ReadonlyMap<string, CalendarDay>;
  today: string;
}

const Month = memo(function Month({ year, month, byDate, today }: MonthProps) {
  const { t, weekdays, months } = useLabels();
  const weeks = useMemo(() => monthWeeks(year, month), [year, month]);
  const title = months[month] ?? String(month + 1);
  return (
    <section aria-label={title} data-testid={`calendar-month-${month + 1}`}>
      <h3 className="bm-cal-month-title">{title}</h3>
      <table className="bm-cal-table">
        <thead>
          <tr>
            {weekdays.map((w, i) => (
              <th key={w} className={i >= 5 ? 'bm-cal-weekend-head' : undefined}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find((c) => c.date)?.key}>
              {week.map(({ key, date }) => {
                if (!date) return <td key={key} />;
                const info = byDate.get(date);
                const kind = info?.kind ?? 'workday';
                const special = kind === 'holiday' || kind === 'adjusted_workday';
                const kindLabel = t(`calendar.kind.${kind}`);
                const named = info?.name
                  ? t('calendar.kindNamed', { kind: kindLabel, name: info.name })
                  : kindLabel;
                const label = t('calendar.dayLabel', {
                  date: day(date).format(t('calendar.dateLong')),
                  weekday: day(date).format('dddd'),
                  kind: named,
                });
                const cell = (
                  <div
                    className={`bm-cal-cell bm-cal-${kind}${date === today ? ' bm-cal-today' : ''}`}
                    data-testid={`cal-day-${date}`}
                    data-kind={kind}
                  >
                    <span>{Number(date.slice(8))}</span>
                    {special && <span className="bm-cal-mark">{t(`calendar.mark.${kind}`)}</span>}
                  </div>
                );
                return (
                  <td key={date} aria-label={label}>
                    {/* Only the marked days carry a name worth a tooltip; 365 of them would be noise. */}
                    {special ? <Tooltip title={named}>{cell}</Tooltip> : cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});

/** Twelve small month calendars, Monday first; the grid reflows to one column on a phone. */
export function YearGrid({ year, days, today }: { year: number; days: CalendarDay[]; today: string }) {
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  return (
    <div className="bm-cal-year" data-testid="calendar-year-view" data-year={year}>
      {MONTHS.map((m) => (
        <Month key={m} year={year} month={m} byDate={byDate} today={today} />
      ))}
    </div>
  );
}

interface Group {
  name: string;
  off: string[];
  work: string[];
}

/** The year's arrangement as text, one line per holiday: what a notice says, readable on any screen. */
export function YearSummary({ days }: { days: CalendarDay[] }) {
  const { t } = useTranslation();
  const groups = useMemo(() => {
    const byName = new Map<string, Group>();
    for (const d of days) {
      if (d.kind !== 'holiday' && d.kind !== 'adjusted_workday') continue;
      const name = d.name ?? '';
      const group = byName.get(name) ?? { name, off: [], work: [] };
      (d.kind === 'holiday' ? group.off : group.work).push(d.date);
      byName.set(name, group);
    }
    return [...byName.values()];
  }, [days]);

  if (groups.length === 0) {
    return <Typography.Text type="secondary">{t('calendar.summary.none')}</Typography.Text>;
  }
  const fmt = (date: string) => day(date).format(t('calendar.monthDay'));
  const range = ([a, b]: [string, string]) =>
    a === b ? fmt(a) : t('calendar.range', { from: fmt(a), to: fmt(b) });
  const sep = t('listSeparator');
  return (
    <ul className="bm-cal-summary" data-testid="calendar-summary">
      {groups.map((g) => (
        <li key={g.name}>
          <Typography.Text strong>{g.name || t('calendar.summary.unnamed')}</Typography.Text>
          {g.off.length > 0 && (
            <div>
              <Typography.Text type="danger">{t('calendar.summary.off')}</Typography.Text>{' '}
              {runsOf(g.off).map(range).join(sep)}
              {t('calendar.summary.count', { count: g.off.length })}
            </div>
          )}
          {g.work.length > 0 && (
            <div>
              <Typography.Text style={{ color: '#0958d9' }}>{t('calendar.summary.work')}</Typography.Text>{' '}
              {g.work
                .map((d) => `${fmt(d)}${t('calendar.weekdayParen', { weekday: day(d).format('ddd') })}`)
                .join(sep)}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
