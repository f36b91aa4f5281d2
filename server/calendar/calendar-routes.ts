import { Type } from 'typebox';
import { isIsoDate } from '../../core/calendar/index.ts';
import { evaluateClock, validateClock } from '../../core/clock/index.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { errorResponses } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { calendarProblem, loadYear, toFieldErrors } from './calendar-service.ts';
import { listYears } from './calendar-store.ts';
import { scheduleFromIcs } from './ics.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）' });
const Year = Type.Integer({ minimum: 1949, maximum: 2200 });

const ScheduleDay = Type.Object({
  date: IsoDate,
  kind: Type.Enum(['holiday', 'adjusted_workday']),
  name: Type.Optional(Type.String({ maxLength: 50 })),
});

const tags = ['calendar'];

function checkDate(value: string, field: string): void {
  if (!isIsoDate(value)) {
    throw new Problem(400, 'request.invalid', { field, reason: 'YYYY-MM-DD' }, [
      { field, in: 'query', message: 'YYYY-MM-DD' },
    ]);
  }
}

export function calendarRoutes(app: App, ctx: AppContext) {
  // An admin may upload the notice as published calendars ship it: iCalendar text. It is read into the same
  // shape as the JSON body here, so one schema and one code path check both.
  app.addContentTypeParser('text/calendar', { parseAs: 'string' }, (req, body, done) => {
    const { year } = req.params as { year?: string };
    const { source } = req.query as { source?: string };
    try {
      const schedule = scheduleFromIcs(String(body), Number(year), source || `iCalendar ${year}`);
      done(null, { source: schedule.source, days: schedule.days });
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: '已加载的年度节假日安排 Loaded years',
        security: [],
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ year: Type.Integer(), source: Type.String() })),
            total: Type.Integer(),
          }),
        },
      },
    },
    async () => {
      const items = await listYears(ctx.db);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/calendar/:year',
    {
      schema: {
        tags,
        summary: '某年每一天的类型：工作日、周末、节假日、调休上班 Every day of a year with its kind',
        security: [],
        params: Type.Object({ year: Year }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            source: Type.String(),
            days: Type.Array(
              Type.Object({
                date: Type.String(),
                kind: Type.Enum(['workday', 'weekend', 'holiday', 'adjusted_workday']),
                name: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const calendar = await ctx.calendar.current();
      try {
        const days = calendar.yearDays(req.params.year);
        const source = (await listYears(ctx.db)).find((y) => y.year === req.params.year)?.source ?? '';
        return { year: req.params.year, source, days };
      } catch (error) {
        calendarProblem(error);
      }
    },
  );

  app.put(
    '/api/calendar/:year',
    {
      schema: {
        tags,
        summary: '加载或更正某年的节假日安排（JSON 或 .ics） Load a year (JSON or iCalendar)',
        description:
          'JSON: { "source": "国办发明电〔2026〕…号", "days": [{ "date", "kind": "holiday"|"adjusted_workday", "name" }] }. ' +
          'Or Content-Type: text/calendar with all-day events marked (休)/(班), and ?source=… naming the notice.',
        params: Type.Object({ year: Year }),
        querystring: Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Type.Object(
          {
            source: Type.String({ minLength: 1, maxLength: 200 }),
            days: Type.Array(ScheduleDay, { maxItems: 400 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ year: Type.Integer(), source: Type.String(), days: Type.Array(ScheduleDay) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return loadYear(ctx, actor, req.params.year, { year: req.params.year, ...req.body }, req.ip);
    },
  );

  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags,
        summary: '按工作日计算期限（当天不计入） Deadline after N working days',
        security: [],
        querystring: Type.Object({ from: IsoDate, workingDays: Type.Integer({ minimum: 0, maximum: 3650 }) }),
        response: {
          200: Type.Object({ from: Type.String(), workingDays: Type.Integer(), deadline: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      checkDate(req.query.from, 'from');
      const calendar = await ctx.calendar.current();
      try {
        return {
          from: req.query.from,
          workingDays: req.query.workingDays,
          deadline: calendar.addWorkingDays(req.query.from, req.query.workingDays),
        };
      } catch (error) {
        calendarProblem(error);
      }
    },
  );

  app.post(
    '/api/clock/evaluate',
    {
      schema: {
        tags,
        summary: '计算一个时钟在某一时刻的期限、剩余天数和亮灯 Evaluate a clock at an instant',
        security: [],
        body: Type.Object({ clock: Type.Unknown(), at: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: {
          200: Type.Object({
            at: Type.String(),
            deadline: Type.String(),
            deadlineDate: Type.Union([Type.String(), Type.Null()]),
            unit: Type.String(),
            total: Type.Number(),
            used: Type.Number(),
            left: Type.Number(),
            paused: Type.Boolean(),
            light: Type.Enum(['green', 'yellow', 'red']),
            overdueBy: Type.Number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const checked = validateClock(req.body.clock);
      if (!checked.ok) {
        const errors = toFieldErrors(checked.errors).map((e) => ({ ...e, field: `clock.${e.field}` }));
        throw new Problem(
          400,
          'request.invalid',
          { field: errors[0]!.field, reason: errors[0]!.message },
          errors,
        );
      }
      const at = req.body.at ? new Date(req.body.at) : ctx.now();
      const calendar = await ctx.calendar.current();
      try {
        return { at: at.toISOString(), ...evaluateClock(checked.value, at, calendar) };
      } catch (error) {
        calendarProblem(error);
      }
    },
  );
}
