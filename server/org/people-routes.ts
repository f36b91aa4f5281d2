import { Type } from 'typebox';
import { ROLES } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { errorResponses, ListOf, OrgCode, PageQuery } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import {
  createPerson,
  grantRole,
  listPeople,
  readPerson,
  resetPassword,
  revokeRole,
  updatePerson,
} from './people-service.ts';

const RoleGrantSchema = Type.Object({
  id: Type.String(),
  role: Type.String(),
  orgCode: Type.String(),
  orgName: Type.String(),
});

const PersonSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    orgCode: Type.String(),
    orgName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: '默认脱敏 masked unless ?unmask=phone' }),
    status: Type.String(),
    mustChangePassword: Type.Boolean(),
    roles: Type.Array(RoleGrantSchema),
  },
  { $id: 'Person' },
);

const PersonId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Username = Type.String({ pattern: '^[A-Za-z0-9_.-]{3,40}$' });
const DisplayName = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
const Phone = Type.Union([Type.String({ maxLength: 20 }), Type.Null()]);
const Password = Type.String({ minLength: 1, maxLength: 200 });
const tags = ['people'];

export function peopleRoutes(app: App, ctx: AppContext) {
  app.addSchema(PersonSchema);

  app.get(
    '/api/people',
    {
      schema: {
        tags,
        summary: '人员列表（按机构子树） People in scope',
        querystring: Type.Object({
          ...PageQuery,
          org: Type.Optional(OrgCode),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: { 200: ListOf(Type.Ref('Person')), ...errorResponses },
      },
    },
    (req) => listPeople(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: '人员详情；unmask=phone 显示完整号码并记入审计 A person',
        params: PersonId,
        querystring: Type.Object({ unmask: Type.Optional(Type.Literal('phone')) }),
        response: { 200: Type.Ref('Person'), ...errorResponses },
      },
    },
    (req) =>
      readPerson(ctx, requireActor(req), req.params.id, {
        unmaskPhone: req.query.unmask === 'phone',
        ip: req.ip,
      }),
  );

  app.post(
    '/api/people',
    {
      schema: {
        tags,
        summary: '新建人员 Create a person',
        body: Type.Object(
          {
            username: Username,
            displayName: DisplayName,
            orgCode: OrgCode,
            password: Password,
            phone: Type.Optional(Phone),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Person'), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createPerson(ctx, requireActor(req), { ...req.body, ip: req.ip })),
  );

  app.patch(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: '修改人员 Update a person',
        params: PersonId,
        body: Type.Object(
          {
            displayName: Type.Optional(DisplayName),
            phone: Type.Optional(Phone),
            status: Type.Optional(Type.Enum(['active', 'disabled'])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref('Person'), ...errorResponses },
      },
    },
    (req) => updatePerson(ctx, requireActor(req), req.params.id, { ...req.body, ip: req.ip }),
  );

  app.post(
    '/api/people/:id/password',
    {
      schema: {
        tags,
        summary: '重置密码（下次登录须修改） Reset a password',
        params: PersonId,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await resetPassword(ctx, requireActor(req), req.params.id, { password: req.body.password, ip: req.ip });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/people/:id/roles',
    {
      schema: {
        tags,
        summary: '授予角色（作用于该机构及其全部下级） Grant a role at an org',
        params: PersonId,
        body: Type.Object({ role: Type.Enum([...ROLES]), orgCode: OrgCode }, { additionalProperties: false }),
        response: { 201: RoleGrantSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await grantRole(ctx, requireActor(req), req.params.id, { ...req.body, ip: req.ip })),
  );

  app.delete(
    '/api/people/:id/roles/:roleId',
    {
      schema: {
        tags,
        summary: '收回角色 Revoke a role',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), roleId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeRole(ctx, requireActor(req), req.params.id, req.params.roleId, { ip: req.ip });
      return reply.code(204).send(null);
    },
  );
}
