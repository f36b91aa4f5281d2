import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { requireResident } from '../http/auth.ts';
import { Problem } from '../http/problem.ts';
import { errorResponses } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import {
  REGISTRATIONS_PER_MINUTE,
  readProfile,
  registerResident,
  updateProfile,
} from './resident-service.ts';
import { me, setSessionCookie } from './session-routes.ts';

const ProfileSchema = Type.Object(
  {
    name: Type.String(),
    idNumber: Type.String({ description: '脱敏的身份证号码 masked ID number' }),
    phone: Type.String({ description: '登录用的手机号码 the mobile number used to sign in' }),
  },
  { $id: 'ResidentProfile' },
);

const Name = Type.String({ minLength: 1, maxLength: 50 });
const Phone = Type.String({ minLength: 1, maxLength: 30 });

export function residentRoutes(app: App, ctx: AppContext) {
  app.addSchema(ProfileSchema);

  app.post(
    '/api/public/residents',
    {
      config: {
        rateLimit: {
          max: REGISTRATIONS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (req) => `register|${req.ip}`,
          errorResponseBuilder: (_req, context) =>
            new Problem(429, 'resident.rate_limited', { after: context.after }),
        },
      },
      schema: {
        tags: ['session'],
        summary: '居民注册（注册后即登录） Register a resident account and sign in',
        security: [],
        body: Type.Object(
          {
            name: Name,
            idNumber: Type.String({ minLength: 1, maxLength: 40, description: '居民身份证号码' }),
            phone: Phone,
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ user: Type.Ref('Me'), csrfToken: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const session = await registerResident(ctx, {
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(ctx, reply, session);
      const csrfToken = reply.generateCsrf();
      return reply.code(201).send({ user: await me(ctx, session.actor, csrfToken), csrfToken });
    },
  );

  app.get(
    '/api/my/profile',
    {
      schema: {
        tags: ['session'],
        summary: '居民本人信息 My resident profile',
        response: { 200: Type.Ref('ResidentProfile'), ...errorResponses },
      },
    },
    (req) => readProfile(ctx, requireResident(req)),
  );

  app.put(
    '/api/my/profile',
    {
      schema: {
        tags: ['session'],
        summary: '修改本人姓名和手机号（手机号即登录名） Update my name and mobile number',
        body: Type.Object({ name: Name, phone: Phone }, { additionalProperties: false }),
        response: { 200: Type.Ref('ResidentProfile'), ...errorResponses },
      },
    },
    (req) => updateProfile(ctx, requireResident(req), { ...req.body, ip: req.ip }),
  );
}
