import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { errorResponses, OrgCode, PageQuery, Uuid } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { languageOf } from '../i18n/index.ts';
import type { LiveEvent } from './live.ts';
import { readAll, readInbox, readOne, readOutbox } from './notify-service.ts';
import { unreadCount } from './notify-store.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Channel = Type.Enum(['sms', 'in_app']);
const Status = Type.Enum(['pending', 'sent', 'failed']);

const InboxItem = Type.Object({
  id: Type.String(),
  template: Type.String({ description: '模板代码 template code' }),
  title: Type.String(),
  text: Type.String(),
  caseId: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const OutboxItem = Type.Object({
  id: Type.String(),
  channel: Channel,
  recipient: Type.String({ description: '短信为脱敏手机号，站内消息为人员 id masked phone or person id' }),
  template: Type.String(),
  title: Type.String(),
  text: Type.String({ description: '发送的中文内容 the Chinese text sent' }),
  caseId: Nullable(Type.String()),
  orgCode: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  readAt: Nullable(Type.String()),
});

const Unread = Type.Object({ unread: Type.Integer() });

const tags = ['notifications'];

/** One Server-Sent Event; the data is one line of JSON, so it never breaks the framing. */
export function sseFrame(event: LiveEvent): string {
  const id = event.id ? `id: ${event.id}\n` : '';
  return `event: ${event.type}\n${id}data: ${JSON.stringify(event.data ?? null)}\n\n`;
}

export function notifyRoutes(app: App, ctx: AppContext) {
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    await ctx.notify.close();
  });

  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '我的站内消息 My in-app inbox',
        querystring: Type.Object({
          ...PageQuery,
          unread: Type.Optional(Type.Boolean({ description: '只看未读 unread only' })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(InboxItem), total: Type.Integer(), unread: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => readInbox(ctx, requireActor(req), req.query, languageOf(req.headers['accept-language'])),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读 Mark one message read',
        params: Type.Object({ id: Uuid }),
        response: { 200: Unread, ...errorResponses },
      },
    },
    (req) => readOne(ctx, requireActor(req), req.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags,
        summary: '全部标为已读 Mark all my messages read',
        response: { 200: Type.Object({ marked: Type.Integer(), unread: Type.Integer() }), ...errorResponses },
      },
    },
    (req) => readAll(ctx, requireActor(req)),
  );

  app.get(
    '/api/notifications/outbox',
    {
      schema: {
        tags,
        summary: '发送队列（按机构子树，手机号脱敏） The outbox of the caller’s subtree',
        description: '需要 audit.read。默认短信发送方式只把短信记在这里和日志中。 Needs audit.read.',
        querystring: Type.Object({
          ...PageQuery,
          status: Type.Optional(Status),
          channel: Type.Optional(Channel),
          org: Type.Optional(OrgCode),
          caseId: Type.Optional(Uuid),
        }),
        response: {
          200: Type.Object({ items: Type.Array(OutboxItem), total: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => readOutbox(ctx, requireActor(req), req.query, languageOf(req.headers['accept-language'])),
  );

  app.get(
    '/api/notifications/stream',
    {
      schema: {
        tags,
        summary: '实时推送（Server-Sent Events） Live stream',
        description:
          '事件：ready {unread}（连接后）、notification（新的站内消息）以及其他模块发布的事件；每 20 秒一行注释保持连接。 ' +
          'Events: ready {unread}, notification, and events other modules publish; a comment line every 20 s.',
        querystring: Type.Object({
          lang: Type.Optional(Type.Enum(['zh-CN', 'en'], { description: '消息语言 language of the texts' })),
        }),
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const lang = req.query.lang ?? languageOf(req.headers['accept-language']);
      const unread = await unreadCount(ctx.db, actor.personId);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx and similar proxies would otherwise hold the events back in a buffer.
        'x-accel-buffering': 'no',
      });
      let open = true;
      const write = (chunk: string) => {
        if (open && !res.writableEnded) res.write(chunk);
      };
      const options = ctx.notify.liveOptions;
      const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
      const lifetime = setTimeout(() => close(), options.maxStreamMs);
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe();
        if (!res.writableEnded) res.end();
      };
      const unsubscribe = ctx.notify.openStream({
        personId: actor.personId,
        grants: actor.grants,
        lang,
        since: ctx.now(),
        send: (event) => write(sseFrame(event)),
        close,
      });
      res.on('close', close);
      write('retry: 5000\n\n');
      write(sseFrame({ type: 'ready', data: { unread } }));
    },
  );
}
