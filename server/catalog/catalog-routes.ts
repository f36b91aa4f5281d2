import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { VERSION_ACTIONS, type VersionAction } from '../../core/catalog/index.ts';
import {
  ESCALATION_LEVELS,
  HANDLING_KINDS,
  ITEM_LEVELS,
  ITEM_TYPES,
  LIMIT_UNITS,
  MATERIAL_FORMS,
  MATERIAL_SOURCES,
  THEMES,
  VERSION_STATUSES,
  VISIT_BADGES,
} from '../../core/catalog/vocabulary.ts';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { rawBody, sendFile } from '../http/files.ts';
import { errorResponses, ListOf, OrgCode } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { labels, languageOf } from '../i18n/index.ts';
import { buildTemplate, exportCatalog, importCatalog, XLSX_TYPE } from './catalog-excel.ts';
import {
  Comparison,
  CountedTerm,
  CreateItemBody,
  EditDraftBody,
  FileSchema,
  GuideListEntry,
  GuideQuery,
  ImportProblem,
  ImportResult,
  ItemDetail,
  ItemListEntry,
  ItemQuery,
  Placement,
  PublicGuideSchema,
  Uuid,
  VersionSchema,
} from './catalog-schemas.ts';
import {
  assignWindow,
  compareVersions,
  createDraft,
  createItem,
  editDraft,
  FILE_TYPES,
  listItems,
  MAX_FILE_BYTES,
  readFileForStaff,
  readItem,
  readVersion,
  setProxies,
  transitionVersion,
  unassignWindow,
  uploadMaterialFile,
} from './catalog-service.ts';
import {
  listPublicDepartments,
  listPublicPlaces,
  listPublicThemes,
  readPublicFile,
  readPublicGuide,
  searchPublicGuides,
} from './portal-service.ts';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const staffTags = ['catalog'];
const publicTags = ['portal'];

const ACTION_SUMMARIES: Record<VersionAction, string> = {
  submit: '提交审核（草稿 → 待审核） Submit a draft for review',
  return: '退回修改（待审核 → 草稿） Return a version to its author',
  publish: '发布（待审核 → 已发布，原发布版本停用；审核人不能是起草人） Publish',
  retire: '停用已发布版本（门户不再显示） Retire the published version',
};

function sendWorkbook(reply: FastifyReply, data: Buffer, name: string) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(data);
}

/** Actions with only optional fields may be posted without a body. */
async function emptyBodyAsObject(req: FastifyRequest) {
  req.body ??= {};
}

/**
 * The catalog: staff authoring under /api/catalog (signed in, scoped to the org subtree) and the resident
 * portal under /api/public (no sign-in, published guides only). Registered as its own plugin so the
 * raw-file content types it accepts stay local to these routes.
 */
export function catalogRoutes(app: App, ctx: AppContext) {
  app.register(async (plugin) => {
    const r = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Spreadsheets (import) and forms (upload): FILE_TYPES includes the .xlsx type.
    r.addContentTypeParser(Object.keys(FILE_TYPES), { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    staffRoutes(r as App, ctx);
    portalRoutes(r as App, ctx);
  });
}

function staffRoutes(app: App, ctx: AppContext) {
  const IdParams = Type.Object({ id: Uuid });

  app.get(
    '/api/catalog/items',
    {
      schema: {
        tags: staffTags,
        summary: '事项列表（本机构子树办理、受理或代办的事项） Items in scope',
        querystring: ItemQuery,
        response: { 200: ListOf(ItemListEntry), ...errorResponses },
      },
    },
    (req) => listItems(ctx, requireActor(req), req.query),
  );

  app.post(
    '/api/catalog/items',
    {
      schema: {
        tags: staffTags,
        summary: '新建事项（生成第 1 版草稿） Create an item with a draft v1',
        body: CreateItemBody,
        response: { 201: VersionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const version = await createItem(ctx, requireActor(req), req.body, req.ip);
      return reply.code(201).send(version);
    },
  );

  app.get(
    '/api/catalog/items/:id',
    {
      schema: {
        tags: staffTags,
        summary: '事项详情：全部版本、受理窗口、代办村 An item with its versions, windows and proxies',
        params: IdParams,
        response: { 200: ItemDetail, ...errorResponses },
      },
    },
    (req) => readItem(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/catalog/items/:id/drafts',
    {
      schema: {
        tags: staffTags,
        summary: '由已发布版本（或指定版本）生成新草稿 New draft from the published version',
        params: IdParams,
        body: Type.Object({ fromVersionId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 201: VersionSchema, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (req, reply) => {
      const version = await createDraft(ctx, requireActor(req), req.params.id, {
        fromVersionId: req.body.fromVersionId,
        ip: req.ip,
      });
      return reply.code(201).send(version);
    },
  );

  app.post(
    '/api/catalog/items/:id/windows',
    {
      schema: {
        tags: staffTags,
        summary: '指定受理窗口 Assign the item to a window',
        params: IdParams,
        body: Type.Object({ windowCode: OrgCode }, { additionalProperties: false }),
        response: { 200: ListOf(Placement), ...errorResponses },
      },
    },
    async (req) => {
      const items = await assignWindow(ctx, requireActor(req), req.params.id, req.body.windowCode, req.ip);
      return { items, total: items.length };
    },
  );

  app.delete(
    '/api/catalog/items/:id/windows/:windowCode',
    {
      schema: {
        tags: staffTags,
        summary: '取消受理窗口 Unassign a window',
        params: Type.Object({ id: Uuid, windowCode: OrgCode }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await unassignWindow(ctx, requireActor(req), req.params.id, req.params.windowCode, req.ip);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/catalog/items/:id/proxies',
    {
      schema: {
        tags: staffTags,
        summary:
          '设置可代办的村（或整个乡镇）；只改动本人有权管理的部分 Set proxy villages within your scope',
        params: IdParams,
        body: Type.Object(
          { orgCodes: Type.Array(OrgCode, { maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Placement), ...errorResponses },
      },
    },
    async (req) => {
      const items = await setProxies(ctx, requireActor(req), req.params.id, req.body.orgCodes, req.ip);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/catalog/versions/:id',
    {
      schema: {
        tags: staffTags,
        summary: '任一版本（办件绑定版本号，发布新版后仍按原版本读取） Any version by id',
        params: IdParams,
        response: { 200: VersionSchema, ...errorResponses },
      },
    },
    (req) => readVersion(ctx, requireActor(req), req.params.id),
  );

  app.patch(
    '/api/catalog/versions/:id',
    {
      schema: {
        tags: staffTags,
        summary: '修改草稿（只有草稿可改；未给出的字段不变） Edit a draft',
        params: IdParams,
        body: EditDraftBody,
        response: { 200: VersionSchema, ...errorResponses },
      },
    },
    (req) => editDraft(ctx, requireActor(req), req.params.id, req.body, req.ip),
  );

  for (const action of VERSION_ACTIONS) {
    app.post(
      `/api/catalog/versions/:id/${action}`,
      {
        schema: {
          tags: staffTags,
          summary: ACTION_SUMMARIES[action],
          params: IdParams,
          body: Type.Object(
            {
              reason: Type.Optional(Type.String({ maxLength: 500, description: '理由（退回、停用时填写）' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: VersionSchema, ...errorResponses },
        },
        preValidation: emptyBodyAsObject,
      },
      (req) =>
        transitionVersion(ctx, requireActor(req), req.params.id, action, {
          reason: req.body.reason,
          ip: req.ip,
        }),
    );
  }

  app.get(
    '/api/catalog/compare',
    {
      schema: {
        tags: staffTags,
        summary: '比较同一事项的两个版本（逐字段） Field-level diff of two versions',
        querystring: Type.Object({ from: Uuid, to: Uuid }),
        response: { 200: Comparison, ...errorResponses },
      },
    },
    (req) => compareVersions(ctx, requireActor(req), req.query.from, req.query.to),
  );

  app.put(
    '/api/catalog/versions/:id/materials/:index/:kind',
    {
      bodyLimit: MAX_FILE_BYTES,
      schema: {
        tags: staffTags,
        summary:
          '上传材料的空白表格（blank）或填写范本（sample），请求体为文件本身 Upload a blank form or sample',
        description: `Content-Type: ${Object.keys(FILE_TYPES).join(', ')}; at most 5 MiB. ?name= sets the file name.`,
        params: Type.Object({
          id: Uuid,
          index: Type.Integer({ minimum: 0, maximum: 199 }),
          kind: Type.Enum(['blank', 'sample']),
        }),
        querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 201: FileSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await uploadMaterialFile(
        ctx,
        requireActor(req),
        req.params.id,
        req.params.index,
        req.params.kind,
        { data: rawBody(req), contentType: req.headers['content-type'] ?? '', name: req.query.name },
        req.ip,
      );
      return reply.code(201).send(file);
    },
  );

  app.get(
    '/api/catalog/files/:id',
    {
      schema: {
        tags: staffTags,
        summary: '下载事项文件（含草稿中的） Download a catalog file',
        params: IdParams,
      },
    },
    async (req, reply) => sendFile(reply, await readFileForStaff(ctx, requireActor(req), req.params.id)),
  );

  app.get(
    '/api/catalog/template.xlsx',
    {
      schema: {
        tags: staffTags,
        summary: '下载事项清单导入模板（含示例行和填写说明） Import template',
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const data = await buildTemplate(ctx, requireActor(req), lang);
      return sendWorkbook(reply, data, `${labels(lang, 'catalog.file.').template}.xlsx`);
    },
  );

  app.post(
    '/api/catalog/import',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags: staffTags,
        summary:
          '导入事项清单（.xlsx 文件作为请求体）：任何一行有错则全部不导入 Import a spreadsheet, all or nothing',
        description: `Content-Type: ${XLSX_TYPE}. New implementation codes create items (draft v1); known ones get a new draft. ?submit=true sends the drafts to review. Errors list { row, column, field, code, message }.`,
        querystring: Type.Object({ submit: Type.Boolean({ default: false }) }),
        response: { 200: ImportResult, 400: ImportProblem, ...errorResponses },
      },
    },
    (req) => importCatalog(ctx, requireActor(req), rawBody(req), { submit: req.query.submit, ip: req.ip }),
  );

  app.get(
    '/api/catalog/export.xlsx',
    {
      schema: {
        tags: staffTags,
        summary: '导出事项清单（本人可见范围） Export the catalog in scope',
        querystring: Type.Object({
          q: ItemQuery.properties.q,
          department: ItemQuery.properties.department,
          theme: ItemQuery.properties.theme,
          level: ItemQuery.properties.level,
          status: ItemQuery.properties.status,
          window: ItemQuery.properties.window,
          version: Type.Enum(['published', 'latest'], {
            default: 'published',
            description: 'published：已发布版本（无则最新）；latest：最新版本（含草稿）',
          }),
        }),
      },
    },
    async (req, reply) => {
      const lang = languageOf(req.headers['accept-language']);
      const data = await exportCatalog(ctx, requireActor(req), req.query, lang);
      return sendWorkbook(reply, data, `${labels(lang, 'catalog.file.').export}.xlsx`);
    },
  );
}

function portalRoutes(app: App, ctx: AppContext) {
  const County = Type.Object({
    county: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '县级区划代码' })),
  });

  app.get(
    '/api/public/guides',
    {
      schema: {
        tags: publicTags,
        summary: '搜索办事指南（名称、拼音首字母、部门、主题、层级、所在地） Search published guides',
        security: [],
        querystring: GuideQuery,
        response: { 200: ListOf(GuideListEntry), ...errorResponses },
      },
    },
    (req) => searchPublicGuides(ctx, req.query),
  );

  app.get(
    '/api/public/guides/:itemId',
    {
      schema: {
        tags: publicTags,
        summary: '办事指南（五公开、预计办结日期、受理窗口、代办） A published guide',
        security: [],
        params: Type.Object({ itemId: Uuid }),
        response: { 200: PublicGuideSchema, ...errorResponses },
      },
    },
    (req) => readPublicGuide(ctx, req.params.itemId),
  );

  app.get(
    '/api/public/guides/:itemId/files/:fileId',
    {
      schema: {
        tags: publicTags,
        summary: '下载空白表格或填写范本 Download a blank form or sample',
        security: [],
        params: Type.Object({ itemId: Uuid, fileId: Uuid }),
      },
    },
    async (req, reply) => sendFile(reply, await readPublicFile(ctx, req.params.itemId, req.params.fileId)),
  );

  app.get(
    '/api/public/catalog/themes',
    {
      schema: {
        tags: publicTags,
        summary: '主题（生育、就业、养老…）及已发布事项数 Themes with counts',
        security: [],
        querystring: County,
        response: { 200: ListOf(CountedTerm), ...errorResponses },
      },
    },
    (req) => listPublicThemes(ctx, req.query.county),
  );

  app.get(
    '/api/public/catalog/departments',
    {
      schema: {
        tags: publicTags,
        summary: '有已发布事项的部门 Departments with published guides',
        security: [],
        querystring: County,
        response: { 200: ListOf(CountedTerm), ...errorResponses },
      },
    },
    (req) => listPublicDepartments(ctx, req.query.county),
  );

  app.get(
    '/api/public/catalog/places',
    {
      schema: {
        tags: publicTags,
        summary: '可选的所在地：有事项的县，或某县的乡镇、某乡镇的村 Places for the org filter',
        security: [],
        querystring: Type.Object({ parent: Type.Optional(OrgCode) }),
        response: {
          200: ListOf(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
          ...errorResponses,
        },
      },
    },
    (req) => listPublicPlaces(ctx, req.query.parent),
  );

  const TermList = Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }));
  const strip = (list: readonly { code: string; zh: string; en: string }[]) =>
    list.map(({ code, zh, en }) => ({ code, zh, en }));
  app.get(
    '/api/public/catalog/vocabulary',
    {
      schema: {
        tags: publicTags,
        summary: '事项字段的取值与中英文名称 Codes and labels of every catalog vocabulary',
        security: [],
        response: {
          200: Type.Object({
            itemTypes: TermList,
            handlingKinds: TermList,
            levels: TermList,
            escalationLevels: TermList,
            limitUnits: TermList,
            materialForms: TermList,
            materialSources: TermList,
            themes: TermList,
            statuses: TermList,
            badges: TermList,
          }),
        },
      },
    },
    () => ({
      itemTypes: strip(ITEM_TYPES),
      handlingKinds: strip(HANDLING_KINDS),
      levels: strip(ITEM_LEVELS),
      escalationLevels: strip(ESCALATION_LEVELS),
      limitUnits: strip(LIMIT_UNITS),
      materialForms: strip(MATERIAL_FORMS),
      materialSources: strip(MATERIAL_SOURCES),
      themes: strip(THEMES),
      statuses: strip(VERSION_STATUSES),
      badges: strip(VISIT_BADGES),
    }),
  );
}
