import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { permissionsOf } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { type Actor, requireActor } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { errorResponses } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-seed.ts';
import { findOrgsByCodes } from './org-store.ts';
import { changePassword, SESSION_COOKIE, SESSION_HOURS, signIn, signOut } from './session-service.ts';

const MeSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    orgCode: Type.String(),
    orgName: Type.String(),
    mustChangePassword: Type.Boolean(),
    kind: Type.Enum(['staff', 'resident'], {
      description: 'staff 工作人员；resident 居民（网上办事账号） staff or resident account',
    }),
    roles: Type.Array(
      Type.Object({
        role: Type.String(),
        orgCode: Type.String(),
        orgName: Type.String(),
        orgPath: Type.String(),
      }),
    ),
    permissions: Type.Array(Type.String()),
    csrfToken: Type.String({
      description: '在写请求的 x-csrf-token 头中回送 Send back in x-csrf-token on writes',
    }),
  },
  { $id: 'Me' },
);

/** Sign-in attempts allowed per client address and username in a minute. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** The session cookie, the same for staff signing in and a resident registering. */
export function setSessionCookie(ctx: AppContext, reply: FastifyReply, session: { token: string }): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    maxAge: SESSION_HOURS * 3600,
  });
}

export async function me(ctx: AppContext, actor: Actor, csrfToken: string) {
  const names = await findOrgsByCodes(ctx.db, [actor.orgCode, ...actor.grants.map((g) => g.orgCode)]);
  return {
    id: actor.personId,
    username: actor.username,
    displayName: actor.displayName,
    orgCode: actor.orgCode,
    orgName: names.get(actor.orgCode) ?? actor.orgCode,
    mustChangePassword: actor.mustChangePassword,
    kind: actor.kind ?? ('staff' as const),
    roles: actor.grants.map((g) => ({
      role: g.role,
      orgCode: g.orgCode,
      orgName: names.get(g.orgCode) ?? g.orgCode,
      orgPath: g.orgPath,
    })),
    permissions: permissionsOf(actor.grants),
    csrfToken,
  };
}

const tags = ['session'];

export function sessionRoutes(app: App, ctx: AppContext) {
  app.addSchema(MeSchema);

  app.get(
    '/api/config/public',
    {
      schema: {
        tags,
        summary: '公开配置（演示模式下列出演示账号） Public configuration',
        response: {
          200: Type.Object({
            demo: Type.Boolean(),
            version: Type.String(),
            demoAccounts: Type.Optional(
              Type.Array(
                Type.Object({
                  username: Type.String(),
                  password: Type.String(),
                  displayName: Type.String(),
                  roles: Type.Array(
                    Type.Object({ role: Type.String(), orgCode: Type.String(), orgName: Type.String() }),
                  ),
                }),
              ),
            ),
          }),
        },
      },
    },
    async () => {
      if (!ctx.config.demo) return { demo: false, version: ctx.config.version };
      const names = await findOrgsByCodes(ctx.db, [
        ...new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles.map((r) => r.org))),
      ]);
      return {
        demo: true,
        version: ctx.config.version,
        demoAccounts: DEMO_ACCOUNTS.map((a) => ({
          username: a.username,
          password: DEMO_PASSWORD,
          displayName: a.displayName,
          roles: a.roles.map((r) => ({ role: r.role, orgCode: r.org, orgName: names.get(r.org) ?? r.org })),
        })),
      };
    },
  );

  app.post(
    '/api/session',
    {
      config: {
        rateLimit: {
          max: LOGIN_ATTEMPTS_PER_MINUTE,
          timeWindow: '1 minute',
          // The key needs the username, which exists only once the body is parsed.
          hook: 'preHandler',
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username)}`,
          errorResponseBuilder: (_req, context) =>
            new Problem(429, 'auth.rate_limited', { after: context.after }),
        },
      },
      schema: {
        tags,
        summary: '登录 Sign in',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: Type.Ref('Me'), csrfToken: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const session = await signIn(ctx, {
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(ctx, reply, session);
      const csrfToken = reply.generateCsrf();
      return { user: await me(ctx, session.actor, csrfToken), csrfToken };
    },
  );

  app.delete(
    '/api/session',
    { schema: { tags, summary: '退出登录 Sign out', response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await signOut(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags,
        summary: '当前用户 The signed-in person',
        response: { 200: Type.Ref('Me'), ...errorResponses },
      },
    },
    async (req, reply) => me(ctx, requireActor(req), reply.generateCsrf()),
  );

  app.post(
    '/api/me/password',
    {
      schema: {
        tags,
        summary: '修改本人密码 Change my password',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
            newPassword: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await changePassword(ctx, requireActor(req), { ...req.body, ip: req.ip });
      return reply.code(204).send(null);
    },
  );
}
