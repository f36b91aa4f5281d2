import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { TEST_ENGINES } from '../../test/db.ts';
import { createTestApp, type Session, signInAs, startTestServer, type TestApp } from '../../test/server.ts';
import type { AppContext } from '../context.ts';
import { backoffAfter, deliverPending, type NotificationMessage } from './notify-service.ts';
import type { NotificationSender, OutgoingMessage } from './senders.ts';

interface Person {
  id: string;
  orgCode: string;
  orgPath: string;
}

async function person(ctx: AppContext, username: string): Promise<Person> {
  const p = await ctx.db
    .selectFrom('people')
    .select(['id', 'org_code', 'org_path'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { id: p.id, orgCode: p.org_code, orgPath: p.org_path };
}

const CASE_NUMBER = '511723100-1-20260310-0001';

function inApp(to: Person, caseNumber = CASE_NUMBER): NotificationMessage {
  return {
    channel: 'in_app',
    recipient: to.id,
    template: 'urge',
    params: { caseNumber, by: '县效能办', note: '' },
    orgCode: to.orgCode,
    orgPath: to.orgPath,
  };
}

function sms(org: Person, phone = '13800138000', caseNumber = CASE_NUMBER): NotificationMessage {
  return {
    channel: 'sms',
    recipient: phone,
    template: 'case_accepted',
    params: { caseNumber, dueDate: '2026-04-08' },
    orgCode: org.orgCode,
    orgPath: org.orgPath,
  };
}

async function rowsOf(ctx: AppContext) {
  return ctx.db.selectFrom('notifications').selectAll().orderBy('created_at').orderBy('id').execute();
}

async function clear(ctx: AppContext) {
  await ctx.db.deleteFrom('notifications').execute();
}

/** A sender that records what it got and fails while `failing` says so. */
function recordingSender(
  channel: 'sms' | 'in_app',
  opts: { delayMs?: number; failing?: () => boolean } = {},
) {
  const sent: OutgoingMessage[] = [];
  const sender: NotificationSender = {
    channel,
    name: `test-${channel}`,
    async send(m) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.failing?.()) throw new Error('gateway said no');
      sent.push(m);
    },
  };
  return { sender, sent };
}

describe.each(TEST_ENGINES)('notifications on %s', (engine) => {
  let t: TestApp;
  let clerk: Person;
  let puan: Person;
  let xinningAdmin: Person;
  let admin: Session;
  let xinning: Session;
  let clerkSession: Session;
  let puanSession: Session;

  beforeAll(async () => {
    t = await createTestApp({ engine });
    clerk = await person(t.ctx, 'xinning_clerk');
    puan = await person(t.ctx, 'puan_clerk');
    xinningAdmin = await person(t.ctx, 'xinning_admin');
    admin = await signInAs(t.app, 'admin');
    xinning = await signInAs(t.app, 'xinning_admin');
    clerkSession = await signInAs(t.app, 'xinning_clerk');
    puanSession = await signInAs(t.app, 'puan_clerk');
  });
  afterAll(async () => {
    await t?.close();
  });

  test('a message enqueued in a transaction that rolls back leaves nothing; a committed one is pending', async () => {
    await clear(t.ctx);
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await t.ctx.notify.enqueue(trx, [inApp(clerk), sms(clerk)]);
        expect((await trx.selectFrom('notifications').select('id').execute()).length).toBe(2);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(t.ctx)).toEqual([]);

    t.setNow(new Date('2026-03-10T02:00:00Z'));
    const ids = await t.ctx.db.transaction().execute((trx) => t.ctx.notify.enqueue(trx, sms(clerk)));
    const rows = await rowsOf(t.ctx);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[0]).toMatchObject({
      channel: 'sms',
      recipient: '13800138000',
      template: 'case_accepted',
      status: 'pending',
      attempts: 0,
      county_code: '511723',
      org_path: clerk.orgPath,
      text: `您的办件${CASE_NUMBER}已受理，预计2026-04-08前办结。`,
    });
    expect(rows[0]!.params).toEqual({ caseNumber: CASE_NUMBER, dueDate: '2026-04-08' });
    expect(rows[0]!.next_attempt_at.toISOString()).toBe('2026-03-10T02:00:00.000Z');
    t.setNow(new Date());
  });

  test('bad input: unknown templates and non-person in-app recipients are refused, landlines recorded failed', async () => {
    await clear(t.ctx);
    await expect(
      t.ctx.notify.enqueue(t.ctx.db, { ...inApp(clerk), template: 'nope' } as unknown as NotificationMessage),
    ).rejects.toThrow(/unknown template/);
    await expect(
      t.ctx.notify.enqueue(t.ctx.db, { ...inApp(clerk), recipient: 'xinning_clerk' }),
    ).rejects.toThrow(/person id/);
    await expect(t.ctx.notify.enqueue(t.ctx.db, { ...inApp(clerk), orgPath: '' })).rejects.toThrow(/org/);
    expect(await rowsOf(t.ctx)).toEqual([]);

    await t.ctx.notify.enqueue(t.ctx.db, [sms(clerk, '0838-8221234'), sms(clerk, '138 0013 8000')]);
    const rows = await rowsOf(t.ctx);
    const landline = rows.find((r) => r.recipient === '08388221234')!;
    expect(landline).toMatchObject({ status: 'failed', last_error: '不是手机号码，无法发送短信' });
    expect(rows.find((r) => r.recipient === '13800138000')!.status).toBe('pending');
    // The failed one is never claimed.
    const report = await deliverPending(t.ctx);
    expect(report).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
  });

  test('a delivery pass sends each due message once through its channel and marks it sent', async () => {
    await clear(t.ctx);
    const smsBox = recordingSender('sms');
    const inbox = recordingSender('in_app');
    const original = { sms: t.ctx.notify.senderOf('sms')!, in_app: t.ctx.notify.senderOf('in_app')! };
    t.ctx.notify.setSender(smsBox.sender);
    t.ctx.notify.setSender(inbox.sender);
    try {
      t.setNow(new Date('2026-03-10T02:00:00Z'));
      await t.ctx.notify.enqueue(t.ctx.db, [sms(clerk), inApp(clerk)]);
      t.setNow(new Date('2026-03-10T02:00:05Z'));
      expect(await deliverPending(t.ctx)).toEqual({ claimed: 2, sent: 2, retried: 0, failed: 0 });
      expect(smsBox.sent.map((m) => [m.recipient, m.text, m.attempt])).toEqual([
        ['13800138000', `您的办件${CASE_NUMBER}已受理，预计2026-04-08前办结。`, 1],
      ]);
      expect(inbox.sent.map((m) => m.recipient)).toEqual([clerk.id]);
      for (const r of await rowsOf(t.ctx)) {
        expect(r.status).toBe('sent');
        expect(r.attempts).toBe(1);
        expect(r.sent_at?.toISOString()).toBe('2026-03-10T02:00:05.000Z');
      }
      expect((await deliverPending(t.ctx)).claimed).toBe(0);
      expect(smsBox.sent).toHaveLength(1);
    } finally {
      t.ctx.notify.setSender(original.sms);
      t.ctx.notify.setSender(original.in_app);
      t.setNow(new Date());
    }
  });

  test('a failing sender is retried with growing backoff, then the message is marked failed', async () => {
    await clear(t.ctx);
    let failing = true;
    const box = recordingSender('sms', { failing: () => failing });
    const original = t.ctx.notify.senderOf('sms')!;
    t.ctx.notify.setSender(box.sender);
    try {
      let now = new Date('2026-03-10T02:00:00Z');
      t.setNow(now);
      await t.ctx.notify.enqueue(t.ctx.db, [sms(clerk, '13800138001'), sms(clerk, '13800138002')]);
      const max = t.ctx.notify.delivery.maxAttempts;
      expect(max).toBe(5);
      for (let attempt = 1; attempt <= max; attempt++) {
        const report = await deliverPending(t.ctx);
        const last = attempt === max;
        expect(report).toEqual({ claimed: 2, sent: 0, retried: last ? 0 : 2, failed: last ? 2 : 0 });
        const rows = await rowsOf(t.ctx);
        for (const r of rows) {
          expect(r.attempts).toBe(attempt);
          expect(r.last_error).toBe('gateway said no');
          expect(r.status).toBe(last ? 'failed' : 'pending');
        }
        if (last) break;
        const wait = backoffAfter(attempt);
        expect(rows[0]!.next_attempt_at.getTime() - now.getTime()).toBe(wait);
        // Not due a moment before the backoff ends…
        t.setNow(new Date(now.getTime() + wait - 1000));
        expect((await deliverPending(t.ctx)).claimed).toBe(0);
        // …and due when it does.
        now = new Date(now.getTime() + wait);
        t.setNow(now);
      }
      expect([backoffAfter(1), backoffAfter(2), backoffAfter(3), backoffAfter(4)]).toEqual([
        30_000, 60_000, 120_000, 240_000,
      ]);
      t.setNow(new Date(now.getTime() + 86_400_000));
      failing = false;
      expect((await deliverPending(t.ctx)).claimed).toBe(0);
      expect(box.sent).toEqual([]);
    } finally {
      t.ctx.notify.setSender(original);
      t.setNow(new Date());
    }
  });

  test('delivery passes running at the same time never send a message twice', async () => {
    await clear(t.ctx);
    const box = recordingSender('sms', { delayMs: 5 });
    const original = t.ctx.notify.senderOf('sms')!;
    t.ctx.notify.setSender(box.sender);
    try {
      const messages = Array.from({ length: 30 }, (_, i) =>
        sms(
          clerk,
          `1390000${String(i).padStart(4, '0')}`,
          `511723100-1-20260310-${String(i).padStart(4, '0')}`,
        ),
      );
      await t.ctx.notify.enqueue(t.ctx.db, messages);
      const reports = await Promise.all([1, 2, 3, 4].map(() => deliverPending(t.ctx, { limit: 10 })));
      const claimed = reports.map((r) => r.claimed);
      expect(claimed.reduce((a, b) => a + b, 0)).toBe(30);
      // On PostgreSQL the passes really overlap: none of them took more than its batch.
      expect(Math.max(...claimed)).toBeLessThanOrEqual(10);
      const ids = box.sent.map((m) => m.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      const rows = await rowsOf(t.ctx);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      t.ctx.notify.setSender(original);
    }
  });

  test('the delivery loop sends what is enqueued, one pass at a time, and stops cleanly', async () => {
    await clear(t.ctx);
    const box = recordingSender('sms', { delayMs: 20 });
    const original = t.ctx.notify.senderOf('sms')!;
    t.ctx.notify.setSender(box.sender);
    let active = 0;
    let most = 0;
    const real = t.ctx.notify.deliverPending.bind(t.ctx.notify);
    const spy = vi.spyOn(t.ctx.notify, 'deliverPending').mockImplementation(async (opts) => {
      active++;
      most = Math.max(most, active);
      try {
        return await real(opts);
      } finally {
        active--;
      }
    });
    const loop = t.ctx.notify.startDelivery({ intervalMs: 10, limit: 3 });
    try {
      await t.ctx.notify.enqueue(t.ctx.db, [
        sms(clerk, '13700000001'),
        sms(clerk, '13700000002'),
        sms(clerk, '13700000003'),
        sms(clerk, '13700000004'),
      ]);
      await vi.waitFor(() => expect(box.sent).toHaveLength(4), { timeout: 5000, interval: 20 });
      expect(spy.mock.calls.length).toBeGreaterThan(1);
      expect(most).toBe(1);
    } finally {
      await loop.stop();
      spy.mockRestore();
      t.ctx.notify.setSender(original);
    }
    const calls = spy.mock.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(spy.mock.calls.length).toBe(calls);
  });

  test('the inbox is the caller’s own: paged, with the unread count, read one and read all', async () => {
    await clear(t.ctx);
    t.setNow(new Date('2026-03-10T02:00:00Z'));
    await t.ctx.notify.enqueue(t.ctx.db, [inApp(clerk, 'A-1'), inApp(puan, 'B-1')]);
    t.setNow(new Date('2026-03-10T02:01:00Z'));
    await t.ctx.notify.enqueue(t.ctx.db, inApp(clerk, 'A-2'));
    t.setNow(new Date('2026-03-10T02:02:00Z'));
    await t.ctx.notify.enqueue(t.ctx.db, {
      channel: 'in_app',
      recipient: clerk.id,
      template: 'warning',
      params: { caseNumber: 'A-3', clock: '承诺办结时限', light: 'red', deadline: '2026-03-12' },
      orgCode: clerk.orgCode,
      orgPath: clerk.orgPath,
    });

    const mine = await t.app.inject({ url: '/api/notifications?pageSize=2', headers: clerkSession.headers });
    expect(mine.statusCode).toBe(200);
    const body = mine.json();
    expect(body.total).toBe(3);
    expect(body.unread).toBe(3);
    expect(body.items.map((i: { title: string; text: string }) => [i.title, i.text])).toEqual([
      ['办件预警', '办件A-3的承诺办结时限已亮红灯，截止2026-03-12，请抓紧办理。'],
      ['督办', '县效能办督办了办件A-2，请尽快办理。'],
    ]);
    const english = await t.app.inject({
      url: '/api/notifications?pageSize=1',
      headers: { ...clerkSession.headers, 'accept-language': 'en' },
    });
    expect(english.json().items[0].text).toBe('The 承诺办结时限 of case A-3 turned red; due 2026-03-12.');

    const theirs = (await t.app.inject({ url: '/api/notifications', headers: puanSession.headers })).json();
    expect(theirs.items.map((i: { text: string }) => i.text)).toEqual([
      '县效能办督办了办件B-1，请尽快办理。',
    ]);

    // Someone else's message does not exist for the caller.
    const other = theirs.items[0].id as string;
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${other}/read`,
      headers: clerkSession.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('notify.not_found');
    const badId = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/not-a-uuid/read',
      headers: clerkSession.headers,
    });
    expect(badId.statusCode).toBe(400);

    const first = body.items[0].id as string;
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${first}/read`,
      headers: clerkSession.headers,
    });
    expect(read.json()).toEqual({ unread: 2 });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${first}/read`,
      headers: clerkSession.headers,
    });
    expect(again.json()).toEqual({ unread: 2 });
    const unreadOnly = (
      await t.app.inject({ url: '/api/notifications?unread=true', headers: clerkSession.headers })
    ).json();
    expect(unreadOnly.items.map((i: { text: string }) => i.text)).toEqual([
      '县效能办督办了办件A-2，请尽快办理。',
      '县效能办督办了办件A-1，请尽快办理。',
    ]);

    // Writes need the CSRF token.
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: clerkSession.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: clerkSession.headers,
    });
    expect(all.json()).toEqual({ marked: 2, unread: 0 });
    expect(
      (await t.app.inject({ url: '/api/notifications', headers: puanSession.headers })).json().unread,
    ).toBe(1);
    expect((await t.app.inject({ url: '/api/notifications' })).statusCode).toBe(401);
    t.setNow(new Date());
  });

  test('the outbox view shows the caller’s subtree only, with phone numbers masked', async () => {
    await clear(t.ctx);
    await t.ctx.notify.enqueue(t.ctx.db, [sms(clerk, '13800138000', 'X-1'), sms(puan, '13900139000', 'P-1')]);
    await t.ctx.notify.enqueue(t.ctx.db, inApp(xinningAdmin, 'X-2'));

    const county = await t.app.inject({ url: '/api/notifications/outbox', headers: admin.headers });
    expect(county.statusCode).toBe(200);
    expect(county.json().total).toBe(3);

    const township = (
      await t.app.inject({ url: '/api/notifications/outbox', headers: xinning.headers })
    ).json();
    expect(township.total).toBe(2);
    const texts = township.items.map((i: { text: string }) => i.text).join(' ');
    expect(texts).toContain('X-1');
    expect(texts).not.toContain('P-1');
    const smsRow = township.items.find((i: { channel: string }) => i.channel === 'sms');
    expect(smsRow).toMatchObject({
      recipient: '138****8000',
      status: 'pending',
      attempts: 0,
      title: '已受理',
    });
    expect(JSON.stringify(township)).not.toContain('13800138000');

    const onlySms = (
      await t.app.inject({ url: '/api/notifications/outbox?channel=sms', headers: xinning.headers })
    ).json();
    expect(onlySms.items.map((i: { channel: string }) => i.channel)).toEqual(['sms']);
    const failed = (
      await t.app.inject({ url: '/api/notifications/outbox?status=failed', headers: xinning.headers })
    ).json();
    expect(failed.total).toBe(0);

    // Another township's org is out of reach, and a clerk has no outbox view at all.
    const puanOrg = await t.app.inject({
      url: `/api/notifications/outbox?org=${encodeURIComponent(puan.orgCode)}`,
      headers: xinning.headers,
    });
    expect(puanOrg.statusCode).toBe(403);
    const clerkView = await t.app.inject({ url: '/api/notifications/outbox', headers: clerkSession.headers });
    expect(clerkView.statusCode).toBe(403);
    expect(clerkView.json().code).toBe('notify.outbox_forbidden');
    const badStatus = await t.app.inject({
      url: '/api/notifications/outbox?status=lost',
      headers: admin.headers,
    });
    expect(badStatus.statusCode).toBe(400);
  });
});

/** Reads Server-Sent Events off a fetch response. */
function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const events: { event: string; id?: string; data: unknown }[] = [];
  const comments: string[] = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        const fields: Record<string, string> = {};
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          const m = /^(\w+): ?(.*)$/.exec(line);
          if (m) fields[m[1]!] = m[2]!;
        }
        if (fields.event)
          events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? 'null') });
      }
    }
  })();
  return {
    events,
    comments,
    async next(type: string, timeout = 5000) {
      const seen = events.filter((e) => e.event === type).length;
      await vi.waitFor(() => expect(events.filter((e) => e.event === type).length).toBeGreaterThan(seen), {
        timeout,
        interval: 10,
      });
      return events.filter((e) => e.event === type)[seen]!;
    },
    async waitFor(type: string, timeout = 5000) {
      await vi.waitFor(() => expect(events.some((e) => e.event === type)).toBe(true), {
        timeout,
        interval: 10,
      });
      return events.find((e) => e.event === type)!;
    },
    done: pump,
  };
}

describe.each(TEST_ENGINES)('live stream on %s', (engine) => {
  let t: TestApp & { url: string };
  let clerk: Person;
  let session: Session;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    t.ctx.notify.liveOptions.pollMs = 100;
    t.ctx.notify.liveOptions.heartbeatMs = 200;
    clerk = await person(t.ctx, 'xinning_clerk');
    session = await signInAs(t.app, 'xinning_clerk');
  });
  afterAll(async () => {
    await t?.close();
  });

  test('pushes new in-app messages after commit, published events, and never a rolled-back one', async () => {
    await t.ctx.notify.enqueue(t.ctx.db, inApp(clerk, 'BEFORE-1'));
    await new Promise((r) => setTimeout(r, 5));
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/notifications/stream`, {
      headers: { cookie: session.cookie },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = sseReader(res);
    const ready = await sse.waitFor('ready');
    expect((ready.data as { unread: number }).unread).toBeGreaterThanOrEqual(1);

    // Rolled back: never pushed.
    await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        await t.ctx.notify.enqueue(trx, inApp(clerk, 'ROLLED-BACK'));
        throw new Error('undo');
      })
      .catch(() => {});
    // Committed inside a transaction: pushed once it commits.
    const [id] = await t.ctx.db.transaction().execute(async (trx) => {
      const ids = await t.ctx.notify.enqueue(trx, inApp(clerk, 'LIVE-1'));
      await new Promise((r) => setTimeout(r, 50));
      return ids;
    });
    const pushed = await sse.next('notification');
    expect(pushed.id).toBe(id);
    expect(pushed.data).toMatchObject({ id, title: '督办', text: '县效能办督办了办件LIVE-1，请尽快办理。' });

    // Another module's own event, to the person and to watchers of an org.
    expect(t.ctx.notify.live.publish({ personId: clerk.id, type: 'case.changed', data: { n: 1 } })).toBe(1);
    expect((await sse.next('case.changed')).data).toEqual({ n: 1 });
    // The clerk's grants are in 新宁镇 (511723100): an event of 普安镇 does not reach them, one of 新宁镇 does.
    expect(
      t.ctx.notify.live.publish({ orgPath: '/511723/511723101/', type: 'supervision.urge', data: 'puan' }),
    ).toBe(0);
    const inTownship = t.ctx.notify.live.publish({
      orgPath: `${clerk.orgPath}`,
      permission: 'case.handle',
      type: 'supervision.urge',
      data: 'xinning',
    });
    expect(inTownship).toBe(1);
    expect(
      t.ctx.notify.live.publish({ orgPath: clerk.orgPath, permission: 'audit.read', type: 'x', data: 0 }),
    ).toBe(0);
    expect((await sse.next('supervision.urge')).data).toBe('xinning');
    expect(() => t.ctx.notify.live.publish({ personId: clerk.id, type: 'notification', data: {} })).toThrow();
    expect(() => t.ctx.notify.live.publish({ type: 'x', data: {} })).toThrow();

    // A row written by another process (straight into the table): found by the periodic check.
    const now = t.ctx.now();
    const [foreign] = await t.ctx.db
      .insertInto('notifications')
      .values({
        county_code: '511723',
        channel: 'in_app',
        recipient: clerk.id,
        template: 'case_closed',
        params: JSON.stringify({ caseNumber: 'OTHER-1' }),
        text: '办件OTHER-1已办结，欢迎对本次服务作出评价。',
        org_code: clerk.orgCode,
        org_path: clerk.orgPath,
        next_attempt_at: now,
        created_at: now,
      })
      .returning('id')
      .execute();
    const polled = await sse.next('notification');
    expect(polled.id).toBe(foreign!.id);
    expect(polled.data).toMatchObject({ title: '已办结' });

    // Heartbeats keep the stream alive.
    await vi.waitFor(() => expect(sse.comments).toContain(': ping'), { timeout: 3000, interval: 20 });

    const texts = sse.events
      .filter((e) => e.event === 'notification')
      .map((e) => (e.data as { text: string }).text)
      .join(' ');
    expect(texts).not.toContain('ROLLED-BACK');
    expect(texts).not.toContain('BEFORE-1');
    // Each message once, though both the after-commit push and the periodic check saw it.
    const ids = sse.events.filter((e) => e.event === 'notification').map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);

    expect(t.ctx.notify.live.size).toBe(1);
    controller.abort();
    await vi.waitFor(() => expect(t.ctx.notify.live.size).toBe(0), { timeout: 3000, interval: 20 });
  });

  test('the stream needs a session', async () => {
    const res = await fetch(`${t.url}/api/notifications/stream`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('auth.required');
  });

  test('closing the server ends open streams', async () => {
    const res = await fetch(`${t.url}/api/notifications/stream`, { headers: { cookie: session.cookie } });
    const sse = sseReader(res);
    await sse.waitFor('ready');
    const ctx = t.ctx;
    const closing = t.close();
    t = undefined as unknown as typeof t;
    await closing;
    await sse.done;
    expect(ctx.notify.live.size).toBe(0);
  });
});
