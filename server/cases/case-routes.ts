import { Type } from 'typebox';
import { CASE_ACTIONS, CASE_CHANNELS, CASE_STATUSES } from '../../core/cases/lifecycle.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import {
  errorResponses,
  IdempotencyHeaders,
  ListOf,
  Nullable,
  OrgCode,
  PageQuery,
  Uuid,
} from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { registerCaseNotifications } from './case-notifications.ts';
import {
  fileByProxy,
  listCases,
  publicProgress,
  readApplicant,
  readCase,
  readEvents,
  registerCase,
  runAction,
  verifyCase,
} from './case-service.ts';
import { registerCaseJobs } from './deemed-acceptance.ts';

const Status = Type.Enum([...CASE_STATUSES]);

const Applicant = Type.Object({
  kind: Type.Enum(['person', 'enterprise']),
  name: Type.String(),
  idNumber: Nullable(Type.String({ description: '脱敏的身份证号码 masked ID number' })),
  creditCode: Nullable(Type.String()),
  phone: Type.String({ description: '脱敏的电话 masked phone' }),
});

const Light = Nullable(Type.Enum(['green', 'yellow', 'red']));

const caseListFields = {
  id: Type.String(),
  caseNumber: Type.String({ description: '办件编号 <中心代码>-<YYYYMMDD>-<序号>' }),
  itemId: Type.String(),
  versionId: Type.String(),
  itemName: Type.String(),
  departmentCode: Type.String(),
  handlingOrgCode: Type.String(),
  channel: Type.Enum([...CASE_CHANNELS]),
  status: Status,
  statusName: Type.String(),
  publicLabel: Type.String(),
  applicant: Applicant,
  light: Light,
  deadline: Nullable(Type.String({ description: '当前等待的时限 the deadline the case waits on now' })),
  overdue: Type.Boolean(),
  receivedAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};

const CaseListEntry = Type.Object(caseListFields);

const ClockViewSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  startedAt: Type.String(),
  deadline: Nullable(Type.String()),
  deadlineDate: Nullable(Type.String()),
  unit: Type.String(),
  left: Nullable(Type.Number()),
  overdueBy: Nullable(Type.Number()),
  light: Light,
  paused: Type.Boolean(),
  stopped: Type.Boolean(),
});

const JointSchema = Type.Object({
  tasks: Type.Array(
    Type.Object({
      orgCode: Type.String(),
      orgName: Type.String(),
      status: Type.Enum(['pending', 'answered']),
      opinion: Nullable(Type.String()),
      position: Nullable(Type.Enum(['agree', 'disagree'])),
      answeredAt: Nullable(Type.String()),
      deadline: Nullable(Type.String()),
      light: Light,
    }),
  ),
});

const caseFields = {
  ...caseListFields,
  materials: Type.Array(Type.String()),
  state: Type.Unknown({ description: 'core/cases 的 CaseState（含时限） lifecycle state with clocks' }),
  clocks: Type.Array(ClockViewSchema),
  joint: Nullable(JointSchema),
  escalation: Nullable(
    Type.Object({
      fromOrgCode: Type.String(),
      toOrgCode: Type.String(),
      toOrgName: Type.String(),
      at: Type.String(),
      opinion: Type.String(),
    }),
  ),
  proxy: Nullable(
    Type.Object({ personId: Type.String(), consent: Type.String(), handedOverAt: Nullable(Type.String()) }),
  ),
  actions: Type.Array(Type.String(), {
    description: '当前用户现在可办理的动作 actions the caller may take now',
  }),
};

export const CaseSchema = Type.Object(caseFields, { $id: 'Case' });

const RegisteredCase = Type.Object({
  ...caseFields,
  queryCode: Type.String({ description: '查询码，只显示这一次 query code, shown once' }),
});

const RegisterBody = Type.Object(
  {
    itemId: Uuid,
    orgCode: Type.Optional(OrgCode),
    applicant: Type.Object(
      {
        kind: Type.Enum(['person', 'enterprise']),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        idNumber: Type.Optional(Type.String({ maxLength: 40 })),
        creditCode: Type.Optional(Type.String({ maxLength: 40 })),
        phone: Type.String({ maxLength: 30 }),
      },
      { additionalProperties: false },
    ),
    materials: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 200, default: [] }),
  },
  { additionalProperties: false },
);

const ProxyBody = Type.Object(
  { ...RegisterBody.properties, consent: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    payload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    materials: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

const EventSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  actorName: Type.String(),
  actorRole: Type.String(),
  orgCode: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  publicLabel: Type.String(),
  detail: Type.Unknown(),
  hash: Type.String(),
  prevHash: Type.String(),
});

const PublicProgressSchema = Type.Object({
  caseNumber: Type.String(),
  itemName: Type.String(),
  status: Type.String(),
  timeline: Type.Array(Type.Object({ label: Type.String(), at: Type.String() })),
  expectedCompletionDate: Nullable(Type.String()),
});

const tags = ['cases'];
const IdParams = Type.Object({ id: Uuid });

/** Guesses at query codes are throttled per address; a real applicant looks a few times a day. */
const PUBLIC_LOOKUPS_PER_MINUTE = 30;

export function caseRoutes(app: App, ctx: AppContext) {
  registerCaseJobs();
  registerCaseNotifications(ctx);
  app.addSchema(CaseSchema);

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: '窗口登记办件（收件） Register a walk-in case',
        headers: IdempotencyHeaders,
        body: RegisterBody,
        response: { 201: RegisteredCase, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await registerCase(ctx, requireActor(req), req.body, {
        idempotencyKey: req.headers['idempotency-key'],
        ip: req.ip,
      });
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.post(
    '/api/cases/proxy',
    {
      schema: {
        tags,
        summary: '村代办员代为申报（记录委托方式） A village proxy files for a resident',
        headers: IdempotencyHeaders,
        body: ProxyBody,
        response: { 201: RegisteredCase, ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await fileByProxy(ctx, requireActor(req), req.body, {
        idempotencyKey: req.headers['idempotency-key'],
        ip: req.ip,
      });
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get(
    '/api/cases/:id/applicant',
    {
      schema: {
        tags,
        summary: '查看申请人完整信息（记入审计日志） The applicant unmasked, audited',
        params: IdParams,
        response: {
          200: Type.Object({
            kind: Type.Enum(['person', 'enterprise']),
            name: Type.String(),
            idNumber: Nullable(Type.String()),
            creditCode: Nullable(Type.String()),
            phone: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const applicant = await readApplicant(ctx, requireActor(req), req.params.id, req.ip);
      return reply.header('cache-control', 'no-store').send(applicant);
    },
  );

  app.post(
    '/api/cases/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '办理动作（受理、审核、决定、送达、办结…） Take an action on a case',
        headers: IdempotencyHeaders,
        params: Type.Object({ id: Uuid, action: Type.Enum([...CASE_ACTIONS]) }),
        body: Type.Optional(ActionBody),
        response: { 200: Type.Ref('Case'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const answer = await runAction(
        ctx,
        requireActor(req),
        req.params.id,
        req.params.action,
        req.body ?? {},
        {
          idempotencyKey: req.headers['idempotency-key'],
          ip: req.ip,
        },
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: '办件列表（本机构子树；证件号和电话脱敏） Cases in scope, masked',
        querystring: Type.Object({
          ...PageQuery,
          view: Type.Optional(
            Type.Enum(['all', 'todo', 'done'], {
              description: 'todo 待我办理 / done 我办理过 / all 本机构子树全部',
            }),
          ),
          status: Type.Optional(Status),
          itemId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 100, description: '办件编号前缀或申请人名称' })),
        }),
        response: { 200: ListOf(CaseListEntry), ...errorResponses },
      },
    },
    (req) => listCases(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: '办件详情（脱敏） A case, masked',
        params: IdParams,
        response: { 200: Type.Ref('Case'), ...errorResponses },
      },
    },
    (req) => readCase(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/cases/:id/events',
    {
      schema: {
        tags,
        summary: '办件档案时间线 The case file',
        params: IdParams,
        response: { 200: Type.Array(EventSchema), ...errorResponses },
      },
    },
    (req) => readEvents(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/cases/:id/verify',
    {
      schema: {
        tags,
        summary: '校验办件档案的哈希链 Verify the case file hash chain',
        params: IdParams,
        response: {
          200: Type.Object({ valid: Type.Boolean(), events: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => verifyCase(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/public/cases/:number',
    {
      config: {
        rateLimit: {
          max: PUBLIC_LOOKUPS_PER_MINUTE,
          timeWindow: '1 minute',
          errorResponseBuilder: (_req, context) =>
            new Problem(429, 'request.rate_limited', { after: context.after }),
        },
      },
      schema: {
        tags: ['portal'],
        summary: '办件进度查询（办件编号 + 查询码；不含个人信息） Public progress of a case',
        security: [],
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: PublicProgressSchema, ...errorResponses },
      },
    },
    (req) => publicProgress(ctx, req.params.number, req.query.code),
  );
}
