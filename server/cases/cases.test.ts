import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deemedAcceptance } from '../../core/clock/presets.ts';
import { creditCodeCheckChar, idNumberCheckDigit, orgCodeCheckChar } from '../../core/validators/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { findPublishedVersion } from '../catalog/catalog-store.ts';
import { demoItemId } from '../catalog/catalog-testing.ts';
import { runSystemAction, runSystemActionOn } from './case-service.ts';
import { findCase } from './case-store.ts';

const ID_BODY = '51172319850312301';
const ID_NUMBER = ID_BODY + idNumberCheckDigit(ID_BODY);
const WRONG_ID = ID_BODY + (ID_NUMBER.endsWith('1') ? '2' : '1');
const ORG_BODY = 'MA62U6Y7';
const CREDIT_BODY = `92511723${ORG_BODY}${orgCodeCheckChar(ORG_BODY)}`;
const CREDIT_CODE = CREDIT_BODY + creditCodeCheckChar(CREDIT_BODY);
const PHONE = '13912345678';
const APPLICANT_NAME = '测试申请人王小明';

/** A Tuesday in March 2026, a working day well inside a loaded calendar year. */
const BASE = new Date('2026-03-10T02:00:00Z');

describe.each(TEST_ENGINES)('cases on %s', (engine) => {
  let t: TestApp;
  let countyClerk: Session;
  let approver: Session;
  let xinningClerk: Session;
  let puanClerk: Session;
  let supervisor: Session;
  let admin: Session;
  let foodItem: string;
  let foodMaterials: string[];
  let pensionItem: string;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    // Sessions last 12 hours from sign-in on the platform clock: signed in at the end of the year, they
    // stay valid at every earlier instant the tests move the clock to (and sign-ins are rate-limited).
    t.setNow(new Date('2026-12-31T00:00:00Z'));
    const sign = (u: string) => signInAs(t.app, u);
    countyClerk = await sign('county_clerk');
    approver = await sign('approver');
    xinningClerk = await sign('xinning_clerk');
    puanClerk = await sign('puan_clerk');
    supervisor = await sign('supervisor');
    admin = await sign('admin');
    t.setNow(BASE);
    foodItem = await demoItemId(t, '食品经营许可');
    foodMaterials = (await findPublishedVersion(t.ctx.db, foodItem))!.materials.map((m) => m.name);
    pensionItem = await demoItemId(t, '城乡居民基本养老保险参保登记');
  });
  afterAll(() => t?.close());
  beforeEach(() => t.setNow(BASE));

  function call(s: Session | null, method: 'GET' | 'POST', url: string, payload?: object, key?: string) {
    const headers: Record<string, string> = s
      ? method === 'GET'
        ? { cookie: s.cookie }
        : { ...s.headers }
      : {};
    if (key) headers['idempotency-key'] = key;
    return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  function walkIn(overrides: Record<string, unknown> = {}) {
    return {
      itemId: foodItem,
      applicant: { kind: 'person', name: APPLICANT_NAME, idNumber: ID_NUMBER, phone: PHONE },
      materials: foodMaterials,
      ...overrides,
    };
  }

  async function registered(s = countyClerk, body: object = walkIn()) {
    const res = await call(s, 'POST', '/api/cases', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as {
      id: string;
      caseNumber: string;
      queryCode: string;
      status: string;
      version: number;
      versionId: string;
    };
  }

  const act = (s: Session, id: string, action: string, payload: object = {}, key?: string, extra = {}) =>
    call(s, 'POST', `/api/cases/${id}/actions/${action}`, { payload, ...extra }, key);

  async function counts(id: string) {
    const [events, audits, row] = await Promise.all([
      t.ctx.db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', id)
        .executeTakeFirstOrThrow(),
      t.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entity_id', '=', id)
        .executeTakeFirstOrThrow(),
      t.ctx.db
        .selectFrom('cases')
        .select(['status', 'version', 'last_hash'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { events: Number(events.n), audits: Number(audits.n), ...row };
  }

  async function caseCount() {
    const row = await t.ctx.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  const key = () => `key-${engine}-${++serial}`;

  it('documents every case route in the OpenAPI document', async () => {
    const doc = (await call(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/actions/{action}',
        '/api/cases/{id}/events',
        '/api/cases/{id}/verify',
        '/api/public/cases/{number}',
      ]),
    );
  });

  it('registers a walk-in case with a readable number, a query code and masked personal data', async () => {
    const c = await registered(
      countyClerk,
      walkIn({
        applicant: {
          kind: 'person',
          name: ` ${APPLICANT_NAME} `,
          idNumber: ` ${ID_NUMBER} `.replace('1', '１'),
          phone: PHONE,
        },
      }),
    );
    expect(c.caseNumber).toMatch(/^511723-1-20260310-\d{4}$/);
    expect(c.queryCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(c.status).toBe('received');
    const body = c as unknown as {
      applicant: { idNumber: string; phone: string; name: string };
      state: { clocks: object };
    };
    expect(body.applicant.name).toBe(APPLICANT_NAME);
    expect(body.applicant.idNumber).not.toBe(ID_NUMBER);
    expect(body.applicant.idNumber.slice(-4)).toBe(ID_NUMBER.slice(-4));
    expect(body.applicant.phone).toBe('139****5678');
    expect(Object.keys(body.state.clocks)).toContain('acceptance');
    const row = await t.ctx.db
      .selectFrom('cases')
      .select(['applicant_identifier', 'query_code_hash', 'handling_org_code', 'department_code'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    // Stored normalised (full-width digit and spaces gone), and the query code only as a hash.
    expect(row.applicant_identifier).toBe(ID_NUMBER);
    expect(row.query_code_hash).not.toContain(c.queryCode);
    expect(row).toMatchObject({ handling_org_code: '511723-1', department_code: '511723-2' });

    const second = await registered();
    expect(Number(second.caseNumber.slice(-4))).toBe(Number(c.caseNumber.slice(-4)) + 1);

    const enterprise = await call(
      countyClerk,
      'POST',
      '/api/cases',
      walkIn({
        applicant: {
          kind: 'enterprise',
          name: '开江县某餐饮店',
          creditCode: CREDIT_CODE.toLowerCase(),
          phone: '0818-8221234',
        },
      }),
    );
    expect(enterprise.statusCode, enterprise.body).toBe(201);
    expect(enterprise.json().applicant).toMatchObject({
      kind: 'enterprise',
      creditCode: CREDIT_CODE,
      idNumber: null,
    });
  });

  it('refuses an invalid ID number, credit code or phone, naming the field, and stores nothing', async () => {
    const before = await caseCount();
    const bad = await call(
      countyClerk,
      'POST',
      '/api/cases',
      walkIn({ applicant: { kind: 'person', name: APPLICANT_NAME, idNumber: WRONG_ID, phone: PHONE } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('case.applicant_invalid');
    expect(bad.json().errors[0]).toMatchObject({
      field: 'applicant.idNumber',
      code: 'id_number.check_digit',
    });

    const both = await call(
      countyClerk,
      'POST',
      '/api/cases',
      walkIn({
        applicant: { kind: 'enterprise', name: '某店', creditCode: `${CREDIT_BODY}0`, phone: '123' },
      }),
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'applicant.creditCode',
      'applicant.phone',
    ]);

    const unknownMaterial = await call(
      countyClerk,
      'POST',
      '/api/cases',
      walkIn({ materials: ['不存在的材料'] }),
    );
    expect(unknownMaterial.statusCode).toBe(400);
    expect(unknownMaterial.json()).toMatchObject({
      code: 'case.material_unknown',
      errors: [{ field: 'materials[0]' }],
    });

    // An approver is not a window clerk, and a township clerk cannot register at the county center.
    expect((await call(approver, 'POST', '/api/cases', walkIn())).statusCode).toBe(403);
    expect((await call(puanClerk, 'POST', '/api/cases', walkIn({ orgCode: '511723-1' }))).statusCode).toBe(
      403,
    );
    expect(await caseCount()).toBe(before);
  });

  it('takes a licensing case through acceptance, review, decision, delivery and closing', async () => {
    const c = await registered();
    const steps: [Session, string, object][] = [
      [countyClerk, 'accept', {}],
      [approver, 'complete_step', { opinion: '材料齐全，现场核查符合要求' }],
      [approver, 'decide', { outcome: 'approved', opinion: '准予许可' }],
      [countyClerk, 'deliver', { method: 'window_pickup' }],
      [countyClerk, 'close', { note: '申请人已签收' }],
    ];
    const statuses: string[] = [];
    for (const [i, [who, action, payload]] of steps.entries()) {
      t.setNow(new Date(BASE.getTime() + (i + 1) * 3_600_000));
      const res = await act(who, c.id, action, payload);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      statuses.push(res.json().status);
    }
    expect(statuses).toEqual(['accepted', 'in_review', 'decided_approved', 'delivering', 'closed']);

    const events = (await call(countyClerk, 'GET', `/api/cases/${c.id}/events`)).json() as {
      seq: number;
      action: string;
      actorRole: string;
      hash: string;
      prevHash: string;
    }[];
    expect(events.map((e) => e.action)).toEqual([
      'receive',
      'accept',
      'complete_step',
      'decide',
      'deliver',
      'close',
    ]);
    expect(events.map((e) => e.actorRole)).toEqual([
      'window_staff',
      'window_staff',
      'approver',
      'approver',
      'window_staff',
      'window_staff',
    ]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    for (const s of [countyClerk, approver, supervisor]) {
      const verify = await call(s, 'GET', `/api/cases/${c.id}/verify`);
      expect(verify.json()).toEqual({ valid: true, events: 6 });
    }
    const row = await counts(c.id);
    expect(row).toMatchObject({
      status: 'closed',
      version: 6,
      events: 6,
      audits: 6,
      last_hash: events[5]!.hash,
    });

    const detail = (await call(approver, 'GET', `/api/cases/${c.id}`)).json();
    expect(detail).toMatchObject({ status: 'closed', actions: [] });
    expect(detail.closedAt).toBe(new Date(BASE.getTime() + 5 * 3_600_000).toISOString());

    const progress = await call(
      null,
      'GET',
      `/api/public/cases/${c.caseNumber}?code=${c.queryCode.toLowerCase()}`,
    );
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json().timeline.map((e: { label: string }) => e.label)).toEqual([
      '收件',
      '受理',
      '审核',
      '已审批',
      '送达',
      '办结',
    ]);
  });

  it('refuses a wrong-role or wrong-state action and changes nothing', async () => {
    const c = await registered(countyClerk, walkIn({ materials: foodMaterials.slice(0, 1) }));
    const before = await counts(c.id);

    const wrongRole = await act(approver, c.id, 'accept');
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().code).toBe('case.role_not_allowed');

    const wrongState = await act(countyClerk, c.id, 'decide', { outcome: 'approved' });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json().code).toBe('case.action_not_allowed');

    const incomplete = await act(countyClerk, c.id, 'accept');
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().code).toBe('case.materials_missing');

    const badPayload = await act(countyClerk, c.id, 'issue_notice', { missing: [] });
    expect(badPayload.statusCode).toBe(400);
    expect(badPayload.json()).toMatchObject({
      code: 'case.payload_invalid',
      errors: [{ field: 'payload.missing' }],
    });

    const readOnly = await act(supervisor, c.id, 'accept');
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().code).toBe('auth.forbidden');

    expect(await counts(c.id)).toEqual(before);

    // With the missing materials handed in at the window, the same acceptance goes through.
    const accepted = await act(countyClerk, c.id, 'accept', {}, undefined, {
      materials: foodMaterials.slice(1),
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().materials).toEqual(foodMaterials);
  });

  it('answers a repeated Idempotency-Key with the first answer and changes nothing more', async () => {
    const k = key();
    const before = await caseCount();
    const first = await call(countyClerk, 'POST', '/api/cases', walkIn(), k);
    const again = await call(countyClerk, 'POST', '/api/cases', walkIn(), k);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await caseCount()).toBe(before + 1);

    const reused = await call(countyClerk, 'POST', '/api/cases', walkIn({ materials: [] }), k);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('request.idempotency_conflict');
    expect(await caseCount()).toBe(before + 1);

    const id = first.json().id as string;
    const k2 = key();
    const accept = await act(countyClerk, id, 'accept', { note: '齐全' }, k2);
    const acceptAgain = await act(countyClerk, id, 'accept', { note: '齐全' }, k2);
    expect(accept.statusCode).toBe(200);
    expect(acceptAgain.statusCode).toBe(200);
    expect(acceptAgain.json()).toEqual(accept.json());
    expect(await counts(id)).toMatchObject({ events: 2, version: 2, audits: 2 });

    const otherAction = await act(countyClerk, id, 'refuse', { reason: 'x', remedies: 'y' }, k2);
    expect(otherAction.statusCode).toBe(409);
    expect(otherAction.json().code).toBe('request.idempotency_conflict');
    // Keys belong to the person who sent them: another person's same key is a new request.
    const otherPerson = await act(approver, id, 'complete_step', { opinion: '同意' }, k2);
    expect(otherPerson.statusCode, otherPerson.body).toBe(200);
  });

  it('lets only one of two concurrent transitions through, and answers a raced key once', async () => {
    const c = await registered();
    const both = await Promise.all([act(countyClerk, c.id, 'accept'), act(countyClerk, c.id, 'accept')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await counts(c.id)).toMatchObject({ events: 2, version: 2, status: 'accepted' });

    const d = await registered();
    const k = key();
    const raced = await Promise.all([
      act(countyClerk, d.id, 'accept', {}, k),
      act(countyClerk, d.id, 'accept', {}, k),
    ]);
    expect(raced.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(raced[1]!.json()).toEqual(raced[0]!.json());
    expect(await counts(d.id)).toMatchObject({ events: 2, version: 2 });
  });

  it('refuses to update or delete events and detects a tampered or forged event', async () => {
    const c = await registered();
    expect((await act(countyClerk, c.id, 'accept')).statusCode).toBe(200);
    await expect(
      sql`UPDATE case_events SET actor_name = 'someone else' WHERE case_id = ${c.id}`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM case_events WHERE case_id = ${c.id}`.execute(t.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    expect((await call(countyClerk, 'GET', `/api/cases/${c.id}/verify`)).json()).toEqual({
      valid: true,
      events: 2,
    });

    // Someone with the database owner's rights switches the guard off and rewrites history.
    await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(t.ctx.db);
    try {
      await sql`UPDATE case_events SET payload = jsonb_set(payload, '{payload,note}', '"backdated"')
                WHERE case_id = ${c.id} AND seq = 2`.execute(t.ctx.db);
    } finally {
      await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(t.ctx.db);
    }
    expect((await call(countyClerk, 'GET', `/api/cases/${c.id}/verify`)).json()).toEqual({
      valid: false,
      events: 2,
    });

    // A forged event appended with a well-formed link but outside the service: the case does not point at it.
    const d = await registered();
    const last = await t.ctx.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', d.id)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('case_events')
      .values({
        ...last,
        seq: 2,
        action: 'accept',
        prev_hash: last.hash,
        hash: 'f'.repeat(64),
        payload: JSON.stringify(last.payload),
      })
      .execute();
    expect((await call(countyClerk, 'GET', `/api/cases/${d.id}/verify`)).json()).toEqual({
      valid: false,
      events: 2,
    });
  });

  it('leaves nothing half-written when the transaction fails after the event insert', async () => {
    const c = await registered();
    const before = await counts(c.id);
    // The audit insert comes after the events and the state update in the same transaction.
    await sql
      .raw(`CREATE FUNCTION test_fail_case_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.entity_id = '${c.id}' THEN RAISE EXCEPTION 'simulated crash'; END IF;
          RETURN NEW;
        END $$`)
      .execute(t.ctx.db);
    await sql
      .raw(`CREATE TRIGGER test_fail_case_audit BEFORE INSERT ON audit_log
          FOR EACH ROW EXECUTE FUNCTION test_fail_case_audit()`)
      .execute(t.ctx.db);
    const k = key();
    try {
      const crashed = await act(countyClerk, c.id, 'accept', {}, k);
      expect(crashed.statusCode).toBe(500);
      expect(await counts(c.id)).toEqual(before);
      const kept = await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', k).execute();
      expect(kept).toEqual([]);
    } finally {
      await sql.raw('DROP TRIGGER test_fail_case_audit ON audit_log').execute(t.ctx.db);
      await sql.raw('DROP FUNCTION test_fail_case_audit()').execute(t.ctx.db);
    }
    const retried = await act(countyClerk, c.id, 'accept', {}, k);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(await counts(c.id)).toMatchObject({ status: 'accepted', events: 2, version: 2 });
    expect((await call(countyClerk, 'GET', `/api/cases/${c.id}/verify`)).json()).toEqual({
      valid: true,
      events: 2,
    });
  });

  it('stays bound to the catalog version it was filed under when a new one is published', async () => {
    const before = await registered();
    const draft = (await call(admin, 'POST', `/api/catalog/items/${foodItem}/drafts`)).json();
    expect((await call(admin, 'POST', `/api/catalog/versions/${draft.id}/submit`)).statusCode).toBe(200);
    expect((await call(supervisor, 'POST', `/api/catalog/versions/${draft.id}/publish`)).statusCode).toBe(
      200,
    );

    const old = (await call(countyClerk, 'GET', `/api/cases/${before.id}`)).json();
    expect(old.versionId).toBe(before.versionId);
    expect(old.versionId).not.toBe(draft.id);
    const after = await registered();
    expect(after.versionId).toBe(draft.id);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const c = await registered();
    t.setNow(new Date('2026-03-25T02:00:00Z'));
    const stale = (await findCase(t.ctx.db, c.id))!;
    // Another writer moves the case between this transition's read and its write.
    await t.ctx.db.updateTable('cases').set({ version: 7 }).where('id', '=', c.id).execute();
    await expect(runSystemActionOn(t.ctx, stale, 'deem_accept')).rejects.toMatchObject({
      status: 409,
      code: 'case.concurrent_change',
    });
    expect(await counts(c.id)).toMatchObject({ events: 1, status: 'received', version: 7, audits: 1 });
  });

  it("keeps a township's cases from another township's staff on every route", async () => {
    const c = await registered(xinningClerk, walkIn({ itemId: pensionItem, materials: [] }));
    expect(c.caseNumber).toMatch(/^511723100-1-20260310-\d{4}$/);
    for (const url of [`/api/cases/${c.id}`, `/api/cases/${c.id}/events`, `/api/cases/${c.id}/verify`]) {
      const res = await call(puanClerk, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('case.not_found');
      expect((await call(xinningClerk, 'GET', url)).statusCode).toBe(200);
    }
    const action = await act(puanClerk, c.id, 'close_on_the_spot');
    expect(action.statusCode).toBe(404);
    const puanList = (await call(puanClerk, 'GET', `/api/cases?itemId=${pensionItem}`)).json();
    expect(puanList.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const countyList = (await call(countyClerk, 'GET', '/api/cases?pageSize=500')).json();
    expect(countyList.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const xinningList = (
      await call(xinningClerk, 'GET', `/api/cases?itemId=${pensionItem}&status=received`)
    ).json();
    expect(xinningList.items.map((x: { id: string }) => x.id)).toContain(c.id);
    const listed = xinningList.items.find((x: { id: string }) => x.id === c.id);
    expect(listed.applicant.idNumber).not.toBe(ID_NUMBER);
    expect(listed.applicant.phone).toBe('139****5678');
    // The county supervisor sees every township.
    const all = (await call(supervisor, 'GET', `/api/cases?itemId=${pensionItem}`)).json();
    expect(all.items.map((x: { id: string }) => x.id)).toContain(c.id);
    // And the township's own clerk settles the 即办件 on the spot.
    const closed = await act(xinningClerk, c.id, 'close_on_the_spot', { result: '已参保' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
  });

  it('shows public progress with the right code only, and no personal data', async () => {
    const c = await registered();
    expect((await act(countyClerk, c.id, 'accept')).statusCode).toBe(200);
    const ok = await call(null, 'GET', `/api/public/cases/${c.caseNumber}?code=${c.queryCode}`);
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toMatchObject({ caseNumber: c.caseNumber, itemName: '食品经营许可', status: '受理' });
    expect(body.timeline.map((e: { label: string }) => e.label)).toEqual(['收件', '受理']);
    // Promised limit of 5 working days from Tuesday 10 March 2026.
    expect(body.expectedCompletionDate).toBe('2026-03-17');
    for (const secret of [APPLICANT_NAME, ID_NUMBER, ID_NUMBER.slice(-4), PHONE, '5678', '县政务中心']) {
      expect(ok.body).not.toContain(secret);
    }

    const wrong = await call(null, 'GET', `/api/public/cases/${c.caseNumber}?code=WRONGCODE`);
    const unknown = await call(null, 'GET', `/api/public/cases/511723-1-20260310-9999?code=${c.queryCode}`);
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const shape = (r: typeof wrong) => {
      const { instance: _instance, ...rest } = r.json();
      return rest;
    };
    expect(shape(wrong)).toEqual(shape(unknown));
    expect(shape(wrong).code).toBe('case.public_not_found');
  });

  it('deems a case accepted on the day of receipt when five working days pass across National Day', async () => {
    const received = new Date('2026-09-30T02:00:00Z');
    t.setNow(received);
    const c = await registered(countyClerk);
    const { deadline } = deemedAcceptance({
      receivedAt: received,
      now: received,
      calendar: await t.ctx.calendar.current(),
    });
    // Without the holiday (1–7 October) five working days would end on 7 October.
    expect(deadline > '2026-10-08').toBe(true);

    t.setNow(new Date(Date.parse(deadline) - 3_600_000));
    const early = await act(admin, c.id, 'deem_accept');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('case.action_not_allowed');

    t.setNow(new Date(Date.parse(deadline) + 3_600_000));
    const late = await act(countyClerk, c.id, 'accept');
    expect(late.statusCode).toBe(409);
    const deemed = await act(admin, c.id, 'deem_accept');
    expect(deemed.statusCode, deemed.body).toBe(200);
    expect(deemed.json()).toMatchObject({ status: 'accepted', acceptedAt: received.toISOString() });
    expect(deemed.json().state.deemedAccepted).toBe(true);
    const events = (await call(countyClerk, 'GET', `/api/cases/${c.id}/events`)).json();
    expect(events.at(-1)).toMatchObject({ action: 'deem_accept', actorRole: 'system' });
    expect(events.at(-1).detail.basis).toContain('第三十二条');
  });

  it('lets the sweeper run a system action without a signed-in person', async () => {
    const received = new Date('2026-04-01T02:00:00Z');
    t.setNow(received);
    const c = await registered(countyClerk);
    t.setNow(new Date('2026-04-20T02:00:00Z'));
    const view = await runSystemAction(t.ctx, c.id, 'deem_accept');
    expect(view.status).toBe('accepted');
    const row = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_name', 'action'])
      .where('entity_id', '=', c.id)
      .where('action', '=', 'case.deem_accept')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_id: null, actor_name: '系统', action: 'case.deem_accept' });
    expect((await call(countyClerk, 'GET', `/api/cases/${c.id}/verify`)).json()).toEqual({
      valid: true,
      events: 2,
    });
  });
});
