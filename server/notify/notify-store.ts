import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, NotificationsTable } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { NotificationChannel } from './senders.ts';

export type NotificationStatus = 'pending' | 'sent' | 'failed';

export interface NotificationRecord {
  id: string;
  countyCode: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  text: string;
  caseId: string | null;
  orgCode: string;
  orgPath: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

type Row = Selectable<NotificationsTable>;

/** jsonb comes back parsed from both engines; a text value (never written by us) is parsed defensively. */
function paramsOf(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export function recordOf(r: Row): NotificationRecord {
  return {
    id: r.id,
    countyCode: r.county_code,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    params: paramsOf(r.params),
    text: r.text,
    caseId: r.case_id,
    orgCode: r.org_code,
    orgPath: r.org_path,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    readAt: r.read_at,
  };
}

export interface NewNotificationRow {
  county_code: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  text: string;
  case_id: string | null;
  org_code: string;
  org_path: string;
  status: NotificationStatus;
  last_error: string | null;
  created_at: Date;
}

/**
 * Inserts the rows with the caller's connection (usually its transaction) and returns their ids with the
 * id of the transaction that wrote them, so the live stream can push them once that transaction commits.
 */
export async function insertNotifications(
  trx: Kysely<DB>,
  rows: readonly NewNotificationRow[],
): Promise<{ ids: string[]; xid: string }> {
  const inserted = await trx
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        ...r,
        params: JSON.stringify(r.params),
        next_attempt_at: r.created_at,
      })),
    )
    .returning(['id', sql<string>`pg_current_xact_id()::text`.as('xid')])
    .execute();
  return { ids: inserted.map((r) => r.id), xid: inserted[0]?.xid ?? '' };
}

/** 'committed', 'aborted', 'in progress', or null once the server no longer knows the transaction. */
export async function transactionStatus(db: Kysely<DB>, xid: string): Promise<string | null> {
  const { rows } = await sql<{
    status: string | null;
  }>`SELECT pg_xact_status(${xid}::xid8) AS status`.execute(db);
  return rows[0]?.status ?? null;
}

export async function findNotifications(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<NotificationRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute();
  return rows.map(recordOf);
}

/** In-app messages for these people created at or after `since`, oldest first (the live stream's check). */
export async function recentInApp(
  db: Kysely<DB>,
  recipients: readonly string[],
  since: Date,
  limit: number,
): Promise<NotificationRecord[]> {
  if (recipients.length === 0) return [];
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('channel', '=', 'in_app')
    .where('recipient', 'in', recipients)
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(recordOf);
}

/**
 * Claims up to `limit` due rows for one delivery pass: each gets one more attempt and a lease (its
 * next_attempt_at moves to `leaseUntil`), so no other pass — in this process or another — takes it while
 * it is being sent. Rows another pass holds locked right now are skipped, not waited for.
 */
export async function claimDue(
  db: Kysely<DB>,
  opts: { now: Date; leaseUntil: Date; limit: number },
): Promise<NotificationRecord[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notifications')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', opts.now)
      .orderBy('next_attempt_at')
      .limit(opts.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('notifications')
      .set({ attempts: sql`attempts + 1`, next_attempt_at: opts.leaseUntil })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returningAll()
      .execute();
    return rows.map(recordOf).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  });
}

/** Records the outcome of attempt number `attempt`; a row some later pass has claimed since is left alone. */
export async function settle(
  db: Kysely<DB>,
  id: string,
  attempt: number,
  outcome:
    | { status: 'sent'; at: Date }
    | { status: 'pending'; nextAttemptAt: Date; error: string }
    | { status: 'failed'; error: string },
): Promise<void> {
  let q = db.updateTable('notifications').where('id', '=', id).where('status', '=', 'pending');
  q = q.where('attempts', '=', attempt);
  if (outcome.status === 'sent') {
    await q.set({ status: 'sent', sent_at: outcome.at, last_error: null }).execute();
  } else if (outcome.status === 'pending') {
    await q.set({ next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error }).execute();
  } else {
    await q.set({ status: 'failed', last_error: outcome.error }).execute();
  }
}

// ---------------------------------------------------------------------------------------------------
// Inbox

export async function listInbox(
  db: Kysely<DB>,
  personId: string,
  opts: { unreadOnly: boolean; limit: number; offset: number },
): Promise<{ rows: NotificationRecord[]; total: number; unread: number }> {
  let q = db.selectFrom('notifications').where('channel', '=', 'in_app').where('recipient', '=', personId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    unreadCount(db, personId),
  ]);
  return { rows: rows.map(recordOf), total: Number(total.n), unread };
}

export async function unreadCount(db: Kysely<DB>, personId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('channel', '=', 'in_app')
    .where('recipient', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one message read (keeping the first time it was read); false when it is not this person's. */
export async function markRead(db: Kysely<DB>, personId: string, id: string, at: Date): Promise<boolean> {
  const found = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, ${at})` })
    .where('id', '=', id)
    .where('channel', '=', 'in_app')
    .where('recipient', '=', personId)
    .executeTakeFirst();
  return Number(found.numUpdatedRows) > 0;
}

export async function markAllRead(db: Kysely<DB>, personId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('channel', '=', 'in_app')
    .where('recipient', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------------------------------------------------------------------------------------------------
// Outbox view

export interface OutboxFilter {
  roots: readonly string[];
  status?: NotificationStatus;
  channel?: NotificationChannel;
  caseId?: string;
  limit: number;
  offset: number;
}

export async function listOutbox(
  db: Kysely<DB>,
  f: OutboxFilter,
): Promise<{ rows: NotificationRecord[]; total: number }> {
  let q = db.selectFrom('notifications').where(inSubtrees('org_path', f.roots));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.caseId) q = q.where('case_id', '=', f.caseId);
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(recordOf), total: Number(total.n) };
}
