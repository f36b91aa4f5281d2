import { createHash, randomBytes } from 'node:crypto';
import { isHotlineAdminAt } from '../../core/hotline/access.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { recordAudit } from '../org/audit-store.ts';
import { invalid, resolveCounty } from './hotline-catalog.ts';
import {
  type ApiClient,
  findClient,
  findClientByKeyHash,
  insertClient,
  listClients,
  updateClient,
} from './hotline-store.ts';

/**
 * API keys of Open311 clients (an app, a WeChat mini program, a neighbouring platform). A key is a
 * 256-bit random secret shown once when it is issued; only its SHA-256 is stored (a plain hash is enough
 * for a secret that cannot be guessed), so a copy of the database does not reveal it. Revoked keys are
 * refused from the moment of revocation.
 */

const KEY_PREFIX = 'bm311_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface ApiClientView {
  id: string;
  countyCode: string;
  name: string;
  contact: string;
  responseMode: 'realtime' | 'batch';
  keyPrefix: string;
  createdByName: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function view(c: ApiClient): ApiClientView {
  return {
    id: c.id,
    countyCode: c.countyCode,
    name: c.name,
    contact: c.contact,
    responseMode: c.responseMode,
    keyPrefix: c.keyPrefix,
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  };
}

/** Admins of a county see its clients. */
export async function readClients(ctx: AppContext, actor: Actor): Promise<{ items: ApiClientView[] }> {
  const roots = actor.grants.filter((g) => g.role === 'admin').map((g) => g.orgPath);
  if (roots.length === 0) throw new Problem(403, 'hotline.keys_forbidden');
  return { items: (await listClients(ctx.db, roots)).map(view) };
}

export async function issueKey(
  ctx: AppContext,
  actor: Actor,
  body: { countyCode?: string; name: string; contact?: string; responseMode?: 'realtime' | 'batch' },
  ip: string,
): Promise<ApiClientView & { apiKey: string }> {
  const county = await resolveCounty(ctx, actor, body.countyCode, (org) =>
    isHotlineAdminAt(actor.grants, org.path),
  );
  const name = body.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100) throw invalid([{ field: 'name', in: 'body', message: '1–100' }]);
  const contact = body.contact?.trim() ?? '';
  if (contact.length > 200) throw invalid([{ field: 'contact', in: 'body', message: '≤200' }]);
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const client = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertClient(trx, {
      county_code: county.code,
      center_code: county.code,
      center_path: county.path,
      name,
      contact,
      response_mode: body.responseMode ?? 'realtime',
      key_prefix: apiKey.slice(0, KEY_PREFIX.length + 6),
      key_hash: hashKey(apiKey),
      created_by_id: actor.personId,
      created_by_name: actor.displayName,
      created_at: ctx.now(),
    });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'hotline.key_issue',
      entityType: 'hotline_api_client',
      entityId: created.id,
      orgCode: county.code,
      orgPath: county.path,
      after: { name, contact, responseMode: created.responseMode, keyPrefix: created.keyPrefix },
      ip,
    });
    return created;
  });
  return { ...view(client), apiKey };
}

export async function revokeKey(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<ApiClientView> {
  const client = /^[0-9a-f-]{36}$/i.test(id) ? await findClient(ctx.db, id) : null;
  if (!client || !isHotlineAdminAt(actor.grants, client.centerPath))
    throw notFound('hotline.key_not_found', { id });
  if (client.revokedAt) return view(client);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateClient(trx, id, { revoked_at: ctx.now() });
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'hotline.key_revoke',
      entityType: 'hotline_api_client',
      entityId: id,
      orgCode: client.centerCode,
      orgPath: client.centerPath,
      before: { revokedAt: null },
      after: { revokedAt: updated.revokedAt?.toISOString() },
      ip,
    });
    return updated;
  });
  return view(revoked);
}

/** The client a key belongs to, if the key is known and not revoked. */
export async function authenticateKey(ctx: AppContext, key: string | undefined): Promise<ApiClient | null> {
  if (!key?.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const client = await findClientByKeyHash(ctx.db, hashKey(key));
  return client && !client.revokedAt ? client : null;
}

/** Notes when a client last filed a request (after the request was stored). */
export async function markKeyUsed(ctx: AppContext, client: ApiClient): Promise<void> {
  await updateClient(ctx.db, client.id, { last_used_at: ctx.now() });
}
