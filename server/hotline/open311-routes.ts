import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import type { App } from '../http/types.ts';
import { type Lang, languageOf } from '../i18n/index.ts';
import {
  CONTENT_TYPES,
  formatOfUrl,
  Open311Error,
  type Open311Format,
  renderErrors,
  renderList,
  renderObject,
  splitFormat,
} from './open311-format.ts';
import {
  catalogChangeset,
  discovery,
  fieldsOfForm,
  fieldsOfJson,
  getRequest,
  getRequests,
  getToken,
  postRequest,
  serviceDefinition,
  services,
} from './open311-service.ts';

const tags = ['open311'];
const Str = Type.Optional(Type.String());
const Jurisdiction = {
  jurisdiction_id: Type.Optional(Type.String({ description: '县级行政区划代码 county code, e.g. 511723' })),
};

function lang(req: FastifyRequest): Lang {
  return languageOf(req.headers['accept-language']);
}

function send(reply: FastifyReply, format: Open311Format, body: string, status = 200) {
  return reply.code(status).type(CONTENT_TYPES[format]).send(body);
}

function errorsOf(lang: Lang, error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  const e = error as { statusCode?: number; validation?: unknown; code?: string };
  const en = lang === 'en';
  if (e.statusCode === 429) {
    return new Open311Error(429, [
      {
        code: 429,
        description: en ? 'Too many requests, try again in a minute.' : '请求过于频繁，请一分钟后再试。',
      },
    ]);
  }
  if (e.validation || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)) {
    return new Open311Error(400, [
      {
        code: 400,
        description: en
          ? `The request is invalid: ${(error as Error).message}`
          : `请求无效：${(error as Error).message}`,
      },
    ]);
  }
  return new Open311Error(400, [
    {
      code: 400,
      description: en
        ? 'General service error; please notify the operator.'
        : '服务暂时无法处理该请求，请联系平台管理员。',
    },
  ]);
}

const FORMATS: Open311Format[] = ['json', 'xml'];

/**
 * GeoReport v2 under /open311/v2 (docs/open311.md). Its own plugin: errors here are the spec's
 * `[{ code, description }]` (XML `<errors>`), never problem+json, and POST takes the spec's
 * application/x-www-form-urlencoded bodies as well as JSON.
 */
export function open311Routes(app: App, ctx: AppContext) {
  app.register(
    async (plugin) => {
      const r = plugin as unknown as App;
      r.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_req, body, done) => done(null, new URLSearchParams(body as string)),
      );
      r.setErrorHandler((error, req, reply) => {
        const l = lang(req);
        const e = errorsOf(l, error);
        if (e.status >= 500 || (!(error instanceof Open311Error) && e.status === 400)) {
          req.log.warn({ err: error }, 'open311 request failed');
        }
        return send(reply, formatOfUrl(req.url), renderErrors(formatOfUrl(req.url), e.items), e.status);
      });
      r.setNotFoundHandler((req, reply) => {
        const en = lang(req) === 'en';
        const format = formatOfUrl(req.url);
        return send(
          reply,
          format,
          renderErrors(format, [{ code: 404, description: en ? 'No such resource.' : '没有这个资源。' }]),
          404,
        );
      });

      for (const format of FORMATS) {
        r.get(
          `/discovery.${format}`,
          { schema: { tags, summary: `服务发现 Service discovery (${format})`, security: [] } },
          async (req, reply) => {
            const base = `${req.protocol}://${req.host}`;
            const body = discovery(base, lang(req), await catalogChangeset(ctx));
            if (format === 'json') return send(reply, format, JSON.stringify(body));
            const { endpoints, ...rest } = body;
            return send(
              reply,
              format,
              renderObject(format, 'discovery', {
                ...rest,
                endpoints: {
                  endpoint: endpoints.map(({ formats, ...e }) => ({ ...e, formats: { format: formats } })),
                },
              } as never),
            );
          },
        );

        r.get(
          `/services.${format}`,
          {
            schema: {
              tags,
              summary: `服务列表（派单目录） Service list (${format})`,
              security: [],
              querystring: Type.Object(Jurisdiction),
            },
          },
          async (req, reply) => {
            const q = req.query as { jurisdiction_id?: string };
            return send(
              reply,
              format,
              renderList(format, 'services', 'service', await services(ctx, lang(req), q.jurisdiction_id)),
            );
          },
        );

        r.get(
          `/requests.${format}`,
          {
            schema: {
              tags,
              summary: `查询服务请求（默认最近 90 天，最多 1000 条） Service requests (${format})`,
              security: [],
              querystring: Type.Object({
                ...Jurisdiction,
                service_request_id: Str,
                service_code: Str,
                start_date: Str,
                end_date: Str,
                status: Str,
              }),
            },
          },
          async (req, reply) => {
            const rows = await getRequests(ctx, lang(req), req.query as Record<string, string>);
            return send(reply, format, renderList(format, 'service_requests', 'request', rows));
          },
        );

        r.post(
          `/requests.${format}`,
          {
            config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
            schema: {
              tags,
              summary: `提交服务请求（需 api_key；成为待派单工单） Create a service request (${format})`,
              description:
                'application/x-www-form-urlencoded（规范格式）或 JSON：api_key, service_code, lat & long | address_string | address_id, attribute[code]=…（多选 attribute[code][]=…）, email, phone, first_name, last_name, description, media_url。',
              security: [],
            },
          },
          async (req, reply) => {
            const body = req.body;
            const post = body instanceof URLSearchParams ? fieldsOfForm(body) : fieldsOfJson(body);
            const query = req.query as Record<string, string | undefined>;
            const apiKey = post.fields.api_key || query.api_key;
            const rows = await postRequest(ctx, lang(req), post, apiKey, req.ip);
            return send(reply, format, renderList(format, 'service_requests', 'request', rows as never), 201);
          },
        );
      }

      r.get(
        '/services/:file',
        {
          schema: {
            tags,
            summary: '服务定义（附加信息） Service definition — services/{service_code}.{json|xml}',
            security: [],
            params: Type.Object({ file: Type.String() }),
            querystring: Type.Object(Jurisdiction),
          },
        },
        async (req, reply) => {
          const { file } = req.params as { file: string };
          const parsed = splitFormat(file);
          if (!parsed) return reply.callNotFound();
          const q = req.query as { jurisdiction_id?: string };
          const def = await serviceDefinition(ctx, lang(req), parsed.name, q.jurisdiction_id);
          if (parsed.format === 'json') return send(reply, 'json', JSON.stringify(def));
          return send(
            reply,
            'xml',
            renderObject('xml', 'service_definition', {
              service_code: def.service_code,
              attributes: {
                attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })),
              },
            } as never),
          );
        },
      );

      r.get(
        '/requests/:file',
        {
          schema: {
            tags,
            summary: '单个服务请求 One service request — requests/{service_request_id}.{json|xml}',
            security: [],
            params: Type.Object({ file: Type.String() }),
            querystring: Type.Object(Jurisdiction),
          },
        },
        async (req, reply) => {
          const parsed = splitFormat((req.params as { file: string }).file);
          if (!parsed) return reply.callNotFound();
          const q = req.query as { jurisdiction_id?: string };
          const rows = await getRequest(ctx, lang(req), parsed.name, q.jurisdiction_id);
          return send(reply, parsed.format, renderList(parsed.format, 'service_requests', 'request', rows));
        },
      );

      r.get(
        '/tokens/:file',
        {
          schema: {
            tags,
            summary: '由令牌查请求编号 service_request_id from a token — tokens/{token}.{json|xml}',
            security: [],
            params: Type.Object({ file: Type.String() }),
            querystring: Type.Object(Jurisdiction),
          },
        },
        async (req, reply) => {
          const parsed = splitFormat((req.params as { file: string }).file);
          if (!parsed) return reply.callNotFound();
          const q = req.query as { jurisdiction_id?: string };
          const rows = await getToken(ctx, lang(req), parsed.name, q.jurisdiction_id);
          return send(reply, parsed.format, renderList(parsed.format, 'service_requests', 'request', rows));
        },
      );
    },
    { prefix: '/open311/v2' },
  );
}
