import ICAL from 'ical.js';
import type { YearSchedule } from '../../core/calendar/index.ts';
import { addNaturalDays } from '../../core/calendar/index.ts';
import { Problem } from '../http/problem.ts';

type Kind = YearSchedule['days'][number]['kind'];

/**
 * Reads whether an all-day event is a day off or an adjusted working day. Published Chinese holiday
 * calendars mark it in the summary ("春节(休)", "春节(班)"), the description ("休"/"班") or Apple's
 * X-APPLE-SPECIAL-DAY property; an event that says neither is refused rather than guessed.
 */
function kindOf(summary: string, description: string, appleSpecialDay: string): Kind | null {
  const text = `${summary} ${description}`;
  if (
    appleSpecialDay === 'ALTERNATE-WORKDAY' ||
    /[（(]班[)）]|^班$/.test(summary) ||
    description.trim() === '班'
  ) {
    return 'adjusted_workday';
  }
  if (appleSpecialDay === 'WORK-HOLIDAY' || /[（(]休[)）]/.test(text) || description.trim() === '休')
    return 'holiday';
  return null;
}

/** The days of one year's arrangement from an iCalendar file of all-day events. */
export function scheduleFromIcs(text: string, year: number, source: string): YearSchedule {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new Problem(400, 'calendar.ics_invalid', { reason: (error as Error).message }, [
      { field: 'body', in: 'body', message: (error as Error).message },
    ]);
  }
  const days: { date: string; kind: Kind; name?: string }[] = [];
  root.getAllSubcomponents('vevent').forEach((vevent, i) => {
    const event = new ICAL.Event(vevent);
    const summary = event.summary ?? '';
    const kind = kindOf(
      summary,
      event.description ?? '',
      String(vevent.getFirstPropertyValue('x-apple-special-day') ?? ''),
    );
    if (!kind || !event.startDate?.isDate) {
      // Counted from 1 in the message, as a person reading the file counts events.
      throw new Problem(400, 'calendar.ics_event_unknown', { index: i + 1, summary }, [
        { field: `events[${i}]`, in: 'body', message: summary },
      ]);
    }
    const first = event.startDate.toString();
    // DTEND of an all-day event is exclusive; a missing one means a single day.
    const end = event.endDate ? event.endDate.toString() : addNaturalDays(first, 1);
    const name = summary.replace(/[（(][休班][)）]$/, '').trim() || undefined;
    for (let date = first; date < end; date = addNaturalDays(date, 1)) {
      days.push(name ? { date, kind, name } : { date, kind });
    }
  });
  return { year, source, days };
}
