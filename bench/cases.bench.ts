import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { idNumberCheckDigit } from '../core/validators/index.ts';
import { buildApp } from '../server/app.ts';
import { findPublishedVersion } from '../server/catalog/catalog-store.ts';
import { createContext } from '../server/context.ts';
import type { Database } from '../server/db/database.ts';
import { signInAs, testConfig } from '../test/server.ts';
import type { BenchResult } from './result.ts';

const ID_BODY = '51172319850312301';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
const SECONDS = 3;

/**
 * Completed case transitions per second: `accept` through the real HTTP API on loopback (session, CSRF,
 * schema validation, the lifecycle with its clocks and calendar, the hash-chained event, the audit entry,
 * the other modules' listeners, the view returned) against raw SQL doing the same write in one
 * transaction (lock the case, read the last event, hash and insert the event, update the case, insert
 * the audit row), on the same database in the same run. Each run accepts fresh cases registered before
 * the clock starts, one at a time.
 */
export async function caseBenches(database: Database): Promise<BenchResult[]> {
  const ctx = createContext(database, testConfig());
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const clerk = await signInAs(app, 'county_clerk');
    const item = await database.db
      .selectFrom('catalog_versions')
      .select(['item_id'])
      .where('name', '=', '食品经营许可')
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const version = (await findPublishedVersion(database.db, item.item_id))!;
    const body = JSON.stringify({
      itemId: item.item_id,
      applicant: { kind: 'person', name: '压测申请人', idNumber: ID_NUMBER, phone: '13912345678' },
      materials: version.materials.map((m) => m.name),
    });
    const headers = { ...clerk.headers, 'content-type': 'application/json' };
    const register = async () => {
      const res = await fetch(`${base}/api/cases`, { method: 'POST', headers, body });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const supply = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await register());
      return ids;
    };

    // Warm up both paths on their own cases, then size the supply from the warm-up rate.
    const warm = await supply(30);
    for (const id of warm.slice(0, 15)) await apiAccept(base, headers, id);
    for (const id of warm.slice(15)) await rawAccept(database, id);

    const apiIds = await supply(400);
    const api = await timed(apiIds, (id) => apiAccept(base, headers, id));
    const rawIds = await supply(Math.min(4000, Math.max(400, Math.ceil(api.perSecond * 4 * SECONDS))));
    const raw = await timed(rawIds, (id) => rawAccept(database, id));
    return [
      {
        bench: `cases.transitions.accept.${database.engine}`,
        value: api.perSecond,
        unit: 'transitions/s',
        baseline: raw.perSecond,
        ratio: api.perSecond / raw.perSecond,
      },
    ];
  } finally {
    await app.close();
  }
}

async function timed(ids: string[], op: (id: string) => Promise<void>): Promise<{ perSecond: number }> {
  const start = performance.now();
  let done = 0;
  for (const id of ids) {
    await op(id);
    done++;
    if (performance.now() - start > SECONDS * 1000) break;
  }
  return { perSecond: (done * 1000) / (performance.now() - start) };
}

async function apiAccept(base: string, headers: Record<string, string>, id: string): Promise<void> {
  const res = await fetch(`${base}/api/cases/${id}/actions/accept`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ payload: {} }),
  });
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** The same write as the API's accept, by hand: what the database itself costs. */
async function rawAccept(database: Database, id: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const c = await sql<{
      state: unknown;
      version: number;
      handling_org_code: string;
      handling_org_path: string;
    }>`
      SELECT state, version, handling_org_code, handling_org_path FROM cases WHERE id = ${id} FOR UPDATE`.execute(
      trx,
    );
    const row = c.rows[0]!;
    const last = await sql<{ seq: number; hash: string }>`
      SELECT seq, hash FROM case_events WHERE case_id = ${id} ORDER BY seq DESC LIMIT 1`.execute(trx);
    const prev = last.rows[0]!;
    const at = new Date().toISOString();
    const state = {
      ...(typeof row.state === 'string' ? JSON.parse(row.state) : (row.state as object)),
      status: 'accepted',
      acceptedAt: at,
    };
    const payload = JSON.stringify({ from: 'received', to: 'accepted', payload: {}, publicLabel: '受理' });
    const hash = createHash('sha256')
      .update(`${prev.hash}|${id}|${prev.seq + 1}|${at}|accept|${payload}`)
      .digest('hex');
    await sql`INSERT INTO case_events (case_id, seq, at, actor_id, actor_name, actor_role, org_code, action, payload, prev_hash, hash)
      VALUES (${id}, ${prev.seq + 1}, ${at}, ${randomUUID()}, '压测', 'window_staff', ${row.handling_org_code}, 'accept',
              ${payload}, ${prev.hash}, ${hash})`.execute(trx);
    await sql`UPDATE cases SET status = 'accepted', state = ${JSON.stringify(state)}, accepted_at = ${at},
      last_hash = ${hash}, updated_at = ${at}, version = version + 1 WHERE id = ${id} AND version = ${row.version}`.execute(
      trx,
    );
    await sql`INSERT INTO audit_log (actor_name, action, entity_type, entity_id, org_code, org_path, before, after)
      VALUES ('压测', 'case.accept', 'case', ${id}, ${row.handling_org_code}, ${row.handling_org_path},
              ${JSON.stringify({ status: 'received' })}, ${JSON.stringify({ status: 'accepted' })})`.execute(
      trx,
    );
  });
}
