import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Clock } from '../../core/clock/clock.ts';
import type { AttributeDefinition, CategoryInput } from '../../core/hotline/catalog.ts';
import type { OrderStatus } from '../../core/hotline/lifecycle.ts';
import type { Channel, OrderKind, Satisfaction, Urgency } from '../../core/hotline/vocabulary.ts';
import { json } from '../db/json.ts';
import type {
  DB,
  HotlineApiClientsTable,
  HotlineCategoriesTable,
  HotlineOrderEventsTable,
  HotlineOrdersTable,
} from '../db/schema.ts';
import { escapeLike, inSubtrees } from '../db/subtree.ts';

// ---------------------------------------------------------------------------------------------------
// Categories

export interface Category {
  id: string;
  countyCode: string;
  code: string;
  name: string;
  nameInitials: string;
  parentCode: string | null;
  description: string;
  keywords: string;
  urgency: Urgency;
  limit: { value: number; unit: 'hours' | 'working_days' | 'natural_days' };
  maxExtension: number;
  targets: string[];
  anyTownship: boolean;
  attributes: AttributeDefinition[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function toCategory(r: Selectable<HotlineCategoriesTable>): Category {
  return {
    id: r.id,
    countyCode: r.county_code,
    code: r.code,
    name: r.name,
    nameInitials: r.name_initials,
    parentCode: r.parent_code,
    description: r.description,
    keywords: r.keywords,
    urgency: r.urgency,
    limit: { value: r.limit_value, unit: r.limit_unit },
    maxExtension: r.max_extension,
    targets: json<string[]>(r.targets),
    anyTownship: r.any_township,
    attributes: json<AttributeDefinition[]>(r.attributes),
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function categoryColumns(input: CategoryInput, initials: string) {
  return {
    code: input.code,
    name: input.name,
    name_initials: initials,
    parent_code: input.parentCode,
    description: input.description,
    keywords: input.keywords,
    urgency: input.urgency,
    limit_value: input.limit.value,
    limit_unit: input.limit.unit,
    max_extension: input.maxExtension,
    targets: JSON.stringify(input.targets),
    any_township: input.anyTownship,
    attributes: JSON.stringify(input.attributes),
    active: input.active,
  };
}

export async function listCategories(
  db: Kysely<DB>,
  countyCode: string,
  opts: { activeOnly?: boolean } = {},
): Promise<Category[]> {
  const rows = await db
    .selectFrom('hotline_categories')
    .selectAll()
    .where('county_code', '=', countyCode)
    .$if(opts.activeOnly === true, (q) => q.where('active', '=', true))
    .orderBy('code')
    .execute();
  return rows.map(toCategory);
}

export async function findCategory(
  db: Kysely<DB>,
  countyCode: string,
  code: string,
): Promise<Category | null> {
  const row = await db
    .selectFrom('hotline_categories')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toCategory(row) : null;
}

export async function findCategoryById(db: Kysely<DB>, id: string): Promise<Category | null> {
  const row = await db.selectFrom('hotline_categories').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCategory(row) : null;
}

export async function findCategoriesByIds(db: Kysely<DB>, ids: string[]): Promise<Map<string, Category>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('hotline_categories').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toCategory(r)]));
}

export async function insertCategory(
  trx: Kysely<DB>,
  row: Insertable<HotlineCategoriesTable>,
): Promise<Category> {
  return toCategory(
    await trx.insertInto('hotline_categories').values(row).returningAll().executeTakeFirstOrThrow(),
  );
}

export async function updateCategory(
  trx: Kysely<DB>,
  id: string,
  set: Updateable<HotlineCategoriesTable>,
): Promise<Category> {
  return toCategory(
    await trx
      .updateTable('hotline_categories')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** Counties that have a dispatch catalog: the Open311 jurisdictions. */
export async function catalogCounties(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('hotline_categories')
    .select('county_code')
    .distinct()
    .orderBy('county_code')
    .execute();
  return rows.map((r) => r.county_code);
}

// ---------------------------------------------------------------------------------------------------
// Orders

export interface SendBack {
  reason: string;
  at: string;
  byName: string;
  orgCode: string;
  fromStatus: OrderStatus;
}

export interface ExtensionRequest {
  units: number;
  reason: string;
  at: string;
  byName: string;
}

export interface OrderRecord {
  id: string;
  countyCode: string;
  number: string;
  queryCodeHash: string;
  token: string | null;
  channel: Channel;
  apiClientId: string | null;
  centerCode: string;
  centerPath: string;
  categoryId: string;
  kind: OrderKind;
  urgency: Urgency;
  callerName: string;
  callerPhone: string | null;
  callerEmail: string | null;
  content: string;
  address: string | null;
  addressId: string | null;
  locationOrgCode: string | null;
  locationOrgPath: string | null;
  lat: number | null;
  lng: number | null;
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  status: OrderStatus;
  receiverOrgCode: string | null;
  receiverOrgPath: string | null;
  clock: Clock | null;
  deadline: Date | null;
  sendBack: SendBack | null;
  sendBackCount: number;
  extensionRequest: ExtensionRequest | null;
  reply: string | null;
  repliedByOrgCode: string | null;
  onTime: boolean | null;
  revisitReached: boolean | null;
  satisfaction: Satisfaction | null;
  revisitNote: string | null;
  mergedInto: string | null;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  repliedAt: Date | null;
  revisitedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

function toOrder(r: Selectable<HotlineOrdersTable>): OrderRecord {
  return {
    id: r.id,
    countyCode: r.county_code,
    number: r.number,
    queryCodeHash: r.query_code_hash,
    token: r.token,
    channel: r.channel,
    apiClientId: r.api_client_id,
    centerCode: r.center_code,
    centerPath: r.center_path,
    categoryId: r.category_id,
    kind: r.kind,
    urgency: r.urgency,
    callerName: r.caller_name,
    callerPhone: r.caller_phone,
    callerEmail: r.caller_email,
    content: r.content,
    address: r.address,
    addressId: r.address_id,
    locationOrgCode: r.location_org_code,
    locationOrgPath: r.location_org_path,
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    attributes: json<Record<string, string | string[]>>(r.attributes) ?? {},
    mediaUrl: r.media_url,
    status: r.status,
    receiverOrgCode: r.receiver_org_code,
    receiverOrgPath: r.receiver_org_path,
    clock: r.clock === null ? null : json<Clock>(r.clock),
    deadline: r.deadline,
    sendBack: r.send_back === null ? null : json<SendBack>(r.send_back),
    sendBackCount: r.send_back_count,
    extensionRequest: r.extension_request === null ? null : json<ExtensionRequest>(r.extension_request),
    reply: r.reply,
    repliedByOrgCode: r.replied_by_org_code,
    onTime: r.on_time,
    revisitReached: r.revisit_reached,
    satisfaction: r.satisfaction,
    revisitNote: r.revisit_note,
    mergedInto: r.merged_into,
    createdById: r.created_by_id,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    dispatchedAt: r.dispatched_at,
    acceptedAt: r.accepted_at,
    repliedAt: r.replied_at,
    revisitedAt: r.revisited_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

export type OrderRow = Insertable<HotlineOrdersTable>;
export type OrderChanges = Updateable<HotlineOrdersTable>;

export async function insertOrder(trx: Kysely<DB>, row: OrderRow): Promise<OrderRecord> {
  return toOrder(await trx.insertInto('hotline_orders').values(row).returningAll().executeTakeFirstOrThrow());
}

export async function findOrder(db: Kysely<DB>, id: string, forUpdate = false): Promise<OrderRecord | null> {
  let q = db.selectFrom('hotline_orders').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function findOrderBy(
  db: Kysely<DB>,
  column: 'number' | 'token',
  value: string,
): Promise<OrderRecord | null> {
  const row = await db.selectFrom('hotline_orders').selectAll().where(column, '=', value).executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function findOrdersByIds(db: Kysely<DB>, ids: string[]): Promise<Map<string, OrderRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('hotline_orders').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toOrder(r)]));
}

export async function findBySubmitKey(
  db: Kysely<DB>,
  actorId: string,
  key: string,
): Promise<OrderRecord | null> {
  const row = await db
    .selectFrom('hotline_orders')
    .selectAll()
    .where('created_by_id', '=', actorId)
    .where('submit_key', '=', key)
    .executeTakeFirst();
  return row ? toOrder(row) : null;
}

export async function updateOrder(trx: Kysely<DB>, id: string, set: OrderChanges): Promise<OrderRecord> {
  return toOrder(
    await trx
      .updateTable('hotline_orders')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** The next number of the day for a county; the row lock serialises concurrent registrations. */
export async function nextOrderSequence(trx: Kysely<DB>, countyCode: string, date: string): Promise<number> {
  const row = await trx
    .insertInto('hotline_number_sequences')
    .values({ county_code: countyCode, date, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'date'])
        .doUpdateSet({ last: sql<number>`hotline_number_sequences.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export interface OrderQuery {
  /** Orders of these centers (county paths) … */
  centerRoots: readonly string[];
  /** … or received by orgs under these paths. */
  receiverRoots: readonly string[];
  statuses?: readonly OrderStatus[];
  /** Orders waiting for a dispatcher: to dispatch, send-backs and extensions to review, revisits, closing. */
  dispatcherQueue?: boolean;
  receiverOrgPath?: string;
  categoryIds?: readonly string[];
  channel?: Channel;
  /** An order number (prefix), the caller's phone (exact) or name (substring). */
  text?: string;
  createdFrom?: Date;
  createdTo?: Date;
  numbers?: readonly string[];
  limit: number;
  offset: number;
  order?: 'newest' | 'deadline';
}

export async function searchOrders(
  db: Kysely<DB>,
  q: OrderQuery,
): Promise<{ rows: OrderRecord[]; total: number }> {
  if (q.centerRoots.length === 0 && q.receiverRoots.length === 0) return { rows: [], total: 0 };
  const rows = await db
    .selectFrom('hotline_orders')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('total'))
    .where((eb) =>
      eb.or([inSubtrees('center_path', q.centerRoots), inSubtrees('receiver_org_path', q.receiverRoots)]),
    )
    .$if(Boolean(q.statuses?.length), (qb) => qb.where('status', 'in', q.statuses as OrderStatus[]))
    .$if(q.dispatcherQueue === true, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('status', 'in', ['registered', 'send_back_pending', 'replied', 'revisited']),
          eb('extension_request', 'is not', null),
        ]),
      ),
    )
    .$if(q.receiverOrgPath !== undefined, (qb) =>
      qb.where(inSubtrees('receiver_org_path', [q.receiverOrgPath!])),
    )
    .$if(Boolean(q.categoryIds?.length), (qb) => qb.where('category_id', 'in', q.categoryIds as string[]))
    .$if(q.channel !== undefined, (qb) => qb.where('channel', '=', q.channel!))
    .$if(q.createdFrom !== undefined, (qb) => qb.where('created_at', '>=', q.createdFrom!))
    .$if(q.createdTo !== undefined, (qb) => qb.where('created_at', '<=', q.createdTo!))
    .$if(Boolean(q.numbers?.length), (qb) => qb.where('number', 'in', q.numbers as string[]))
    .$if(Boolean(q.text?.trim()), (qb) => {
      const text = q.text!.trim();
      return qb.where((eb) =>
        eb.or([
          eb('number', 'like', `${escapeLike(text)}%`),
          eb('caller_phone', '=', text),
          eb('caller_name', 'like', `%${escapeLike(text)}%`),
        ]),
      );
    })
    .$if(q.order === 'deadline', (qb) => qb.orderBy(sql`deadline ASC NULLS LAST`).orderBy('created_at'))
    .$if(q.order !== 'deadline', (qb) => qb.orderBy('created_at', 'desc').orderBy('number', 'desc'))
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows: rows.map(toOrder), total: Number(rows[0]?.total ?? 0) };
}

/** Open orders of a county created since `since`: the pool duplicates are looked for in. */
export async function recentOpenOrders(db: Kysely<DB>, countyCode: string, since: Date, excludeId?: string) {
  const rows = await db
    .selectFrom('hotline_orders')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('created_at', '>=', since)
    .where('status', 'not in', ['closed', 'merged'])
    .$if(excludeId !== undefined, (qb) => qb.where('id', '!=', excludeId!))
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(toOrder);
}

// ---------------------------------------------------------------------------------------------------
// Events

export interface OrderEvent {
  seq: number;
  at: Date;
  actorId: string;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  orgCode: string;
  orgPath: string;
  payload: Record<string, unknown>;
}

export type NewEvent = Omit<OrderEvent, 'seq'>;

/** Appends events after the order's last one (the order row is locked by the caller's transaction). */
export async function appendEvents(
  trx: Kysely<DB>,
  orderId: string,
  events: readonly NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const last = await trx
    .selectFrom('hotline_order_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  const rows: Insertable<HotlineOrderEventsTable>[] = events.map((e) => ({
    order_id: orderId,
    seq: ++seq,
    at: e.at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    org_code: e.orgCode,
    org_path: e.orgPath,
    payload: JSON.stringify(e.payload),
  }));
  await trx.insertInto('hotline_order_events').values(rows).execute();
}

export async function listEvents(db: Kysely<DB>, orderId: string): Promise<OrderEvent[]> {
  const rows = await db
    .selectFrom('hotline_order_events')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    orgCode: r.org_code,
    orgPath: r.org_path,
    payload: json<Record<string, unknown>>(r.payload) ?? {},
  }));
}

/**
 * Send-back requests per org and per category on orders created in [from, to]: on the orders visible in
 * the scope (centers or receivers) and, wherever the order went afterwards, those made by orgs in the
 * receiver scope — a township sees its own send-backs even of orders now handled elsewhere.
 */
export async function sendBackCounts(
  db: Kysely<DB>,
  scope: { centerRoots: readonly string[]; receiverRoots: readonly string[]; from: Date; to: Date },
): Promise<{ orgCode: string; categoryId: string; n: number }[]> {
  const rows = await db
    .selectFrom('hotline_order_events as e')
    .innerJoin('hotline_orders as o', 'o.id', 'e.order_id')
    .select(['e.org_code', 'o.category_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('e.action', '=', 'send_back')
    .where('o.created_at', '>=', scope.from)
    .where('o.created_at', '<=', scope.to)
    .where((eb) =>
      eb.or([
        inSubtrees('o.center_path', scope.centerRoots),
        inSubtrees('o.receiver_org_path', scope.receiverRoots),
        inSubtrees('e.org_path', scope.receiverRoots),
      ]),
    )
    .groupBy(['e.org_code', 'o.category_id'])
    .execute();
  return rows.map((r) => ({ orgCode: r.org_code, categoryId: r.category_id, n: Number(r.n) }));
}

// ---------------------------------------------------------------------------------------------------
// API clients

export interface ApiClient {
  id: string;
  countyCode: string;
  centerCode: string;
  centerPath: string;
  name: string;
  contact: string;
  responseMode: 'realtime' | 'batch';
  keyPrefix: string;
  createdByName: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

function toClient(r: Selectable<HotlineApiClientsTable>): ApiClient {
  return {
    id: r.id,
    countyCode: r.county_code,
    centerCode: r.center_code,
    centerPath: r.center_path,
    name: r.name,
    contact: r.contact,
    responseMode: r.response_mode,
    keyPrefix: r.key_prefix,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

export async function insertClient(
  trx: Kysely<DB>,
  row: Insertable<HotlineApiClientsTable>,
): Promise<ApiClient> {
  return toClient(
    await trx.insertInto('hotline_api_clients').values(row).returningAll().executeTakeFirstOrThrow(),
  );
}

export async function listClients(db: Kysely<DB>, roots: readonly string[]): Promise<ApiClient[]> {
  const rows = await db
    .selectFrom('hotline_api_clients')
    .selectAll()
    .where(inSubtrees('center_path', roots))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toClient);
}

export async function findClient(db: Kysely<DB>, id: string): Promise<ApiClient | null> {
  const row = await db.selectFrom('hotline_api_clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toClient(row) : null;
}

export async function findClientByKeyHash(db: Kysely<DB>, hash: string): Promise<ApiClient | null> {
  const row = await db
    .selectFrom('hotline_api_clients')
    .selectAll()
    .where('key_hash', '=', hash)
    .executeTakeFirst();
  return row ? toClient(row) : null;
}

export async function updateClient(
  trx: Kysely<DB>,
  id: string,
  set: Updateable<HotlineApiClientsTable>,
): Promise<ApiClient> {
  return toClient(
    await trx
      .updateTable('hotline_api_clients')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}
