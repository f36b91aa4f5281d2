import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { canAt, type Permission, type RoleGrant } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { findSession, SESSION_COOKIE } from '../org/session-service.ts';
import { Problem } from './problem.ts';

export interface Actor {
  personId: string;
  username: string;
  displayName: string;
  orgCode: string;
  grants: RoleGrant[];
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Routes a person with a seeded password may still use: enough to sign in, see who they are and change it. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  '/api/session',
  '/api/me',
  '/api/me/password',
  '/api/config/public',
]);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the session cookie to an actor on every request and enforces the two rules that hold for every
 * cookie-authenticated route: state-changing requests carry the CSRF token, and a person who must change
 * a seeded password does nothing else first.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.actor = await findSession(opts.ctx, token);
    if (!request.actor) return;
    const route = request.routeOptions.url ?? '';
    if (UNSAFE_METHODS.has(request.method) && route !== '/api/session') {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
    if (
      request.actor.mustChangePassword &&
      route.startsWith('/api/') &&
      !ALLOWED_BEFORE_PASSWORD_CHANGE.has(route)
    ) {
      throw new Problem(403, 'auth.password_change_required');
    }
  });
});

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Problem(401, 'auth.required');
  return request.actor;
}

/** Throws 403 unless the actor holds `permission` at the org (by its path) or above it. */
export function authorize(actor: Actor, permission: Permission, org: { code: string; path: string }): void {
  if (!canAt(actor.grants, permission, org.path)) {
    throw new Problem(403, 'auth.forbidden', { org: org.code, permission });
  }
}
