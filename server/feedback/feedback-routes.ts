import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';
import {
  APPEAL_KINDS,
  COMPLAINT_ACTIONS,
  COMPLAINT_CHANNELS,
  COMPLAINT_FINDINGS,
  COMPLAINT_SATISFACTION,
  COMPLAINT_STATUSES,
  COMPLAINT_TARGETS,
  RATING_CHANNELS,
  RATING_LEVELS,
  RECTIFICATION_ACTIONS,
  RECTIFICATION_STATUSES,
  REVISIT_METHODS,
} from '../../core/feedback/index.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { errorResponses, ListOf, OrgCode, PageQuery } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { labels, languageOf } from '../i18n/index.ts';
import {
  actOnComplaint,
  allComplaints,
  fileComplaintAsStaff,
  fileComplaintPublic,
  listComplaints,
  rateComplaintReply,
  readComplainant,
  readComplaint,
  searchTargets,
  trackComplaint,
} from './complaint-service.ts';
import { complaintsWorkbook, ordersWorkbook, ratingsWorkbook, XLSX_TYPE } from './feedback-excel.ts';
import { registerFeedbackJobs } from './feedback-jobs.ts';
import { publicSatisfaction } from './feedback-stats.ts';
import {
  allRatings,
  caseForRating,
  listRatings,
  publicWindow,
  rateCaseAsStaff,
  rateCasePublic,
  rateVisit,
} from './rating-service.ts';
import {
  actOnOrder,
  allOrders,
  listOrders,
  orderSummary,
  readLimits,
  readOrder,
  readRaterContact,
  recordRevisit,
  saveLimits,
} from './rectification-service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' });
const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM（北京时间）' });
const Light = Nullable(Type.Enum(['green', 'yellow', 'red']));

const publicTags = ['portal'];
const tags = ['feedback'];

/** Public writes: a tablet in a busy hall rates often, a script flooding it does not get far. */
const PUBLIC_WRITES_PER_MINUTE = 20;
const PUBLIC_LOOKUPS_PER_MINUTE = 30;

function limited(max: number, bucket: string) {
  return {
    rateLimit: {
      max,
      timeWindow: '1 minute',
      keyGenerator: (req: { ip: string }) => `feedback-${bucket}|${req.ip}`,
      errorResponseBuilder: (_req: unknown, context: { after: string }) =>
        new Problem(429, 'request.rate_limited', { after: context.after }),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Schemas

const Scores = Type.Object(
  {
    overall: Type.Optional(Type.Integer({ description: '总体 1–5（必填）' })),
    efficiency: Type.Optional(Nullable(Type.Integer({ description: '办事效率 1–5' }))),
    guide: Type.Optional(Nullable(Type.Integer({ description: '指南准确 1–5' }))),
    convenience: Type.Optional(Nullable(Type.Integer({ description: '便利程度 1–5' }))),
    attitude: Type.Optional(Nullable(Type.Integer({ description: '服务态度 1–5' }))),
  },
  { additionalProperties: true },
);

// The level is checked by core/feedback (feedback.rating_invalid with the field), so the schema takes any
// short string and documents the five values.
const ratingFields = {
  level: Type.String({ maxLength: 40, description: `评价等级：${RATING_LEVELS.join(' | ')}` }),
  scores: Scores,
  comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  named: Type.Boolean({ default: false, description: '实名评价（须留电话以便回访）' }),
  raterName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  raterPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
};

const CaseRatingBody = Type.Object(
  {
    caseNumber: Type.String({ minLength: 1, maxLength: 60 }),
    code: Type.String({ minLength: 1, maxLength: 40, description: '回执上的查询码' }),
    channel: Type.Optional(Type.Enum(['portal', 'receipt_qr', 'sms'])),
    ...ratingFields,
  },
  { additionalProperties: false },
);

const StaffCaseRatingBody = Type.Object(
  { caseId: Uuid, channel: Type.Enum(['hotline_12345', 'sms', 'portal']), ...ratingFields },
  { additionalProperties: false },
);

const VisitRatingBody = Type.Object(
  {
    orgCode: OrgCode,
    staffId: Type.Optional(Nullable(Uuid)),
    visitDate: Type.Optional(Nullable(IsoDate)),
    channel: Type.Optional(Type.Enum(['hall_tablet', 'portal', 'sms'])),
    ...ratingFields,
  },
  { additionalProperties: false },
);

const RatingReceiptSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['case', 'visit']),
  level: Type.Enum([...RATING_LEVELS]),
  rectification: Type.Boolean(),
  revisitBy: Nullable(Type.String()),
  createdAt: Type.String(),
});

const ScoresOut = Type.Object({
  overall: Nullable(Type.Integer()),
  efficiency: Nullable(Type.Integer()),
  guide: Nullable(Type.Integer()),
  convenience: Nullable(Type.Integer()),
  attitude: Nullable(Type.Integer()),
});

const RatingSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['case', 'visit']),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  orgCode: Type.String(),
  orgName: Type.String(),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  visitDate: Nullable(Type.String()),
  level: Type.Enum([...RATING_LEVELS]),
  scores: ScoresOut,
  comment: Nullable(Type.String()),
  channel: Type.String(),
  named: Type.Boolean(),
  raterName: Nullable(Type.String({ description: '脱敏 masked' })),
  raterPhone: Nullable(Type.String({ description: '脱敏 masked' })),
  invalid: Type.Boolean({ description: '无效差评（不计入满意率）' }),
  createdAt: Type.String(),
  orderId: Nullable(Type.String()),
  orderStatus: Nullable(Type.String()),
});

const orderFields = {
  id: Type.String(),
  orderNumber: Type.String(),
  status: Type.Enum([...RECTIFICATION_STATUSES]),
  handlerOrgCode: Type.String(),
  handlerOrgName: Type.String(),
  named: Type.Boolean(),
  rating: RatingSchema,
  stage: Nullable(Type.Enum(['verify', 'rectify'])),
  light: Light,
  verifyDue: Nullable(Type.String()),
  rectifyDue: Nullable(Type.String()),
  deadline: Nullable(Type.String()),
  overdue: Type.Boolean(),
  overdueStages: Type.Object({ verify: Type.Boolean(), revisit: Type.Boolean(), rectify: Type.Boolean() }),
  respondedAt: Nullable(Type.String()),
  firstRevisitAt: Nullable(Type.String()),
  revisitCount: Type.Integer(),
  closedAt: Nullable(Type.String()),
  verification: Nullable(Type.String()),
  measures: Nullable(Type.String()),
  cannotRectify: Type.Object({
    reason: Nullable(Type.String()),
    decision: Nullable(Type.String()),
    decisionReason: Nullable(Type.String()),
  }),
  appeal: Type.Object({
    kind: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    at: Nullable(Type.String()),
    decision: Nullable(Type.String()),
    decisionReason: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  }),
  actions: Type.Array(Type.String(), { description: '当前用户现在可做的动作（含 revisit）' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};
const OrderSchema = Type.Object(orderFields);

const EventSchema = Type.Object({
  at: Type.String(),
  action: Type.String(),
  actorName: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  note: Nullable(Type.String()),
});

const OrderDetailSchema = Type.Object({
  ...orderFields,
  events: Type.Array(EventSchema),
  revisits: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      byName: Type.String(),
      method: Type.Enum([...REVISIT_METHODS]),
      result: Type.String(),
      satisfied: Type.Boolean(),
    }),
  ),
});

const OrderCountsSchema = Type.Object({
  total: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  overdueOpen: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
});

const LimitsSchema = Type.Object({
  orgCode: Type.String(),
  orgName: Type.String(),
  sourceOrgCode: Nullable(Type.String()),
  verifyDays: Type.Integer(),
  rectifyDays: Type.Integer(),
  complaintDays: Type.Integer(),
  editable: Type.Boolean(),
});

const complaintInputFields = {
  targetKind: Type.Enum([...COMPLAINT_TARGETS]),
  targetOrgCode: OrgCode,
  targetStaffName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  content: Type.String({ maxLength: 4000 }),
  complainantName: Type.String({ maxLength: 100 }),
  complainantPhone: Type.String({ maxLength: 30 }),
  caseNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
};

const PublicComplaintBody = Type.Object(complaintInputFields, { additionalProperties: false });
const StaffComplaintBody = Type.Object(
  {
    ...complaintInputFields,
    channel: Type.Enum(['window', 'hotline_12345']),
    targetPersonId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

const FiledComplaintSchema = Type.Object({
  id: Type.String(),
  trackingNumber: Type.String(),
  code: Type.String({ description: '查询码，只显示这一次 query code, shown once' }),
  replyBy: Nullable(Type.String()),
});

const PublicComplaintSchema = Type.Object({
  trackingNumber: Type.String(),
  status: Type.Enum([...COMPLAINT_STATUSES]),
  targetOrgName: Type.String(),
  createdAt: Type.String(),
  replyBy: Nullable(Type.String()),
  finding: Nullable(Type.Enum([...COMPLAINT_FINDINGS])),
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  satisfaction: Nullable(Type.Enum([...COMPLAINT_SATISFACTION])),
  canRate: Type.Boolean(),
});

const complaintFields = {
  id: Type.String(),
  trackingNumber: Type.String(),
  channel: Type.Enum([...COMPLAINT_CHANNELS]),
  targetKind: Type.Enum([...COMPLAINT_TARGETS]),
  targetOrgCode: Type.String(),
  targetOrgName: Type.String(),
  targetStaffName: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  complainantName: Type.String({ description: '脱敏 masked' }),
  complainantPhone: Type.String({ description: '脱敏 masked' }),
  content: Type.String(),
  assignedOrgCode: Type.String(),
  status: Type.Enum([...COMPLAINT_STATUSES]),
  light: Light,
  replyDue: Nullable(Type.String()),
  overdue: Type.Boolean(),
  investigatorName: Nullable(Type.String()),
  finding: Nullable(Type.Enum([...COMPLAINT_FINDINGS])),
  findingText: Nullable(Type.String()),
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  repliedByName: Nullable(Type.String()),
  satisfaction: Nullable(Type.Enum([...COMPLAINT_SATISFACTION])),
  satisfactionSource: Nullable(Type.Enum(['complainant', 'revisit'])),
  closeNote: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  recordedByName: Nullable(Type.String()),
  actions: Type.Array(Type.Enum([...COMPLAINT_ACTIONS])),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};
const ComplaintSchema = Type.Object(complaintFields);
const ComplaintDetailSchema = Type.Object({ ...complaintFields, events: Type.Array(EventSchema) });

const SatisfactionFields = {
  ratings: Type.Integer(),
  satisfied: Type.Integer(),
  rate: Nullable(Type.Number()),
  byLevel: Type.Record(Type.String(), Type.Integer()),
};
const UnitSatisfactionSchema = Type.Object({
  orgCode: Type.String(),
  name: Type.String(),
  parentName: Nullable(Type.String()),
  ...SatisfactionFields,
});
const PublicSatisfactionSchema = Type.Object({
  month: Type.String(),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  overall: Type.Object(SatisfactionFields),
  departments: Type.Array(UnitSatisfactionSchema),
  windows: Type.Array(UnitSatisfactionSchema),
  rectification: Type.Object({
    opened: Type.Integer(),
    rectified: Type.Integer(),
    cannotRectify: Type.Integer(),
    invalid: Type.Integer(),
    inProgress: Type.Integer(),
    overdue: Type.Integer(),
    revisited: Type.Integer(),
    named: Type.Integer(),
  }),
});

const RatingQuery = Type.Object({
  ...PageQuery,
  level: Type.Optional(Type.Enum([...RATING_LEVELS])),
  bad: Type.Optional(Type.Boolean({ description: 'true 只看差评 / false 只看非差评' })),
  channel: Type.Optional(Type.Enum([...RATING_CHANNELS])),
  kind: Type.Optional(Type.Enum(['case', 'visit'])),
  orgCode: Type.Optional(OrgCode),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  q: Type.Optional(Type.String({ maxLength: 100, description: '办件编号前缀' })),
});

const OrderQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum([...RECTIFICATION_STATUSES])),
  open: Type.Optional(Type.Boolean({ description: 'true 未办结 / false 已办结' })),
  overdue: Type.Optional(Type.Boolean({ description: '任一阶段超期（含超期后完成）' })),
  orgCode: Type.Optional(OrgCode),
  q: Type.Optional(Type.String({ maxLength: 100, description: '整改单号或办件编号前缀' })),
});

const ComplaintQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum([...COMPLAINT_STATUSES])),
  finding: Type.Optional(Type.Enum([...COMPLAINT_FINDINGS])),
  targetKind: Type.Optional(Type.Enum([...COMPLAINT_TARGETS])),
  channel: Type.Optional(Type.Enum([...COMPLAINT_CHANNELS])),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100, description: '投诉编号前缀或被投诉单位名称' })),
});

const without = <T extends Record<string, TSchema>>(props: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !keys.includes(k))) as T;

const IdParams = Type.Object({ id: Uuid });

function sendWorkbook(reply: FastifyReply, data: Buffer, name: string) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="feedback.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(data);
}

/**
 * The feedback module: the public rating, complaint and satisfaction routes under /api/public, and the
 * console's lists and actions under /api/feedback (signed in, scoped to the org subtree).
 */
export function feedbackRoutes(app: App, ctx: AppContext) {
  registerFeedbackJobs();

  // -------------------------------------------------------------------------------------------------
  // Public: ratings

  app.get(
    '/api/public/feedback/cases/:number',
    {
      config: limited(PUBLIC_LOOKUPS_PER_MINUTE, 'lookup'),
      schema: {
        tags: publicTags,
        summary: '待评价办件（办件编号 + 查询码；不含个人信息） A case to rate',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: {
          200: Type.Object({
            caseNumber: Type.String(),
            itemName: Type.String(),
            status: Type.String(),
            rateable: Type.Boolean(),
            rated: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    (req) => caseForRating(ctx, req.params.number, req.query.code),
  );

  app.post(
    '/api/public/feedback/ratings/case',
    {
      config: limited(PUBLIC_WRITES_PER_MINUTE, 'write'),
      schema: {
        tags: publicTags,
        summary: '评价办件（一事一评：办结或不予受理后，且只能评一次） Rate a finished case',
        description:
          '不满意、非常不满意自动生成差评整改单。错误：feedback.rating_invalid（400）、feedback.case_not_rateable、feedback.already_rated（409）、case.public_not_found（404）。',
        security: [],
        body: CaseRatingBody,
        response: { 201: RatingReceiptSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await rateCasePublic(ctx, req.body, req.ip)),
  );

  app.get(
    '/api/public/feedback/windows/:orgCode',
    {
      config: limited(PUBLIC_LOOKUPS_PER_MINUTE * 2, 'window'),
      schema: {
        tags: publicTags,
        summary: '窗口评价器：窗口名称和在岗人员 The window of an in-hall rating tablet',
        security: [],
        params: Type.Object({ orgCode: OrgCode }),
        response: {
          200: Type.Object({
            code: Type.String(),
            name: Type.String(),
            parentName: Nullable(Type.String()),
            staff: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    (req) => publicWindow(ctx, req.params.orgCode),
  );

  app.post(
    '/api/public/feedback/ratings/visit',
    {
      config: limited(PUBLIC_WRITES_PER_MINUTE, 'write'),
      schema: {
        tags: publicTags,
        summary: '评价一次窗口服务（一次一评） Rate a window visit',
        security: [],
        body: VisitRatingBody,
        response: { 201: RatingReceiptSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await rateVisit(ctx, req.body, { recordedBy: null, ip: req.ip })),
  );

  // -------------------------------------------------------------------------------------------------
  // Public: complaints and satisfaction

  app.get(
    '/api/public/feedback/targets',
    {
      config: limited(PUBLIC_LOOKUPS_PER_MINUTE * 2, 'targets'),
      schema: {
        tags: publicTags,
        summary: '可投诉的窗口和部门（按名称搜索，最多 50 个） Complaint targets',
        security: [],
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 50 })),
          kind: Type.Optional(Type.Enum([...COMPLAINT_TARGETS])),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              kind: Type.String(),
              parentName: Nullable(Type.String()),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    (req) => searchTargets(ctx, req.query.q, req.query.kind),
  );

  app.post(
    '/api/public/complaints',
    {
      config: limited(PUBLIC_WRITES_PER_MINUTE, 'write'),
      schema: {
        tags: publicTags,
        summary: '提交投诉（返回投诉编号和查询码，查询码只显示这一次） File a complaint',
        security: [],
        body: PublicComplaintBody,
        response: { 201: FiledComplaintSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fileComplaintPublic(ctx, req.body, req.ip)),
  );

  app.get(
    '/api/public/complaints/:number',
    {
      config: limited(PUBLIC_LOOKUPS_PER_MINUTE, 'lookup'),
      schema: {
        tags: publicTags,
        summary: '投诉进度（投诉编号 + 查询码） Follow a complaint',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: PublicComplaintSchema, ...errorResponses },
      },
    },
    (req) => trackComplaint(ctx, req.params.number, req.query.code),
  );

  app.post(
    '/api/public/complaints/:number/satisfaction',
    {
      config: limited(PUBLIC_WRITES_PER_MINUTE, 'write'),
      schema: {
        tags: publicTags,
        summary: '投诉人评价答复（满意、基本满意、不满意），投诉随之办结 Rate the reply',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 60 }) }),
        body: Type.Object(
          {
            code: Type.String({ minLength: 1, maxLength: 40 }),
            satisfaction: Type.String({ maxLength: 40, description: COMPLAINT_SATISFACTION.join(' | ') }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicComplaintSchema, ...errorResponses },
      },
    },
    (req) => rateComplaintReply(ctx, req.params.number, req.body.code, req.body, req.ip),
  );

  app.get(
    '/api/public/satisfaction',
    {
      config: limited(PUBLIC_LOOKUPS_PER_MINUTE * 2, 'satisfaction'),
      schema: {
        tags: publicTags,
        summary: '满意度公示：按部门、窗口的满意率和差评整改情况（不含个人信息） Public satisfaction',
        security: [],
        querystring: Type.Object({ month: Type.Optional(Month), region: Type.Optional(OrgCode) }),
        response: { 200: PublicSatisfactionSchema, ...errorResponses },
      },
    },
    (req) => publicSatisfaction(ctx, req.query),
  );

  // -------------------------------------------------------------------------------------------------
  // Console: ratings

  app.get(
    '/api/feedback/ratings',
    {
      schema: {
        tags,
        summary: '评价列表（本机构子树；评价人信息脱敏） Ratings in scope',
        querystring: RatingQuery,
        response: { 200: ListOf(RatingSchema), ...errorResponses },
      },
    },
    (req) => listRatings(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/feedback/ratings/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出评价列表 Export ratings',
        querystring: Type.Object(without(RatingQuery.properties, 'page', 'pageSize')),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const items = await allRatings(ctx, requireActor(req), req.query);
      return sendWorkbook(
        reply,
        await ratingsWorkbook(items, lang),
        `${labels(lang, 'feedback.').file_ratings}.xlsx`,
      );
    },
  );

  app.post(
    '/api/feedback/ratings/case',
    {
      schema: {
        tags,
        summary: '工作人员代录办件评价（如 12345 电话评价） Record a rating given by phone',
        body: StaffCaseRatingBody,
        response: { 201: RatingReceiptSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await rateCaseAsStaff(ctx, requireActor(req), req.body, req.ip)),
  );

  // -------------------------------------------------------------------------------------------------
  // Console: rectification orders

  app.get(
    '/api/feedback/rectifications',
    {
      schema: {
        tags,
        summary: '差评整改单（本机构子树，含时限灯和超期） Rectification orders in scope',
        querystring: OrderQuery,
        response: { 200: ListOf(OrderSchema), ...errorResponses },
      },
    },
    (req) => listOrders(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/feedback/rectifications/summary',
    {
      schema: {
        tags,
        summary: '整改单统计：各状态、未办结、超期 Counts of orders',
        querystring: Type.Object({ orgCode: Type.Optional(OrgCode) }),
        response: { 200: OrderCountsSchema, ...errorResponses },
      },
    },
    (req) => orderSummary(ctx, requireActor(req), req.query.orgCode),
  );

  app.get(
    '/api/feedback/rectifications/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出整改单 Export rectification orders',
        querystring: Type.Object(without(OrderQuery.properties, 'page', 'pageSize')),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const items = await allOrders(ctx, requireActor(req), req.query);
      return sendWorkbook(
        reply,
        await ordersWorkbook(items, lang),
        `${labels(lang, 'feedback.').file_rectifications}.xlsx`,
      );
    },
  );

  app.get(
    '/api/feedback/rectifications/:id',
    {
      schema: {
        tags,
        summary: '整改单详情（经过、回访） A rectification order',
        params: IdParams,
        response: { 200: OrderDetailSchema, ...errorResponses },
      },
    },
    (req) => readOrder(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/feedback/rectifications/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '整改单动作：核实、整改、申请无法整改、申诉；监察审批 Act on an order',
        description:
          'verify/rectify 需 note；其余需 reason；appeal 另需 appealKind（mistaken | malicious）。已有决定后再申诉：feedback.appeal_after_decision（409）。',
        params: Type.Object({ id: Uuid, action: Type.Enum([...RECTIFICATION_ACTIONS]) }),
        body: Type.Object(
          {
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
            appealKind: Type.Optional(Type.String({ maxLength: 40, description: APPEAL_KINDS.join(' | ') })),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrderDetailSchema, ...errorResponses },
      },
    },
    (req) => actOnOrder(ctx, requireActor(req), req.params.id, req.params.action, req.body, req.ip),
  );

  app.post(
    '/api/feedback/rectifications/:id/revisits',
    {
      schema: {
        tags,
        summary: '记录回访（实名差评）：方式、结果、是否满意 Record a revisit',
        params: IdParams,
        body: Type.Object(
          {
            method: Type.Enum([...REVISIT_METHODS]),
            result: Type.String({ maxLength: 2000 }),
            satisfied: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrderDetailSchema, ...errorResponses },
      },
    },
    (req) => recordRevisit(ctx, requireActor(req), req.params.id, req.body, req.ip),
  );

  app.get(
    '/api/feedback/rectifications/:id/contact',
    {
      schema: {
        tags,
        summary: '评价人姓名和电话（回访用；记入审计日志） The rater unmasked, audited',
        params: IdParams,
        response: {
          200: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await readRaterContact(ctx, requireActor(req), req.params.id, req.ip)),
  );

  app.get(
    '/api/feedback/limits',
    {
      schema: {
        tags,
        summary: '差评整改和投诉办理时限（工作日） Limits in force for a region',
        querystring: Type.Object({ orgCode: Type.Optional(OrgCode) }),
        response: { 200: LimitsSchema, ...errorResponses },
      },
    },
    (req) => readLimits(ctx, requireActor(req), req.query.orgCode),
  );

  app.put(
    '/api/feedback/limits',
    {
      schema: {
        tags,
        summary: '设置时限（监察人员；此后新开的整改单和投诉适用） Set the limits of a region',
        body: Type.Object(
          {
            orgCode: Type.Optional(OrgCode),
            verifyDays: Type.Integer(),
            rectifyDays: Type.Integer(),
            complaintDays: Type.Integer(),
          },
          { additionalProperties: false },
        ),
        response: { 200: LimitsSchema, ...errorResponses },
      },
    },
    (req) => {
      const { orgCode, ...limits } = req.body;
      return saveLimits(ctx, requireActor(req), orgCode, limits, req.ip);
    },
  );

  // -------------------------------------------------------------------------------------------------
  // Console: complaints

  app.get(
    '/api/feedback/complaints',
    {
      schema: {
        tags,
        summary: '投诉（效能办：本县投诉；投诉人信息脱敏） Complaints assigned in scope',
        querystring: ComplaintQuery,
        response: { 200: ListOf(ComplaintSchema), ...errorResponses },
      },
    },
    (req) => listComplaints(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/feedback/complaints/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出投诉 Export complaints',
        querystring: Type.Object(without(ComplaintQuery.properties, 'page', 'pageSize')),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const items = await allComplaints(ctx, requireActor(req), req.query);
      return sendWorkbook(
        reply,
        await complaintsWorkbook(items, lang),
        `${labels(lang, 'feedback.').file_complaints}.xlsx`,
      );
    },
  );

  app.post(
    '/api/feedback/complaints',
    {
      schema: {
        tags,
        summary: '窗口或 12345 登记投诉 Record a complaint made at a window or by phone',
        body: StaffComplaintBody,
        response: { 201: FiledComplaintSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await fileComplaintAsStaff(ctx, requireActor(req), req.body, req.ip)),
  );

  app.get(
    '/api/feedback/complaints/:id',
    {
      schema: {
        tags,
        summary: '投诉详情 A complaint',
        params: IdParams,
        response: { 200: ComplaintDetailSchema, ...errorResponses },
      },
    },
    (req) => readComplaint(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/feedback/complaints/:id/complainant',
    {
      schema: {
        tags,
        summary: '投诉人姓名和电话（答复用；记入审计日志） The complainant unmasked, audited',
        params: IdParams,
        response: { 200: Type.Object({ name: Type.String(), phone: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await readComplainant(ctx, requireActor(req), req.params.id, req.ip)),
  );

  app.post(
    '/api/feedback/complaints/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '投诉办理：调查、答复（认定属实/不属实）、记录满意度、办结 Act on a complaint',
        description:
          'reply 需 finding（confirmed | not_confirmed）、findingText、reply；record_satisfaction 需 satisfaction；close 需 note。',
        params: Type.Object({ id: Uuid, action: Type.Enum([...COMPLAINT_ACTIONS]) }),
        body: Type.Object(
          {
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            finding: Type.Optional(Type.String({ maxLength: 40 })),
            findingText: Type.Optional(Type.String({ maxLength: 2000 })),
            reply: Type.Optional(Type.String({ maxLength: 2000 })),
            satisfaction: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ComplaintDetailSchema, ...errorResponses },
      },
    },
    (req) => actOnComplaint(ctx, requireActor(req), req.params.id, req.params.action, req.body, req.ip),
  );
}
