import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { act, XINNING } from './hotline-testing.ts';

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe.each(TEST_ENGINES)('Open311 GeoReport v2 (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let apiKey: string;
  let clientId: string;

  const orders = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('hotline_orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const form = (fields: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    return p.toString();
  };
  const post = (fields: Record<string, string | string[]>, format = 'json') =>
    t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: FORM,
      payload: form(fields),
    });
  const road = (extra: Record<string, string | string[]> = {}) => ({
    api_key: apiKey,
    service_code: 'ROAD',
    lat: '31.0821',
    long: '107.8683',
    address_string: '新宁镇解放街 12 号',
    first_name: '三',
    last_name: '张',
    phone: '13800000011',
    description: '路面塌陷',
    'attribute[road_type]': 'street',
    'attribute[damage][]': ['pothole', 'crack'],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp({ engine });
    t.setNow(new Date('2025-09-30T02:00:00Z'));
    admin = await signInAs(t.app, 'admin');
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/hotline/keys',
      headers: admin.headers,
      payload: { name: '开江随手拍', contact: 'dev@example.org' },
    });
    expect(issued.statusCode).toBe(201);
    apiKey = issued.json().apiKey;
    clientId = issued.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('issues keys to admins only, lists them without the secret', async () => {
    expect(apiKey).toMatch(/^bm311_[\w-]{43}$/);
    const supervisor = await signInAs(t.app, 'supervisor');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/hotline/keys', headers: supervisor.headers }))
        .statusCode,
    ).toBe(403);
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/hotline/keys', headers: admin.headers })
    ).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].apiKey).toBeUndefined();
    expect(apiKey.startsWith(list.items[0].keyPrefix)).toBe(true);
    const stored = await t.ctx.db
      .selectFrom('hotline_api_clients')
      .select('key_hash')
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(apiKey.slice(6));
  });

  it('answers discovery in JSON and XML', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.json' });
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.json().endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['text/xml', 'application/json'],
    });
    const x = await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' });
    expect(x.headers['content-type']).toContain('text/xml');
    expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const parsed = xml.parse(x.body);
    expect(parsed.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('lists the dispatch catalog as services and its attributes as service definitions', async () => {
    const services = (await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).json();
    const roadService = services.find((s: { service_code: string }) => s.service_code === 'ROAD');
    expect(roadService).toMatchObject({
      service_name: '道路破损',
      metadata: true,
      type: 'realtime',
      group: '城乡管理',
    });
    const x = xml.parse(
      (await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml?jurisdiction_id=511723' })).body,
    );
    expect(x.services.service.map((s: { service_code: string }) => s.service_code)).toContain('WATER');
    const def = (await t.app.inject({ method: 'GET', url: '/open311/v2/services/ROAD.json' })).json();
    expect(def.service_code).toBe('ROAD');
    expect(def.attributes[0]).toMatchObject({
      variable: true,
      code: 'road_type',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
    });
    expect(def.attributes[0].values).toContainEqual({ key: 'village', name: '村道' });
    const defXml = xml.parse(
      (await t.app.inject({ method: 'GET', url: '/open311/v2/services/ROAD.xml' })).body,
    );
    expect(defXml.service_definition.attributes.attribute[1]).toMatchObject({
      code: 'damage',
      datatype: 'multivaluelist',
      required: 'false',
    });
    expect(defXml.service_definition.attributes.attribute[1].values.value).toHaveLength(4);
    const unknown = await t.app.inject({ method: 'GET', url: '/open311/v2/services/NOPE.json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: expect.stringContaining('NOPE') }]);
    const wrongJurisdiction = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/services.json?jurisdiction_id=110101',
    });
    expect(wrongJurisdiction.statusCode).toBe(404);
  });

  it('files a form-encoded request as a registered work order in the dispatcher queue', async () => {
    const res = await post(road());
    expect(res.statusCode).toBe(201);
    const [answer] = res.json();
    expect(answer.service_request_id).toMatch(/^H511723-20250930-\d{4}$/);
    expect(answer.token).toBeUndefined();
    expect(answer.service_notice).toContain('7 个工作日');
    expect(answer.account_id).toBeNull();
    const queue = (
      await t.app.inject({ method: 'GET', url: '/api/hotline/orders?view=queue', headers: admin.headers })
    ).json();
    const order = queue.items.find((o: { number: string }) => o.number === answer.service_request_id);
    expect(order).toMatchObject({
      channel: 'open311',
      status: 'registered',
      caller: { name: '张三', phone: '138****0011' },
      attributes: { road_type: 'street', damage: ['pothole', 'crack'] },
      location: { lat: 31.0821, lng: 107.8683 },
    });
    const client = await t.ctx.db
      .selectFrom('hotline_api_clients')
      .select('last_used_at')
      .where('id', '=', clientId)
      .executeTakeFirstOrThrow();
    expect(client.last_used_at).not.toBeNull();
  });

  it('takes JSON bodies and XML answers too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: {
        api_key: apiKey,
        service_code: 'LIGHT',
        address_id: '511723100001',
        attribute: { pole: 'A-17' },
      },
    });
    expect(res.statusCode).toBe(201);
    const parsed = xml.parse(res.body);
    const id = parsed.service_requests.request[0].service_request_id;
    expect(id).toMatch(/^H511723-/);
    const one = xml.parse(
      (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml` })).body,
    );
    expect(one.service_requests.request[0]).toMatchObject({
      service_code: 'LIGHT',
      status: 'open',
      address_id: '511723100001',
    });
  });

  it('refuses bad requests in the spec’s error format and stores nothing', async () => {
    const before = await orders();
    const noKey = await post({ ...road(), api_key: '' });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.headers['content-type']).toContain('application/json');
    expect(noKey.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const noKeyXml = await post({ ...road(), api_key: '' }, 'xml');
    expect(noKeyXml.statusCode).toBe(403);
    expect(xml.parse(noKeyXml.body).errors.error[0]).toMatchObject({ code: '403' });
    expect((await post({ ...road(), api_key: 'bm311_wrong' })).statusCode).toBe(403);
    const noService = await post({ ...road(), service_code: '' });
    expect(noService.statusCode).toBe(400);
    expect(noService.json()[0].description).toContain('service_code');
    const unknown = await post({ ...road(), service_code: 'NOPE' });
    expect(unknown.statusCode).toBe(404);
    const { 'attribute[road_type]': _omit, ...withoutRequired } = road();
    const missing = await post(withoutRequired);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual([
      { code: 400, description: expect.stringContaining('attribute[road_type]') },
    ]);
    const badValue = await post(road({ 'attribute[damage][]': ['pothole', 'lava'] }));
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json()[0].description).toContain('attribute[damage]');
    const both = await post(road({ 'attribute[road_type]': 'moon', lat: '', long: '', address_string: '' }));
    expect(both.statusCode).toBe(400);
    expect(both.json()).toHaveLength(2);
    const badPhone = await post(road({ phone: '111' }));
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()[0].description).toContain('phone');
    expect(await orders()).toBe(before);
    // An empty optional list value is no value at all.
    const emptyOptional = await post(road({ 'attribute[damage][]': '' }));
    expect(emptyOptional.statusCode).toBe(201);
    expect(await orders()).toBe(before + 1);
  });

  it('lists requests with their filters, the 90-day window and no personal data', async () => {
    // An old request, 100 days back.
    t.setNow(new Date('2025-06-22T02:00:00Z'));
    const old = (await post(road({ description: '很久以前' }))).json()[0].service_request_id;
    t.setNow(new Date('2025-09-30T02:00:00Z'));
    const all = (await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json' })).json();
    const ids = all.map((r: { service_request_id: string }) => r.service_request_id);
    expect(ids).not.toContain(old);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = all.find((r: { service_code: string }) => r.service_code === 'ROAD');
    expect(first).toMatchObject({
      status: 'open',
      description: expect.any(String),
      requested_datetime: expect.stringMatching(/\+08:00$/),
    });
    expect(JSON.stringify(all)).not.toContain('13800000011');
    expect(JSON.stringify(all)).not.toContain('张三');
    const range = (
      await t.app.inject({
        method: 'GET',
        url: '/open311/v2/requests.json?start_date=2025-06-01T00:00:00Z&end_date=2025-07-01T00:00:00Z',
      })
    ).json();
    expect(range.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([old]);
    const tooLong = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()[0].description).toContain('90');
    expect(
      (await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?start_date=yesterday' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=pending' })).statusCode,
    ).toBe(400);
    const lights = (
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?service_code=LIGHT' })
    ).json();
    expect(lights.every((r: { service_code: string }) => r.service_code === 'LIGHT')).toBe(true);
    expect(lights).toHaveLength(1);
    const byId = (
      await t.app.inject({
        method: 'GET',
        url: `/open311/v2/requests.json?service_request_id=${old},${ids[0]}&service_code=LIGHT`,
      })
    ).json();
    expect(byId).toHaveLength(2);
    expect(
      (await t.app.inject({ method: 'GET', url: '/open311/v2/requests/H511723-00000000-0000.json' }))
        .statusCode,
    ).toBe(404);
  });

  it('reports the order’s progress: agency, status notes, closure and merges', async () => {
    const id = (await post(road({ description: '东门口塌陷' }))).json()[0].service_request_id;
    const order = (
      await t.app.inject({ method: 'GET', url: `/api/hotline/orders/${id}`, headers: admin.headers })
    ).json();
    await act(t.app, admin, order.id, 'dispatch', { orgCode: XINNING });
    const xinning = await signInAs(t.app, 'xinning_clerk');
    await act(t.app, xinning, order.id, 'accept');
    await act(t.app, xinning, order.id, 'reply', { text: '已修复' });
    const replied = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
    expect(replied).toMatchObject({ status: 'open', agency_responsible: '新宁镇', status_notes: '已修复' });
    await act(t.app, admin, order.id, 'revisit', { reached: false });
    await act(t.app, admin, order.id, 'close');
    const closed = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
    expect(closed.status).toBe('closed');
    const closedOnly = (
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=closed' })
    ).json();
    expect(closedOnly.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);

    // A duplicate merged into another order reads as closed, pointing at the order that handles it.
    const main = (await post(road({ description: '西门口塌陷' }))).json()[0].service_request_id;
    const dup = (await post(road({ description: '西门口塌陷了' }))).json()[0].service_request_id;
    const dupOrder = (
      await t.app.inject({ method: 'GET', url: `/api/hotline/orders/${dup}`, headers: admin.headers })
    ).json();
    expect(dupOrder.duplicates.map((d: { number: string }) => d.number)).toContain(main);
    await act(t.app, admin, dupOrder.id, 'merge', { into: main });
    const merged = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${dup}.json` })).json()[0];
    expect(merged).toMatchObject({ status: 'closed', expected_datetime: null });
    expect(merged.status_notes).toContain(main);
  });

  it('gives batch clients a token that GET tokens resolves, and refuses revoked keys', async () => {
    const batch = (
      await t.app.inject({
        method: 'POST',
        url: '/api/hotline/keys',
        headers: admin.headers,
        payload: { name: '短信网关', responseMode: 'batch' },
      })
    ).json();
    const res = await post({ ...road(), api_key: batch.apiKey });
    const [answer] = res.json();
    expect(answer.service_request_id).toBeUndefined();
    expect(answer.token).toBeTruthy();
    const resolved = (
      await t.app.inject({ method: 'GET', url: `/open311/v2/tokens/${answer.token}.json` })
    ).json();
    expect(resolved).toEqual([
      { service_request_id: expect.stringMatching(/^H511723-/), token: answer.token },
    ]);
    const x = xml.parse(
      (await t.app.inject({ method: 'GET', url: `/open311/v2/tokens/${answer.token}.xml` })).body,
    );
    expect(x.service_requests.request[0].token).toBe(answer.token);
    expect((await t.app.inject({ method: 'GET', url: '/open311/v2/tokens/nope.json' })).statusCode).toBe(404);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/hotline/keys/${batch.id}/revoke`,
      headers: admin.headers,
    });
    expect(revoked.json().revokedAt).not.toBeNull();
    const refused = await post({ ...road(), api_key: batch.apiKey });
    expect(refused.statusCode).toBe(403);
  });

  it('answers unknown paths and formats with a spec 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services/ROAD.csv' });
    expect(res.statusCode).toBe(404);
    expect(res.json()[0].code).toBe(404);
    const other = await t.app.inject({ method: 'GET', url: '/open311/v2/nothing.xml' });
    expect(other.statusCode).toBe(404);
    expect(xml.parse(other.body).errors.error[0].code).toBe('404');
  });
});
