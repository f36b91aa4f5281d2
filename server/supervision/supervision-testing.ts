// Helpers shared by the supervision tests (kept out of *.test.ts files so that importing them runs no tests).
import { expect } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import type { Session, TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';
import { runJobNow } from '../jobs/scheduler.ts';
import { LIGHTS_JOB } from './supervision-jobs.ts';

const ID_BODY = '51172319850312301';
export const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
export const PHONE = '13912345678';

/** Shanghai wall-clock time as an instant. */
export const sh = (local: string) => new Date(`${local}+08:00`);

export function call(t: TestApp, s: Session | null, method: 'GET' | 'POST', url: string, payload?: object) {
  const headers: Record<string, string> = s
    ? method === 'GET'
      ? { cookie: s.cookie }
      : { ...s.headers }
    : {};
  return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

/** The demo item of this name with its checklist (every material handed in). */
export async function demoItem(t: TestApp, name: string): Promise<{ id: string; materials: string[] }> {
  const id = await demoItemId(t, name);
  const version = await findPublishedVersion(t.ctx.db, id);
  return { id, materials: version!.materials.map((m) => m.name) };
}

export async function register(
  t: TestApp,
  clerk: Session,
  item: { id: string; materials: string[] },
  at?: Date,
): Promise<{ id: string; caseNumber: string }> {
  if (at) t.setNow(at);
  const res = await call(t, clerk, 'POST', '/api/cases', {
    itemId: item.id,
    applicant: { kind: 'person', name: '测试申请人', idNumber: ID_NUMBER, phone: PHONE },
    materials: item.materials,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function act(
  t: TestApp,
  s: Session,
  id: string,
  action: string,
  payload: object = {},
  at?: Date,
) {
  if (at) t.setNow(at);
  const res = await call(t, s, 'POST', `/api/cases/${id}/actions/${action}`, { payload });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}

/** Runs the light sweeper (and urge escalation) at `at`. */
export async function sweep(t: TestApp, at: Date) {
  t.setNow(at);
  const outcome = await runJobNow(t.ctx, LIGHTS_JOB);
  if (!outcome.ran || !outcome.ok) throw new Error(`sweep did not run: ${JSON.stringify(outcome)}`);
  return outcome.result as { cases: number; changed: number; warnings: number; escalated: number };
}

export async function watchOf(t: TestApp, caseId: string, clockKey: string) {
  return t.ctx.db
    .selectFrom('case_clock_watch')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('clock_key', '=', clockKey)
    .executeTakeFirst();
}

export async function warningsOf(t: TestApp, caseId: string) {
  return t.ctx.db
    .selectFrom('case_warnings')
    .select(['clock_key', 'kind', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('clock_key')
    .orderBy('kind')
    .execute();
}

export async function inAppFor(t: TestApp, username: string, caseId: string, template?: string) {
  let q = t.ctx.db
    .selectFrom('notifications as n')
    .innerJoin('people as p', (j) => j.on((eb) => eb(eb.cast('p.id', 'text'), '=', eb.ref('n.recipient'))))
    .select(['n.template', 'n.text', 'n.params'])
    .where('p.username', '=', username)
    .where('n.channel', '=', 'in_app')
    .where('n.case_id', '=', caseId);
  if (template) q = q.where('n.template', '=', template);
  return q.orderBy('n.created_at').execute();
}

/** Signs in the given demo users with sessions valid at every instant the tests use. */
export async function sessions<const U extends readonly string[]>(
  t: TestApp,
  signIn: (u: string) => Promise<Session>,
  users: U,
): Promise<Record<U[number], Session>> {
  t.setNow(new Date('2026-12-31T00:00:00Z'));
  const out = {} as Record<U[number], Session>;
  for (const u of users) out[u as U[number]] = await signIn(u);
  return out;
}
