import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { CalendarInputError } from './dates.ts';
import type { YearSchedule } from './working-calendar.ts';

type DayMap = Record<string, string>;

/** chinese-days values look like 'National Day,国庆节,3': English name, Chinese name, period index. */
function chineseName(value: string): string | undefined {
  const name = value.split(',')[1]?.trim();
  return name === '' ? undefined : name;
}

/**
 * Year schedules converted from the chinese-days package, which transcribes the State Council's yearly
 * holiday notices; the server seeds the calendar with them and admins load later years themselves. Its
 * `holidays` include the weekend days inside a holiday period and `workdays` are the adjusted working
 * weekends. `inLieuDays` is not used: those days are already holidays, it only says they were paid back.
 * A year the package does not carry is an error rather than an empty schedule, which would silently turn
 * that year's Spring Festival into working days.
 */
export function chineseDaysSchedules(years: number[]): YearSchedule[] {
  const holidays = data.holidays as DayMap;
  const workdays = data.workdays as DayMap;
  return years.map((year, i) => {
    const prefix = `${year}-`;
    const days: YearSchedule['days'] = [];
    for (const [map, kind] of [
      [holidays, 'holiday'],
      [workdays, 'adjusted_workday'],
    ] as const) {
      for (const [date, value] of Object.entries(map)) {
        if (!date.startsWith(prefix)) continue;
        const name = chineseName(value);
        days.push(name === undefined ? { date, kind } : { date, kind, name });
      }
    }
    if (days.length === 0) {
      throw new CalendarInputError(`years[${i}]`, `chinese-days 未收录 ${year} 年的节假日安排`);
    }
    days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { year, source: `国务院办公厅关于${year}年部分节假日安排的通知 (chinese-days)`, days };
  });
}
