import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { REGISTRATIONS_PER_MINUTE } from './resident-service.ts';

/** A valid 居民身份证号码 for a 17-digit body. */
const idOf = (body: string) => body + idNumberCheckDigit(body);
const PASSWORD = 'Resident-pass-2026';

describe.each(TEST_ENGINES)('resident accounts on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  // Each registration comes from its own address unless a test is about the limit per address.
  let ipCounter = 0;
  const nextIp = () => `10.9.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    t.setNow(new Date('2026-03-02T02:00:00Z'));
    admin = await signInAs(t.app, 'admin');
  });
  afterAll(() => t?.close());

  const register = (payload: object, ip = nextIp()) =>
    t.app.inject({ method: 'POST', url: '/api/public/residents', payload, remoteAddress: ip });

  /** Registers and returns a session built from the answer (cookies plus the CSRF token). */
  async function registered(payload: { name: string; idNumber: string; phone: string; password?: string }) {
    const res = await register({ password: PASSWORD, ...payload });
    expect(res.statusCode, res.body).toBe(201);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrfToken = res.json().csrfToken as string;
    return {
      res,
      session: { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } } as Session,
    };
  }

  const get = (url: string, s?: Session) =>
    t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });

  it('registers a resident at the county root and signs them in at once', async () => {
    // Full-width digits and a lower-case x, as a phone keyboard may give them, are normalised.
    const id = idOf('51172319900307201');
    const typed = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).toLowerCase();
    const { res, session } = await registered({ name: ' 李居民 ', idNumber: typed, phone: '13700000001' });
    const cookie = res.cookies.find((c) => c.name === 'bm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json().user).toMatchObject({
      username: '13700000001',
      displayName: '李居民',
      kind: 'resident',
      orgCode: '511723',
      orgName: '开江县',
      mustChangePassword: false,
      roles: [],
      permissions: [],
    });

    const me = await get('/api/me', session);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'resident', username: '13700000001' });

    const row = await t.ctx.db
      .selectFrom('people')
      .select(['kind', 'id_number', 'org_path', 'must_change_password', 'phone'])
      .where('username', '=', '13700000001')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      kind: 'resident',
      id_number: id.toUpperCase(),
      org_path: '/511723/',
      must_change_password: false,
      phone: '13700000001',
    });
    expect(
      await t.ctx.db
        .selectFrom('role_assignments')
        .innerJoin('people', 'people.id', 'role_assignments.person_id')
        .select('role')
        .where('people.username', '=', '13700000001')
        .execute(),
    ).toEqual([]);

    // The registration is in the audit log, without the full ID number or phone.
    const audit = await get('/api/audit?action=person.register&pageSize=50', admin);
    expect(audit.statusCode).toBe(200);
    const entry = audit.json().items.find((e: { actorName: string }) => e.actorName === '李居民') as Record<
      string,
      unknown
    >;
    expect(entry).toMatchObject({ action: 'person.register', entityType: 'person', orgCode: '511723' });
    expect(entry.after).toEqual({
      kind: 'resident',
      name: '李居民',
      idNumber: `511723********${id.slice(-4)}`,
      phone: '137****0001',
    });
  });

  it('tells staff apart from residents in /api/me', async () => {
    const clerk = await signInAs(t.app, 'xinning_clerk');
    expect((await get('/api/me', clerk)).json().kind).toBe('staff');
  });

  it('signs a resident in with the mobile number through the ordinary sign-in', async () => {
    await registered({ name: '王居民', idNumber: idOf('51172319851111102'), phone: '13700000002' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: '13700000002', password: 'not-the-password-1' },
    });
    expect(wrong.statusCode).toBe(401);
    const s = await signInAs(t.app, '13700000002', PASSWORD);
    const me = await get('/api/me', s);
    expect(me.json()).toMatchObject({ kind: 'resident', displayName: '王居民', roles: [] });
    // The same password rule as staff when a resident changes theirs.
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: PASSWORD, newPassword: 'short1' },
    });
    expect(weak.statusCode).toBe(400);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: PASSWORD, newPassword: 'Another-pass-2027' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await signInAs(t.app, '13700000002', 'Another-pass-2027')).cookie).toContain('bm_session');
  });

  it('reports every bad field at once and creates nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const good = idOf('51172320000101301');
    const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const res = await register({
      name: '   ',
      idNumber: badCheck,
      phone: '0818-8221501',
      password: 'password',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('resident.invalid');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone', 'password']));
    expect(res.json().errors.find((e: { field: string }) => e.field === 'phone').code).toBe('phone.mobile');

    // The password may not be the phone number itself, even when long enough.
    const samePassword = await register({
      name: '赵居民',
      idNumber: good,
      phone: '13700000003',
      password: '13700000003',
    });
    expect(samePassword.statusCode).toBe(400);
    expect(samePassword.json().errors.map((e: { field: string }) => e.field)).toEqual(['password']);

    // A birth date in the future is not a person yet.
    const unborn = await register({
      name: '赵居民',
      idNumber: idOf('51172320990101301'),
      phone: '13700000003',
      password: PASSWORD,
    });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json().errors[0].field).toBe('idNumber');

    // Unknown fields and missing ones are refused by the schema.
    const extra = await register({
      name: 'x',
      idNumber: good,
      phone: '13700000003',
      password: PASSWORD,
      role: 'admin',
    });
    expect(extra.statusCode).toBe(400);
    const missing = await register({ name: 'x', phone: '13700000003', password: PASSWORD });
    expect(missing.statusCode).toBe(400);

    const after = await t.ctx.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a phone or an ID number already registered with 409', async () => {
    const id = idOf('51172319700101400');
    await registered({ name: '周居民', idNumber: id, phone: '13700000004' });
    const samePhone = await register({
      name: '另一人',
      idNumber: idOf('51172319700101500'),
      phone: '13700000004',
      password: PASSWORD,
    });
    expect(samePhone.statusCode).toBe(409);
    expect(samePhone.json()).toMatchObject({ code: 'resident.phone_taken', title: '手机号已注册' });
    expect(samePhone.json().detail).toContain('137****0004');

    const sameId = await register({
      name: '周居民',
      idNumber: id.toLowerCase(),
      phone: '13700000005',
      password: PASSWORD,
    });
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json().code).toBe('resident.id_number_taken');
    expect(sameId.json().detail).not.toContain(id);

    // A staff username is a sign-in name too: a phone-shaped one cannot be taken over.
    await t.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: admin.headers,
      payload: {
        username: '13700000006',
        displayName: '号码式用户名',
        orgCode: '511723-1',
        password: PASSWORD,
      },
    });
    const staffName = await register({
      name: '冒用者',
      idNumber: idOf('51172319700101600'),
      phone: '13700000006',
      password: PASSWORD,
    });
    expect(staffName.statusCode).toBe(409);

    // The English texts exist for every new code.
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/public/residents',
      headers: { 'accept-language': 'en' },
      remoteAddress: nextIp(),
      payload: { name: '周居民', idNumber: id, phone: '13700000007', password: PASSWORD },
    });
    expect(en.json().title).toBe('ID number already registered');
  });

  it('keeps residents out of staff lists and people admin: no roles, no password resets', async () => {
    const { res } = await registered({
      name: '钱居民',
      idNumber: idOf('51172319990909090'),
      phone: '13700000008',
    });
    const residentId = res.json().user.id as string;
    const list = await get('/api/people?q=13700000008', admin);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [], total: 0 });
    const all = await get('/api/people?pageSize=200', admin);
    expect(all.json().items.some((p: { id: string }) => p.id === residentId)).toBe(false);
    expect((await get(`/api/people/${residentId}`, admin)).statusCode).toBe(404);
    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/people/${residentId}/roles`,
      headers: admin.headers,
      payload: { role: 'window_staff', orgCode: '511723-1' },
    });
    expect(grant.statusCode).toBe(404);
    expect(grant.json().code).toBe('person.not_found');
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/people/${residentId}/password`,
      headers: admin.headers,
      payload: { password: 'Reset-pass-2026' },
    });
    expect(reset.statusCode).toBe(404);
    const disable = await t.app.inject({
      method: 'PATCH',
      url: `/api/people/${residentId}`,
      headers: admin.headers,
      payload: { status: 'disabled' },
    });
    expect(disable.statusCode).toBe(404);
    const roles = await t.ctx.db
      .selectFrom('role_assignments')
      .select('id')
      .where('person_id', '=', residentId)
      .execute();
    expect(roles).toEqual([]);
  });

  it('answers 403 to a resident on every staff route and lets public and own routes through', async () => {
    const { session } = await registered({
      name: '孙居民',
      idNumber: idOf('51172319880808080'),
      phone: '13700000009',
    });
    const staffReads = [
      '/api/people',
      '/api/orgs/511723',
      '/api/orgs/511723/children',
      '/api/audit',
      '/api/cases',
      '/api/catalog/items',
      '/api/cases/00000000-0000-4000-8000-000000000000/events',
    ];
    for (const url of staffReads) {
      const res = await get(url, session);
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({
        url,
        status: 403,
        code: 'auth.staff_only',
      });
    }
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: session.headers,
      payload: { parentCode: '511723-1', kind: 'window', name: '居民建的窗口' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('auth.staff_only');
    const walkIn = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: session.headers,
      payload: { itemId: '00000000-0000-4000-8000-000000000000', applicant: {}, materials: [] },
    });
    expect(walkIn.statusCode).toBe(403);

    // Public pages work for a resident as for anyone; their own routes too.
    expect((await get('/api/public/guides?q=gtgsh', session)).statusCode).toBe(200);
    expect((await get('/api/calendar', session)).statusCode).toBe(200);
    expect((await get('/api/config/public', session)).statusCode).toBe(200);
    expect((await get('/api/health', session)).statusCode).toBe(200);
    expect((await get('/api/my/profile', session)).statusCode).toBe(200);
    // Their own in-app notifications, yes; the outbox of messages sent to everyone, no.
    expect((await get('/api/notifications', session)).statusCode).toBe(200);
    expect((await get('/api/notifications/outbox', session)).statusCode).toBe(403);
  });

  it('keeps /api/my/… for residents: 401 for nobody, 403 for staff', async () => {
    const anonymous = await get('/api/my/profile');
    expect(anonymous.statusCode).toBe(401);
    const staff = await get('/api/my/profile', admin);
    expect(staff.statusCode).toBe(403);
    expect(staff.json().code).toBe('auth.residents_only');
  });

  it('shows the profile masked and updates name and mobile number (the sign-in name)', async () => {
    const id = idOf('51172319760615321');
    const { session } = await registered({ name: '吴居民', idNumber: id, phone: '13700000010' });
    const profile = await get('/api/my/profile', session);
    expect(profile.json()).toEqual({
      name: '吴居民',
      idNumber: `511723********${id.slice(-4)}`,
      phone: '13700000010',
    });

    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/my/profile', headers: session.headers, payload });
    const noCsrf = await t.app.inject({
      method: 'PUT',
      url: '/api/my/profile',
      headers: { cookie: session.cookie },
      payload: { name: '吴新名', phone: '13700000011' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await put({ name: '吴新名', phone: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('phone');
    const taken = await put({ name: '吴新名', phone: '13700000001' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('resident.phone_taken');
    const noId = await put({ name: '吴新名', phone: '13700000011', idNumber: id });
    expect(noId.statusCode).toBe(400);

    const ok = await put({ name: '吴新名', phone: '13700000011' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      name: '吴新名',
      idNumber: `511723********${id.slice(-4)}`,
      phone: '13700000011',
    });
    expect((await get('/api/me', session)).json()).toMatchObject({
      username: '13700000011',
      displayName: '吴新名',
    });
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: '13700000010', password: PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    await signInAs(t.app, '13700000011', PASSWORD);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('actor_name', '=', '吴新名')
      .where('action', '=', 'person.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ name: '吴新名', phone: '137****0011' });
  });

  it('limits registrations per address', async () => {
    const ip = '10.8.0.1';
    const statuses: number[] = [];
    for (let i = 0; i <= REGISTRATIONS_PER_MINUTE; i++) {
      // Invalid on purpose: the limit counts attempts, not successes.
      statuses.push((await register({ name: 'x', idNumber: 'x', phone: 'x', password: 'x' }, ip)).statusCode);
    }
    expect(statuses.slice(0, REGISTRATIONS_PER_MINUTE).every((s) => s === 400)).toBe(true);
    const limited = await register(
      { name: '郑居民', idNumber: idOf('51172319900101501'), phone: '13700000012', password: PASSWORD },
      ip,
    );
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('resident.rate_limited');
    const elsewhere = await register(
      { name: '郑居民', idNumber: idOf('51172319900101501'), phone: '13700000012', password: PASSWORD },
      '10.8.0.2',
    );
    expect(elsewhere.statusCode).toBe(201);
  });

  it('lets the database refuse a resident without an ID number or with a seeded password', async () => {
    const base = {
      display_name: '直接写入',
      password_hash: 'x',
      org_code: '511723',
      org_path: '/511723/',
      kind: 'resident' as const,
    };
    await expect(
      t.ctx.db
        .insertInto('people')
        .values({ ...base, username: 'direct-1', id_number: null })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.ctx.db
        .insertInto('people')
        .values({
          ...base,
          username: 'direct-2',
          id_number: idOf('51172319900101601'),
          must_change_password: true,
        })
        .execute(),
    ).rejects.toThrow();
  });
});
