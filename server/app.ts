import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { calendarRoutes } from './calendar/calendar-routes.ts';
import { caseRecordRoutes } from './cases/case-record-routes.ts';
import { caseRoutes } from './cases/case-routes.ts';
import { catalogRoutes } from './catalog/catalog-routes.ts';
import type { AppContext } from './context.ts';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { hotlineRoutes } from './hotline/hotline-routes.ts';
import { authPlugin } from './http/auth.ts';
import { Problem, problemBody } from './http/problem.ts';
import { ProblemSchema } from './http/schemas.ts';
import type { App } from './http/types.ts';
import { languageOf } from './i18n/index.ts';
import { notifyRoutes } from './notify/notify-routes.ts';
import { auditRoutes } from './org/audit-routes.ts';
import { orgRoutes } from './org/org-routes.ts';
import { peopleRoutes } from './org/people-routes.ts';
import { residentRoutes } from './org/resident-routes.ts';
import { sessionRoutes } from './org/session-routes.ts';
import { supervisionRoutes } from './supervision/supervision-routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** ['days', '0', 'kind'] → 'days[0].kind', the field notation the core validators use too. */
function jsonPath(segments: (string | undefined)[]): string {
  let path = '';
  for (const segment of segments) {
    if (!segment) continue;
    path += /^\d+$/.test(segment) ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path;
}

/** Turns anything thrown by a route, a hook or Fastify itself into a Problem the client can act on. */
function toProblem(error: FastifyError | Problem | Error, request: FastifyRequest): Problem {
  if (error instanceof Problem) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const where = fe.validationContext === 'querystring' ? 'query' : fe.validationContext;
    const errors = fe.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string }).missingProperty;
      const extra = (v.params as { additionalProperty?: string }).additionalProperty;
      const field = jsonPath([...v.instancePath.split('/').slice(1), missing ?? extra]);
      return { field: field || String(where), in: where as 'body', message: v.message ?? 'invalid' };
    });
    return new Problem(
      400,
      'request.invalid',
      { field: errors[0]!.field, reason: errors[0]!.message },
      errors,
    );
  }
  if (fe.code === 'FST_CSRF_INVALID_TOKEN' || fe.code === 'FST_CSRF_MISSING_SECRET') {
    return new Problem(403, 'auth.csrf_invalid');
  }
  if (fe.statusCode === 429) return new Problem(429, 'request.rate_limited', { after: '1 minute' });
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem(413, 'request.body_too_large');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new Problem(415, 'request.unsupported_media_type', {
      type: request.headers['content-type'] ?? '',
    });
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fe.statusCode === 400
  ) {
    return new Problem(400, 'request.invalid', { field: 'body', reason: fe.message }, [
      { field: 'body', in: 'body', message: fe.message },
    ]);
  }
  return new Problem(500, 'server.error', { requestId: request.id });
}

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel },
    trustProxy: process.env.BIANMIN_TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
    ajv: {
      customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ProblemSchema);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '便民 Bianmin API',
        version: ctx.config.version,
        description:
          '基层公共服务平台接口。错误按 RFC 9457 返回 problem+json（稳定 code，中文 title/detail，Accept-Language: en 时为英文）；列表返回 { items, total }，分页参数 page/pageSize。见 docs/api.md。',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bm_session' } },
      },
      security: [{ session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyCookie, { secret: ctx.config.cookieSecret });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: ctx.config.secureCookies,
    },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(authPlugin, { ctx });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error as FastifyError, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .code(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(problem, languageOf(request.headers['accept-language']), request.url));
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查 Health',
        security: [],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            db: Type.Enum(['pglite', 'postgres']),
            version: Type.String(),
          }),
        },
      },
    },
    async () => {
      await ctx.db.selectFrom('schema_migrations').select('name').limit(1).execute();
      return { status: 'ok' as const, db: ctx.database.engine, version: ctx.config.version };
    },
  );

  sessionRoutes(app, ctx);
  residentRoutes(app, ctx);
  orgRoutes(app, ctx);
  peopleRoutes(app, ctx);
  auditRoutes(app, ctx);
  calendarRoutes(app, ctx);
  catalogRoutes(app, ctx);
  caseRoutes(app, ctx);
  caseRecordRoutes(app, ctx);
  notifyRoutes(app, ctx);
  feedbackRoutes(app, ctx);
  supervisionRoutes(app, ctx);
  hotlineRoutes(app, ctx);

  const hasWeb = existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    // The console and portal are one single-page app: unknown non-API paths are its routes.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.sendFile('index.html');
    }
    const problem = new Problem(404, 'request.not_found', { url: request.url.split('?')[0]! });
    return reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(problem, languageOf(request.headers['accept-language']), request.url));
  });

  return app;
}
