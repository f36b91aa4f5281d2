import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { INDICATORS, METRICS, PERIOD_KINDS, SUMMARY_METRICS } from '../../core/supervision/index.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { errorResponses, ListOf, OrgCode, PageQuery } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { labels, languageOf } from '../i18n/index.ts';
import {
  addDeduction,
  computeEvaluation,
  confirmEvaluation,
  createScheme,
  listDeductions,
  listSchemes,
  publicEvaluation,
  publishEvaluation,
  readEvaluation,
  withdrawDeduction,
} from './evaluation-service.ts';
import { supervisionListener } from './lights-service.ts';
import { GROUP_BYS, monitorCases, monitorCounts } from './monitor-service.ts';
import { readStatistics, readTrend, STAT_LEVELS } from './statistics-service.ts';
import { generateSummaryNow, readDailySummary } from './summary-service.ts';
import {
  evaluationWorkbook,
  monitorWorkbook,
  statisticsWorkbook,
  summaryWorkbook,
  urgesWorkbook,
  XLSX_TYPE,
} from './supervision-excel.ts';
import { registerSupervisionJobs } from './supervision-jobs.ts';
import { listUrges, readUrge, replyToUrge, URGE_STATUSES, urgeCase, withdrawUrge } from './urge-service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（上海时间）' });
const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' });
const Light = Type.Enum(['green', 'yellow', 'red']);
const Ref = Type.Object({ code: Type.String(), name: Type.String() });

const numbersOf = (keys: readonly string[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Number()])));
const Counts = numbersOf(METRICS);
const Figures = numbersOf(SUMMARY_METRICS);
const Rate = Nullable(Type.Number({ description: '0–1；无数据为 null' }));
const Rates = Type.Object({
  onTimeRate: Rate,
  earlyRate: Rate,
  onTheSpotRate: Rate,
  extensionRate: Rate,
  overdueCount: Type.Number(),
  satisfactionRate: Rate,
  complaintCount: Type.Number(),
});
const Buckets = {
  open: Type.Integer(),
  green: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  overdue: Type.Integer(),
  paused: Type.Integer(),
};

const MonitorCountsSchema = Type.Object({
  groupBy: Type.Enum([...GROUP_BYS]),
  total: Type.Object(Buckets),
  groups: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...Buckets })),
});

const MonitorCaseSchema = Type.Object({
  caseId: Type.String({ description: '办件 id：GET /api/cases/{id} 查看详情 drill-down' }),
  caseNumber: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  clockKey: Type.String(),
  clockName: Type.String(),
  light: Light,
  overdue: Type.Boolean(),
  paused: Type.Boolean(),
  deadline: Type.String(),
  legalDeadline: Nullable(Type.String()),
  calendarGap: Nullable(Type.Integer()),
  handlingOrg: Ref,
  department: Ref,
  township: Nullable(Ref),
  staff: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  handler: Type.Object({ orgCode: Type.String(), orgName: Type.String(), role: Type.String() }),
  openUrges: Type.Integer(),
});

const HandlerView = Type.Object({ orgCode: Type.String(), orgName: Type.String(), role: Type.String() });
const UrgeSchema = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    byPersonId: Type.String(),
    byName: Type.String(),
    note: Type.String(),
    replyBy: Type.String(),
    replyDueAt: Type.String(),
    handler: HandlerView,
    handlers: Type.Array(HandlerView),
    status: Type.Enum([...URGE_STATUSES]),
    late: Type.Boolean(),
    reply: Nullable(Type.String()),
    answeredAt: Nullable(Type.String()),
    answeredByName: Nullable(Type.String()),
    withdrawnAt: Nullable(Type.String()),
    escalatedAt: Nullable(Type.String()),
    escalatedTo: Nullable(Type.Object({ orgCode: Type.String(), orgName: Type.String() })),
    createdAt: Type.String(),
  },
  { $id: 'Urge' },
);

const SummarySchema = Type.Object({
  date: Type.String(),
  generatedAt: Nullable(Type.String()),
  rows: Type.Array(
    Type.Object({
      orgCode: Type.String(),
      orgName: Type.String(),
      kind: Type.String(),
      centerCode: Nullable(Type.String()),
      township: Nullable(Type.String()),
      figures: Figures,
      generatedAt: Type.String(),
    }),
  ),
  total: Figures,
});

const Period = Type.Object({
  kind: Type.String(),
  key: Type.String(),
  from: Type.String(),
  to: Type.String(),
});
const StatisticsSchema = Type.Object({
  period: Period,
  level: Type.Enum([...STAT_LEVELS]),
  total: Type.Object({ counts: Counts, rates: Rates }),
  rows: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), counts: Counts, rates: Rates })),
});
const TrendSchema = Type.Object({
  kind: Type.Enum([...PERIOD_KINDS]),
  series: Type.Array(
    Type.Object({
      period: Type.String(),
      from: Type.String(),
      to: Type.String(),
      counts: Counts,
      rates: Rates,
    }),
  ),
});

const Weights = Type.Object(Object.fromEntries(INDICATORS.map((k) => [k, Type.Number()])));
const SchemeSchema = Type.Object({
  id: Type.String(),
  orgCode: Type.String(),
  name: Type.String(),
  weights: Weights,
  redFlagCount: Type.Integer(),
  excellentCount: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
const DeductionSchema = Type.Object({
  id: Type.String(),
  month: Type.String(),
  subjectKind: Type.Enum(['org', 'person']),
  subjectId: Type.String(),
  subjectName: Type.String(),
  orgCode: Type.String(),
  points: Type.Number(),
  reason: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  withdrawnAt: Nullable(Type.String()),
});
const ResultSchema = Type.Object({
  subjectKind: Type.Enum(['org', 'person']),
  subjectId: Type.String(),
  name: Type.String(),
  orgCode: Type.String(),
  counts: Counts,
  indicators: Type.Object(Object.fromEntries(INDICATORS.map((k) => [k, Rate]))),
  baseScore: Nullable(Type.Number()),
  deductions: Type.Number(),
  score: Nullable(Type.Number()),
  rank: Nullable(Type.Integer()),
  candidate: Type.Boolean(),
  honour: Nullable(Type.Enum(['red_flag_window', 'excellent_staff'])),
});
const EvaluationSchema = Type.Object({
  month: Type.String(),
  scope: Ref,
  status: Type.Enum(['none', 'computed', 'confirmed', 'published']),
  scheme: Nullable(SchemeSchema),
  computedAt: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  windows: Type.Array(ResultSchema),
  staff: Type.Array(ResultSchema),
});
const Shown = { name: Type.String(), score: Nullable(Type.Number()), rank: Nullable(Type.Integer()) };
const PublicEvaluationSchema = Type.Object({
  month: Type.String(),
  scopes: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      publishedAt: Type.String(),
      redFlagWindows: Type.Array(Type.Object(Shown)),
      excellentStaff: Type.Array(Type.Object({ ...Shown, orgName: Type.String() })),
      windows: Type.Array(Type.Object(Shown)),
    }),
  ),
});

const ScopeQuery = { orgCode: Type.Optional(OrgCode) };
const MonitorCaseQuery = Type.Object({
  ...PageQuery,
  ...ScopeQuery,
  light: Type.Optional(Light),
  overdue: Type.Optional(Type.Boolean()),
  paused: Type.Optional(Type.Boolean()),
  windowCode: Type.Optional(OrgCode),
  departmentCode: Type.Optional(OrgCode),
  townshipCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  staffId: Type.Optional(Uuid),
});
const UrgeQuery = Type.Object({
  ...PageQuery,
  ...ScopeQuery,
  mine: Type.Optional(Type.Boolean({ description: '待我回复的督办（我在承办单位有办理权限）' })),
  by: Type.Optional(Type.Literal('me', { description: '我发起的督办' })),
  status: Type.Optional(Type.Enum([...URGE_STATUSES])),
  caseId: Type.Optional(Uuid),
});
const StatisticsQuery = Type.Object({
  ...ScopeQuery,
  level: Type.Enum([...STAT_LEVELS], { default: 'window' }),
  period: Type.Optional(Type.String({ description: 'YYYY-MM | YYYY-Qn | YYYY；默认本月（或 kind 的本期）' })),
  kind: Type.Optional(Type.Enum([...PERIOD_KINDS])),
});

const EXPORT_ROWS = 10_000;

function sendWorkbook(reply: FastifyReply, data: Buffer, name: string) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(data);
}

/**
 * Electronic supervision (效能电子监察): the monitor, urges, daily summaries, statistics and the monthly
 * evaluation. Registering the routes also registers the case listener (lights, counters) and the jobs.
 * See docs/supervision.md.
 */
export function supervisionRoutes(app: App, ctx: AppContext) {
  ctx.caseListeners.push(supervisionListener(ctx));
  registerSupervisionJobs();
  app.addSchema(UrgeSchema);
  const tags = ['supervision'];
  const fileName = (lang: ReturnType<typeof languageOf>, key: string, suffix: string) =>
    `${labels(lang, 'supervision.file.')[key] ?? key}-${suffix}.xlsx`;

  // -------------------------------------------------------------------------------------------------
  // Monitor

  app.get(
    '/api/supervision/monitor/counts',
    {
      schema: {
        tags,
        summary: '监控：按灯色统计在办件（按窗口、部门、乡镇、经办人分组） Counts by light, grouped',
        querystring: Type.Object({
          ...ScopeQuery,
          groupBy: Type.Enum([...GROUP_BYS], { default: 'window' }),
        }),
        response: { 200: MonitorCountsSchema, ...errorResponses },
      },
    },
    (req) => monitorCounts(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/supervision/monitor/cases',
    {
      schema: {
        tags,
        summary: '监控：黄灯、红灯、逾期、暂停的在办件列表 Open cases by light, overdue, paused',
        querystring: MonitorCaseQuery,
        response: { 200: ListOf(MonitorCaseSchema), ...errorResponses },
      },
    },
    (req) => monitorCases(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/supervision/monitor/cases.xlsx',
    {
      schema: {
        tags,
        summary: '监控列表导出 Excel Export the monitor list',
        querystring: Type.Omit(MonitorCaseQuery, ['page', 'pageSize']),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const found = await monitorCases(ctx, requireActor(req), {
        ...req.query,
        page: 1,
        pageSize: EXPORT_ROWS,
      });
      return sendWorkbook(reply, await monitorWorkbook(found.items, lang), fileName(lang, 'monitor', 'list'));
    },
  );

  // -------------------------------------------------------------------------------------------------
  // Urges

  app.post(
    '/api/cases/:id/urges',
    {
      schema: {
        tags,
        summary: '督办办件（监察、领导） Urge a case',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 2000 }), replyBy: IsoDate },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Urge'), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await urgeCase(ctx, requireActor(req), req.params.id, req.body, req.ip)),
  );

  app.get(
    '/api/cases/:id/urges',
    {
      schema: {
        tags,
        summary: '办件的督办记录 Urges of a case',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Array(Type.Ref('Urge')), ...errorResponses },
      },
    },
    async (req) =>
      (await listUrges(ctx, requireActor(req), { caseId: req.params.id, page: 1, pageSize: 500 })).items,
  );

  app.get(
    '/api/urges',
    {
      schema: {
        tags,
        summary: '督办列表：本人范围内、待我回复（mine）或我发起（by=me） Urges',
        querystring: UrgeQuery,
        response: { 200: ListOf(Type.Ref('Urge')), ...errorResponses },
      },
    },
    (req) => listUrges(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/urges.xlsx',
    {
      schema: {
        tags,
        summary: '督办记录导出 Excel Export urges',
        querystring: Type.Omit(UrgeQuery, ['page', 'pageSize']),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const found = await listUrges(ctx, requireActor(req), { ...req.query, page: 1, pageSize: EXPORT_ROWS });
      return sendWorkbook(reply, await urgesWorkbook(found.items, lang), fileName(lang, 'urges', 'list'));
    },
  );

  app.get(
    '/api/urges/:id',
    {
      schema: {
        tags,
        summary: '一条督办 An urge',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Ref('Urge'), ...errorResponses },
      },
    },
    (req) => readUrge(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/urges/:id/reply',
    {
      schema: {
        tags,
        summary: '回复督办（承办人员） Answer an urge',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { reply: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Urge'), ...errorResponses },
      },
    },
    (req) => replyToUrge(ctx, requireActor(req), req.params.id, req.body, req.ip),
  );

  app.post(
    '/api/urges/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回督办（督办人或上级监察） Withdraw an urge',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Ref('Urge'), ...errorResponses },
      },
    },
    (req) => withdrawUrge(ctx, requireActor(req), req.params.id, req.ip),
  );

  // -------------------------------------------------------------------------------------------------
  // Daily summary

  const SummaryQuery = Type.Object({ ...ScopeQuery, date: Type.Optional(IsoDate) });

  app.get(
    '/api/supervision/summary',
    {
      schema: {
        tags,
        summary: '每日汇总（已生成的；默认今天） The stored daily summary',
        querystring: SummaryQuery,
        response: { 200: SummarySchema, ...errorResponses },
      },
    },
    (req) => readDailySummary(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/supervision/summary',
    {
      schema: {
        tags,
        summary: '立即生成每日汇总（本人范围） Generate the daily summary now',
        body: Type.Optional(
          Type.Object({ ...ScopeQuery, date: Type.Optional(IsoDate) }, { additionalProperties: false }),
        ),
        response: { 200: SummarySchema, ...errorResponses },
      },
    },
    (req) => generateSummaryNow(ctx, requireActor(req), req.body ?? {}, req.ip),
  );

  app.get(
    '/api/supervision/summary.xlsx',
    { schema: { tags, summary: '每日汇总导出 Excel Export the daily summary', querystring: SummaryQuery } },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const s = await readDailySummary(ctx, requireActor(req), req.query);
      return sendWorkbook(reply, await summaryWorkbook(s, lang), fileName(lang, 'summary', s.date));
    },
  );

  // -------------------------------------------------------------------------------------------------
  // Statistics

  app.get(
    '/api/supervision/statistics',
    {
      schema: {
        tags,
        summary: '效能统计（按层级、按月/季/年） Efficiency statistics',
        querystring: StatisticsQuery,
        response: { 200: StatisticsSchema, ...errorResponses },
      },
    },
    (req) => readStatistics(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/supervision/statistics/trend',
    {
      schema: {
        tags,
        summary: '效能统计趋势（连续若干期） Trend series',
        querystring: Type.Object({
          ...ScopeQuery,
          kind: Type.Enum([...PERIOD_KINDS], { default: 'month' }),
          end: Type.Optional(Type.String({ description: '最后一期：YYYY-MM | YYYY-Qn | YYYY，默认本期' })),
          count: Type.Integer({ minimum: 1, maximum: 60, default: 12 }),
          level: Type.Enum(['handling', 'department'], { default: 'handling' }),
        }),
        response: { 200: TrendSchema, ...errorResponses },
      },
    },
    (req) => readTrend(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/supervision/statistics.xlsx',
    { schema: { tags, summary: '效能统计导出 Excel Export statistics', querystring: StatisticsQuery } },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const s = await readStatistics(ctx, requireActor(req), req.query);
      return sendWorkbook(
        reply,
        await statisticsWorkbook(s, lang),
        fileName(lang, 'statistics', `${s.level}-${s.period.key}`),
      );
    },
  );

  // -------------------------------------------------------------------------------------------------
  // Evaluation

  app.get(
    '/api/supervision/evaluation/schemes',
    {
      schema: {
        tags,
        summary: '考评方案（现行与历史） Evaluation schemes',
        querystring: Type.Object(ScopeQuery),
        response: {
          200: Type.Object({
            current: Nullable(SchemeSchema),
            defaults: Type.Object({
              weights: Weights,
              redFlagCount: Type.Integer(),
              excellentCount: Type.Integer(),
            }),
            items: Type.Array(SchemeSchema),
          }),
          ...errorResponses,
        },
      },
    },
    (req) => listSchemes(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/supervision/evaluation/schemes',
    {
      schema: {
        tags,
        summary: '新建考评方案（权重之和须为 100） Create a scheme',
        body: Type.Object(
          {
            ...ScopeQuery,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            weights: Type.Record(Type.String(), Type.Unknown()),
            redFlagCount: Type.Integer({ minimum: 0, maximum: 100, default: 3 }),
            excellentCount: Type.Integer({ minimum: 0, maximum: 100, default: 5 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: SchemeSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createScheme(ctx, requireActor(req), req.body, req.ip)),
  );

  app.get(
    '/api/supervision/evaluation/deductions',
    {
      schema: {
        tags,
        summary: '考评扣分记录 Deductions of a month',
        querystring: Type.Object({ ...ScopeQuery, month: Month }),
        response: { 200: Type.Array(DeductionSchema), ...errorResponses },
      },
    },
    (req) => listDeductions(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/supervision/evaluation/deductions',
    {
      schema: {
        tags,
        summary: '登记扣分（须写明原因） Record a deduction',
        body: Type.Object(
          {
            month: Month,
            subjectKind: Type.Enum(['org', 'person']),
            subjectId: Type.String({ minLength: 1, maxLength: 60, description: '窗口的机构代码或人员 id' }),
            points: Type.Number({ exclusiveMinimum: 0, maximum: 100, multipleOf: 0.01 }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeductionSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await addDeduction(ctx, requireActor(req), req.body, req.ip)),
  );

  app.post(
    '/api/supervision/evaluation/deductions/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤销扣分 Withdraw a deduction',
        params: Type.Object({ id: Uuid }),
        response: { 200: DeductionSchema, ...errorResponses },
      },
    },
    (req) => withdrawDeduction(ctx, requireActor(req), req.params.id, req.ip),
  );

  const MonthParams = Type.Object({ month: Month });
  const ScopeBody = Type.Optional(Type.Object(ScopeQuery, { additionalProperties: false }));

  app.get(
    '/api/supervision/evaluation/:month',
    {
      schema: {
        tags,
        summary: '月度考评结果 The evaluation of a month',
        params: MonthParams,
        querystring: Type.Object(ScopeQuery),
        response: { 200: EvaluationSchema, ...errorResponses },
      },
    },
    (req) => readEvaluation(ctx, requireActor(req), req.params.month, req.query),
  );

  app.get(
    '/api/supervision/evaluation/:month/export.xlsx',
    {
      schema: {
        tags,
        summary: '月度考评导出 Excel Export the evaluation',
        params: MonthParams,
        querystring: Type.Object(ScopeQuery),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const e = await readEvaluation(ctx, requireActor(req), req.params.month, req.query);
      return sendWorkbook(
        reply,
        await evaluationWorkbook(e, lang),
        fileName(lang, 'evaluation', `${e.scope.code}-${e.month}`),
      );
    },
  );

  app.post(
    '/api/supervision/evaluation/:month/compute',
    {
      schema: {
        tags,
        summary: '计算月度考评（公布前可重算） Compute the month',
        params: MonthParams,
        body: ScopeBody,
        response: { 200: EvaluationSchema, ...errorResponses },
      },
    },
    (req) => computeEvaluation(ctx, requireActor(req), req.params.month, req.body ?? {}, req.ip),
  );

  app.post(
    '/api/supervision/evaluation/:month/confirm',
    {
      schema: {
        tags,
        summary: '确认红旗窗口和优秀个人（监察） Confirm the honours',
        params: MonthParams,
        body: Type.Object(
          {
            ...ScopeQuery,
            redFlagWindows: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 100, default: [] }),
            excellentStaff: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 100, default: [] }),
          },
          { additionalProperties: false },
        ),
        response: { 200: EvaluationSchema, ...errorResponses },
      },
    },
    (req) => confirmEvaluation(ctx, requireActor(req), req.params.month, req.body, req.ip),
  );

  app.post(
    '/api/supervision/evaluation/:month/publish',
    {
      schema: {
        tags,
        summary: '公布月度考评（门户可见） Publish the month',
        params: MonthParams,
        body: ScopeBody,
        response: { 200: EvaluationSchema, ...errorResponses },
      },
    },
    (req) => publishEvaluation(ctx, requireActor(req), req.params.month, req.body ?? {}, req.ip),
  );

  app.get(
    '/api/public/evaluations/:month',
    {
      schema: {
        tags: ['portal'],
        summary: '公布的月度考评：红旗窗口、优秀个人、窗口排名 Published evaluation',
        security: [],
        params: MonthParams,
        response: { 200: PublicEvaluationSchema, ...errorResponses },
      },
    },
    (req) => publicEvaluation(ctx, req.params.month),
  );
}
