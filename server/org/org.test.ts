import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';

describe.each(TEST_ENGINES)('org tree on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  let xinningAdmin: Session;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    admin = await signInAs(t.app, 'admin');
    xinningAdmin = await signInAs(t.app, 'xinning_admin');
  });
  afterAll(() => t?.close());

  const get = (url: string, s: Session, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie, ...headers } });

  it('reports health with the engine in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', db: engine, version: 'test' });
  });

  it('holds the demo county with its 13 townships and 162 villages', async () => {
    const county = await get('/api/orgs/511723', admin);
    expect(county.statusCode).toBe(200);
    expect(county.json()).toMatchObject({
      code: '511723',
      name: '开江县',
      kind: 'county',
      level: 3,
      depth: 0,
    });

    const townships = await get('/api/orgs/511723/children?kind=township&pageSize=100', admin);
    expect(townships.json().total).toBe(13);
    const names = townships.json().items.map((o: { name: string }) => o.name);
    expect(names).toContain('新宁镇');
    expect(townships.json().items[0]).toMatchObject({ kind: 'township', level: 4 });

    let villages = 0;
    for (const township of townships.json().items as { code: string }[]) {
      const res = await get(`/api/orgs/${township.code}/children?kind=village&pageSize=100`, admin);
      villages += res.json().total;
    }
    expect(villages).toBe(162);
  });

  it('lists a whole subtree: all villages under a township', async () => {
    const res = await get('/api/orgs/511723100/descendants?kind=village&pageSize=100', admin);
    expect(res.json().total).toBe(13);
    expect(res.json().items.every((o: { code: string }) => o.code.startsWith('511723100'))).toBe(true);
    expect((await get('/api/orgs/511723100/descendants?kind=village', xinningAdmin)).statusCode).toBe(200);
    expect((await get('/api/orgs/511723101/descendants', xinningAdmin)).statusCode).toBe(403);
  });

  it('hangs the service network under the regions', async () => {
    const center = await get('/api/orgs/511723100-1', admin);
    expect(center.json()).toMatchObject({ name: '新宁镇便民服务中心', kind: 'center', level: 4 });
    const windows = await get('/api/orgs/511723100-1/children', admin);
    expect(windows.json().items.map((o: { kind: string }) => o.kind)).toEqual(['window', 'window']);
  });

  it('finds orgs by pinyin initials and by name, with their ancestors', async () => {
    const res = await get('/api/orgs?q=xnz', admin);
    expect(res.statusCode).toBe(200);
    const hit = res.json().items.find((o: { code: string }) => o.code === '511723100');
    expect(hit).toBeDefined();
    expect(hit.ancestors).toEqual([{ code: '511723', name: '开江县' }]);
    const byName = await get(`/api/orgs?q=${encodeURIComponent('便民服务中心')}&pageSize=100`, admin);
    expect(byName.json().total).toBe(13); // one per township; the county's is a 政务服务中心
  });

  it('refuses an unknown code with 404 and a malformed one with 400 naming the field', async () => {
    const unknown = await get('/api/orgs/511799', admin);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'org.not_found', status: 404, title: '机构不存在' });

    const malformed = await get('/api/orgs/51x723', admin);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('request.invalid');
    expect(malformed.json().errors[0]).toMatchObject({ field: 'code', in: 'params' });
    expect(malformed.json().detail).toContain('code');

    const english = await get('/api/orgs/511799', admin, { 'accept-language': 'en' });
    expect(english.json().title).toBe('Organisation not found');
  });

  it('creates a window under a center, audited in the same transaction', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: xinningAdmin.headers,
      payload: { parentCode: '511723100-1', kind: 'window', name: '不动产窗口' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: '511723100-1-3', kind: 'window', parentCode: '511723100-1' });
    const audit = await get('/api/audit?entityType=org&action=org.create', admin);
    expect(audit.json().items[0]).toMatchObject({
      action: 'org.create',
      entityId: '511723100-1-3',
      actorName: '新宁镇 管理员',
    });
  });

  it('refuses bad writes and changes nothing', async () => {
    const before = (await get('/api/orgs/511723100-1/children', admin)).json().total;
    const cases = [
      { parentCode: '511723100-1', kind: 'center', name: '窗口下不能建中心' }, // center under a center
      { parentCode: '511723100-1', kind: 'village', name: '手工村' }, // regions are imported
      { parentCode: '511723100-1', kind: 'window', name: '   ' },
      { parentCode: '511723100-1', kind: 'window' },
      { parentCode: '511723100-1', kind: 'window', name: '综合窗口' }, // duplicate name
    ];
    for (const payload of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: xinningAdmin.headers,
        payload,
      });
      expect([400, 409]).toContain(res.statusCode);
      expect(res.json().code).toBeTruthy();
    }
    expect((await get('/api/orgs/511723100-1/children', admin)).json().total).toBe(before);
  });

  it('keeps a township officer inside their township on every route', async () => {
    // 普安镇 511723101 is a sibling of 新宁镇.
    expect((await get('/api/orgs/511723101', xinningAdmin)).statusCode).toBe(403);
    expect((await get('/api/orgs/511723101/children', xinningAdmin)).statusCode).toBe(403);
    expect((await get('/api/orgs/511723', xinningAdmin)).statusCode).toBe(403);
    const search = await get(`/api/orgs?q=${encodeURIComponent('普安')}`, xinningAdmin);
    expect(search.json().total).toBe(0);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: xinningAdmin.headers,
      payload: { parentCode: '511723101-1', kind: 'window', name: '越权窗口' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('auth.forbidden');
    expect((await get('/api/orgs/511723101-1/children', admin)).json().total).toBe(2);
  });
});
