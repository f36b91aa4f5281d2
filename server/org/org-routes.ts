import { Type } from 'typebox';
import { FACILITY_TYPES, ORG_CODE_PATTERN, ORG_KINDS, UNIT_KINDS } from '../../core/org/codes.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { errorResponses, ListOf, OrgCode, PageQuery } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { createUnit, findOrgs, readChildren, readDescendants, readOrg, renameOrg } from './org-service.ts';

const OrgKind = Type.Enum([...ORG_KINDS]);

export const OrgSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    level: Type.Integer({ description: '1 省 … 5 村: administrative level of the region the org sits in' }),
    depth: Type.Integer(),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    path: Type.String(),
    status: Type.String(),
    facilityType: Type.Union([Type.String(), Type.Null()]),
    childCount: Type.Integer(),
  },
  { $id: 'Org' },
);

const OrgWithAncestors = Type.Intersect([
  Type.Ref('Org'),
  Type.Object({ ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
]);

const tags = ['org'];

export function orgRoutes(app: App, ctx: AppContext) {
  app.addSchema(OrgSchema);

  app.get(
    '/api/orgs/:code',
    {
      schema: {
        tags,
        summary: '机构详情 An org',
        params: Type.Object({ code: OrgCode }),
        response: { 200: Type.Ref('Org'), ...errorResponses },
      },
    },
    (req) => readOrg(ctx, requireActor(req), req.params.code),
  );

  app.get(
    '/api/orgs/:code/children',
    {
      schema: {
        tags,
        summary: '下级机构 Children of an org',
        params: Type.Object({ code: OrgCode }),
        querystring: Type.Object({ ...PageQuery, kind: Type.Optional(OrgKind) }),
        response: { 200: ListOf(Type.Ref('Org')), ...errorResponses },
      },
    },
    (req) => readChildren(ctx, requireActor(req), req.params.code, req.query),
  );

  app.get(
    '/api/orgs/:code/descendants',
    {
      schema: {
        tags,
        summary: '全部下级（整个子树，如某乡镇的所有村） Whole subtree of an org',
        params: Type.Object({ code: OrgCode }),
        querystring: Type.Object({ ...PageQuery, kind: Type.Optional(OrgKind) }),
        response: { 200: ListOf(Type.Ref('Org')), ...errorResponses },
      },
    },
    (req) => readDescendants(ctx, requireActor(req), req.params.code, req.query),
  );

  app.get(
    '/api/orgs',
    {
      schema: {
        tags,
        summary: '搜索机构（名称、拼音首字母、代码） Search orgs by name, pinyin initials or code',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.String({ minLength: 1, maxLength: 50 }),
          root: Type.Optional(Type.String({ pattern: ORG_CODE_PATTERN })),
        }),
        response: { 200: ListOf(OrgWithAncestors), ...errorResponses },
      },
    },
    (req) => findOrgs(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/orgs',
    {
      schema: {
        tags,
        summary: '新建下级机构（部门、中心、站点、窗口、设施） Create a unit',
        body: Type.Object(
          {
            parentCode: OrgCode,
            kind: Type.Enum([...UNIT_KINDS]),
            name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
            facilityType: Type.Optional(Type.Enum([...FACILITY_TYPES])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Org'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const org = await createUnit(ctx, requireActor(req), { ...req.body, ip: req.ip });
      return reply.code(201).send(org);
    },
  );

  app.patch(
    '/api/orgs/:code',
    {
      schema: {
        tags,
        summary: '修改机构名称 Rename an org',
        params: Type.Object({ code: OrgCode }),
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Org'), ...errorResponses },
      },
    },
    (req) => renameOrg(ctx, requireActor(req), req.params.code, { name: req.body.name, ip: req.ip }),
  );
}
