import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_FIELDS } from '../../core/catalog/guide.ts';
import { THEMES } from '../../core/catalog/vocabulary.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { readMigrations } from '../db/migrate.ts';
import { as, demoItemId, itemBody } from './catalog-testing.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PDF_TYPE = 'application/pdf';

function guideFields(v: Record<string, unknown>) {
  return Object.fromEntries(GUIDE_FIELDS.map((f) => [f, v[f]]));
}

it('keeps the theme codes of the migration and of core/catalog the same', () => {
  const migration = readMigrations().find((m) => m.name === '003_catalog.sql')!.sql;
  const listed = /themes\s+text\[\][\s\S]*?ARRAY\[([^\]]*)\]/.exec(migration)![1]!;
  expect(listed.match(/'([a-z_]+)'/g)!.map((c) => c.slice(1, -1))).toEqual(THEMES.map((th) => th.code));
});

describe.each(TEST_ENGINES)('catalog authoring on %s', (engine) => {
  let t: TestApp;
  let admin: Session;
  let supervisor: Session;
  let xinning: Session;
  let adminApi: ReturnType<typeof as>;
  let reviewerApi: ReturnType<typeof as>;
  let xinningApi: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    admin = await signInAs(t.app, 'admin');
    supervisor = await signInAs(t.app, 'supervisor');
    xinning = await signInAs(t.app, 'xinning_admin');
    adminApi = as(t, admin);
    reviewerApi = as(t, supervisor);
    xinningApi = as(t, xinning);
  });
  afterAll(() => t?.close());

  async function created(body = itemBody(), api = adminApi) {
    const res = await api.post('/api/catalog/items', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, unknown> & { id: string; itemId: string; version: number };
  }

  async function published(body = itemBody()) {
    const draft = await created(body);
    expect((await adminApi.post(`/api/catalog/versions/${draft.id}/submit`)).statusCode).toBe(200);
    const res = await reviewerApi.post(`/api/catalog/versions/${draft.id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Record<string, unknown> & { id: string; itemId: string };
  }

  async function countItems(implementationCode: string) {
    const row = await t.ctx.db
      .selectFrom('catalog_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('implementation_code', '=', implementationCode)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('creates an item as draft v1 and refuses each bad input, storing nothing', async () => {
    const draft = await created();
    expect(draft).toMatchObject({ version: 1, status: 'draft', departmentName: '开江县市场监督管理局' });
    const me = (await adminApi.get('/api/me')).json();
    expect(draft.authorIds).toEqual([me.id]);

    const cases: [Record<string, unknown>, string, string][] = [
      [{ departmentCode: undefined }, 'departmentCode', 'catalog.department_required'],
      [
        {
          handling: { kind: 'promised' },
          legalLimit: { value: 3, unit: 'working_days' },
          promisedLimit: { value: 5, unit: 'working_days' },
          steps: [{ name: '审核', role: '审核人员' }],
        },
        'promisedLimit',
        'catalog.promised_exceeds_legal',
      ],
      [
        {
          handling: { kind: 'joint', participants: ['511723-6'] },
          promisedLimit: { value: 2, unit: 'working_days' },
        },
        'handling.lead',
        'catalog.joint_lead_required',
      ],
      [{ themes: ['business_startup', 'moon_landing'] }, 'themes[1]', 'catalog.theme_unknown'],
    ];
    for (const [patch, field, code] of cases) {
      const body = itemBody(patch);
      const res = await adminApi.post('/api/catalog/items', body);
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'catalog.invalid', title: '事项信息有误' });
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await countItems(String(body.implementationCode))).toBe(0);
    }
    const materials = structuredClone(itemBody().materials) as { copies: number }[];
    materials[1]!.copies = 0;
    const copies = await adminApi.post('/api/catalog/items', itemBody({ materials }));
    expect(copies.json().errors).toEqual([
      expect.objectContaining({ field: 'materials[1].copies', code: 'catalog.copies_invalid' }),
    ]);
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/catalog/items',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: itemBody({ departmentCode: undefined }),
    });
    expect(english.json().title).toBe('Invalid item');

    const taken = await adminApi.post(
      '/api/catalog/items',
      itemBody({ implementationCode: draft.implementationCode }),
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('catalog.implementation_code_taken');

    const clerk = await signInAs(t.app, 'county_clerk');
    expect((await as(t, clerk).post('/api/catalog/items', itemBody())).statusCode).toBe(403);
  });

  it('moves a version through review to publication, audited, and never lets a reviewer pass their own', async () => {
    const draft = await created();
    const early = await reviewerApi.post(`/api/catalog/versions/${draft.id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'catalog.transition_invalid' });
    expect(early.json().detail).toContain('草稿');

    const edited = await adminApi.patch(`/api/catalog/versions/${draft.id}`, {
      name: '个体工商户设立登记（测试）',
    });
    expect(edited.json()).toMatchObject({ name: '个体工商户设立登记（测试）', status: 'draft' });

    const submitted = await adminApi.post(`/api/catalog/versions/${draft.id}/submit`);
    expect(submitted.json()).toMatchObject({ status: 'review', submittedBy: '系统管理员' });
    expect((await adminApi.patch(`/api/catalog/versions/${draft.id}`, { name: 'x' })).json().code).toBe(
      'catalog.version_not_editable',
    );
    const self = await adminApi.post(`/api/catalog/versions/${draft.id}/publish`);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('catalog.self_review');
    // A window clerk has no review permission at all.
    const clerk = await signInAs(t.app, 'county_clerk');
    expect((await as(t, clerk).post(`/api/catalog/versions/${draft.id}/publish`)).statusCode).toBe(404);

    const done = await reviewerApi.post(`/api/catalog/versions/${draft.id}/publish`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'published', publishedBy: '县效能办 刘监察' });
    const audit = await adminApi.get(`/api/audit?action=catalog.version_publish&entityId=${draft.id}`);
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        actorName: '县效能办 刘监察',
        orgCode: '511723-2',
        after: expect.objectContaining({ status: 'published', version: 1 }),
      }),
    ]);

    const again = await adminApi.patch(`/api/catalog/versions/${draft.id}`, { name: '改名' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('catalog.version_not_editable');
    // The database refuses too, whoever writes.
    await expect(
      sql`UPDATE catalog_versions SET name = '改名' WHERE id = ${draft.id}`.execute(t.ctx.db),
    ).rejects.toThrow(/never changes/);
    await expect(sql`DELETE FROM catalog_versions WHERE id = ${draft.id}`.execute(t.ctx.db)).rejects.toThrow(
      /never deleted/,
    );
    expect((await as(t, null).get(`/api/public/guides/${draft.itemId}`)).json().name).toBe(
      '个体工商户设立登记（测试）',
    );
  });

  it('keeps a case bound to its version after a new one is published', async () => {
    const v1 = await published();
    const bound = (await adminApi.get(`/api/catalog/versions/${v1.id}`)).json();

    const v2 = (await adminApi.post(`/api/catalog/items/${v1.itemId}/drafts`)).json();
    expect(v2).toMatchObject({ version: 2, status: 'draft', name: v1.name });
    const twice = await adminApi.post(`/api/catalog/items/${v1.itemId}/drafts`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('catalog.draft_exists');

    const materials = structuredClone(v2.materials) as { copies: number }[];
    materials[0]!.copies = 2;
    const patched = await adminApi.patch(`/api/catalog/versions/${v2.id}`, {
      name: '个体工商户设立登记（新版）',
      materials,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await adminApi.post(`/api/catalog/versions/${v2.id}/submit`);
    const returned = await reviewerApi.post(`/api/catalog/versions/${v2.id}/return`, {
      reason: '请补充常见问题',
    });
    expect(returned.json()).toMatchObject({ status: 'draft', returnReason: '请补充常见问题' });
    await adminApi.post(`/api/catalog/versions/${v2.id}/submit`);
    const live = await reviewerApi.post(`/api/catalog/versions/${v2.id}/publish`);
    expect(live.json().status).toBe('published');

    const old = (await adminApi.get(`/api/catalog/versions/${v1.id}`)).json();
    expect(old.status).toBe('retired');
    expect(old.retiredAt).not.toBeNull();
    expect(guideFields(old)).toEqual(guideFields(bound));
    expect(old.publishedAt).toBe(bound.publishedAt);

    const diff = (await adminApi.get(`/api/catalog/compare?from=${v1.id}&to=${v2.id}`)).json();
    expect(diff.changes).toEqual([
      { field: 'name', before: v1.name, after: '个体工商户设立登记（新版）' },
      { field: 'materials[0].copies', before: 1, after: 2 },
    ]);
    const item = (await adminApi.get(`/api/catalog/items/${v1.itemId}`)).json();
    expect(item.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
    expect((await as(t, null).get(`/api/public/guides/${v1.itemId}`)).json().version).toBe(2);

    const retired = await reviewerApi.post(`/api/catalog/versions/${v2.id}/retire`, { reason: '事项取消' });
    expect(retired.json().status).toBe('retired');
    expect((await as(t, null).get(`/api/public/guides/${v1.itemId}`)).statusCode).toBe(404);
    const next = (await adminApi.post(`/api/catalog/items/${v1.itemId}/drafts`)).json();
    expect(next).toMatchObject({ version: 3, name: '个体工商户设立登记（新版）' });
  });

  it('lets a township admin author only their own units’ items', async () => {
    const county = await demoItemId(t, '生育登记');
    expect((await xinningApi.get(`/api/catalog/items/${county}`)).statusCode).toBe(200);
    const refused = await xinningApi.post(`/api/catalog/items/${county}/drafts`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.forbidden');
    const version = (await xinningApi.get(`/api/catalog/items/${county}`)).json().versions[0].id;
    expect((await xinningApi.patch(`/api/catalog/versions/${version}`, { name: '改名' })).statusCode).toBe(
      403,
    );
    expect((await xinningApi.post('/api/catalog/items', itemBody())).statusCode).toBe(403);

    const own = await created(
      itemBody({ departmentCode: '511723100-1', level: 'township', name: '新宁镇测试事项' }),
      xinningApi,
    );
    expect(own.departmentName).toBe('新宁镇便民服务中心');
    const puan = await signInAs(t.app, 'puan_clerk');
    expect((await as(t, puan).get(`/api/catalog/items/${own.itemId}`)).statusCode).toBe(404);
    expect((await as(t, puan).get(`/api/catalog/versions/${own.id}`)).statusCode).toBe(404);
    const listed = (await as(t, puan).get('/api/catalog/items?q=新宁镇测试&pageSize=500')).json();
    expect(listed.total).toBe(0);
    const mine = (await xinningApi.get('/api/catalog/items?pageSize=500')).json();
    const codes = mine.items.map((i: { departmentCode: string }) => i.departmentCode);
    expect(codes).toContain('511723100-1');
    expect(codes.some((c: string) => c.startsWith('511723101'))).toBe(false);
    const level = (
      await xinningApi.post('/api/catalog/items', itemBody({ departmentCode: '511723100-1' }))
    ).json();
    expect(level.errors[0]).toMatchObject({ field: 'level', code: 'catalog.level_above_department' });
  });

  it('assigns windows inside the actor’s subtree and the item’s region only', async () => {
    const item = await demoItemId(t, '内地居民结婚登记');
    const ok = await xinningApi.post(`/api/catalog/items/${item}/windows`, { windowCode: '511723100-1-2' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toContainEqual({
      code: '511723100-1-2',
      name: '社保民政窗口',
      parentName: '新宁镇便民服务中心',
    });
    // Now that a 新宁镇 window accepts it, its clerk finds it by window.
    const clerk = await signInAs(t.app, 'xinning_clerk');
    const atWindow = (await as(t, clerk).get('/api/catalog/items?window=511723100-1-2&pageSize=500')).json();
    expect(atWindow.items.map((i: { id: string }) => i.id)).toContain(item);

    const other = await xinningApi.post(`/api/catalog/items/${item}/windows`, {
      windowCode: '511723101-1-1',
    });
    expect(other.statusCode).toBe(403);
    expect(
      (await xinningApi.post(`/api/catalog/items/${item}/windows`, { windowCode: '511723-1-1' })).statusCode,
    ).toBe(403);
    const notWindow = await xinningApi.post(`/api/catalog/items/${item}/windows`, {
      windowCode: '511723100-1',
    });
    expect(notWindow.statusCode).toBe(400);
    expect(notWindow.json().code).toBe('catalog.org_kind_invalid');
    const township = await demoItemId(t, '农村宅基地用地审批', '511723100-1');
    const outside = await adminApi.post(`/api/catalog/items/${township}/windows`, {
      windowCode: '511723101-1-1',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('catalog.outside_region');

    const audit = (await adminApi.get(`/api/audit?action=catalog.window_assign&entityId=${item}`)).json();
    expect(audit.total).toBe(1);
    expect((await xinningApi.del(`/api/catalog/items/${item}/windows/511723-1-1`)).statusCode).toBe(403);
    expect((await xinningApi.del(`/api/catalog/items/${item}/windows/511723100-1-2`)).statusCode).toBe(204);
    expect((await xinningApi.del(`/api/catalog/items/${item}/windows/511723100-1-2`)).statusCode).toBe(404);
  });

  it('sets proxy villages within the actor’s subtree and keeps the rest', async () => {
    const item = await demoItemId(t, '临时救助');
    const before = (await adminApi.get(`/api/catalog/items/${item}`)).json().proxies.length;
    const set = await xinningApi.put(`/api/catalog/items/${item}/proxies`, { orgCodes: ['511723100001'] });
    expect(set.statusCode, set.body).toBe(200);
    const codes = set.json().items.map((p: { code: string }) => p.code);
    expect(codes).toContain('511723100001');
    expect(codes).not.toContain('511723100');
    expect(codes).toContain('511723101');
    expect(codes).toHaveLength(before);
    expect(
      (await xinningApi.put(`/api/catalog/items/${item}/proxies`, { orgCodes: ['511723101001'] })).statusCode,
    ).toBe(403);
    const noProxy = await demoItemId(t, '个体工商户设立登记');
    const refused = await adminApi.put(`/api/catalog/items/${noProxy}/proxies`, {
      orgCodes: ['511723100001'],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('catalog.proxy_not_allowed');

    const proxy = await signInAs(t.app, 'village_proxy');
    expect((await as(t, proxy).get(`/api/catalog/items/${item}`)).statusCode).toBe(200);
    const puanOnly = await demoItemId(t, '农村宅基地用地审批', '511723101-1');
    expect((await as(t, proxy).get(`/api/catalog/items/${puanOnly}`)).statusCode).toBe(404);
  });

  it('stores blank forms and samples on drafts and serves them with the published guide', async () => {
    const draft = await created();
    const url = `/api/catalog/versions/${draft.id}/materials/0/blank?name=${encodeURIComponent('申请书.pdf')}`;
    const up = await adminApi.raw('PUT', url, PDF_TYPE, PDF);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ name: '申请书.pdf', size: PDF.length, contentType: PDF_TYPE });
    expect(up.json().sha256).toMatch(/^[0-9a-f]{64}$/);

    const fake = await adminApi.raw('PUT', url, PDF_TYPE, Buffer.from('not a pdf at all'));
    expect(fake.json().code).toBe('catalog.file_type_mismatch');
    const text = await adminApi.raw('PUT', url, 'text/plain', Buffer.from('hello'));
    expect(text.statusCode).toBe(415);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await adminApi.raw('PUT', url, PDF_TYPE, big)).statusCode).toBe(413);
    const missing = await adminApi.raw(
      'PUT',
      `/api/catalog/versions/${draft.id}/materials/9/sample`,
      PDF_TYPE,
      PDF,
    );
    expect(missing.json().code).toBe('catalog.material_not_found');
    const foreign = await adminApi.patch(`/api/catalog/versions/${draft.id}`, {
      materials: [
        { ...(draft.materials as object[])[0], sampleFileId: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    expect(foreign.json().errors[0]).toMatchObject({
      field: 'materials[0].sampleFileId',
      code: 'catalog.file_unknown',
    });

    await adminApi.post(`/api/catalog/versions/${draft.id}/submit`);
    await reviewerApi.post(`/api/catalog/versions/${draft.id}/publish`);
    expect((await adminApi.raw('PUT', url, PDF_TYPE, PDF)).statusCode).toBe(409);
    const guide = (await as(t, null).get(`/api/public/guides/${draft.itemId}`)).json();
    const link = guide.materials[0].blankFile;
    expect(link).toMatchObject({ id: up.json().id, name: '申请书.pdf', contentType: PDF_TYPE });
    const file = await as(t, null).get(link.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(PDF_TYPE);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''%E7%94%B3");
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const other = await demoItemId(t, '生育登记');
    expect((await as(t, null).get(`/api/public/guides/${other}/files/${up.json().id}`)).statusCode).toBe(404);
    expect((await adminApi.get(`/api/catalog/files/${up.json().id}`)).statusCode).toBe(200);
  });
});
