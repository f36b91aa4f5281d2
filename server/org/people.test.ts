import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { DEMO_ACCOUNTS } from './demo-seed.ts';

describe.each(TEST_ENGINES)('people, roles and scope on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  let xinning: Session;
  let puanClerkId: string;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    admin = await signInAs(t.app, 'admin');
    xinning = await signInAs(t.app, 'xinning_admin');
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/people?q=puan',
      headers: { cookie: admin.cookie },
    });
    puanClerkId = all.json().items[0].id;
  });
  afterAll(() => t?.close());

  const get = (url: string, s: Session) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const post = (url: string, s: Session, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload });

  it('lists people in the subtree with phone numbers masked', async () => {
    const res = await get('/api/people?pageSize=100', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(DEMO_ACCOUNTS.length);
    for (const p of res.json().items) expect(p.phone).toMatch(/^138\*{4}\d{4}$/);
  });

  it('never shows a township officer another township’s people, by any route', async () => {
    const list = await get('/api/people?pageSize=100', xinning);
    const usernames = list.json().items.map((p: { username: string }) => p.username);
    expect(usernames).toContain('xinning_clerk');
    expect(usernames).not.toContain('puan_clerk');
    expect(usernames).not.toContain('admin');
    expect((await get('/api/people?q=puan', xinning)).json().total).toBe(0);
    expect((await get('/api/people?org=511723101', xinning)).statusCode).toBe(403);
    const direct = await get(`/api/people/${puanClerkId}`, xinning);
    expect(direct.statusCode).toBe(404);
    expect(direct.json().code).toBe('person.not_found');
    const audit = await get('/api/audit?entityType=person&pageSize=500', xinning);
    expect(audit.json().items.every((e: { orgCode: string }) => e.orgCode.startsWith('511723100'))).toBe(
      true,
    );
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/people/${puanClerkId}`,
      headers: xinning.headers,
      payload: { displayName: '改名' },
    });
    expect(edit.statusCode).toBe(404);
    const grant = await post(`/api/people/${puanClerkId}/roles`, xinning, {
      role: 'admin',
      orgCode: '511723100',
    });
    expect(grant.statusCode).toBe(404);
    expect((await get(`/api/people/${puanClerkId}`, admin)).json().displayName).toBe(
      '普安镇便民服务中心 张窗口',
    );
  });

  it('creates a person, grants a role inside the subtree and refuses one outside it', async () => {
    const created = await post('/api/people', xinning, {
      username: 'xinning_new',
      displayName: '新宁镇 新同事',
      orgCode: '511723100-1-1',
      password: 'Start-pass-2026',
      phone: '13912345678',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      orgName: '综合窗口',
      phone: '139****5678',
      mustChangePassword: false,
    });
    const id = created.json().id;

    const granted = await post(`/api/people/${id}/roles`, xinning, {
      role: 'window_staff',
      orgCode: '511723100-1-1',
    });
    expect(granted.statusCode).toBe(201);
    const outside = await post(`/api/people/${id}/roles`, xinning, { role: 'admin', orgCode: '511723' });
    expect(outside.statusCode).toBe(403);
    const duplicate = await post(`/api/people/${id}/roles`, xinning, {
      role: 'window_staff',
      orgCode: '511723100-1-1',
    });
    expect(duplicate.statusCode).toBe(409);

    const person = (await get(`/api/people/${id}`, xinning)).json();
    expect(person.roles).toEqual([
      { id: granted.json().id, role: 'window_staff', orgCode: '511723100-1-1', orgName: '综合窗口' },
    ]);

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/people/${id}/roles/${granted.json().id}`,
      headers: xinning.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await get(`/api/people/${id}`, xinning)).json().roles).toEqual([]);
  });

  it('audits every read of an unmasked phone number', async () => {
    const clerk = (await get('/api/people?q=xinning_clerk', xinning)).json().items[0];
    const res = await get(`/api/people/${clerk.id}?unmask=phone`, xinning);
    expect(res.json().phone).toMatch(/^1380838\d{4}$/);
    const audit = await get(`/api/audit?action=person.read_unmasked&entityId=${clerk.id}`, admin);
    expect(audit.json().items[0]).toMatchObject({ actorName: '新宁镇 管理员', entityId: clerk.id });
    // A clerk may read colleagues but not unmask them.
    const clerkSession = await signInAs(t.app, 'xinning_clerk');
    expect((await get(`/api/people/${clerk.id}?unmask=phone`, clerkSession)).statusCode).toBe(403);
  });

  it('refuses bad input and stores nothing', async () => {
    const before = (await get('/api/people?pageSize=1', admin)).json().total;
    const bad = [
      { username: 'a', displayName: '短', orgCode: '511723', password: 'Start-pass-2026' },
      {
        username: 'okname',
        displayName: '号码错',
        orgCode: '511723',
        password: 'Start-pass-2026',
        phone: '12345',
      },
      { username: 'okname', displayName: '弱密码', orgCode: '511723', password: 'password' },
      { username: 'okname', displayName: '无机构', orgCode: '511799', password: 'Start-pass-2026' },
      { username: 'admin', displayName: '重名', orgCode: '511723', password: 'Start-pass-2026' },
      {
        username: 'okname',
        displayName: '多余字段',
        orgCode: '511723',
        password: 'Start-pass-2026',
        role: 'admin',
      },
    ];
    const codes = [];
    for (const payload of bad) codes.push((await post('/api/people', admin, payload)).json().code);
    expect(codes).toEqual([
      'request.invalid',
      'person.phone_invalid',
      'auth.password_weak',
      'org.not_found',
      'person.username_taken',
      'request.invalid',
    ]);
    expect(
      (await post('/api/people/not-a-uuid/roles', admin, { role: 'admin', orgCode: '511723' })).statusCode,
    ).toBe(400);
    expect((await get('/api/people?pageSize=1', admin)).json().total).toBe(before);
  });

  it('disabling a person ends their sessions', async () => {
    const doctor = await signInAs(t.app, 'doctor');
    const id = (await get('/api/me', doctor)).json().id;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/people/${id}`,
      headers: admin.headers,
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/me', doctor)).statusCode).toBe(401);
  });

  it('exports the audit log as an Excel workbook for supervisors', async () => {
    const supervisor = await signInAs(t.app, 'supervisor');
    const res = await get('/api/audit/export.xlsx?entityType=person', supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const clerk = await signInAs(t.app, 'puan_clerk');
    expect((await get('/api/audit', clerk)).json().total).toBe(0);
    expect((await get('/api/audit?org=511723101', clerk)).statusCode).toBe(403);
  });
});
