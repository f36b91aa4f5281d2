import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { errorResponses, ListOf, OrgCode, PageQuery } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { labels, languageOf } from '../i18n/index.ts';
import { exportAudit, listAudit } from './audit-service.ts';

const AuditFilter = {
  org: Type.Optional(OrgCode),
  entityType: Type.Optional(Type.String({ maxLength: 40 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 60 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  orgCode: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
});

const tags = ['audit'];

export function auditRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags,
        summary: '审计日志（按机构子树） Audit log in scope',
        querystring: Type.Object({ ...PageQuery, ...AuditFilter }),
        response: { 200: ListOf(AuditEntry), ...errorResponses },
      },
    },
    (req) => listAudit(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/audit/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出审计日志 Excel Export the audit log as .xlsx',
        querystring: Type.Object({
          ...AuditFilter,
          lang: Type.Optional(Type.Enum(['zh-CN', 'en'], { description: '表头语言 header language' })),
        }),
      },
    },
    async (req, reply) => {
      // A download link cannot set headers, so the page's language comes as ?lang=.
      const { lang: langParam, ...filter } = req.query;
      const lang = langParam ?? languageOf(req.headers['accept-language']);
      const file = await exportAudit(ctx, requireActor(req), filter, labels(lang, 'audit.'));
      const name = encodeURIComponent(`${labels(lang, 'audit.').sheet}.xlsx`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${name}`)
        .send(file);
    },
  );
}
