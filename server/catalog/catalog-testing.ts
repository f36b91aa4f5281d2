// Helpers shared by the catalog tests (kept out of *.test.ts files so that importing them runs no tests).
import { EXAMPLE_ITEM } from '../../core/catalog/example.ts';
import type { Session, TestApp } from '../../test/server.ts';

let serial = 0;

/** A valid create-item body (the template's example) with a fresh implementation code. */
export function itemBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    ...structuredClone(EXAMPLE_ITEM),
    implementationCode: `TEST${Date.now().toString(36).toUpperCase()}${String(serial).padStart(4, '0')}`,
    ...overrides,
  };
}

/** Calls as a signed-in person (writes carry the CSRF token) or anonymously (`null`). */
export function as(t: TestApp, s: Session | null) {
  const headers = (extra: Record<string, string> = {}) => (s ? { ...s.headers, ...extra } : extra);
  return {
    get: (url: string, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie, ...extra } : extra }),
    post: (url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: headers(), payload }),
    patch: (url: string, payload: object) =>
      t.app.inject({ method: 'PATCH', url, headers: headers(), payload }),
    put: (url: string, payload: object) => t.app.inject({ method: 'PUT', url, headers: headers(), payload }),
    del: (url: string) => t.app.inject({ method: 'DELETE', url, headers: headers() }),
    raw: (method: 'POST' | 'PUT', url: string, contentType: string, body: Buffer) =>
      t.app.inject({ method, url, headers: headers({ 'content-type': contentType }), payload: body }),
  };
}

/** The id of the demo item with this name (its first one: township items exist once per township). */
export async function demoItemId(t: TestApp, name: string, departmentCode?: string): Promise<string> {
  let q = t.ctx.db
    .selectFrom('catalog_items as i')
    .innerJoin('catalog_versions as v', 'v.item_id', 'i.id')
    .select('i.id')
    .where('v.name', '=', name);
  if (departmentCode) q = q.where('i.department_code', '=', departmentCode);
  const row = await q.orderBy('i.department_code').executeTakeFirstOrThrow();
  return row.id;
}
