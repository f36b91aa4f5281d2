import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCodesNamed, validateItemDraft } from '../../core/catalog/index.ts';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/server.ts';
import { identityOf, orgRefs, validationEnv } from './catalog-service.ts';
import { findItem, listVersions } from './catalog-store.ts';
import { as, demoItemId } from './catalog-testing.ts';

interface Entry {
  itemId: string;
  name: string;
  departmentCode: string;
  level: string;
  themes: string[];
  badge: string | null;
}

describe.each(TEST_ENGINES)('resident portal on %s', (engine) => {
  let t: TestApp;
  let pub: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    pub = as(t, null);
  });
  afterAll(() => t?.close());

  const search = async (query: string) => {
    const res = await pub.get(`/api/public/guides?pageSize=500&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Entry[]; total: number };
  };
  const names = (r: { items: Entry[] }) => r.items.map((i) => i.name);

  it('publishes a valid demo catalog with every handling kind', async () => {
    const all = await search('');
    expect(new Set(names(all)).size).toBeGreaterThanOrEqual(30);
    const rows = await t.ctx.db.selectFrom('catalog_versions').select('handling_kind').distinct().execute();
    expect(rows.map((r) => r.handling_kind).sort()).toEqual([
      'escalated',
      'joint',
      'on_the_spot',
      'promised',
    ]);
    // Every demo item passes the validator as of a day whose limits the loaded calendar covers.
    t.setNow(new Date('2025-06-02T02:00:00Z'));
    for (const entry of all.items) {
      const item = (await findItem(t.ctx.db, entry.itemId))!;
      const [version] = await listVersions(t.ctx.db, item.id);
      const input = { ...identityOf(item), ...version };
      const env = await validationEnv(t.ctx, await orgRefs(t.ctx.db, orgCodesNamed(input)));
      const result = validateItemDraft(input, env);
      expect(result.ok ? [] : result.errors, entry.name).toEqual([]);
    }
    t.setNow(new Date());
  });

  it('finds guides by pinyin initials, name, department, theme, level and place', async () => {
    expect(names(await search('q=gtgsh'))).toEqual(['个体工商户设立登记']);
    expect(names(await search('q=GTGSH'))).toEqual(['个体工商户设立登记']);
    const registration = names(await search(`q=${encodeURIComponent('登记')}`));
    expect(registration).toEqual(expect.arrayContaining(['生育登记', '不动产登记', '就业失业登记']));
    expect(registration).not.toContain('临时救助');

    const civil = await search('department=511723-4');
    expect(civil.items.every((i) => i.departmentCode === '511723-4')).toBe(true);
    expect(names(civil)).toEqual(
      expect.arrayContaining(['最低生活保障申请', '临时救助', '内地居民结婚登记']),
    );

    expect(names(await search('theme=birth')).sort()).toEqual(['再生育审批', '生育登记']);
    expect(names(await search('level=village'))).toEqual(['农家书屋借阅']);

    // A resident of 新宁镇 sees its township's items, the county's items accepted at its windows and the
    // county bureaus' township-level items, but not 普安镇's own.
    const xinning = await search('org=511723100');
    const list = names(xinning);
    expect(list).toEqual(expect.arrayContaining(['生育登记', '个体工商户设立登记', '农村宅基地用地审批']));
    expect(list).not.toContain('内地居民结婚登记');
    const homestead = xinning.items.filter((i) => i.name === '农村宅基地用地审批');
    expect(homestead.map((i) => i.departmentCode)).toEqual(['511723100-1']);
    const village = names(await search('org=511723100001'));
    expect(village).toEqual(expect.arrayContaining(['农家书屋借阅', '临时救助', '医保异地就医备案']));
    expect(village).not.toContain('不动产登记');

    const page = await pub.get('/api/public/guides?pageSize=5&page=2');
    expect(page.json().items).toHaveLength(5);
    expect(page.json().total).toBe((await search('')).total);
    expect((await pub.get('/api/public/guides?theme=space')).statusCode).toBe(400);
    expect((await pub.get('/api/public/guides?org=511799')).statusCode).toBe(404);
  });

  it('shows the five publics with badges, windows, proxies and the expected completion date', async () => {
    const id = await demoItemId(t, '个体工商户设立登记');
    const guide = (await pub.get(`/api/public/guides/${id}`)).json();
    expect(guide).toMatchObject({
      name: '个体工商户设立登记',
      department: { code: '511723-2', name: '开江县市场监督管理局' },
      badge: 'zero_visit',
      fivePublics: {
        service: { badge: 'zero_visit', maxVisits: 0, onlineApply: true },
        timeLimit: { sameDay: true, legal: { value: 3, unit: 'working_days' } },
        fees: { charged: false, items: 0 },
      },
      proxy: { possible: false, places: [] },
    });
    expect(guide.windows[0]).toEqual({
      code: '511723-1-2',
      name: '企业开办窗口',
      parentName: '开江县政务服务中心',
    });

    // Friday 26 September 2025, 10:00 in Beijing: 20 working days cross the National Day week.
    t.setNow(new Date('2025-09-26T02:00:00Z'));
    const dibao = (await pub.get(`/api/public/guides/${await demoItemId(t, '最低生活保障申请')}`)).json();
    expect(dibao).toMatchObject({
      today: '2025-09-26',
      expectedCompletion: '2025-10-30',
      promisedLimit: { value: 20, unit: 'working_days' },
      handling: { kind: 'escalated', targetLevel: 'county' },
      badge: 'at_most_once',
      proxy: { possible: true },
    });
    expect(dibao.fivePublics.timeLimit.shortenedPercent).toBe(33);
    // 即办 on a holiday: the next working day.
    t.setNow(new Date('2025-10-03T02:00:00Z'));
    expect((await pub.get(`/api/public/guides/${id}`)).json().expectedCompletion).toBe('2025-10-09');
    // Beyond the loaded years the date is not guessed.
    t.setNow(new Date('2026-12-30T02:00:00Z'));
    expect((await pub.get(`/api/public/guides/${id}`)).json().expectedCompletion).toBe('2026-12-30');
    const late = (await pub.get(`/api/public/guides/${await demoItemId(t, '最低生活保障申请')}`)).json();
    expect(late.expectedCompletion).toBeNull();
    t.setNow(new Date());

    const joint = (await pub.get(`/api/public/guides/${await demoItemId(t, '残疾人证申领')}`)).json();
    expect(joint).toMatchObject({ leadName: '开江县残疾人联合会', participantNames: ['开江县卫生健康局'] });
    const fees = (await pub.get(`/api/public/guides/${await demoItemId(t, '不动产登记')}`)).json();
    expect(fees.fivePublics.fees).toEqual({ charged: true, items: 3 });

    expect((await pub.get('/api/public/guides/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await pub.get('/api/public/guides/not-a-uuid')).statusCode).toBe(400);
  });

  it('lists themes, departments and the vocabulary for the filters', async () => {
    const themes = (await pub.get('/api/public/catalog/themes')).json();
    expect(themes.items).toContainEqual({ code: 'birth', name: '生育', nameEn: 'Birth', count: 2 });
    const departments = (await pub.get('/api/public/catalog/departments?county=511723')).json();
    expect(departments.items[0]).toMatchObject({ code: '511723-2', name: '开江县市场监督管理局' });
    expect(departments.items.map((d: { code: string }) => d.code)).toContain('511723100-1');
    expect((await pub.get('/api/public/catalog/places')).json().items).toEqual([
      { code: '511723', name: '开江县', kind: 'county' },
    ]);
    const townships = (await pub.get('/api/public/catalog/places?parent=511723')).json();
    expect(townships.total).toBe(13);
    expect(townships.items).toContainEqual({ code: '511723100', name: '新宁镇', kind: 'township' });
    const villages = (await pub.get('/api/public/catalog/places?parent=511723100')).json();
    expect(villages.items.every((v: { kind: string }) => v.kind === 'village')).toBe(true);
    const vocabulary = (await pub.get('/api/public/catalog/vocabulary')).json();
    expect(vocabulary.handlingKinds).toContainEqual({ code: 'joint', zh: '联办件', en: 'Joint' });
    expect(vocabulary.badges).toContainEqual({
      code: 'at_most_once',
      zh: '最多跑一次',
      en: 'At most one visit',
    });
  });
});
