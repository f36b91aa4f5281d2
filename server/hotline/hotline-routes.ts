import { Type } from 'typebox';
import { ORDER_ACTIONS, ORDER_STATUSES } from '../../core/hotline/lifecycle.ts';
import {
  ATTRIBUTE_DATATYPES,
  CHANNELS,
  ORDER_KINDS,
  SATISFACTION_LEVELS,
  URGENCIES,
} from '../../core/hotline/vocabulary.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { errorResponses, OrgCode, PageQuery, Uuid } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { languageOf } from '../i18n/index.ts';
import { issueKey, readClients, revokeKey } from './api-keys.ts';
import { createCategory, editCategory, readCatalog } from './hotline-catalog.ts';
import { publicCategories, submitFromPortal } from './hotline-portal.ts';
import {
  actOnOrder,
  findDuplicates,
  listOrders,
  rateOrder,
  readOrder,
  registerCall,
  revealCaller,
  trackOrder,
} from './hotline-service.ts';
import { statistics, statisticsWorkbook, XLSX_TYPE } from './hotline-stats.ts';
import { open311Routes } from './open311-routes.ts';

const tags = ['hotline'];
const publicTags = ['portal'];
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });
const CountyCode = Type.String({ pattern: '^\\d{6}$', description: '县级行政区划代码 county code' });
const Satisfaction = Type.Enum([...SATISFACTION_LEVELS]);

const OrderView = Loose('工单 Work order (OrderView in server/hotline/hotline-service.ts)');
const OrderDetail = Loose('工单详情：含时间轴、可派单位、疑似重复 OrderDetail');

const Attribute = Type.Object(
  {
    code: Type.String(),
    datatype: Type.Enum([...ATTRIBUTE_DATATYPES]),
    required: Type.Optional(Type.Boolean()),
    variable: Type.Optional(Type.Boolean()),
    description: Type.String(),
    datatypeDescription: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    order: Type.Optional(Type.Integer()),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
  },
  { additionalProperties: false },
);

const CategoryBody = Type.Object(
  {
    countyCode: Type.Optional(CountyCode),
    code: Type.String({ description: 'Open311 service_code' }),
    name: Type.String(),
    parentCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    description: Type.Optional(Type.String()),
    keywords: Type.Optional(Type.String()),
    urgency: Type.Enum([...URGENCIES]),
    limit: Type.Object({ value: Type.Integer(), unit: Type.Enum(['hours', 'working_days', 'natural_days']) }),
    maxExtension: Type.Optional(Type.Integer({ minimum: 0 })),
    targets: Type.Array(OrgCode),
    anyTownship: Type.Optional(Type.Boolean()),
    attributes: Type.Optional(Type.Array(Attribute)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const AttributeValues = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));

const Location = Type.Object(
  {
    address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    orgCode: Type.Optional(Type.Union([OrgCode, Type.Null()])),
    lat: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    lng: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);

const RegisterBody = Type.Object(
  {
    countyCode: Type.Optional(CountyCode),
    categoryCode: Type.String(),
    kind: Type.Optional(Type.Enum([...ORDER_KINDS])),
    urgency: Type.Optional(Type.Enum([...URGENCIES])),
    caller: Type.Object(
      {
        name: Type.String(),
        phone: Type.String({ description: '11 位手机号或带区号固话 mobile or landline' }),
        email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    content: Type.String({ maxLength: 4000 }),
    location: Location,
    attributes: Type.Optional(AttributeValues),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    orgCode: Type.Optional(OrgCode),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    units: Type.Optional(Type.Integer()),
    text: Type.Optional(Type.String({ maxLength: 4000 })),
    reached: Type.Optional(Type.Boolean()),
    satisfaction: Type.Optional(Satisfaction),
    into: Type.Optional(Type.String({ maxLength: 64 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const ACTION_SUMMARIES: Record<(typeof ORDER_ACTIONS)[number], string> = {
  dispatch: '派单 { orgCode }（须在目录允许的承办单位内）',
  accept: '签收',
  send_back: '退单 { reason }',
  approve_send_back: '同意退单（回到待派单；带 orgCode 则立即改派）',
  reject_send_back: '驳回退单 { reason }（回到承办单位）',
  request_extension: '申请延期 { units, reason }',
  approve_extension: '批准延期',
  reject_extension: '不批准延期 { reason }',
  reply: '办复 { text }（登记后直接答复亦用此）',
  revisit: '回访 { reached, satisfaction, note }',
  close: '办结',
  merge: '并单 { into }（本单并入主单后关闭）',
};

export function hotlineRoutes(app: App, ctx: AppContext) {
  open311Routes(app, ctx);

  // ------------------------------------------------------------------------------------------------
  // Dispatch catalog

  app.get(
    '/api/hotline/catalog',
    {
      schema: {
        tags,
        summary: '派单目录 The county’s dispatch catalog',
        querystring: Type.Object({
          countyCode: Type.Optional(CountyCode),
          activeOnly: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Loose('{ countyCode, countyName, items: CategoryView[] }'), ...errorResponses },
      },
    },
    (req) => readCatalog(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/hotline/catalog',
    {
      schema: {
        tags,
        summary: '新增目录项（县管理员） Add a category',
        body: CategoryBody,
        response: { 201: Loose('CategoryView'), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createCategory(ctx, requireActor(req), req.body, req.ip)),
  );

  app.put(
    '/api/hotline/catalog/:id',
    {
      schema: {
        tags,
        summary: '修改目录项（代码不变） Change a category',
        params: Type.Object({ id: Uuid }),
        body: CategoryBody,
        response: { 200: Loose('CategoryView'), ...errorResponses },
      },
    },
    (req) => editCategory(ctx, requireActor(req), req.params.id, req.body, req.ip),
  );

  // ------------------------------------------------------------------------------------------------
  // Work orders

  app.get(
    '/api/hotline/duplicates',
    {
      schema: {
        tags,
        summary: '疑似重复工单（登记时提示，不保存） Likely duplicates of a call being typed',
        querystring: Type.Object({
          countyCode: Type.Optional(CountyCode),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
          categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
          orgCode: Type.Optional(OrgCode),
          address: Type.Optional(Type.String({ maxLength: 300 })),
          lat: Type.Optional(Type.Number()),
          lng: Type.Optional(Type.Number()),
          content: Type.Optional(Type.String({ maxLength: 4000 })),
        }),
        response: { 200: Loose('{ items: DuplicateView[] }'), ...errorResponses },
      },
    },
    (req) => findDuplicates(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/hotline/orders',
    {
      schema: {
        tags,
        summary: '话务登记（派单员） Register a call',
        description: 'Idempotency-Key 请求头：同一键重复提交返回第一次的工单。返回的 queryCode 只显示一次。',
        body: RegisterBody,
        response: { 201: Loose('OrderView & { queryCode }'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const submitKey = typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : null;
      return reply.code(201).send(await registerCall(ctx, requireActor(req), req.body, req.ip, submitKey));
    },
  );

  app.get(
    '/api/hotline/orders',
    {
      schema: {
        tags,
        summary: '工单列表：queue 派单员待办、inbox 承办单位待办、all 范围内全部 Orders',
        querystring: Type.Object({
          ...PageQuery,
          view: Type.Enum(['queue', 'inbox', 'all'], { default: 'all' }),
          status: Type.Optional(Type.Enum([...ORDER_STATUSES])),
          org: Type.Optional(OrgCode),
          category: Type.Optional(Type.String({ maxLength: 40 })),
          channel: Type.Optional(Type.Enum([...CHANNELS])),
          q: Type.Optional(Type.String({ maxLength: 100, description: '工单号、来电号码或姓名' })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(OrderView), total: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => listOrders(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/hotline/orders/:id',
    {
      schema: {
        tags,
        summary: '工单详情（id 或工单号） An order with its timeline',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    (req) => readOrder(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/hotline/orders/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看来电人完整号码（记入审计） Reveal the caller’s number',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({
            phone: Type.Union([Type.String(), Type.Null()]),
            email: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    (req) => revealCaller(ctx, requireActor(req), req.params.id, req.ip),
  );

  for (const action of ORDER_ACTIONS) {
    app.post(
      `/api/hotline/orders/:id/${action.replaceAll('_', '-')}`,
      {
        schema: {
          tags,
          summary: `${ACTION_SUMMARIES[action]} (${action})`,
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          body: Type.Optional(ActionBody),
          response: { 200: OrderDetail, ...errorResponses },
        },
      },
      (req) => actOnOrder(ctx, requireActor(req), req.params.id, action, req.body ?? {}, req.ip),
    );
  }

  // ------------------------------------------------------------------------------------------------
  // Statistics

  const StatsQuery = Type.Object({
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    org: Type.Optional(OrgCode),
  });

  app.get(
    '/api/hotline/statistics',
    {
      schema: {
        tags,
        summary: '统计：按目录、按承办单位（量、按时办复率、满意率、退单） Statistics',
        querystring: StatsQuery,
        response: { 200: Loose('HotlineStatistics'), ...errorResponses },
      },
    },
    (req) => statistics(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/hotline/statistics.xlsx',
    { schema: { tags, summary: '统计导出 Excel', querystring: StatsQuery } },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const s = await statistics(ctx, requireActor(req), req.query);
      const data = await statisticsWorkbook(s, lang);
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="hotline.xlsx"; filename*=UTF-8''${encodeURIComponent(`12345-${s.from}-${s.to}.xlsx`)}`,
        )
        .send(data);
    },
  );

  // ------------------------------------------------------------------------------------------------
  // Open311 API keys

  const ClientView = Loose('ApiClientView');
  app.get(
    '/api/hotline/keys',
    {
      schema: {
        tags,
        summary: 'Open311 接入方与密钥（县管理员） API clients',
        response: { 200: Type.Object({ items: Type.Array(ClientView) }), ...errorResponses },
      },
    },
    (req) => readClients(ctx, requireActor(req)),
  );
  app.post(
    '/api/hotline/keys',
    {
      schema: {
        tags,
        summary: '发放密钥（只显示一次） Issue an API key',
        body: Type.Object(
          {
            countyCode: Type.Optional(CountyCode),
            name: Type.String({ maxLength: 100 }),
            contact: Type.Optional(Type.String({ maxLength: 200 })),
            responseMode: Type.Optional(Type.Enum(['realtime', 'batch'])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Loose('ApiClientView & { apiKey }'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await issueKey(ctx, requireActor(req), req.body, req.ip)),
  );
  app.post(
    '/api/hotline/keys/:id/revoke',
    {
      schema: {
        tags,
        summary: '吊销密钥 Revoke an API key',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ClientView, ...errorResponses },
      },
    },
    (req) => revokeKey(ctx, requireActor(req), req.params.id, req.ip),
  );

  // ------------------------------------------------------------------------------------------------
  // Portal: the 12345 channel online

  app.get(
    '/api/public/hotline/categories',
    {
      schema: {
        tags: publicTags,
        summary: '12345 网上诉求分类 Categories for the online form',
        security: [],
        querystring: Type.Object({ countyCode: Type.Optional(CountyCode) }),
        response: { 200: Loose('{ countyCode, countyName, items }'), ...errorResponses },
      },
    },
    (req) => publicCategories(ctx, req.query.countyCode),
  );

  app.post(
    '/api/public/hotline/orders',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: publicTags,
        summary: '网上提交投诉建议（12345） Submit a complaint or suggestion online',
        security: [],
        body: Type.Object(
          {
            countyCode: Type.Optional(CountyCode),
            categoryCode: Type.String({ maxLength: 40 }),
            kind: Type.Enum(['complaint', 'suggestion', 'request', 'inquiry', 'report', 'praise']),
            name: Type.String({ maxLength: 100 }),
            phone: Type.String({ maxLength: 30 }),
            content: Type.String({ maxLength: 4000 }),
            address: Type.Optional(Type.String({ maxLength: 300 })),
            orgCode: Type.Optional(OrgCode),
            attributes: Type.Optional(AttributeValues),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ number: Type.String(), queryCode: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await submitFromPortal(ctx, req.body, req.ip)),
  );

  const Track = Type.Object({ number: Type.String({ maxLength: 64 }), code: Type.String({ maxLength: 20 }) });
  app.get(
    '/api/public/hotline/track',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: publicTags,
        summary: '凭工单号和查询码查进度 Track an order',
        security: [],
        querystring: Track,
        response: { 200: Loose('PublicOrderView'), ...errorResponses },
      },
    },
    (req) => trackOrder(ctx, req.query.number, req.query.code),
  );

  app.post(
    '/api/public/hotline/track/rate',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: publicTags,
        summary: '评价办理答复（即回访） Rate the reply',
        security: [],
        body: Type.Object(
          {
            number: Type.String({ maxLength: 64 }),
            code: Type.String({ maxLength: 20 }),
            satisfaction: Satisfaction,
            comment: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose('PublicOrderView'), ...errorResponses },
      },
    },
    (req) => {
      if (!req.body.code.trim())
        throw new Problem(404, 'hotline.track_not_found', { number: req.body.number });
      return rateOrder(ctx, req.body.number, req.body.code, req.body, req.ip);
    },
  );
}
