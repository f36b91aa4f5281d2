import type { Kysely } from 'kysely';
import { countyCodeOf } from '../../core/org/codes.ts';
import { maskPhone } from '../../core/org/pii.ts';
import { scopeRoots } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { type Actor, authorize } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import type { Lang } from '../i18n/index.ts';
import { getOrgOrThrow } from '../org/org-service.ts';
import { type LiveEvent, LiveHub, type LiveSubscriber } from './live.ts';
import {
  claimDue,
  findNotifications,
  insertNotifications,
  listInbox,
  listOutbox,
  markAllRead,
  markRead,
  type NewNotificationRow,
  type NotificationRecord,
  type NotificationStatus,
  recentInApp,
  settle,
  transactionStatus,
  unreadCount,
} from './notify-store.ts';
import {
  inAppSender,
  type NotificationChannel,
  type NotificationSender,
  type OutgoingMessage,
  type SmsHttpConfig,
  smsHttpSender,
  smsOutboxSender,
} from './senders.ts';
import {
  isTemplateCode,
  notifyLabel,
  renderTemplate,
  type TemplateCode,
  type TemplateParams,
} from './templates.ts';

// ---------------------------------------------------------------------------------------------------
// What other modules hand in

/** One message to enqueue; `params` are checked against the template's at compile time. */
export type NotificationMessage = {
  [K in TemplateCode]: {
    channel: NotificationChannel;
    /** in_app: the person's id; sms: the mobile number (anything else is recorded as failed, not sent). */
    recipient: string;
    template: K;
    params: TemplateParams[K];
    /** The case the message is about, if any. */
    caseId?: string | null;
    /** The org the message concerns (the case's handling org): the outbox view is scoped by its path. */
    orgCode: string;
    orgPath: string;
  };
}[TemplateCode];

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

export interface DeliveryLoop {
  /** Runs a pass now (or right after the one running), instead of at the next interval. */
  wake(): void;
  /** Stops scheduling passes and waits for the one running, if any. */
  stop(): Promise<void>;
}

/** The message as a live stream and the inbox show it, in the reader's language. */
export interface InboxItem {
  id: string;
  template: string;
  title: string;
  text: string;
  caseId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface OutboxItem {
  id: string;
  channel: NotificationChannel;
  /** SMS: the number, masked; in-app: the person's id. */
  recipient: string;
  template: string;
  title: string;
  /** The Chinese text as it was (or will be) sent. */
  text: string;
  caseId: string | null;
  orgCode: string;
  status: NotificationStatus;
  attempts: number;
  /** When the next attempt is due; null once sent or failed. */
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  readAt: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Tuning

export const DELIVERY_DEFAULTS = {
  /** Tries per message before it is marked failed. */
  maxAttempts: 5,
  /** Wait before the second try; doubled for each further one, capped at maxBackoffMs. */
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  /** How long a claimed row is kept from other passes while it is being sent. */
  leaseMs: 300_000,
  /** Messages sent at once within one pass. */
  concurrency: 4,
  /** The periodic pass of `startDelivery`. */
  intervalMs: 3_000,
  limit: 100,
};

export const LIVE_DEFAULTS = {
  /** SSE comment lines that keep proxies from closing an idle stream. */
  heartbeatMs: 20_000,
  /** The check for in-app messages other processes wrote, while any stream is open. */
  pollMs: 3_000,
  /** A stream is closed after this long; the browser reconnects, and the session is checked again. */
  maxStreamMs: 15 * 60_000,
};

/** Wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed. */
export function backoffAfter(attempt: number, opts = DELIVERY_DEFAULTS): number {
  return Math.min(opts.backoffMs * 2 ** Math.max(0, attempt - 1), opts.maxBackoffMs);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MOBILE = /^1[3-9]\d{9}$/;
/** The live check looks this far behind its previous run, for transactions that committed late. */
const LOOKBACK_MS = 60_000;
/** Ids pushed recently, so the after-commit push and the periodic check never push one twice. */
const PUSHED_TTL_MS = 10 * 60_000;
/** The after-commit watch gives up after this long; the periodic check still covers the message. */
const WATCH_LIMIT_MS = 30_000;

function errorText(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  const text = e?.message
    ? e.cause?.message
      ? `${e.message} (${e.cause.message})`
      : e.message
    : String(error);
  return text.slice(0, 500);
}

function outgoingOf(r: NotificationRecord): OutgoingMessage {
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    params: r.params,
    text: r.text,
    caseId: r.caseId,
    countyCode: r.countyCode,
    orgCode: r.orgCode,
    attempt: r.attempts,
  };
}

function rendered(lang: Lang, r: NotificationRecord): { title: string; text: string } {
  if (!isTemplateCode(r.template)) return { title: r.template, text: r.text };
  return renderTemplate(lang, r.template, r.params);
}

export function inboxItemOf(lang: Lang, r: NotificationRecord): InboxItem {
  const { title, text } = rendered(lang, r);
  return {
    id: r.id,
    template: r.template,
    title,
    text,
    caseId: r.caseId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

function outboxItemOf(lang: Lang, r: NotificationRecord): OutboxItem {
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.channel === 'sms' ? (maskPhone(r.recipient) ?? '') : r.recipient,
    template: r.template,
    title: rendered(lang, r).title,
    text: r.text,
    caseId: r.caseId,
    orgCode: r.orgCode,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    readAt: r.readAt?.toISOString() ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// The service

export interface NotifyServiceOptions {
  db: Kysely<DB>;
  now: () => Date;
  /** The SMS gateway; null or absent: the outbox sender (log and console view only). */
  sms?: SmsHttpConfig | null;
}

/**
 * The outbox. `enqueue` writes messages with the caller's transaction; delivery passes send them through
 * the sender of their channel; in-app messages reach the recipient's open live streams once the
 * transaction that wrote them has committed. One per process, on AppContext as `ctx.notify`.
 */
export class NotifyService {
  readonly live = new LiveHub();
  readonly delivery = { ...DELIVERY_DEFAULTS };
  readonly liveOptions = { ...LIVE_DEFAULTS };
  private readonly db: Kysely<DB>;
  private readonly now: () => Date;
  private readonly senders = new Map<NotificationChannel, NotificationSender>();
  private log: (line: string) => void = () => {};
  private loop: (DeliveryLoop & { stopped: boolean }) | null = null;
  private pushed = new Map<string, number>();
  private poller: ReturnType<typeof setTimeout> | null = null;
  private lastCheck: Date | null = null;
  private closed = false;

  constructor(opts: NotifyServiceOptions) {
    this.db = opts.db;
    this.now = opts.now;
    this.setSender(inAppSender());
    this.setSender(opts.sms ? smsHttpSender(opts.sms) : smsOutboxSender((line) => this.log(line)));
  }

  /** Replaces the sender of a channel (a real provider's own sender, or a test's). */
  setSender(sender: NotificationSender): void {
    this.senders.set(sender.channel, sender);
  }

  senderOf(channel: NotificationChannel): NotificationSender | undefined {
    return this.senders.get(channel);
  }

  /**
   * Writes messages to the outbox with `trx` — pass the transaction of the change that causes them, so
   * they commit or roll back with it. Returns the new rows' ids. In-app messages are pushed to the
   * recipient's live streams right after the commit; every message is sent by the next delivery pass.
   * An SMS to a number that is not a mobile number is recorded as failed rather than refused, so it
   * never undoes the change it reports.
   */
  async enqueue(
    trx: Kysely<DB>,
    messages: NotificationMessage | readonly NotificationMessage[],
  ): Promise<string[]> {
    const list: readonly NotificationMessage[] = Array.isArray(messages)
      ? messages
      : [messages as NotificationMessage];
    if (list.length === 0) return [];
    const now = this.now();
    const rows: NewNotificationRow[] = list.map((m) => {
      if (!isTemplateCode(m.template)) throw new Error(`notify: unknown template "${String(m.template)}"`);
      if (!m.orgCode || !m.orgPath.startsWith('/') || !m.orgPath.endsWith('/')) {
        throw new Error(`notify: message needs its org code and path (got "${m.orgCode}", "${m.orgPath}")`);
      }
      const recipient = m.channel === 'sms' ? m.recipient.replace(/[\s-]/g, '') : m.recipient;
      if (m.channel === 'in_app' && !UUID.test(recipient)) {
        throw new Error(`notify: an in-app recipient is a person id, got "${m.recipient}"`);
      }
      const deliverable = m.channel === 'in_app' || MOBILE.test(recipient);
      const params = m.params as Record<string, unknown>;
      return {
        county_code: countyCodeOf(m.orgCode),
        channel: m.channel,
        recipient: recipient || '-',
        template: m.template,
        params,
        text: renderTemplate('zh-CN', m.template, params).text,
        case_id: m.caseId ?? null,
        org_code: m.orgCode,
        org_path: m.orgPath,
        status: deliverable ? 'pending' : 'failed',
        last_error: deliverable ? null : notifyLabel('zh-CN', 'error.not_mobile'),
        created_at: now,
      };
    });
    const { ids, xid } = await insertNotifications(trx, rows);
    if (xid) this.watchCommit(xid, ids);
    return ids;
  }

  // -------------------------------------------------------------------------------------------------
  // Delivery

  /**
   * One delivery pass: claims up to `limit` due messages (rows another pass holds are skipped), sends
   * each through its channel's sender and records the outcome — sent, a retry after backoff, or failed
   * once the attempts are used up.
   */
  async deliverPending(opts: { limit?: number } = {}): Promise<DeliveryReport> {
    const cfg = this.delivery;
    const now = this.now();
    const claimed = await claimDue(this.db, {
      now,
      leaseUntil: new Date(now.getTime() + cfg.leaseMs),
      limit: opts.limit ?? cfg.limit,
    });
    const report: DeliveryReport = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < claimed.length; i += cfg.concurrency) {
      await Promise.all(claimed.slice(i, i + cfg.concurrency).map((r) => this.deliverOne(r, report)));
    }
    return report;
  }

  private async deliverOne(r: NotificationRecord, report: DeliveryReport): Promise<void> {
    const sender = this.senders.get(r.channel);
    let failure: string | null = null;
    try {
      if (!sender) throw new Error(notifyLabel('zh-CN', 'error.no_sender'));
      await sender.send(outgoingOf(r));
    } catch (error) {
      failure = errorText(error);
    }
    try {
      if (failure === null) {
        await settle(this.db, r.id, r.attempts, { status: 'sent', at: this.now() });
        report.sent++;
      } else if (r.attempts >= this.delivery.maxAttempts) {
        await settle(this.db, r.id, r.attempts, { status: 'failed', error: failure });
        report.failed++;
        this.log(`notify: ${r.channel} ${r.id} failed after ${r.attempts} attempts: ${failure}`);
      } else {
        const next = new Date(this.now().getTime() + backoffAfter(r.attempts, this.delivery));
        await settle(this.db, r.id, r.attempts, { status: 'pending', nextAttemptAt: next, error: failure });
        report.retried++;
      }
    } catch (error) {
      // The outcome could not be recorded: the lease runs out and a later pass tries again.
      this.log(`notify: could not record the outcome of ${r.id}: ${errorText(error)}`);
    }
  }

  /**
   * Runs delivery passes every `intervalMs` (never two at once) until stopped; a full batch is followed
   * by the next pass at once. Returns the running loop if there is one.
   */
  startDelivery(
    opts: { intervalMs?: number; limit?: number; log?: (line: string) => void } = {},
  ): DeliveryLoop {
    if (this.loop && !this.loop.stopped) return this.loop;
    if (opts.log) this.log = opts.log;
    const intervalMs = opts.intervalMs ?? this.delivery.intervalMs;
    const limit = opts.limit ?? this.delivery.limit;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running: Promise<void> | null = null;
    let again = false;
    const schedule = (ms: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(), ms);
      timer.unref?.();
    };
    const run = async () => {
      timer = null;
      if (loop.stopped || running) return;
      running = (async () => {
        try {
          const report = await this.deliverPending({ limit });
          if (report.claimed >= limit) again = true;
        } catch (error) {
          this.log(`notify: delivery pass failed: ${errorText(error)}`);
        }
      })();
      await running;
      running = null;
      if (loop.stopped) return;
      schedule(again ? 0 : intervalMs);
      again = false;
    };
    const loop = {
      stopped: false,
      wake: () => {
        if (loop.stopped) return;
        if (running) again = true;
        else schedule(0);
      },
      stop: async () => {
        loop.stopped = true;
        if (timer) clearTimeout(timer);
        timer = null;
        if (running) await running;
      },
    };
    this.loop = loop;
    schedule(0);
    return loop;
  }

  // -------------------------------------------------------------------------------------------------
  // Live push

  /**
   * Opens a person's live stream: it receives their new in-app messages and whatever other modules
   * publish to them or to an org they watch. Returns the function that closes it.
   */
  openStream(sub: LiveSubscriber): () => void {
    const unsubscribe = this.live.subscribe(sub);
    this.ensurePolling();
    return () => {
      unsubscribe();
      if (this.live.size === 0) this.stopPolling();
    };
  }

  /** After the transaction `xid` commits, pushes its in-app messages; nothing if it rolls back. */
  private watchCommit(xid: string, ids: string[]): void {
    let waited = 0;
    let delay = 0;
    const tick = async () => {
      if (this.closed) return;
      let status: string | null;
      try {
        // On PGlite this waits behind the open transaction (one connection), so it answers after it.
        status = await transactionStatus(this.db, xid);
      } catch {
        return;
      }
      if (status === 'committed') {
        this.loop?.wake();
        if (this.live.size === 0) return;
        const rows = await findNotifications(this.db, ids).catch(() => []);
        this.push(rows);
        return;
      }
      if (status !== 'in progress' || waited >= WATCH_LIMIT_MS) return;
      delay = Math.min(Math.max(delay * 2, 5), 1_000);
      waited += delay;
      setTimeout(() => void tick(), delay).unref?.();
    };
    setTimeout(() => void tick(), 0).unref?.();
  }

  /** Sends in-app messages to their recipients' open streams, each message once. */
  private push(rows: readonly NotificationRecord[], opts: { onlySince?: boolean } = {}): void {
    const nowMs = Date.now();
    for (const r of rows) {
      if (r.channel !== 'in_app' || this.pushed.has(r.id)) continue;
      this.pushed.set(r.id, nowMs + PUSHED_TTL_MS);
      for (const s of this.live.subscribersOf(r.recipient)) {
        if (opts.onlySince && r.createdAt < s.since) continue;
        const event: LiveEvent = { type: 'notification', id: r.id, data: inboxItemOf(s.lang, r) };
        s.send(event);
      }
    }
    for (const [id, until] of this.pushed) if (until < nowMs) this.pushed.delete(id);
  }

  private ensurePolling(): void {
    if (this.poller || this.closed) return;
    const check = async () => {
      if (this.live.size === 0 || this.closed) {
        this.poller = null;
        return;
      }
      try {
        await this.checkLive();
      } catch {
        // The database may be restarting; the next check tries again.
      }
      if (this.poller) {
        this.poller = setTimeout(() => void check(), this.liveOptions.pollMs);
        this.poller.unref?.();
      }
    };
    this.poller = setTimeout(() => void check(), this.liveOptions.pollMs);
    this.poller.unref?.();
  }

  private stopPolling(): void {
    if (this.poller) clearTimeout(this.poller);
    this.poller = null;
    this.lastCheck = null;
  }

  /**
   * The periodic check: in-app messages for people with an open stream that another process (or a
   * transaction that committed after its watch gave up) wrote since the previous check.
   */
  async checkLive(): Promise<void> {
    const people = this.live.personIds();
    if (people.length === 0) return;
    const started = this.now();
    let since = new Date(
      Math.min(...people.flatMap((p) => this.live.subscribersOf(p).map((s) => s.since.getTime()))),
    );
    if (this.lastCheck) {
      const behind = new Date(this.lastCheck.getTime() - LOOKBACK_MS);
      if (behind > since) since = behind;
    }
    const rows = await recentInApp(this.db, people, since, 500);
    this.push(rows, { onlySince: true });
    this.lastCheck = started;
  }

  /** Stops the delivery loop and the live check and ends every open stream. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    this.live.closeAll();
    await this.loop?.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Use cases behind the routes

/** One delivery pass (the loop in server/main.ts runs these; tests call it directly). */
export function deliverPending(ctx: AppContext, opts: { limit?: number } = {}): Promise<DeliveryReport> {
  return ctx.notify.deliverPending(opts);
}

/** Starts the periodic delivery loop of this process. */
export function startDeliveryLoop(
  ctx: AppContext,
  opts: { intervalMs?: number; limit?: number; log?: (line: string) => void } = {},
): DeliveryLoop {
  return ctx.notify.startDelivery(opts);
}

export async function readInbox(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; unread?: boolean },
  lang: Lang,
): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const { limit, offset } = pageWindow(q);
  const found = await listInbox(ctx.db, actor.personId, { unreadOnly: q.unread === true, limit, offset });
  return { items: found.rows.map((r) => inboxItemOf(lang, r)), total: found.total, unread: found.unread };
}

export async function readOne(ctx: AppContext, actor: Actor, id: string): Promise<{ unread: number }> {
  if (!UUID.test(id) || !(await markRead(ctx.db, actor.personId, id, ctx.now()))) {
    throw notFound('notify.not_found', { id });
  }
  return { unread: await unreadCount(ctx.db, actor.personId) };
}

export async function readAll(ctx: AppContext, actor: Actor): Promise<{ marked: number; unread: number }> {
  const marked = await markAllRead(ctx.db, actor.personId, ctx.now());
  return { marked, unread: await unreadCount(ctx.db, actor.personId) };
}

export async function readOutbox(
  ctx: AppContext,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    status?: NotificationStatus;
    channel?: NotificationChannel;
    org?: string;
    caseId?: string;
  },
  lang: Lang,
): Promise<{ items: OutboxItem[]; total: number }> {
  let roots = scopeRoots(actor.grants, 'audit.read');
  if (roots.length === 0) throw new Problem(403, 'notify.outbox_forbidden');
  if (q.org) {
    const org = await getOrgOrThrow(ctx, q.org);
    authorize(actor, 'audit.read', org);
    roots = [org.path];
  }
  const { limit, offset } = pageWindow(q);
  const found = await listOutbox(ctx.db, {
    roots,
    status: q.status,
    channel: q.channel,
    caseId: q.caseId,
    limit,
    offset,
  });
  return { items: found.rows.map((r) => outboxItemOf(lang, r)), total: found.total };
}
