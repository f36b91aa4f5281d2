import { type Expression, type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { CaseChannel, CaseEvent, CaseState, CaseStatus } from '../../core/cases/lifecycle.ts';
import { json } from '../db/json.ts';
import type { CaseEventsTable, CasesTable, DB } from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';
import { type ChainedEvent, eventHash, GENESIS_HASH } from './event-chain.ts';

export interface CaseRecord {
  id: string;
  countyCode: string;
  caseNumber: string;
  queryCodeHash: string;
  itemId: string;
  versionId: string;
  departmentCode: string;
  departmentPath: string;
  handlingOrgCode: string;
  handlingOrgPath: string;
  applicantKind: 'person' | 'enterprise';
  applicantName: string;
  applicantIdentifier: string;
  applicantPhone: string;
  proxyPersonId: string | null;
  proxyConsent: string | null;
  applicantPersonId: string | null;
  channel: CaseChannel;
  /** 联办 participant departments (from case_tasks); empty for other cases. */
  participants: { orgCode: string; orgPath: string }[];
  querySealed: string | null;
  materials: string[];
  status: CaseStatus;
  state: CaseState;
  lastHash: string;
  receivedAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

function toRecord(r: Selectable<CasesTable>): CaseRecord {
  return {
    id: r.id,
    countyCode: r.county_code,
    caseNumber: r.case_number,
    queryCodeHash: r.query_code_hash,
    itemId: r.item_id,
    versionId: r.version_id,
    departmentCode: r.department_code,
    departmentPath: r.department_path,
    handlingOrgCode: r.handling_org_code,
    handlingOrgPath: r.handling_org_path,
    applicantKind: r.applicant_kind,
    applicantName: r.applicant_name,
    applicantIdentifier: r.applicant_identifier,
    applicantPhone: r.applicant_phone,
    proxyPersonId: r.proxy_person_id,
    proxyConsent: r.proxy_consent,
    applicantPersonId: r.applicant_person_id,
    channel: r.channel,
    participants: [],
    querySealed: r.query_code_sealed,
    materials: json<string[]>(r.materials),
    status: r.status as CaseStatus,
    state: json<CaseState>(r.state),
    lastHash: r.last_hash,
    receivedAt: r.received_at,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

/** The columns that mirror the lifecycle state, written at creation and at every transition. */
export function stateColumns(state: CaseState) {
  return {
    status: state.status,
    state: JSON.stringify(state),
    received_at: dateOrNull(state.receivedAt),
    accepted_at: dateOrNull(state.acceptedAt),
    closed_at: dateOrNull(state.closedAt),
  };
}

export async function insertCase(
  trx: Kysely<DB>,
  row: Insertable<CasesTable> & { id: string },
): Promise<void> {
  await trx.insertInto('cases').values(row).execute();
}

async function withParticipants(db: Kysely<DB>, c: CaseRecord): Promise<CaseRecord> {
  if (!c.state.joint?.tasks.length) return c;
  const rows = await db
    .selectFrom('case_tasks')
    .select(['org_code', 'org_path'])
    .where('case_id', '=', c.id)
    .orderBy('org_code')
    .execute();
  return { ...c, participants: rows.map((r) => ({ orgCode: r.org_code, orgPath: r.org_path })) };
}

export async function findCase(db: Kysely<DB>, id: string): Promise<CaseRecord | null> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withParticipants(db, toRecord(row)) : null;
}

export async function findCaseByNumber(db: Kysely<DB>, caseNumber: string): Promise<CaseRecord | null> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('case_number', '=', caseNumber)
    .executeTakeFirst();
  return row ? withParticipants(db, toRecord(row)) : null;
}

/** The case as a transition leaves it: what updateCaseState wrote, without reading it back. */
export function afterTransition(
  c: CaseRecord,
  state: CaseState,
  extra: { materials?: string[]; lastHash: string; at: Date },
): CaseRecord {
  return {
    ...c,
    status: state.status,
    state,
    materials: extra.materials ?? c.materials,
    lastHash: extra.lastHash,
    receivedAt: dateOrNull(state.receivedAt),
    acceptedAt: dateOrNull(state.acceptedAt),
    closedAt: dateOrNull(state.closedAt),
    updatedAt: extra.at,
    version: c.version + 1,
  };
}

/**
 * Writes a transition's new state if the case is still at `expectedVersion`; false when someone else
 * changed it first (the caller answers 409 and the transaction writes nothing).
 */
export async function updateCaseState(
  trx: Kysely<DB>,
  id: string,
  expectedVersion: number,
  state: CaseState,
  extra: { materials?: string[]; lastHash: string; at: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('cases')
    .set({
      ...stateColumns(state),
      ...(extra.materials ? { materials: JSON.stringify(extra.materials) } : {}),
      last_hash: extra.lastHash,
      updated_at: extra.at,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface EventActor {
  id: string;
  name: string;
  role: string;
  orgCode: string;
}

export type StoredEvent = ChainedEvent & { hash: string };

function toStoredEvent(r: Selectable<CaseEventsTable>): StoredEvent {
  return {
    caseId: r.case_id,
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    orgCode: r.org_code,
    action: r.action,
    payload: json<unknown>(r.payload),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Chains the lifecycle's events onto the case file after (`after.seq`, `after.hash`): the rows to insert
 * and the new last hash. Pure, so a new case can carry its last hash in its own insert.
 */
export function chainEvents(
  caseId: string,
  after: { seq: number; hash: string },
  actor: EventActor,
  events: readonly CaseEvent[],
): { rows: Insertable<CaseEventsTable>[]; lastHash: string } {
  let prevHash = after.hash;
  let seq = after.seq;
  const rows: Insertable<CaseEventsTable>[] = [];
  for (const e of events) {
    seq += 1;
    // The stored payload is the lifecycle's whole event minus what has its own column.
    const { action, at, ...rest } = e;
    const chained: ChainedEvent = {
      caseId,
      seq,
      at,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      orgCode: actor.orgCode,
      action,
      payload: rest,
      prevHash,
    };
    const hash = eventHash(chained);
    rows.push({
      case_id: caseId,
      seq,
      at,
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role: actor.role,
      org_code: actor.orgCode,
      action,
      payload: JSON.stringify(rest),
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  return { rows, lastHash: prevHash };
}

/** The primary key (case_id, seq) makes two writers racing for the same seq fail rather than fork. */
export async function insertEvents(trx: Kysely<DB>, rows: Insertable<CaseEventsTable>[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('case_events').values(rows).execute();
}

export async function lastEvent(trx: Kysely<DB>, caseId: string): Promise<{ seq: number; hash: string }> {
  const row = await trx
    .selectFrom('case_events')
    .select(['seq', 'hash'])
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

export async function listEvents(db: Kysely<DB>, caseId: string): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map(toStoredEvent);
}

/** The next number of the day for a center; the row lock serialises concurrent registrations. */
export async function nextSequence(trx: Kysely<DB>, centerCode: string, date: string): Promise<number> {
  const row = await trx
    .insertInto('case_number_sequences')
    .values({ center_code: centerCode, date, last: 1 })
    .onConflict((oc) =>
      oc.columns(['center_code', 'date']).doUpdateSet({ last: sql<number>`case_number_sequences.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/**
 * Which cases a list shows: every case in the scope, the caller's to-do (cases waiting for a role the
 * caller holds there), the cases the caller acted on, or the cases of one applicant or proxy.
 */
export type CaseListView =
  | { kind: 'all'; roots: readonly string[] }
  | {
      kind: 'todo';
      /** Where the caller is window staff, approver, or answers 联办 opinions. */
      windowRoots: readonly string[];
      approverRoots: readonly string[];
      proxyPersonId: string | null;
    }
  | { kind: 'done'; roots: readonly string[]; actorId: string }
  | { kind: 'applicant'; personId: string }
  | { kind: 'proxy'; personId: string };

export interface CaseFilter {
  status?: CaseStatus;
  itemId?: string;
  /** A case number (prefix) or the applicant's name (substring). */
  q?: string;
  limit: number;
  offset: number;
}

/** Statuses that wait for the window (intake, delivery) or for the approvers (review). */
export const WINDOW_STATUSES: readonly CaseStatus[] = [
  'submitted_online',
  'received',
  'awaiting_supplement',
  'decided_approved',
  'decided_denied',
  'delivering',
];
export const REVIEW_STATUSES: readonly CaseStatus[] = ['accepted', 'in_review', 'special_procedure'];

export interface CaseListRow extends CaseRecord {
  itemName: string;
}

/** Cases received in, decided by a department in, or with a 联办 participant in the subtrees `roots`. */
function inCaseScope(roots: readonly string[]): Expression<SqlBool> {
  if (roots.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${inSubtrees('c.handling_org_path', roots)} OR ${inSubtrees('c.department_path', roots)}
    OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND ${inSubtrees('t.org_path', roots)}))`;
}

function viewCondition(view: CaseListView): Expression<SqlBool> {
  switch (view.kind) {
    case 'all':
      return inCaseScope(view.roots);
    case 'done':
      // A proxy's filings sit at the township window, outside their village: they are theirs all the same.
      return sql<SqlBool>`((${inCaseScope(view.roots)} OR c.proxy_person_id = ${view.actorId})
        AND EXISTS (SELECT 1 FROM case_events e WHERE e.actor_id = ${view.actorId} AND e.case_id = c.id))`;
    case 'applicant':
      return sql<SqlBool>`c.applicant_person_id = ${view.personId}`;
    case 'proxy':
      return sql<SqlBool>`c.proxy_person_id = ${view.personId}`;
    case 'todo': {
      const parts: Expression<SqlBool>[] = [];
      if (view.windowRoots.length > 0) {
        parts.push(sql<SqlBool>`(c.status IN (${sql.join(WINDOW_STATUSES)})
          AND ${inSubtrees('c.handling_org_path', view.windowRoots)})`);
      }
      if (view.approverRoots.length > 0) {
        // A 上报件 is reviewed by the receiving (lower) level until its hand-over, then by the department.
        const escalated = sql<SqlBool>`(c.state->>'handlingKind' = 'escalated')`;
        const handedUp = sql<SqlBool>`(c.state->>'escalation' IS NOT NULL)`;
        parts.push(sql<SqlBool>`(c.status IN (${sql.join(REVIEW_STATUSES)})
          AND ((${inSubtrees('c.department_path', view.approverRoots)} AND (NOT ${escalated} OR ${handedUp}))
            OR (${inSubtrees('c.handling_org_path', view.approverRoots)} AND NOT (${escalated} AND ${handedUp}))))`);
        parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id
          AND t.status = 'pending' AND ${inSubtrees('t.org_path', view.approverRoots)})`);
      }
      if (view.proxyPersonId !== null) {
        parts.push(
          sql<SqlBool>`(c.proxy_person_id = ${view.proxyPersonId} AND c.status = 'submitted_online')`,
        );
      }
      return parts.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
    }
  }
}

export async function searchCases(
  db: Kysely<DB>,
  view: CaseListView,
  filter: CaseFilter,
): Promise<{ items: CaseListRow[]; total: number }> {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('catalog_versions as v', 'v.id', 'c.version_id')
    .where(viewCondition(view));
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.itemId) q = q.where('c.item_id', '=', filter.itemId);
  const text = filter.q?.trim();
  if (text) {
    q = q.where((eb) =>
      eb.or([
        eb('c.case_number', 'like', `${escapeLike(text)}%`),
        eb('c.applicant_name', 'like', `%${escapeLike(text)}%`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('c')
      .select('v.name as item_name')
      .orderBy('c.created_at', 'desc')
      .orderBy('c.case_number', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({ ...toRecord(r), itemName: r.item_name })),
  };
}

export interface IdempotentResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/** How long a key is remembered: a client retries within minutes; a day covers a night-long outage. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export async function findIdempotent(
  db: Kysely<DB>,
  actorId: string,
  key: string,
  now: Date,
): Promise<IdempotentResponse | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .where('created_at', '>', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
    .executeTakeFirst();
  return row
    ? { requestHash: row.request_hash, status: row.response_status, body: json<unknown>(row.response_body) }
    : null;
}

/** Stores the answer in the change's own transaction; an expired row under the same key is replaced. */
export async function saveIdempotent(
  trx: Kysely<DB>,
  actorId: string,
  key: string,
  response: IdempotentResponse,
  now: Date,
): Promise<void> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .where('created_at', '<=', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
    .execute();
  await trx
    .insertInto('idempotency_keys')
    .values({
      key,
      actor_id: actorId,
      request_hash: response.requestHash,
      response_status: response.status,
      response_body: JSON.stringify(response.body),
      created_at: now,
    })
    .execute();
}

export async function insertTasks(
  trx: Kysely<DB>,
  caseId: string,
  orgs: readonly { code: string; path: string }[],
): Promise<void> {
  if (orgs.length === 0) return;
  await trx
    .insertInto('case_tasks')
    .values(
      orgs.map((o) => ({ case_id: caseId, org_code: o.code, org_path: o.path, status: 'pending' as const })),
    )
    .execute();
}

/** Mirrors the lifecycle's 联办 tasks onto case_tasks after a transition. */
export async function syncTasks(trx: Kysely<DB>, caseId: string, state: CaseState): Promise<void> {
  for (const task of state.joint?.tasks ?? []) {
    if (task.status !== 'answered') continue;
    await trx
      .updateTable('case_tasks')
      .set({ status: 'answered', answered_at: task.answeredAt ? new Date(task.answeredAt) : null })
      .where('case_id', '=', caseId)
      .where('org_code', '=', task.orgCode)
      .where('status', '=', 'pending')
      .execute();
  }
}
