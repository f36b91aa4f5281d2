export { chineseDaysSchedules } from './chinese-days-schedules.ts';
export {
  addNaturalDays,
  CalendarInputError,
  dayOfWeek,
  endOfShanghaiDay,
  endOfShanghaiEpochDayMs,
  epochDayFromParts,
  epochDayOf,
  isIsoDate,
  isIsoInstant,
  isoDateOfEpochDay,
  MS_PER_DAY,
  MS_PER_HOUR,
  parseInstant,
  SHANGHAI_OFFSET_MS,
  shanghaiDateOf,
  shanghaiEpochDayOfMs,
  tryEpochDay,
  yearOfEpochDay,
} from './dates.ts';
export {
  type CalendarDay,
  CalendarYearNotLoadedError,
  type DayKind,
  WorkingCalendar,
  type YearSchedule,
} from './working-calendar.ts';
export {
  MAX_SCHEDULE_YEAR,
  MIN_SCHEDULE_YEAR,
  type ValidationError,
  type ValidationResult,
  validateYearSchedule,
} from './year-schedule.ts';
