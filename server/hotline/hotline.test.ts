import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, type TestApp } from '../../test/server.ts';
import { act, call, MARKET_BUREAU, PUAN, register, VILLAGE, XINNING } from './hotline-testing.ts';

describe.each(TEST_ENGINES)('12345 work orders (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  let supervisor: Session;
  let xinning: Session;
  let puan: Session;
  let approver: Session;
  let leader: Session;

  const count = async (table: 'hotline_orders' | 'hotline_order_events' | 'audit_log') =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Moves the clock and signs everyone in again (sessions last hours, the tests jump days). */
  async function travel(iso: string) {
    t.setNow(new Date(iso));
    const s = await Promise.all(
      ['admin', 'supervisor', 'xinning_clerk', 'puan_clerk', 'approver', 'leader'].map((u) =>
        signInAs(t.app, u),
      ),
    );
    [admin, supervisor, xinning, puan, approver, leader] = s as [
      Session,
      Session,
      Session,
      Session,
      Session,
      Session,
    ];
  }

  beforeAll(async () => {
    t = await createTestApp({ engine });
    // Tuesday 30 September 2025, 10:00 in Shanghai: the day before the National Day holiday (1–8 October).
    await travel('2025-09-30T02:00:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('dispatch catalog', () => {
    it('is seeded for the demo county, with Open311 attributes and limits', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/hotline/catalog',
        headers: xinning.headers,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.countyCode).toBe('511723');
      const road = body.items.find((c: { code: string }) => c.code === 'ROAD');
      expect(road.limit).toEqual({ value: 7, unit: 'working_days' });
      expect(road.parentName).toBe('城乡管理');
      expect(road.attributes.map((a: { code: string }) => a.code)).toEqual(['road_type', 'damage', 'area']);
      const water = body.items.find((c: { code: string }) => c.code === 'WATER');
      expect(water.limit).toEqual({ value: 2, unit: 'hours' });
    });

    it('is kept by the county admin only, with targets inside the county', async () => {
      const category = {
        code: 'TREE',
        name: '树木倒伏',
        urgency: 'urgent',
        limit: { value: 4, unit: 'hours' },
        targets: ['511723-9'],
        anyTownship: true,
        attributes: [],
      };
      const bySupervisor = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/catalog',
        headers: supervisor.headers,
        payload: category,
      });
      expect(bySupervisor.statusCode).toBe(403);
      const village = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/catalog',
        headers: admin.headers,
        payload: { ...category, targets: [VILLAGE] },
      });
      expect(village.statusCode).toBe(400);
      expect(village.json().errors[0]).toMatchObject({
        field: 'targets[0]',
        code: 'hotline.targets_invalid',
      });
      // The county library is in the county but is no department: it does not handle hotline matters.
      const library = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/catalog',
        headers: admin.headers,
        payload: { ...category, targets: ['511723-11'] },
      });
      expect(library.json().errors[0]).toMatchObject({ field: 'targets[0]', code: 'hotline.target_invalid' });
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/catalog',
        headers: admin.headers,
        payload: category,
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().targets).toEqual([{ code: '511723-9', name: '开江县林业局' }]);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/catalog',
        headers: admin.headers,
        payload: category,
      });
      expect(again.statusCode).toBe(409);
      const edited = await t.app.inject({
        method: 'PUT',
        url: `/api/hotline/catalog/${created.json().id}`,
        headers: admin.headers,
        payload: { ...category, name: '树木倒伏或断枝', code: 'IGNORED' },
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ code: 'TREE', name: '树木倒伏或断枝', nameInitials: 'smdfhdz' });
    });
  });

  describe('registering a call', () => {
    it('refuses bad input and stores nothing', async () => {
      const before = await count('hotline_orders');
      const badPhone = await register(t.app, admin, call({ caller: { name: '张三', phone: '12345' } }));
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.json().errors.map((e: { field: string }) => e.field)).toContain('caller.phone');
      const noPlace = await register(t.app, admin, call({ location: {} }));
      expect(noPlace.statusCode).toBe(400);
      expect(noPlace.json().errors[0].code).toBe('hotline.location_required');
      const unknown = await register(t.app, admin, call({ categoryCode: 'NOPE' }));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('hotline.category_not_found');
      const missing = await register(t.app, admin, call({ attributes: { damage: ['bogus'] } }));
      expect(missing.statusCode).toBe(400);
      expect(
        missing
          .json()
          .errors.map((e: { code: string }) => e.code)
          .sort(),
      ).toEqual(['hotline.attribute_required', 'hotline.attribute_value_invalid']);
      const otherCounty = await register(t.app, admin, call({ location: { orgCode: '511702100001' } }));
      expect(otherCounty.statusCode).toBe(400);
      const extra = await register(t.app, admin, { ...call(), priority: 'vip' });
      expect(extra.statusCode).toBe(400);
      // Only the county's dispatchers take calls.
      const byTownship = await register(t.app, xinning, call());
      expect(byTownship.statusCode).toBe(404);
      expect(await count('hotline_orders')).toBe(before);
    });

    it('registers fast, masks the phone in views and honours Idempotency-Key', async () => {
      const headers = { ...admin.headers, 'idempotency-key': 'call-1' };
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/orders',
        headers,
        payload: call(),
      });
      expect(first.statusCode).toBe(201);
      const order = first.json();
      expect(order.number).toMatch(/^H511723-20250930-\d{4}$/);
      expect(order.queryCode).toMatch(/^[A-Z0-9]{8}$/);
      expect(order).toMatchObject({
        status: 'registered',
        channel: 'phone',
        urgency: 'general',
        kind: 'complaint',
      });
      expect(order.caller.phone).toBe('138****0001');
      expect(order.location.orgName).toBeTruthy();
      expect(order.actions).toEqual(['dispatch', 'reply', 'merge']);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/hotline/orders',
        headers,
        payload: call(),
      });
      expect(again.json().id).toBe(order.id);
      const reveal = await t.app.inject({
        method: 'POST',
        url: `/api/hotline/orders/${order.id}/reveal`,
        headers: admin.headers,
      });
      expect(reveal.json().phone).toBe('13800000001');
      const audited = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', order.id)
        .where('action', '=', 'hotline.reveal_caller')
        .execute();
      expect(audited).toHaveLength(1);
    });
  });

  describe('lifecycle', () => {
    it('runs register → dispatch → accept → reply → revisit → close, each step with its event and audit', async () => {
      const created = (
        await register(
          t.app,
          admin,
          call({ caller: { name: '李四', phone: '13900000009' }, content: '村道上有个坑' }),
        )
      ).json();
      // Someone at the township has the console open: the dispatch reaches them live, and only them.
      const seen: { type: string; data: unknown }[] = [];
      const seenElsewhere: string[] = [];
      const unsubscribe = t.ctx.notify.live.subscribe({
        personId: '00000000-0000-4000-8000-000000000001',
        grants: [{ role: 'approver', orgCode: XINNING, orgPath: '/511723/511723100/' }],
        lang: 'zh-CN',
        since: new Date(),
        send: (e) => seen.push(e),
        close: () => {},
      });
      const unsubscribeOther = t.ctx.notify.live.subscribe({
        personId: '00000000-0000-4000-8000-000000000002',
        grants: [{ role: 'approver', orgCode: PUAN, orgPath: '/511723/511723101/' }],
        lang: 'zh-CN',
        since: new Date(),
        send: (e) => seenElsewhere.push(e.type),
        close: () => {},
      });
      const dispatched = await act(t.app, admin, created.id, 'dispatch', {
        orgCode: XINNING,
        note: '请核实',
      });
      expect(dispatched.statusCode).toBe(200);
      const d = dispatched.json();
      expect(d.status).toBe('dispatched');
      expect(d.receiver).toEqual({ code: XINNING, name: '新宁镇' });
      expect(d.clock).toMatchObject({
        deadlineDate: '2025-10-16',
        light: 'green',
        unit: 'working_days',
        total: 7,
      });
      expect(d.targets[0]).toMatchObject({ code: XINNING, suggested: true });
      expect(seen).toContainEqual({
        type: 'hotline.dispatched',
        data: expect.objectContaining({ id: created.id, number: created.number }),
      });
      expect(seenElsewhere).not.toContain('hotline.dispatched');
      unsubscribe();
      unsubscribeOther();
      // …and as a message in the bell and inbox of the township's handlers, not of anyone elsewhere.
      const told = await t.ctx.db
        .selectFrom('notifications as n')
        .innerJoin('people as p', (j) => j.on(sql<boolean>`p.id::text = n.recipient`))
        .select(['p.username', 'n.params'])
        .where('n.template', '=', 'hotline_dispatched')
        .where(sql<boolean>`n.params->>'caseNumber' = ${created.number}`)
        .execute();
      expect(told.map((m) => m.username)).toContain('xinning_clerk');
      expect(told.map((m) => m.username)).not.toContain('puan_clerk');

      // The other township never sees it; the receiving township has it in its inbox.
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/hotline/orders/${created.id}`,
            headers: puan.headers,
          })
        ).statusCode,
      ).toBe(404);
      const inbox = (
        await t.app.inject({ method: 'GET', url: '/api/hotline/orders?view=inbox', headers: xinning.headers })
      ).json();
      expect(inbox.items.map((o: { id: string }) => o.id)).toContain(created.id);
      // The dispatcher cannot accept for the township, nor the township dispatch.
      expect((await act(t.app, puan, created.id, 'accept')).statusCode).toBe(404);
      const accepted = await act(t.app, xinning, created.id, 'accept');
      expect(accepted.json().status).toBe('accepted');
      expect((await act(t.app, xinning, created.id, 'accept')).statusCode).toBe(409);
      await travel('2025-10-09T03:00:00Z');
      const replied = await act(t.app, xinning, created.id, 'reply', {
        text: '已安排填补，10 月 9 日完工。',
      });
      expect(replied.json()).toMatchObject({ status: 'replied', onTime: true });
      expect(replied.json().clock.stopped).toBe(true);
      expect((await act(t.app, admin, created.id, 'revisit', { reached: true })).statusCode).toBe(400);
      const revisited = await act(t.app, admin, created.id, 'revisit', {
        reached: true,
        satisfaction: 'satisfied',
        note: '满意',
      });
      expect(revisited.json().revisit).toMatchObject({ reached: true, satisfaction: 'satisfied' });
      const closed = await act(t.app, supervisor, created.id, 'close');
      expect(closed.json().status).toBe('closed');
      expect(closed.json().events.map((e: { action: string }) => e.action)).toEqual([
        'register',
        'dispatch',
        'accept',
        'reply',
        'revisit',
        'close',
      ]);
      const audits = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', created.id)
        .orderBy('id')
        .execute();
      expect(audits.map((a) => a.action)).toEqual([
        'hotline.register',
        'hotline.dispatch',
        'hotline.accept',
        'hotline.reply',
        'hotline.revisit',
        'hotline.close',
      ]);
      // The event log is append-only.
      await expect(
        t.ctx.db
          .updateTable('hotline_order_events')
          .set({ action: 'x' })
          .where('order_id', '=', created.id)
          .execute(),
      ).rejects.toThrow(/append-only/);
      await travel('2025-09-30T02:00:00Z');
    });

    it('refuses a dispatch outside the catalog scope and changes nothing', async () => {
      const created = (
        await register(t.app, admin, call({ categoryCode: 'FOOD', attributes: { place: '某餐馆' } }))
      ).json();
      const events = await count('hotline_order_events');
      const res = await act(t.app, admin, created.id, 'dispatch', { orgCode: XINNING });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'hotline.dispatch_not_allowed' });
      expect(res.json().detail).toContain('开江县市场监督管理局');
      expect((await count('hotline_order_events')) - events).toBe(0);
      const ok = await act(t.app, admin, created.id, 'dispatch', { orgCode: MARKET_BUREAU });
      expect(ok.json().receiver.code).toBe(MARKET_BUREAU);
      expect((await act(t.app, approver, created.id, 'accept')).json().status).toBe('accepted');
    });

    it('reviews send-backs: rejected goes back to the receiver, approved is redispatched with a new clock', async () => {
      const created = (await register(t.app, admin, call({ content: '普安镇路口积水' }))).json();
      await act(t.app, admin, created.id, 'dispatch', { orgCode: PUAN });
      expect((await act(t.app, puan, created.id, 'send_back')).statusCode).toBe(400);
      const sent = await act(t.app, puan, created.id, 'send_back', { reason: '地点在新宁镇辖区' });
      expect(sent.json()).toMatchObject({
        status: 'send_back_pending',
        sendBack: { reason: '地点在新宁镇辖区', fromStatus: 'dispatched' },
      });
      const queue = (
        await t.app.inject({ method: 'GET', url: '/api/hotline/orders?view=queue', headers: admin.headers })
      ).json();
      expect(queue.items.map((o: { id: string }) => o.id)).toContain(created.id);
      expect((await act(t.app, puan, created.id, 'reject_send_back', { reason: 'x' })).statusCode).toBe(403);
      const rejected = await act(t.app, admin, created.id, 'reject_send_back', { reason: '现场在普安镇' });
      expect(rejected.json()).toMatchObject({ status: 'dispatched', sendBack: null });
      await act(t.app, puan, created.id, 'accept');
      await act(t.app, puan, created.id, 'send_back', { reason: '确属新宁镇' });
      await travel('2025-10-09T02:00:00Z');
      const approved = await act(t.app, admin, created.id, 'approve_send_back', { orgCode: XINNING });
      const a = approved.json();
      expect(a).toMatchObject({ status: 'dispatched', receiver: { code: XINNING }, sendBackCount: 2 });
      expect(a.clock.startedAt).toBe('2025-10-09T02:00:00.000Z');
      expect(a.clock.deadlineDate).toBe('2025-10-17');
      expect(a.events.map((e: { action: string }) => e.action).slice(-2)).toEqual([
        'approve_send_back',
        'dispatch',
      ]);
      await travel('2025-09-30T02:00:00Z');
    });

    it('grants extensions with approval, within the category allowance', async () => {
      const created = (await register(t.app, admin, call({ content: '扩建路段' }))).json();
      await act(t.app, admin, created.id, 'dispatch', { orgCode: XINNING });
      await act(t.app, xinning, created.id, 'accept');
      const tooMuch = await act(t.app, xinning, created.id, 'request_extension', {
        units: 6,
        reason: '需要施工队',
      });
      expect(tooMuch.statusCode).toBe(422);
      const asked = await act(t.app, xinning, created.id, 'request_extension', {
        units: 3,
        reason: '需要施工队',
      });
      expect(asked.json().extensionRequest).toMatchObject({ units: 3 });
      expect((await act(t.app, xinning, created.id, 'approve_extension')).statusCode).toBe(403);
      const granted = await act(t.app, admin, created.id, 'approve_extension');
      expect(granted.json().clock).toMatchObject({ deadlineDate: '2025-10-21', total: 10 });
      expect(granted.json().extensionRequest).toBeNull();
    });

    it('judges an urgent order on hours, through a holiday, and counts a late reply as late', async () => {
      await travel('2025-10-01T02:00:00Z');
      const created = (
        await register(
          t.app,
          admin,
          call({ categoryCode: 'WATER', attributes: { scope: 'building' }, content: '整栋楼停水' }),
        )
      ).json();
      expect(created.urgency).toBe('urgent');
      const d = (await act(t.app, admin, created.id, 'dispatch', { orgCode: XINNING })).json();
      expect(d.clock).toMatchObject({
        unit: 'hours',
        deadline: '2025-10-01T04:00:00.000Z',
        deadlineDate: null,
      });
      await travel('2025-10-01T05:00:00Z');
      const late = (
        await t.app.inject({
          method: 'GET',
          url: `/api/hotline/orders/${created.id}`,
          headers: xinning.headers,
        })
      ).json();
      expect(late.clock).toMatchObject({ light: 'red', overdueBy: 1 });
      await act(t.app, xinning, created.id, 'accept');
      const replied = await act(t.app, xinning, created.id, 'reply', { text: '已抢修' });
      expect(replied.json().onTime).toBe(false);
      await travel('2025-09-30T02:00:00Z');
    });

    it('answers an inquiry directly without dispatch', async () => {
      const created = (
        await register(
          t.app,
          admin,
          call({ categoryCode: 'ASSIST', kind: 'inquiry', attributes: {}, content: '低保怎么申请' }),
        )
      ).json();
      const replied = await act(t.app, admin, created.id, 'reply', { text: '已告知到户籍地乡镇申请。' });
      expect(replied.json()).toMatchObject({ status: 'replied', onTime: null, receiver: null });
    });
  });

  describe('duplicates and merge', () => {
    it('shows likely duplicates with their reasons and merges into the main order', async () => {
      const main = (
        await register(
          t.app,
          admin,
          call({
            caller: { name: '王五', phone: '13700000007' },
            content: '东街路灯一排都不亮',
            categoryCode: 'LIGHT',
            attributes: {},
          }),
        )
      ).json();
      const q = new URLSearchParams({
        phone: '13700000007',
        categoryCode: 'LIGHT',
        orgCode: VILLAGE,
        content: '东街路灯一排都不亮了',
      });
      const dup = (
        await t.app.inject({ method: 'GET', url: `/api/hotline/duplicates?${q}`, headers: admin.headers })
      ).json();
      const hit = dup.items.find((i: { id: string }) => i.id === main.id);
      expect(hit.reasons).toEqual(['same_phone', 'same_place', 'similar_text']);
      expect(hit.phone).toBe('137****0007');
      const byText = new URLSearchParams({ categoryCode: 'NOISE', content: '东街路灯一排都不亮' });
      const textOnly = (
        await t.app.inject({
          method: 'GET',
          url: `/api/hotline/duplicates?${byText}`,
          headers: admin.headers,
        })
      ).json();
      expect(textOnly.items.find((i: { id: string }) => i.id === main.id).reasons).toEqual(['similar_text']);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/hotline/duplicates?${q}`, headers: xinning.headers }))
          .statusCode,
      ).toBe(404);

      const second = (
        await register(
          t.app,
          admin,
          call({
            caller: { name: '赵六', phone: '13600000006' },
            content: '东街路灯不亮',
            categoryCode: 'LIGHT',
            attributes: {},
          }),
        )
      ).json();
      const detail = (
        await t.app.inject({ method: 'GET', url: `/api/hotline/orders/${second.id}`, headers: admin.headers })
      ).json();
      expect(detail.duplicates.map((d: { id: string }) => d.id)).toContain(main.id);
      expect((await act(t.app, xinning, second.id, 'merge', { into: main.number })).statusCode).toBe(404);
      expect((await act(t.app, admin, second.id, 'merge', { into: second.number })).statusCode).toBe(409);
      const merged = await act(t.app, admin, second.id, 'merge', { into: main.number });
      expect(merged.json()).toMatchObject({
        status: 'merged',
        mergedInto: { id: main.id, number: main.number },
      });
      const mainAfter = (
        await t.app.inject({ method: 'GET', url: `/api/hotline/orders/${main.id}`, headers: admin.headers })
      ).json();
      expect(mainAfter.events.at(-1)).toMatchObject({
        action: 'merged_from',
        payload: { number: second.number },
      });
      expect(mainAfter.duplicates.map((d: { id: string }) => d.id)).not.toContain(second.id);
      // Nothing can be merged into a finished order.
      const third = (await register(t.app, admin, call({ content: '又一条' }))).json();
      expect((await act(t.app, admin, third.id, 'merge', { into: second.number })).statusCode).toBe(409);
    });
  });

  describe('statistics', () => {
    it('counts volume, on-time replies, satisfaction and send-backs by category and org, in scope', async () => {
      const s = (
        await t.app.inject({
          method: 'GET',
          url: '/api/hotline/statistics?from=2025-09-01&to=2025-10-31',
          headers: leader.headers,
        })
      ).json();
      const road = s.byCategory.find((r: { code: string }) => r.code === 'ROAD');
      expect(road.volume).toBeGreaterThanOrEqual(5);
      expect(road.sendBacks).toBe(2);
      const puanRow = s.byOrg.find((r: { code: string }) => r.code === PUAN);
      expect(puanRow).toMatchObject({ sendBacks: 2, volume: 0 });
      const xin = s.byOrg.find((r: { code: string }) => r.code === XINNING);
      expect(xin.replied).toBe(2);
      expect(xin.onTime).toBe(1);
      expect(xin.onTimeRate).toBe(0.5);
      expect(xin.revisited).toBe(1);
      expect(xin.satisfactionRate).toBe(1);
      expect(s.total.merged).toBe(1);
      // A township sees only what it received, and its own send-backs of orders handled elsewhere now.
      const own = (
        await t.app.inject({
          method: 'GET',
          url: '/api/hotline/statistics?from=2025-09-01&to=2025-10-31',
          headers: puan.headers,
        })
      ).json();
      expect(own.byOrg.map((r: { code: string }) => r.code)).toEqual([PUAN]);
      expect(own.byOrg[0]).toMatchObject({ sendBacks: 2, volume: 0 });
      expect(own.total.volume).toBe(0);
      const xlsx = await t.app.inject({
        method: 'GET',
        url: '/api/hotline/statistics.xlsx?from=2025-09-01&to=2025-10-31',
        headers: leader.headers,
      });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['按派单目录', '按承办单位', '统计期间']);
      expect(wb.worksheets[0]!.getRow(1).getCell(6).value).toBe('按时办复率');
      const bad = await t.app.inject({
        method: 'GET',
        url: '/api/hotline/statistics?from=2025-10-31&to=2025-10-01',
        headers: leader.headers,
      });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('portal channel', () => {
    it('files a suggestion online, tracks it by number and code, and takes the caller’s rating of the reply', async () => {
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/public/hotline/orders',
        payload: {
          categoryCode: 'SANITATION',
          kind: 'suggestion',
          name: '钱七',
          phone: '13500000005',
          content: '建议菜市场增设垃圾桶',
        },
      });
      expect(filed.statusCode).toBe(201);
      const { number, queryCode } = filed.json();
      const wrong = await t.app.inject({
        method: 'GET',
        url: `/api/public/hotline/track?number=${number}&code=AAAAAAAA`,
      });
      expect(wrong.statusCode).toBe(404);
      const track = (
        await t.app.inject({
          method: 'GET',
          url: `/api/public/hotline/track?number=${number}&code=${queryCode}`,
        })
      ).json();
      expect(track).toMatchObject({ number, status: 'registered', kind: 'suggestion', canRate: false });
      const early = await t.app.inject({
        method: 'POST',
        url: '/api/public/hotline/track/rate',
        payload: { number, code: queryCode, satisfaction: 'satisfied' },
      });
      expect(early.statusCode).toBe(409);
      const order = (
        await t.app.inject({ method: 'GET', url: `/api/hotline/orders/${number}`, headers: admin.headers })
      ).json();
      expect(order.channel).toBe('portal');
      await act(t.app, admin, order.id, 'dispatch', { orgCode: XINNING });
      await act(t.app, xinning, order.id, 'accept');
      await act(t.app, xinning, order.id, 'reply', { text: '已增设 4 个垃圾桶' });
      const rated = await t.app.inject({
        method: 'POST',
        url: '/api/public/hotline/track/rate',
        payload: { number, code: queryCode, satisfaction: 'very_satisfied', comment: '很快' },
      });
      expect(rated.statusCode).toBe(200);
      expect(rated.json()).toMatchObject({
        status: 'revisited',
        satisfaction: 'very_satisfied',
        reply: '已增设 4 个垃圾桶',
      });
      expect(rated.json().timeline.map((e: { action: string }) => e.action)).toEqual([
        'register',
        'dispatch',
        'accept',
        'reply',
        'revisit',
      ]);
      const twice = await t.app.inject({
        method: 'POST',
        url: '/api/public/hotline/track/rate',
        payload: { number, code: queryCode, satisfaction: 'unsatisfied' },
      });
      expect(twice.statusCode).toBe(409);
    });
  });
});
