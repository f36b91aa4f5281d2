import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/server.ts';

describe('the API surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('publishes its OpenAPI document and the browsable docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/health',
      '/api/session',
      '/api/orgs/{code}',
      '/api/orgs/{code}/children',
      '/api/calendar/deadline',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty('Problem');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown API path with a problem, in Chinese or English', async () => {
    const zh = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.json()).toMatchObject({ code: 'request.not_found', title: '地址不存在' });
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/nowhere',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().title).toBe('Not found');
  });

  it('refuses malformed JSON with a problem naming the body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.invalid', errors: [{ field: 'body' }] });
  });

  it('serves the single-page app for console routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/console/org' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });
});
