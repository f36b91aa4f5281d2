import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, signInAs, type TestApp } from '../../test/server.ts';
import { DEMO_PASSWORD } from './demo-seed.ts';
import { LOGIN_ATTEMPTS_PER_MINUTE } from './session-routes.ts';

describe.each(TEST_ENGINES)('sign-in and sessions on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ engine });
  });
  afterAll(() => t?.close());

  const signIn = (username: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

  it('signs in with an HttpOnly session cookie and tells who you are', async () => {
    const res = await signIn('xinning_clerk', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json().user).toMatchObject({
      username: 'xinning_clerk',
      orgCode: '511723100-1',
      orgName: '新宁镇便民服务中心',
      mustChangePassword: false,
    });
    expect(res.json().user.roles).toContainEqual({
      role: 'window_staff',
      orgCode: '511723100-1',
      orgName: '新宁镇便民服务中心',
      orgPath: '/511723/511723100/511723100-1/',
    });
    expect(res.json().user.permissions).toEqual(['org.read', 'people.read', 'case.handle', 'case.read']);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { bm_session: cookie!.value } });
    expect(me.json().username).toBe('xinning_clerk');
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await signIn('admin', 'not-the-password', '10.0.0.2');
    const unknown = await signIn('nobody', 'not-the-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ ...unknown.json() });
    expect(wrong.json()).toMatchObject({ code: 'auth.invalid_credentials', title: '用户名或密码错误' });
    expect(wrong.cookies.find((c) => c.name === 'bm_session')).toBeUndefined();
  });

  it('limits sign-in attempts per address and username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++)
      statuses.push((await signIn('leader', 'wrong', '10.0.0.3')).statusCode);
    expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    const limited = await signIn('leader', DEMO_PASSWORD, '10.0.0.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('auth.rate_limited');
    // Neither another address nor another person at the same address is punished for it.
    expect((await signIn('leader', DEMO_PASSWORD, '10.0.0.4')).statusCode).toBe(200);
    expect((await signIn('supervisor', DEMO_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const s = await signInAs(t.app, 'admin');
    const payload = { parentCode: '511723-1', kind: 'window', name: 'CSRF 测试窗口' };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: { cookie: s.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('auth.csrf_invalid');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
      payload,
    });
    expect(forged.statusCode).toBe(403);
    const children = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/511723-1/children',
      headers: { cookie: s.cookie },
    });
    expect(children.json().items.map((o: { name: string }) => o.name)).not.toContain('CSRF 测试窗口');
    const ok = await t.app.inject({ method: 'POST', url: '/api/orgs', headers: s.headers, payload });
    expect(ok.statusCode).toBe(201);
  });

  it('needs a session for every console route', async () => {
    for (const url of ['/api/me', '/api/orgs/511723', '/api/people', '/api/audit']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('auth.required');
    }
  });

  it('ends the session on sign-out', async () => {
    const s = await signInAs(t.app, 'leader');
    const out = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const s = await signInAs(t.app, 'doctor');
    t.setNow(new Date(Date.now() + 13 * 3_600_000));
    try {
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).statusCode,
      ).toBe(401);
    } finally {
      t.setNow(new Date());
    }
  });
});

describe.each(TEST_ENGINES)('outside demo mode on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.BIANMIN_ADMIN_PASSWORD = 'Initial-Pass-1';
    t = await createTestApp({ engine, config: { demo: false } });
    delete process.env.BIANMIN_ADMIN_PASSWORD;
  });
  afterAll(() => t?.close());

  it('publishes no demo accounts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/config/public' });
    expect(res.json()).toEqual({ demo: false, version: 'test' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: 'xinning_clerk', password: DEMO_PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('forces the seeded administrator to change the password before anything else', async () => {
    const s = await signInAs(t.app, 'admin', 'Initial-Pass-1');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    expect(me.json().mustChangePassword).toBe(true);
    const blocked = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/511723',
      headers: { cookie: s.cookie },
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.password_change_required');

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'short1' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('auth.password_weak');
    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: 'nope', newPassword: 'A-much-better-pass-2' },
    });
    expect(wrongCurrent.json().code).toBe('auth.password_wrong');

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: 'Initial-Pass-1', newPassword: 'A-much-better-pass-2' },
    });
    expect(changed.statusCode).toBe(204);
    const county = await t.app.inject({
      method: 'GET',
      url: '/api/orgs/511723',
      headers: { cookie: s.cookie },
    });
    expect(county.statusCode).toBe(200);
    expect(county.json().childCount).toBe(13);
  });
});
