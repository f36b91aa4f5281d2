// API-level tests of case handling beyond the walk-in path (cases.test.ts): filing by a village proxy and
// online by a resident, 联办 participant opinions, 上报 hand-over, the deemed-acceptance sweep, fees and
// scanned materials in the chained case file, audited unmasking, the to-do/done lists with their lights,
// and per-person procedure roles.
//
// Extra staff accounts, named ht_* (a second village proxy, approvers at 残联, 卫健局, 民政局, 新宁镇 and a
// second one at 市场监管局), are inserted directly into people/role_assignments before signing in; procedure roles are
// inserted into procedure_role_assignments, as no route manages them yet.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateClock } from '../../core/clock/clock.ts';
import { deemedAcceptance } from '../../core/clock/presets.ts';
import type { Role } from '../../core/org/roles.ts';
import { idNumberCheckDigit } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';
import { DEMO_PASSWORD } from '../org/demo-seed.ts';
import { hashPassword } from '../org/passwords.ts';
import { findCase } from './case-store.ts';
import { sweepDeemedAcceptance } from './deemed-acceptance.ts';

const idOf = (body: string) => body + idNumberCheckDigit(body);
const ID_NUMBER = idOf('51172319850312301');
const PHONE = '13912345678';
const RESIDENT_PASSWORD = 'Resident-pass-2026';

/** A Tuesday in March 2026, a working day well inside a loaded calendar year. */
const BASE = new Date('2026-03-10T02:00:00Z');
const HOUR = 3_600_000;
const later = (hours: number, from = BASE) => new Date(from.getTime() + hours * HOUR);

/** The smallest file every PDF reader accepts as one; only its first bytes are checked on upload. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// Demo org codes (server/org/demo-seed.ts, creation order): county bureaus and township units.
const MARKET = '511723-2';
const CIVIL = '511723-4';
const HEALTH = '511723-6';
const DISABLED = '511723-10';
const XINNING = '511723100';
const XINNING_CENTER = '511723100-1';
const XINNING_SOCIAL_WINDOW = '511723100-1-2';

interface Registered {
  id: string;
  caseNumber: string;
  queryCode: string;
  status: string;
}

interface ClockView {
  key: string;
  name: string;
  startedAt: string;
  deadline: string | null;
  light: string | null;
  stopped: boolean;
  unit: string;
}

interface ListItem {
  id: string;
  caseNumber: string;
  status: string;
  light: string | null;
  deadline: string | null;
  overdue: boolean;
}

describe.each(TEST_ENGINES)('case handling on %s', (engine) => {
  let t: TestApp;
  let countyClerk: Session;
  let approver: Session;
  let xinningClerk: Session;
  let supervisor: Session;
  let proxy: Session;
  let otherProxy: Session;
  let jointLead: Session;
  let jointHealth: Session;
  let townshipApprover: Session;
  let civilApprover: Session;
  let marketHead: Session;
  let residentA: Session;
  let residentB: Session;
  const people: Record<string, string> = {};
  let ipSerial = 0;

  let foodItem: string;
  let foodMaterials: string[];
  let pensionItem: string;
  let pensionMaterials: string[];
  let disabilityItem: string;
  let disabilityMaterials: string[];
  let dibaoItem: string;
  let dibaoMaterials: string[];

  async function orgPath(code: string): Promise<string> {
    const row = await t.ctx.db
      .selectFrom('orgs')
      .select('path')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return row.path;
  }

  /** A staff account with these grants, inserted directly (the first grant's org is its home). */
  async function createStaff(username: string, grants: { role: Role; orgCode: string }[]): Promise<string> {
    const home = grants[0]!.orgCode;
    const { id } = await t.ctx.db
      .insertInto('people')
      .values({
        username,
        display_name: `测试 ${username}`,
        password_hash: await hashPassword(DEMO_PASSWORD),
        must_change_password: false,
        org_code: home,
        org_path: await orgPath(home),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const g of grants) {
      await t.ctx.db
        .insertInto('role_assignments')
        .values({ person_id: id, role: g.role, org_code: g.orgCode, org_path: await orgPath(g.orgCode) })
        .execute();
    }
    people[username] = id;
    return id;
  }

  /** Registers a resident through the public route and returns the session it opens. */
  async function registerResident(name: string, idNumber: string, phone: string): Promise<Session> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/residents',
      payload: { name, idNumber, phone, password: RESIDENT_PASSWORD },
      remoteAddress: `10.77.0.${++ipSerial}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrfToken = res.json().csrfToken as string;
    people[phone] = res.json().user.id;
    return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
  }

  const materialsOf = async (itemId: string) =>
    (await findPublishedVersion(t.ctx.db, itemId))!.materials.map((m) => m.name);

  beforeAll(async () => {
    t = await createTestApp({ engine });
    // Sessions last 12 hours from sign-in on the platform clock: opened at the end of the last loaded
    // year, they stay valid at every earlier instant the tests move the clock to.
    t.setNow(new Date('2026-12-31T00:00:00Z'));
    const secondVillage = await t.ctx.db
      .selectFrom('orgs')
      .select('code')
      .where('parent_code', '=', XINNING)
      .where('kind', '=', 'village')
      .where('code', '<>', '511723100001')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await createStaff('ht_proxy_two', [{ role: 'village_proxy', orgCode: secondVillage.code }]);
    await createStaff('ht_joint_lead', [{ role: 'approver', orgCode: DISABLED }]);
    await createStaff('ht_joint_health', [{ role: 'approver', orgCode: HEALTH }]);
    await createStaff('ht_township_approver', [{ role: 'approver', orgCode: XINNING }]);
    await createStaff('ht_civil_approver', [{ role: 'approver', orgCode: CIVIL }]);
    await createStaff('ht_market_head', [{ role: 'approver', orgCode: MARKET }]);

    const sign = (u: string) => signInAs(t.app, u);
    countyClerk = await sign('county_clerk');
    approver = await sign('approver');
    xinningClerk = await sign('xinning_clerk');
    supervisor = await sign('supervisor');
    proxy = await sign('village_proxy');
    otherProxy = await sign('ht_proxy_two');
    jointLead = await sign('ht_joint_lead');
    jointHealth = await sign('ht_joint_health');
    townshipApprover = await sign('ht_township_approver');
    civilApprover = await sign('ht_civil_approver');
    marketHead = await sign('ht_market_head');
    for (const u of ['approver', 'village_proxy']) {
      const row = await t.ctx.db
        .selectFrom('people')
        .select('id')
        .where('username', '=', u)
        .executeTakeFirstOrThrow();
      people[u] = row.id;
    }
    residentA = await registerResident('网上申请人甲', idOf('51172319900307201'), '13700000001');
    residentB = await registerResident('网上申请人乙', idOf('51172319910408202'), '13700000002');

    t.setNow(BASE);
    foodItem = await demoItemId(t, '食品经营许可');
    foodMaterials = await materialsOf(foodItem);
    pensionItem = await demoItemId(t, '城乡居民基本养老保险参保登记');
    pensionMaterials = await materialsOf(pensionItem);
    disabilityItem = await demoItemId(t, '残疾人证申领');
    disabilityMaterials = await materialsOf(disabilityItem);
    dibaoItem = await demoItemId(t, '最低生活保障申请');
    dibaoMaterials = await materialsOf(dibaoItem);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.setNow(BASE));

  function call(s: Session | null, method: 'GET' | 'POST', url: string, payload?: object) {
    const headers: Record<string, string> = s
      ? method === 'GET'
        ? { cookie: s.cookie }
        : { ...s.headers }
      : {};
    return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  const get = (s: Session | null, url: string) => call(s, 'GET', url);

  const act = (s: Session, id: string, action: string, payload: object = {}) =>
    call(s, 'POST', `/api/cases/${id}/actions/${action}`, { payload });

  function upload(s: Session, url: string, contentType: string, body: Buffer, name?: string) {
    const headers: Record<string, string> = { ...s.headers, 'content-type': contentType };
    if (name) headers['x-file-name'] = encodeURIComponent(name);
    return t.app.inject({ method: 'POST', url, headers, payload: body });
  }

  function applicant(name = '测试申请人王小明') {
    return { kind: 'person', name, idNumber: ID_NUMBER, phone: PHONE };
  }

  async function registered(s: Session, body: Record<string, unknown>): Promise<Registered> {
    const res = await call(s, 'POST', '/api/cases', { applicant: applicant(), ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const foodCase = (name?: string) =>
    registered(countyClerk, { itemId: foodItem, materials: foodMaterials, applicant: applicant(name) });

  async function expectOk(res: Awaited<ReturnType<typeof call>>, status = 200) {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  }

  async function listIds(s: Session, query = ''): Promise<string[]> {
    const res = await get(s, `/api/cases?pageSize=500${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as ListItem[]).map((i) => i.id);
  }

  async function count(table: 'cases' | 'case_fees' | 'case_files' | 'case_events', caseId?: string) {
    let q = t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (caseId) q = q.where(table === 'cases' ? 'id' : 'case_id', '=', caseId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async function events(s: Session, id: string) {
    const res = await get(s, `/api/cases/${id}/events`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      action: string;
      actorRole: string;
      orgCode: string;
      at: string;
      detail: { payload: Record<string, unknown>; clocks: { clock: string; op: string }[] };
    }[];
  }

  async function verified(s: Session, id: string) {
    return (await get(s, `/api/cases/${id}/verify`)).json() as { valid: boolean; events: number };
  }

  const clock = (view: { clocks: ClockView[] }, key: string) => view.clocks.find((c) => c.key === key);

  // -------------------------------------------------------------------------------------------------

  describe('proxy filing (代办)', () => {
    const proxyBody = (overrides: Record<string, unknown> = {}) => ({
      itemId: pensionItem,
      applicant: applicant('代办申请人刘大爷'),
      materials: pensionMaterials,
      consent: '申请人签字的委托书',
      ...overrides,
    });

    it('refuses a filing without the resident’s consent and stores nothing', async () => {
      const before = await count('cases');
      const { consent: _omit, ...noConsent } = proxyBody();
      const missing = await call(proxy, 'POST', '/api/cases/proxy', noConsent);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().code).toBe('request.invalid');
      const blank = await call(proxy, 'POST', '/api/cases/proxy', proxyBody({ consent: '   ' }));
      expect(blank.statusCode).toBe(400);
      expect(blank.json()).toMatchObject({ code: 'case.consent_required', errors: [{ field: 'consent' }] });
      // An item not open to proxy filing, and a filer who is no proxy.
      const notOffered = await call(
        proxy,
        'POST',
        '/api/cases/proxy',
        proxyBody({ itemId: foodItem, materials: foodMaterials }),
      );
      expect(notOffered.statusCode).toBe(400);
      expect(notOffered.json().code).toBe('case.proxy_not_offered');
      expect((await call(countyClerk, 'POST', '/api/cases/proxy', proxyBody())).statusCode).toBe(403);
      expect(await count('cases')).toBe(before);
    });

    it('lands at the township window, is handed over once, and the window’s receipt starts the clock', async () => {
      const filed = await expectOk(await call(proxy, 'POST', '/api/cases/proxy', proxyBody()), 201);
      expect(filed).toMatchObject({
        status: 'submitted_online',
        channel: 'proxy',
        handlingOrgCode: XINNING_SOCIAL_WINDOW,
        receivedAt: null,
        proxy: { personId: people.village_proxy, consent: '申请人签字的委托书', handedOverAt: null },
      });
      expect(filed.caseNumber).toMatch(/^511723100-1-20260310-\d{4}$/);
      expect(filed.queryCode).toMatch(/^[A-Z2-9]{8}$/);
      expect(filed.clocks).toEqual([]);
      expect(filed.actions).toEqual(expect.arrayContaining(['hand_over', 'withdraw']));

      // The proxy's own list and to-do hold it, though it sits outside their village.
      expect(await listIds(proxy)).toContain(filed.id);
      expect(await listIds(proxy, '&view=todo')).toContain(filed.id);
      expect(await listIds(xinningClerk, '&view=todo')).toContain(filed.id);
      // Another proxy of the same township neither sees nor hands it over.
      expect((await get(otherProxy, `/api/cases/${filed.id}`)).statusCode).toBe(404);
      expect(await listIds(otherProxy)).not.toContain(filed.id);
      expect([403, 404]).toContain((await act(otherProxy, filed.id, 'hand_over', { note: 'x' })).statusCode);

      t.setNow(later(1));
      const handed = await expectOk(
        await act(proxy, filed.id, 'hand_over', { note: '材料两份，交社保民政窗口' }),
      );
      expect(handed.status).toBe('submitted_online');
      expect(handed.proxy.handedOverAt).toBe(later(1).toISOString());
      expect(handed.actions).not.toContain('hand_over');
      t.setNow(later(2));
      const again = await act(proxy, filed.id, 'hand_over', { note: '再次移交' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('case.action_not_allowed');

      t.setNow(later(3));
      const received = await expectOk(
        await act(xinningClerk, filed.id, 'receive', { note: '已收到代办材料' }),
      );
      expect(received).toMatchObject({ status: 'received', receivedAt: later(3).toISOString() });
      const acceptance = clock(received, 'acceptance');
      expect(acceptance).toMatchObject({ startedAt: later(3).toISOString(), stopped: false, light: 'green' });
      expect(acceptance?.deadline).not.toBeNull();
      // Received, it waits for the window now, not for the proxy.
      expect(await listIds(proxy, '&view=todo')).not.toContain(filed.id);
      expect(await listIds(proxy)).toContain(filed.id);
      expect(await listIds(proxy, '&view=done')).toContain(filed.id);

      const file = await events(xinningClerk, filed.id);
      expect(file.map((e) => [e.action, e.actorRole])).toEqual([
        ['submit', 'village_proxy'],
        ['hand_over', 'village_proxy'],
        ['receive', 'window_staff'],
      ]);
      expect(file[0]!.orgCode).toBe('511723100001');
      expect(file[0]!.detail.payload).toMatchObject({ channel: 'proxy', consent: '申请人签字的委托书' });
      expect(await verified(xinningClerk, filed.id)).toEqual({ valid: true, events: 3 });
      expect(await verified(proxy, filed.id)).toEqual({ valid: true, events: 3 });
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('online filing by a resident (网上申报)', () => {
    const apply = (s: Session, body: Record<string, unknown>) => call(s, 'POST', '/api/my/cases', body);

    it('files online, keeps the case to its owner, and refuses an item not offered online', async () => {
      const res = await apply(residentA, { itemId: foodItem, materials: foodMaterials.slice(0, 3) });
      const filed = await expectOk(res, 201);
      expect(filed).toMatchObject({
        status: 'submitted_online',
        itemName: '食品经营许可',
        publicLabel: '预受理',
      });
      expect(filed.queryCode).toMatch(/^[A-Z2-9]{8}$/);

      const staffView = await expectOk(await get(countyClerk, `/api/cases/${filed.id}`));
      expect(staffView).toMatchObject({
        channel: 'online',
        applicant: { name: '网上申请人甲' },
        receivedAt: null,
      });
      expect(staffView.state.applicantPersonId).toBe(people['13700000001']);

      const offline = await apply(residentA, { itemId: dibaoItem, materials: [] });
      expect(offline.statusCode).toBe(400);
      expect(offline.json().code).toBe('case.online_not_offered');

      const mine = await expectOk(await get(residentA, '/api/my/cases'));
      expect(mine.items.map((i: { id: string }) => i.id)).toEqual([filed.id]);
      expect(mine.total).toBe(1);
      const one = await expectOk(await get(residentA, `/api/my/cases/${filed.id}`));
      expect(one).toMatchObject({
        caseNumber: filed.caseNumber,
        status: 'submitted_online',
        missing: null,
        actions: ['withdraw'],
        files: [],
      });

      expect((await get(residentB, `/api/my/cases/${filed.id}`)).statusCode).toBe(404);
      expect((await get(residentB, '/api/my/cases')).json()).toMatchObject({ items: [], total: 0 });
      expect((await call(residentB, 'POST', `/api/my/cases/${filed.id}/withdraw`, {})).statusCode).toBe(404);
      for (const url of ['/api/my/cases', `/api/my/cases/${filed.id}`]) {
        const staff = await get(countyClerk, url);
        expect(staff.statusCode, url).toBe(403);
        expect(staff.json().code).toBe('auth.residents_only');
      }
      const staffApply = await apply(countyClerk, { itemId: foodItem, materials: [] });
      expect(staffApply.statusCode).toBe(403);
      // A resident is no staff: the console routes stay closed.
      const console = await get(residentA, `/api/cases/${filed.id}`);
      expect(console.statusCode).toBe(403);
      expect(console.json().code).toBe('auth.staff_only');
    });

    it('takes uploads of the right type and size only, hashed into the case file', async () => {
      const filed = await expectOk(await apply(residentA, { itemId: foodItem, materials: [] }), 201);
      const url = (material: string) =>
        `/api/my/cases/${filed.id}/files?material=${encodeURIComponent(material)}`;
      const material = foodMaterials[0]!;
      const before = await count('case_files', filed.id);

      const wrongType = await upload(residentA, url(material), 'text/plain', Buffer.from('hello'));
      expect(wrongType.statusCode).toBe(415);
      const mismatch = await upload(residentA, url(material), 'image/png', PDF);
      expect(mismatch.statusCode).toBe(400);
      expect(mismatch.json().code).toBe('case.file_type_mismatch');
      const unknown = await upload(residentA, url('不在清单中的材料'), 'application/pdf', PDF);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().code).toBe('case.material_unknown');
      const huge = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
      const tooLarge = await upload(residentA, url(material), 'application/pdf', huge);
      expect(tooLarge.statusCode).toBe(413);
      const someoneElse = await upload(residentB, url(material), 'application/pdf', PDF);
      expect(someoneElse.statusCode).toBe(404);
      expect(await count('case_files', filed.id)).toBe(before);

      const ok = await expectOk(
        await upload(residentA, url(material), 'application/pdf', PDF, '申请书（签字版）.pdf'),
        201,
      );
      expect(ok).toMatchObject({
        material,
        name: '申请书（签字版）.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        sha256: sha256(PDF),
        uploadedBy: '网上申请人甲',
      });
      const one = await expectOk(await get(residentA, `/api/my/cases/${filed.id}`));
      expect(one.files.map((f: { id: string }) => f.id)).toEqual([ok.id]);
      const bytes = await get(residentA, `/api/my/cases/${filed.id}/files/${ok.id}`);
      expect(bytes.statusCode).toBe(200);
      expect(bytes.rawPayload.equals(PDF)).toBe(true);

      const file = await events(countyClerk, filed.id);
      expect(file.at(-1)).toMatchObject({ action: 'attach_material', actorRole: 'applicant' });
      expect(file.at(-1)!.detail.payload).toMatchObject({ fileId: ok.id, sha256: ok.sha256, material });
      expect(await verified(countyClerk, filed.id)).toEqual({ valid: true, events: 2 });
    });

    it('goes through pre-review, the one-time notice and the supplement, then is withdrawn', async () => {
      const filed = await expectOk(
        await apply(residentA, { itemId: foodItem, materials: foodMaterials.slice(0, 2) }),
        201,
      );
      const missing = foodMaterials.slice(2);

      t.setNow(later(1));
      const passed = await expectOk(
        await act(countyClerk, filed.id, 'pre_review_pass', { note: '电子材料清晰' }),
      );
      expect(passed).toMatchObject({ status: 'received', receivedAt: later(1).toISOString() });
      expect(clock(passed, 'acceptance')?.startedAt).toBe(later(1).toISOString());

      t.setNow(later(2));
      const noticed = await expectOk(await act(countyClerk, filed.id, 'issue_notice', { missing }));
      expect(noticed.status).toBe('awaiting_supplement');
      const waiting = await expectOk(await get(residentA, `/api/my/cases/${filed.id}`));
      expect(waiting).toMatchObject({ status: 'awaiting_supplement', publicLabel: '补正', missing });
      expect(waiting.actions).toEqual(['withdraw', 'supplement']);

      t.setNow(later(26));
      const supplemented = await expectOk(
        await call(residentA, 'POST', `/api/my/cases/${filed.id}/supplement`, { note: '已上传补正材料' }),
      );
      expect(supplemented).toMatchObject({ status: 'received', missing: null, actions: ['withdraw'] });
      // The notice is given once only (行政许可法 art. 32).
      const secondNotice = await act(countyClerk, filed.id, 'issue_notice', { missing });
      expect(secondNotice.statusCode).toBe(409);

      t.setNow(later(27));
      const withdrawn = await expectOk(
        await call(residentA, 'POST', `/api/my/cases/${filed.id}/withdraw`, { reason: '不再经营' }),
      );
      expect(withdrawn).toMatchObject({ status: 'withdrawn', publicLabel: '已撤回', actions: [] });
      const staffView = await expectOk(await get(countyClerk, `/api/cases/${filed.id}`));
      expect(staffView.clocks.length).toBeGreaterThan(0);
      expect(staffView.clocks.every((c: ClockView) => c.stopped && c.light === null)).toBe(true);
      expect(staffView.light).toBeNull();
      const file = await events(countyClerk, filed.id);
      expect(file.map((e) => [e.action, e.actorRole])).toEqual([
        ['submit', 'applicant'],
        ['pre_review_pass', 'window_staff'],
        ['issue_notice', 'window_staff'],
        ['supplement_received', 'applicant'],
        ['withdraw', 'applicant'],
      ]);
      // A withdrawn case takes no more uploads.
      const closed = await upload(
        residentA,
        `/api/my/cases/${filed.id}/files?material=${encodeURIComponent(foodMaterials[0]!)}`,
        'application/pdf',
        PDF,
      );
      expect(closed.statusCode).toBe(409);
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('联办 (joint handling): the participant’s opinion before the lead’s decision', () => {
    it('opens a participant task with its own clock and lets each side do only its part', async () => {
      const c = await registered(countyClerk, { itemId: disabilityItem, materials: disabilityMaterials });
      const tasks = await t.ctx.db.selectFrom('case_tasks').selectAll().where('case_id', '=', c.id).execute();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ org_code: HEALTH, status: 'pending', answered_at: null });

      t.setNow(later(1));
      const accepted = await expectOk(await act(countyClerk, c.id, 'accept'));
      expect(accepted.departmentCode).toBe(DISABLED);
      const taskClock = clock(accepted, `task:${HEALTH}`);
      expect(taskClock).toMatchObject({ startedAt: later(1).toISOString(), stopped: false, light: 'green' });
      expect(taskClock?.name).toContain('卫生健康局');
      expect(accepted.joint.tasks).toEqual([
        expect.objectContaining({
          orgCode: HEALTH,
          status: 'pending',
          opinion: null,
          deadline: taskClock!.deadline,
          light: 'green',
        }),
      ]);
      expect(accepted.joint.tasks[0].orgName).toContain('卫生健康局');

      // The participant finds it in its to-do and may only answer.
      expect(await listIds(jointHealth, '&view=todo')).toContain(c.id);
      expect(await listIds(jointLead, '&view=todo')).toContain(c.id);
      const participantView = await expectOk(await get(jointHealth, `/api/cases/${c.id}`));
      expect(participantView.actions).toEqual(['give_opinion']);
      const leadView = await expectOk(await get(jointLead, `/api/cases/${c.id}`));
      expect(leadView.actions).toContain('complete_step');
      expect(leadView.actions).not.toContain('give_opinion');
      expect(leadView.actions).not.toContain('decide');

      t.setNow(later(2));
      const early = await act(jointLead, c.id, 'decide', { outcome: 'approved' });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('case.action_not_allowed');
      const leadOpinion = await act(jointLead, c.id, 'give_opinion', { position: 'agree', opinion: '同意' });
      expect(leadOpinion.statusCode).toBe(403);
      expect(leadOpinion.json().code).toBe('case.role_not_allowed');
      const participantStep = await act(jointHealth, c.id, 'complete_step', { opinion: '评定完毕' });
      expect(participantStep.statusCode).toBe(403);
      const missingPosition = await act(jointHealth, c.id, 'give_opinion', { opinion: '符合' });
      expect(missingPosition.statusCode).toBe(400);

      t.setNow(later(3));
      const answered = await expectOk(
        await act(jointHealth, c.id, 'give_opinion', { position: 'agree', opinion: '经评定为肢体三级残疾' }),
      );
      expect(answered.status).toBe('accepted');
      expect(answered.joint.tasks[0]).toMatchObject({
        status: 'answered',
        position: 'agree',
        opinion: '经评定为肢体三级残疾',
        answeredAt: later(3).toISOString(),
        light: null,
      });
      expect(clock(answered, `task:${HEALTH}`)?.stopped).toBe(true);
      const row = await t.ctx.db
        .selectFrom('case_tasks')
        .selectAll()
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'answered' });
      expect(new Date(row.answered_at!).toISOString()).toBe(later(3).toISOString());
      const twice = await act(jointHealth, c.id, 'give_opinion', {
        position: 'disagree',
        opinion: '改变意见',
      });
      expect(twice.statusCode).toBe(409);
      expect(await listIds(jointHealth, '&view=todo')).not.toContain(c.id);
      expect(await listIds(jointHealth, '&view=done')).toContain(c.id);
      expect(await listIds(jointHealth)).toContain(c.id);

      t.setNow(later(4));
      await expectOk(await act(jointLead, c.id, 'complete_step', { opinion: '评定结论已收到' }));
      const participantDecide = await act(jointHealth, c.id, 'decide', { outcome: 'approved' });
      expect(participantDecide.statusCode).toBe(403);
      expect(participantDecide.json().code).toBe('case.role_not_allowed');
      t.setNow(later(5));
      const decided = await expectOk(
        await act(jointLead, c.id, 'decide', { outcome: 'approved', opinion: '准予发证' }),
      );
      expect(decided.status).toBe('decided_approved');

      const file = await events(countyClerk, c.id);
      expect(file.map((e) => [e.action, e.orgCode])).toEqual([
        ['receive', '511723-1'],
        ['accept', '511723-1'],
        ['give_opinion', HEALTH],
        ['complete_step', DISABLED],
        ['decide', DISABLED],
      ]);
      expect(await verified(jointLead, c.id)).toEqual({ valid: true, events: 5 });
    });

    it('stays out of sight of a township clerk', async () => {
      const c = await registered(countyClerk, { itemId: disabilityItem, materials: disabilityMaterials });
      t.setNow(later(1));
      await expectOk(await act(countyClerk, c.id, 'accept'));
      expect((await get(xinningClerk, `/api/cases/${c.id}`)).statusCode).toBe(404);
      expect(
        (await act(xinningClerk, c.id, 'give_opinion', { position: 'agree', opinion: 'x' })).statusCode,
      ).toBe(404);
      for (const view of ['', '&view=todo', '&view=done']) {
        expect(await listIds(xinningClerk, view)).not.toContain(c.id);
      }
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('上报 (escalated handling): township preliminary review, county decision', () => {
    it('hands the case to the county department with one number and the clocks switched over', async () => {
      const c = await registered(xinningClerk, { itemId: dibaoItem, materials: dibaoMaterials });
      expect(c.caseNumber).toMatch(/^511723100-1-20260310-\d{4}$/);
      const progress = async () => {
        const res = await get(null, `/api/public/cases/${c.caseNumber}?code=${c.queryCode}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { caseNumber: string; timeline: { label: string }[] };
      };

      t.setNow(later(1));
      const accepted = await expectOk(await act(xinningClerk, c.id, 'accept'));
      expect(accepted.handlingOrgCode).toBe(XINNING_CENTER);
      expect(accepted.departmentCode).toBe(CIVIL);
      expect(clock(accepted, 'preliminary')).toMatchObject({
        startedAt: later(1).toISOString(),
        stopped: false,
      });
      expect(clock(accepted, 'decision')).toBeUndefined();
      expect(accepted.escalation).toBeNull();

      // Before the hand-over the county department reads it but may not act; the township reviews.
      t.setNow(later(2));
      const civilView = await expectOk(await get(civilApprover, `/api/cases/${c.id}`));
      expect(civilView.actions).toEqual([]);
      const countyStep = await act(civilApprover, c.id, 'complete_step', { opinion: '县级审查' });
      expect(countyStep.statusCode).toBe(403);
      expect(countyStep.json().code).toBe('case.role_not_allowed');
      expect((await act(civilApprover, c.id, 'escalate', { opinion: 'x' })).statusCode).toBe(403);
      expect(await listIds(townshipApprover, '&view=todo')).toContain(c.id);
      expect(await listIds(civilApprover, '&view=todo')).not.toContain(c.id);
      expect(await listIds(civilApprover)).toContain(c.id);

      const stepped = await expectOk(
        await act(townshipApprover, c.id, 'complete_step', { opinion: '入户调查完毕，家庭收入低于标准' }),
      );
      expect(stepped).toMatchObject({ status: 'in_review' });
      expect(stepped.state.stepIndex).toBe(1);
      expect((await progress()).caseNumber).toBe(c.caseNumber);

      t.setNow(later(3));
      const escalated = await expectOk(
        await act(townshipApprover, c.id, 'escalate', {
          toOrgCode: CIVIL,
          opinion: '经民主评议和公示无异议，报县民政局',
        }),
      );
      expect(escalated.escalation).toMatchObject({
        fromOrgCode: XINNING_CENTER,
        toOrgCode: CIVIL,
        at: later(3).toISOString(),
        opinion: '经民主评议和公示无异议，报县民政局',
      });
      expect(escalated.escalation.toOrgName).toContain('民政局');
      const preliminary = clock(escalated, 'preliminary')!;
      expect(preliminary.stopped).toBe(true);
      expect(escalated.state.clocks.preliminary.stoppedAt).toBe(later(3).toISOString());
      expect(clock(escalated, 'decision')).toMatchObject({
        startedAt: later(3).toISOString(),
        stopped: false,
      });
      expect(escalated.caseNumber).toBe(c.caseNumber);

      // After it, the sides swap.
      t.setNow(later(4));
      const again = await act(townshipApprover, c.id, 'escalate', { opinion: '再次上报' });
      expect(again.statusCode).toBe(409);
      expect((await act(townshipApprover, c.id, 'decide', { outcome: 'approved' })).statusCode).toBe(403);
      expect(await listIds(townshipApprover, '&view=todo')).not.toContain(c.id);
      expect(await listIds(civilApprover, '&view=todo')).toContain(c.id);
      const decided = await expectOk(
        await act(civilApprover, c.id, 'decide', { outcome: 'approved', opinion: '审核确认，纳入低保' }),
      );
      expect(decided).toMatchObject({ status: 'decided_approved', caseNumber: c.caseNumber });
      expect(await count('cases', c.id)).toBe(1);

      const file = await events(xinningClerk, c.id);
      expect(file.map((e) => [e.action, e.orgCode])).toEqual([
        ['receive', XINNING_CENTER],
        ['accept', XINNING_CENTER],
        ['complete_step', XINNING],
        ['escalate', XINNING],
        ['decide', CIVIL],
      ]);
      const shown = await progress();
      expect(shown.caseNumber).toBe(c.caseNumber);
      expect(shown.timeline.map((e) => e.label)).toEqual(['收件', '受理', '审核', '已审批']);
      expect(await verified(civilApprover, c.id)).toEqual({ valid: true, events: 5 });
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('deemed acceptance sweep (行政许可法 art. 32)', () => {
    // The only cases of 2025 in this file: the sweep's counts are about these alone.
    it('accepts a case left over National Day as of its receipt, once', async () => {
      const received = new Date('2025-09-30T02:00:00Z');
      t.setNow(received);
      const c = await foodCase('视为受理测试人');
      const { deadline } = deemedAcceptance({
        receivedAt: received,
        now: received,
        calendar: await t.ctx.calendar.current(),
      });
      // 1–8 October 2025 are holidays: five working days reach well past 7 October.
      expect(deadline > '2025-10-09').toBe(true);

      t.setNow(new Date('2025-10-08T10:00:00Z'));
      expect(await sweepDeemedAcceptance(t.ctx)).toMatchObject({ accepted: 0 });
      t.setNow(new Date(Date.parse(deadline) - HOUR));
      expect(await sweepDeemedAcceptance(t.ctx)).toMatchObject({ accepted: 0 });
      expect((await findCase(t.ctx.db, c.id))!.status).toBe('received');
      expect(await count('case_events', c.id)).toBe(1);

      t.setNow(new Date(Date.parse(deadline) + HOUR));
      expect(await sweepDeemedAcceptance(t.ctx)).toEqual({ checked: 1, accepted: 1 });
      const view = await expectOk(await get(countyClerk, `/api/cases/${c.id}`));
      expect(view).toMatchObject({ status: 'accepted', acceptedAt: received.toISOString() });
      expect(view.state.deemedAccepted).toBe(true);
      expect(clock(view, 'acceptance')?.stopped).toBe(true);
      // The decision clock counts from the day of receipt.
      expect(clock(view, 'decision')?.startedAt).toBe(received.toISOString());
      const file = await events(countyClerk, c.id);
      expect(file.map((e) => [e.action, e.actorRole])).toEqual([
        ['receive', 'window_staff'],
        ['deem_accept', 'system'],
      ]);

      t.setNow(new Date(Date.parse(deadline) + 2 * HOUR));
      expect(await sweepDeemedAcceptance(t.ctx)).toEqual({ checked: 0, accepted: 0 });
      expect(await count('case_events', c.id)).toBe(2);
      expect(await verified(countyClerk, c.id)).toEqual({ valid: true, events: 2 });
    });

    it('leaves a case alone once the one-time notice was given in time', async () => {
      const received = new Date('2025-11-03T02:00:00Z');
      t.setNow(received);
      const c = await foodCase('已告知补正测试人');
      t.setNow(later(1, received));
      await expectOk(await act(countyClerk, c.id, 'issue_notice', { missing: [foodMaterials[0]!] }));
      t.setNow(new Date('2025-11-14T02:00:00Z'));
      await expectOk(await call(countyClerk, 'POST', `/api/cases/${c.id}/actions/supplement_received`, {}));
      t.setNow(new Date('2025-12-01T02:00:00Z'));
      expect(await sweepDeemedAcceptance(t.ctx)).toEqual({ checked: 1, accepted: 0 });
      expect((await findCase(t.ctx.db, c.id))!.status).toBe('received');
    });

    it('writes one deem_accept event when two sweeps race', async () => {
      const received = new Date('2025-12-30T02:00:00Z');
      t.setNow(received);
      const c = await foodCase('并发视为受理测试人');
      const { deadline } = deemedAcceptance({
        receivedAt: received,
        now: received,
        calendar: await t.ctx.calendar.current(),
      });
      t.setNow(new Date(Date.parse(deadline) + HOUR));
      const results = await Promise.all([sweepDeemedAcceptance(t.ctx), sweepDeemedAcceptance(t.ctx)]);
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(1);
      const deemed = await t.ctx.db
        .selectFrom('case_events')
        .select('seq')
        .where('case_id', '=', c.id)
        .where('action', '=', 'deem_accept')
        .execute();
      expect(deemed).toHaveLength(1);
      expect(await verified(countyClerk, c.id)).toEqual({ valid: true, events: 2 });
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('fees (一票制) and scanned materials in the case file', () => {
    it('numbers receipts per center and year and chains each fee into the case file', async () => {
      const c = await foodCase('收费测试人');
      const fees = `/api/cases/${c.id}/fees`;
      const first = await expectOk(
        await call(countyClerk, 'POST', fees, { name: '工本费', amountFen: 1000 }),
        201,
      );
      expect(first).toMatchObject({
        name: '工本费',
        amountFen: 1000,
        payer: '收费测试人',
        receiptNumber: '511723-1-SF2026-000001',
        paidAt: BASE.toISOString(),
      });
      t.setNow(later(1));
      const second = await expectOk(
        await call(countyClerk, 'POST', fees, { name: '证书费', amountFen: 550, payer: '某某代缴人' }),
        201,
      );
      expect(second).toMatchObject({ receiptNumber: '511723-1-SF2026-000002', payer: '某某代缴人' });
      expect(await expectOk(await get(countyClerk, fees))).toEqual({
        items: [first, second],
        totalFen: 1550,
      });

      const file = await events(countyClerk, c.id);
      expect(file.filter((e) => e.action === 'record_fee').map((e) => e.detail.payload)).toEqual([
        { feeId: first.id, name: '工本费', amountFen: 1000, receiptNumber: first.receiptNumber },
        { feeId: second.id, name: '证书费', amountFen: 550, receiptNumber: second.receiptNumber },
      ]);
      expect(await verified(countyClerk, c.id)).toEqual({ valid: true, events: 3 });
      // The fee entries leave the case where it was: the window accepts it as usual.
      t.setNow(later(2));
      expect((await act(countyClerk, c.id, 'accept')).statusCode).toBe(200);
    });

    it('refuses a bad amount or name, and anyone but the receiving window, storing nothing', async () => {
      const c = await foodCase('收费拒绝测试人');
      const fees = `/api/cases/${c.id}/fees`;
      const eventsBefore = await count('case_events', c.id);
      for (const body of [
        { name: '工本费', amountFen: 0 },
        { name: '工本费', amountFen: -1 },
        { name: '工本费', amountFen: 1.5 },
        { amountFen: 100 },
        { name: '   ', amountFen: 100 },
        { name: '工本费', amountFen: 100_000_001 },
        { name: '工本费', amountFen: 100, payer: '  ' },
      ]) {
        const res = await call(countyClerk, 'POST', fees, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      const byApprover = await call(approver, 'POST', fees, { name: '工本费', amountFen: 100 });
      expect(byApprover.statusCode).toBe(403);
      expect((await call(supervisor, 'POST', fees, { name: '工本费', amountFen: 100 })).statusCode).toBe(403);
      expect((await call(xinningClerk, 'POST', fees, { name: '工本费', amountFen: 100 })).statusCode).toBe(
        404,
      );
      expect(await count('case_fees', c.id)).toBe(0);
      expect(await count('case_events', c.id)).toBe(eventsBefore);
      expect(await expectOk(await get(countyClerk, fees))).toEqual({ items: [], totalFen: 0 });
    });

    it('records a scan attached by the window as attach_material with its hash', async () => {
      const c = await foodCase('扫描件测试人');
      const material = foodMaterials[1]!;
      const url = `/api/cases/${c.id}/files?material=${encodeURIComponent(material)}`;
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('scan-bytes')]);
      const attached = await expectOk(
        await upload(countyClerk, url, 'image/jpeg', jpeg, '营业执照 扫描.jpg'),
        201,
      );
      expect(attached).toMatchObject({
        material,
        name: '营业执照 扫描.jpg',
        contentType: 'image/jpeg',
        size: jpeg.length,
        sha256: sha256(jpeg),
      });
      // Without a name the file is named after the material.
      const unnamed = await expectOk(await upload(countyClerk, url, 'application/pdf', PDF), 201);
      expect(unnamed.name).toBe(`${material}.pdf`);
      expect((await upload(approver, url, 'application/pdf', PDF)).statusCode).toBe(201);
      expect((await upload(supervisor, url, 'application/pdf', PDF)).statusCode).toBe(403);
      expect((await upload(countyClerk, url, 'application/pdf', Buffer.alloc(0))).statusCode).toBe(400);

      const listed = await expectOk(await get(countyClerk, `/api/cases/${c.id}/files`));
      expect(listed.map((f: { id: string }) => f.id)).toEqual(
        expect.arrayContaining([attached.id, unnamed.id]),
      );
      // A supervisor reads (case.read) what was handed in, but may not attach anything.
      const bytes = await get(supervisor, `/api/cases/${c.id}/files/${attached.id}`);
      expect(bytes.statusCode).toBe(200);
      const download = await get(countyClerk, `/api/cases/${c.id}/files/${attached.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('image/jpeg');
      expect(download.rawPayload.equals(jpeg)).toBe(true);

      const file = await events(countyClerk, c.id);
      const attachments = file.filter((e) => e.action === 'attach_material');
      expect(attachments.map((e) => e.actorRole)).toEqual(['window_staff', 'window_staff', 'approver']);
      expect(attachments[0]!.detail.payload).toMatchObject({ fileId: attached.id, sha256: attached.sha256 });
      expect(await verified(countyClerk, c.id)).toEqual({ valid: true, events: 4 });
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('unmasking the applicant', () => {
    async function unmaskAudits(id: string) {
      return t.ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action'])
        .where('entity_id', '=', id)
        .where('action', '=', 'case.applicant_unmask')
        .execute();
    }

    it('shows the full ID number and phone to staff who handle the case, in the audit log', async () => {
      const c = await foodCase('解除脱敏测试人');
      const res = await get(countyClerk, `/api/cases/${c.id}/applicant`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({
        kind: 'person',
        name: '解除脱敏测试人',
        idNumber: ID_NUMBER,
        creditCode: null,
        phone: PHONE,
      });
      const audits = await unmaskAudits(c.id);
      expect(audits).toHaveLength(1);
      const clerkId = (
        await t.ctx.db
          .selectFrom('people')
          .select('id')
          .where('username', '=', 'county_clerk')
          .executeTakeFirstOrThrow()
      ).id;
      expect(audits[0]!.actor_id).toBe(clerkId);

      const readOnly = await get(supervisor, `/api/cases/${c.id}/applicant`);
      expect(readOnly.statusCode).toBe(403);
      expect((await get(xinningClerk, `/api/cases/${c.id}/applicant`)).statusCode).toBe(404);
      expect(await unmaskAudits(c.id)).toHaveLength(1);

      const masked = await expectOk(await get(countyClerk, `/api/cases/${c.id}`));
      expect(masked.applicant.idNumber).not.toBe(ID_NUMBER);
      expect(masked.applicant.phone).toBe('139****5678');
      expect(JSON.stringify(masked)).not.toContain(ID_NUMBER);
      expect(JSON.stringify(masked)).not.toContain(PHONE);
    });

    it('lets the proxy who filed the case see the resident’s data, audited', async () => {
      const filed = await expectOk(
        await call(proxy, 'POST', '/api/cases/proxy', {
          itemId: pensionItem,
          applicant: applicant('代办解除脱敏测试人'),
          materials: [],
          consent: '口头同意并在申请表上签字',
        }),
        201,
      );
      const res = await expectOk(await get(proxy, `/api/cases/${filed.id}/applicant`));
      expect(res).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
      expect(await unmaskAudits(filed.id)).toEqual([
        { actor_id: people.village_proxy, action: 'case.applicant_unmask' },
      ]);
      expect((await get(otherProxy, `/api/cases/${filed.id}/applicant`)).statusCode).toBe(404);
      expect(await unmaskAudits(filed.id)).toHaveLength(1);
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('to-do, done and search lists', () => {
    it('puts each case on the list of whoever must act on it now', async () => {
      const received = await foodCase('清单测试甲');
      const accepted = await foodCase('清单测试乙');
      const reviewing = await foodCase('清单测试丙');
      t.setNow(later(1));
      await expectOk(await act(countyClerk, accepted.id, 'accept'));
      await expectOk(await act(countyClerk, reviewing.id, 'accept'));
      t.setNow(later(2));
      await expectOk(await act(approver, reviewing.id, 'complete_step', { opinion: '现场核查通过' }));

      const clerkTodo = await listIds(countyClerk, '&view=todo');
      expect(clerkTodo).toContain(received.id);
      expect(clerkTodo).not.toContain(accepted.id);
      expect(clerkTodo).not.toContain(reviewing.id);
      const approverTodo = await listIds(approver, '&view=todo');
      expect(approverTodo).toEqual(expect.arrayContaining([accepted.id, reviewing.id]));
      expect(approverTodo).not.toContain(received.id);
      const approverDone = await listIds(approver, '&view=done');
      expect(approverDone).toContain(reviewing.id);
      expect(approverDone).not.toContain(accepted.id);
      expect(approverDone).not.toContain(received.id);
      const clerkDone = await listIds(countyClerk, '&view=done');
      expect(clerkDone).toEqual(expect.arrayContaining([received.id, accepted.id, reviewing.id]));
      // A read-only supervisor has nothing to do.
      expect(await listIds(supervisor, '&view=todo')).toEqual([]);
    });

    it('finds a case by a prefix of its number or a part of the applicant’s name', async () => {
      const a = await foodCase('检索测试张三丰');
      const b = await foodCase('检索测试李四');
      const q = (text: string) => listIds(countyClerk, `&q=${encodeURIComponent(text)}`);
      expect(await q(a.caseNumber)).toEqual([a.id]);
      const dayPrefix = a.caseNumber.split('-').slice(0, 3).join('-');
      expect(await q(dayPrefix)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(await q('张三')).toEqual([a.id]);
      expect(await q('检索测试')).toEqual([b.id, a.id]);
      // The number matches from its start only; LIKE wildcards are taken literally.
      expect(await q(a.caseNumber.slice(4))).not.toContain(a.id);
      expect(await q('检索%李')).toEqual([]);
      expect(await q('检索_试')).toEqual([]);
    });

    it('shows the light, deadline and overdue flag of the clock each case waits on', async () => {
      const waiting = await foodCase('时限灯测试甲');
      const inReview = await foodCase('时限灯测试乙');
      t.setNow(later(1));
      await expectOk(await act(countyClerk, inReview.id, 'accept'));
      const calendar = await t.ctx.calendar.current();
      const listed = async (id: string, number: string) => {
        const res = await expectOk(await get(countyClerk, `/api/cases?q=${number}`));
        return (res.items as ListItem[]).find((i) => i.id === id)!;
      };
      const expected = async (id: string, key: string, now: Date) => {
        const e = evaluateClock((await findCase(t.ctx.db, id))!.state.clocks[key]!, now, calendar);
        return { light: e.light, deadline: e.deadline, overdue: e.overdueBy > 0 };
      };

      // Same day: green.
      expect(await listed(waiting.id, waiting.caseNumber)).toMatchObject({ light: 'green', overdue: false });
      // Four working days later (Wed, Thu, Fri, Mon) one is left: yellow, for receipt and decision alike.
      const monday = new Date('2026-03-16T02:00:00Z');
      t.setNow(monday);
      const yellow = await listed(waiting.id, waiting.caseNumber);
      expect(yellow).toMatchObject(await expected(waiting.id, 'acceptance', monday));
      expect(yellow).toMatchObject({ light: 'yellow', overdue: false, deadline: '2026-03-17T15:59:59.999Z' });
      const review = await listed(inReview.id, inReview.caseNumber);
      expect(review).toMatchObject(await expected(inReview.id, 'decision', monday));
      expect(review.light).toBe('yellow');
      // Past the deadline: red and overdue; the detail's clock says the same.
      const wednesday = new Date('2026-03-18T02:00:00Z');
      t.setNow(wednesday);
      const red = await listed(waiting.id, waiting.caseNumber);
      expect(red).toMatchObject({
        ...(await expected(waiting.id, 'acceptance', wednesday)),
        light: 'red',
        overdue: true,
      });
      const detail = await expectOk(await get(countyClerk, `/api/cases/${waiting.id}`));
      expect(clock(detail, 'acceptance')).toMatchObject({
        light: 'red',
        deadline: red.deadline,
        stopped: false,
      });
      expect(detail).toMatchObject({ light: 'red', overdue: true });
    });
  });

  // -------------------------------------------------------------------------------------------------

  describe('procedure roles (承办人、审核人、批准人)', () => {
    let marketPath: string;

    beforeAll(async () => {
      marketPath = await orgPath(MARKET);
      // 食品经营许可: 受理 (window) → 材料审查与现场核查 (审查人员) → 许可决定 (审批负责人) → 制证送达 (window).
      const steps = (await findPublishedVersion(t.ctx.db, foodItem))!.steps;
      expect(steps.map((s) => s.role)).toEqual(['窗口人员', '审查人员', '审批负责人', '窗口人员']);
      await t.ctx.db
        .insertInto('procedure_role_assignments')
        .values([
          { person_id: people.approver!, org_code: MARKET, org_path: marketPath, procedure_role: '审查人员' },
          {
            person_id: people.ht_market_head!,
            org_code: MARKET,
            org_path: marketPath,
            procedure_role: '审批负责人',
          },
        ])
        .execute();
    });
    afterAll(async () => {
      await t.ctx.db
        .deleteFrom('procedure_role_assignments')
        .where('person_id', 'in', [people.approver!, people.ht_market_head!])
        .execute();
    });

    it('lets an approver act only at the steps whose role they hold', async () => {
      const c = await foodCase('环节角色测试人');
      t.setNow(later(1));
      await expectOk(await act(countyClerk, c.id, 'accept'));

      // Step 1 (审查人员): the reviewer, not the head.
      const headView = await expectOk(await get(marketHead, `/api/cases/${c.id}`));
      expect(headView.actions).not.toContain('complete_step');
      const headFirst = await act(marketHead, c.id, 'complete_step', { opinion: '越级审查' });
      expect(headFirst.statusCode).toBe(403);
      expect(headFirst.json().code).toBe('case.role_not_allowed');
      const reviewerView = await expectOk(await get(approver, `/api/cases/${c.id}`));
      expect(reviewerView.actions).toContain('complete_step');
      t.setNow(later(2));
      await expectOk(await act(approver, c.id, 'complete_step', { opinion: '材料齐全，现场核查符合要求' }));

      // Step 2 (审批负责人): the head decides; the reviewer may neither decide nor return it.
      t.setNow(later(3));
      const reviewerDecides = await act(approver, c.id, 'decide', { outcome: 'approved' });
      expect(reviewerDecides.statusCode).toBe(403);
      expect(reviewerDecides.json().code).toBe('case.role_not_allowed');
      expect((await act(approver, c.id, 'return_step', { reason: '补充核查' })).statusCode).toBe(403);
      expect((await expectOk(await get(approver, `/api/cases/${c.id}`))).actions).not.toContain('decide');
      expect((await expectOk(await get(marketHead, `/api/cases/${c.id}`))).actions).toContain('decide');
      const decided = await expectOk(
        await act(marketHead, c.id, 'decide', { outcome: 'approved', opinion: '准予许可' }),
      );
      expect(decided.status).toBe('decided_approved');
      const file = await events(countyClerk, c.id);
      expect(file.slice(-2).map((e) => e.action)).toEqual(['complete_step', 'decide']);
    });
  });
});
