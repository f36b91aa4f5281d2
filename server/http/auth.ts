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
  /** 'resident' for an online applicant's own account; absent (system actors) or 'staff' otherwise. */
  kind?: 'staff' | 'resident';
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
/** Routes that open a session: like signing in, they need no CSRF token from an earlier one. */
const OPENS_SESSION = new Set(['/api/session', '/api/public/residents']);
/**
 * What a resident's own session may call besides public routes and /api/my/…: who they are, sign out, the
 * password, and their own in-app notifications (not the outbox, which is staff's).
 */
const RESIDENT_ROUTES = new Set([
  '/api/session',
  '/api/me',
  '/api/me/password',
  '/api/config/public',
  '/api/notifications',
  '/api/notifications/:id/read',
  '/api/notifications/read-all',
  '/api/notifications/stream',
]);

/**
 * A resident account holds no roles, so staff routes would mostly answer with empty lists; refusing them
 * outright keeps a resident from probing the console's API at all. Public routes (no security
 * requirement in their schema, or under /api/public/) stay open, as they are to anyone.
 */
function residentMayCall(request: FastifyRequest, route: string): boolean {
  if (!route.startsWith('/api/') || RESIDENT_ROUTES.has(route)) return true;
  if (route.startsWith('/api/my/') || route.startsWith('/api/public/')) return true;
  const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
  return Array.isArray(security) && security.length === 0;
}

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
    if (UNSAFE_METHODS.has(request.method) && !OPENS_SESSION.has(route)) {
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
    if (request.actor.kind === 'resident' && !residentMayCall(request, route)) {
      throw new Problem(403, 'auth.staff_only');
    }
    if (request.actor.kind !== 'resident' && route.startsWith('/api/my/')) {
      throw new Problem(403, 'auth.residents_only');
    }
  });
});

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Problem(401, 'auth.required');
  return request.actor;
}

/** The signed-in resident (401 for nobody, 403 for a staff account): for the /api/my/… routes. */
export function requireResident(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.kind !== 'resident') throw new Problem(403, 'auth.residents_only');
  return actor;
}

/** Throws 403 unless the actor holds `permission` at the org (by its path) or above it. */
export function authorize(actor: Actor, permission: Permission, org: { code: string; path: string }): void {
  if (!canAt(actor.grants, permission, org.path)) {
    throw new Problem(403, 'auth.forbidden', { org: org.code, permission });
  }
}
