import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MS_PER_DAY, SHANGHAI_OFFSET_MS, shanghaiDateOf } from '../../core/calendar/dates.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { ClockLight } from '../../core/clock/clock.ts';
import { canReadOrder, dispatcherRoots, isDispatcherAt, isReceiverAt } from '../../core/hotline/access.ts';
import { type AttributeInput, limitFor, validateAttributeValues } from '../../core/hotline/catalog.ts';
import {
  DUPLICATE_WINDOW_DAYS,
  type DuplicateProbe,
  type DuplicateReason,
  rankDuplicates,
} from '../../core/hotline/duplicates.ts';
import {
  actionParty,
  availableActions,
  clockState,
  extendedClock,
  handlingClock,
  isOpenStatus,
  nextStatus,
  type OrderAction,
  type OrderStatus,
  repliedOnTime,
  stoppedClock,
} from '../../core/hotline/lifecycle.ts';
import {
  type Channel,
  MAX_CONTENT,
  ORDER_KINDS,
  type OrderKind,
  SATISFACTION_LEVELS,
  type Satisfaction,
  URGENCIES,
  type Urgency,
} from '../../core/hotline/vocabulary.ts';
import { regionPathOf } from '../../core/org/codes.ts';
import { maskPhone } from '../../core/org/pii.ts';
import { scopeRoots } from '../../core/org/roles.ts';
import { validatePhone } from '../../core/validators/index.ts';
import { calendarProblem } from '../calendar/calendar-service.ts';
import { newQueryCode, queryCodeHash } from '../cases/query-code.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, findOrgsByCodes, type Org, peopleHolding } from '../org/org-store.ts';
import { invalid, resolveCounty } from './hotline-catalog.ts';
import {
  appendEvents,
  type Category,
  findBySubmitKey,
  findCategoriesByIds,
  findCategory,
  findCategoryById,
  findOrder,
  findOrderBy,
  insertOrder,
  listEvents,
  type NewEvent,
  nextOrderSequence,
  type OrderChanges,
  type OrderRecord,
  recentOpenOrders,
  searchOrders,
  updateOrder,
} from './hotline-store.ts';

// ---------------------------------------------------------------------------------------------------
// Views

export interface OrderClockView {
  startedAt: string;
  deadline: string;
  deadlineDate: string | null;
  unit: string;
  total: number;
  left: number;
  light: ClockLight;
  overdueBy: number;
  stopped: boolean;
  extensions: { units: number; reason: string; approvedBy: string; at: string }[];
}

export interface OrderView {
  id: string;
  number: string;
  channel: Channel;
  status: OrderStatus;
  kind: OrderKind;
  urgency: Urgency;
  category: { id: string; code: string; name: string };
  caller: { name: string; phone: string | null; email: string | null };
  content: string;
  location: {
    address: string | null;
    addressId: string | null;
    orgCode: string | null;
    orgName: string | null;
    lat: number | null;
    lng: number | null;
  };
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  receiver: { code: string; name: string } | null;
  clock: OrderClockView | null;
  sendBack: { reason: string; at: string; byName: string; orgCode: string; fromStatus: string } | null;
  sendBackCount: number;
  extensionRequest: { units: number; reason: string; at: string; byName: string } | null;
  reply: string | null;
  repliedAt: string | null;
  onTime: boolean | null;
  revisit: { reached: boolean; satisfaction: Satisfaction | null; note: string | null; at: string } | null;
  mergedInto: { id: string; number: string } | null;
  createdByName: string;
  createdAt: string;
  dispatchedAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  /** What the reader may do now. */
  actions: OrderAction[];
}

export interface OrderEventView {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  orgCode: string;
  orgName: string;
  payload: Record<string, unknown>;
}

export interface OrderDetail extends OrderView {
  events: OrderEventView[];
  /** For the dispatcher: where the category lets the order go, the location's township first. */
  targets: { code: string; name: string; suggested: boolean }[];
  /** Open orders that may be the same matter. */
  duplicates: DuplicateView[];
}

export interface DuplicateView {
  id: string;
  number: string;
  status: OrderStatus;
  categoryName: string;
  callerName: string;
  phone: string | null;
  content: string;
  address: string | null;
  createdAt: string;
  reasons: DuplicateReason[];
  similarity: number;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function who(actor: Actor | null, o: Pick<OrderRecord, 'centerPath' | 'receiverOrgPath'>) {
  if (!actor) return { dispatcher: false, receiver: false };
  return {
    dispatcher: isDispatcherAt(actor.grants, o.centerPath),
    receiver: isReceiverAt(actor.grants, o.receiverOrgPath),
  };
}

export function clockView(o: OrderRecord, now: Date, calendar: WorkingCalendar): OrderClockView | null {
  if (!o.clock) return null;
  try {
    const s = clockState(o.clock, now, calendar);
    return {
      startedAt: o.clock.startedAt,
      deadline: s.deadline,
      deadlineDate: s.deadlineDate,
      unit: s.unit,
      total: s.total,
      left: Math.round(s.left * 100) / 100,
      light: s.light,
      overdueBy: Math.round(s.overdueBy * 100) / 100,
      stopped: o.clock.stoppedAt != null,
      extensions: o.clock.extensions.map((e) => ({
        units: e.days,
        reason: e.reason,
        approvedBy: e.approvedBy,
        at: e.at,
      })),
    };
  } catch {
    // A year whose holidays are not loaded: the deadline is unknown, never guessed.
    return null;
  }
}

export async function orderViews(
  ctx: AppContext,
  actor: Actor | null,
  orders: readonly OrderRecord[],
): Promise<OrderView[]> {
  const categories = await findCategoriesByIds(ctx.db, [...new Set(orders.map((o) => o.categoryId))]);
  const orgCodes = new Set<string>();
  for (const o of orders) {
    if (o.receiverOrgCode) orgCodes.add(o.receiverOrgCode);
    if (o.locationOrgCode) orgCodes.add(o.locationOrgCode);
  }
  const names = await findOrgsByCodes(ctx.db, [...orgCodes]);
  const mergedIds = [...new Set(orders.map((o) => o.mergedInto).filter((x): x is string => x !== null))];
  const merged = new Map<string, string>();
  if (mergedIds.length > 0) {
    const rows = await ctx.db
      .selectFrom('hotline_orders')
      .select(['id', 'number'])
      .where('id', 'in', mergedIds)
      .execute();
    for (const r of rows) merged.set(r.id, r.number);
  }
  const calendar = await ctx.calendar.current();
  const now = ctx.now();
  return orders.map((o) => {
    const category = categories.get(o.categoryId);
    return {
      id: o.id,
      number: o.number,
      channel: o.channel,
      status: o.status,
      kind: o.kind,
      urgency: o.urgency,
      category: { id: o.categoryId, code: category?.code ?? '', name: category?.name ?? '' },
      caller: { name: o.callerName, phone: maskPhone(o.callerPhone), email: o.callerEmail ? '***' : null },
      content: o.content,
      location: {
        address: o.address,
        addressId: o.addressId,
        orgCode: o.locationOrgCode,
        orgName: o.locationOrgCode ? (names.get(o.locationOrgCode) ?? null) : null,
        lat: o.lat,
        lng: o.lng,
      },
      attributes: o.attributes,
      mediaUrl: o.mediaUrl,
      receiver: o.receiverOrgCode
        ? { code: o.receiverOrgCode, name: names.get(o.receiverOrgCode) ?? o.receiverOrgCode }
        : null,
      clock: clockView(o, now, calendar),
      sendBack: o.sendBack,
      sendBackCount: o.sendBackCount,
      extensionRequest: o.extensionRequest,
      reply: o.reply,
      repliedAt: iso(o.repliedAt),
      onTime: o.onTime,
      revisit:
        o.revisitedAt === null
          ? null
          : {
              reached: o.revisitReached === true,
              satisfaction: o.satisfaction,
              note: o.revisitNote,
              at: o.revisitedAt.toISOString(),
            },
      mergedInto: o.mergedInto ? { id: o.mergedInto, number: merged.get(o.mergedInto) ?? '' } : null,
      createdByName: o.createdByName,
      createdAt: o.createdAt.toISOString(),
      dispatchedAt: iso(o.dispatchedAt),
      acceptedAt: iso(o.acceptedAt),
      closedAt: iso(o.closedAt),
      updatedAt: o.updatedAt.toISOString(),
      actions: availableActions(
        { status: o.status, extensionPending: o.extensionRequest !== null },
        who(actor, o),
      ),
    };
  });
}

async function visibleOrder(ctx: AppContext, actor: Actor, id: string): Promise<OrderRecord> {
  const o = /^[0-9a-f-]{36}$/i.test(id)
    ? await findOrder(ctx.db, id)
    : await findOrderBy(ctx.db, 'number', id);
  if (!o || !canReadOrder(actor.grants, { centerPath: o.centerPath, receiverPath: o.receiverOrgPath })) {
    throw notFound('hotline.order_not_found', { id });
  }
  return o;
}

// ---------------------------------------------------------------------------------------------------
// Dispatch targets

/** The township (9-digit region) an org path lies in. */
function townshipOfPath(path: string | null): string | null {
  if (!path) return null;
  for (const part of path.split('/')) if (/^\d{9}$/.test(part)) return part;
  return null;
}

/** Where a category lets an order of the county go: its listed orgs, and townships when it allows any. */
export async function allowedTargets(
  db: Kysely<DB>,
  category: Category,
  order: Pick<OrderRecord, 'centerPath' | 'locationOrgPath'>,
): Promise<{ code: string; name: string; path: string; suggested: boolean }[]> {
  const suggestedTownship = townshipOfPath(order.locationOrgPath);
  const rows = await db
    .selectFrom('orgs')
    .select(['code', 'name', 'path', 'kind', 'sort_key'])
    .where('status', '=', 'active')
    .where('path', 'like', `${order.centerPath}%`)
    .where((eb) => {
      const any = [];
      if (category.targets.length > 0) any.push(eb('code', 'in', category.targets));
      if (category.anyTownship) any.push(eb('kind', '=', 'township'));
      return any.length > 0 ? eb.or(any) : eb.val(false);
    })
    .orderBy('sort_key')
    .execute();
  return rows
    .filter((r) => r.kind === 'department' || r.kind === 'township')
    .map((r) => ({ code: r.code, name: r.name, path: r.path, suggested: r.code === suggestedTownship }))
    .sort((a, b) => Number(b.suggested) - Number(a.suggested));
}

// ---------------------------------------------------------------------------------------------------
// Registering

export interface LocationInput {
  address?: string | null;
  addressId?: string | null;
  /** A village or township of the county. */
  orgCode?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export interface NewOrderInput {
  categoryCode: string;
  kind?: OrderKind;
  urgency?: Urgency;
  caller: { name: string; phone?: string | null; email?: string | null };
  content: string;
  location: LocationInput;
  attributes?: AttributeInput;
  mediaUrl?: string | null;
}

export interface OrderSource {
  channel: Channel;
  actorId: string;
  actorName: string;
  apiClientId?: string | null;
  /** The phone is required of a call (the operator reads it off the line) and of a portal submission. */
  phoneRequired: boolean;
  submitKey?: string | null;
  /** Open311: issue a token as well. */
  withToken?: boolean;
}

/**
 * Checks a new order against the county's catalog and tree. Problems are collected for every field; the
 * category problem is its own status (404 from Open311, 400 from the console), so it is returned apart.
 */
export async function checkNewOrder(
  ctx: AppContext,
  county: Org,
  input: NewOrderInput,
  source: Pick<OrderSource, 'phoneRequired'>,
): Promise<{
  category: Category | null;
  errors: FieldError[];
  clean: {
    phone: string | null;
    email: string | null;
    attributes: Record<string, string | string[]>;
    location: {
      org: Org | null;
      address: string | null;
      addressId: string | null;
      lat: number | null;
      lng: number | null;
    };
  };
}> {
  const errors: FieldError[] = [];
  const category = input.categoryCode ? await findCategory(ctx.db, county.code, input.categoryCode) : null;
  const usable = category?.active ? category : null;
  const name = input.caller.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100)
    errors.push({ field: 'caller.name', in: 'body', code: 'hotline.caller_name', message: '1–100' });
  let phone: string | null = null;
  if (input.caller.phone?.trim()) {
    const checked = validatePhone(input.caller.phone.trim(), { field: 'caller.phone' });
    if (checked.ok) phone = checked.value;
    else
      errors.push({
        field: 'caller.phone',
        in: 'body',
        code: 'hotline.phone_invalid',
        message: checked.errors[0]!.message,
      });
  } else if (source.phoneRequired) {
    errors.push({ field: 'caller.phone', in: 'body', code: 'hotline.phone_required', message: 'required' });
  }
  let email: string | null = null;
  if (input.caller.email?.trim()) {
    email = input.caller.email.trim();
    if (email.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      errors.push({ field: 'caller.email', in: 'body', code: 'hotline.email_invalid', message: email });
    }
  }
  const content = input.content?.trim() ?? '';
  if (content.length < 1 || content.length > MAX_CONTENT) {
    errors.push({
      field: 'content',
      in: 'body',
      code: 'hotline.content_invalid',
      message: `1–${MAX_CONTENT}`,
    });
  }
  if (input.kind !== undefined && !ORDER_KINDS.includes(input.kind)) {
    errors.push({ field: 'kind', in: 'body', code: 'hotline.kind_invalid', message: String(input.kind) });
  }
  if (input.urgency !== undefined && !URGENCIES.includes(input.urgency)) {
    errors.push({
      field: 'urgency',
      in: 'body',
      code: 'hotline.urgency_invalid',
      message: String(input.urgency),
    });
  }
  const loc = input.location ?? {};
  const address = loc.address?.trim() || null;
  const addressId = loc.addressId?.trim() || null;
  if (address && address.length > 300)
    errors.push({ field: 'location.address', in: 'body', code: 'hotline.address_invalid', message: '≤300' });
  let org: Org | null = null;
  if (loc.orgCode) {
    org = await findOrg(ctx.db, loc.orgCode);
    if (!org?.path.startsWith(county.path) || !['village', 'township'].includes(org.kind)) {
      errors.push({
        field: 'location.orgCode',
        in: 'body',
        code: 'hotline.location_org_invalid',
        message: loc.orgCode,
      });
      org = null;
    }
  }
  const hasLat = loc.lat !== undefined && loc.lat !== null;
  const hasLng = loc.lng !== undefined && loc.lng !== null;
  let lat: number | null = null;
  let lng: number | null = null;
  if (hasLat !== hasLng) {
    errors.push({
      field: hasLat ? 'location.lng' : 'location.lat',
      in: 'body',
      code: 'hotline.latlng_pair',
      message: 'lat & long',
    });
  } else if (hasLat) {
    const la = Number(loc.lat);
    const ln = Number(loc.lng);
    if (!(Number.isFinite(la) && la >= -90 && la <= 90))
      errors.push({
        field: 'location.lat',
        in: 'body',
        code: 'hotline.latlng_invalid',
        message: String(loc.lat),
      });
    else if (!(Number.isFinite(ln) && ln >= -180 && ln <= 180))
      errors.push({
        field: 'location.lng',
        in: 'body',
        code: 'hotline.latlng_invalid',
        message: String(loc.lng),
      });
    else {
      lat = la;
      lng = ln;
    }
  }
  if (!address && !addressId && !loc.orgCode && !hasLat) {
    errors.push({
      field: 'location',
      in: 'body',
      code: 'hotline.location_required',
      message: 'address, orgCode or lat/long',
    });
  }
  let attributes: Record<string, string | string[]> = {};
  if (usable) {
    const checked = validateAttributeValues(usable.attributes, input.attributes ?? {});
    if (checked.ok) attributes = checked.value;
    else
      for (const e of checked.errors)
        errors.push({ field: e.field, in: 'body', code: e.code, message: e.message });
  }
  if (input.mediaUrl && (input.mediaUrl.length > 1000 || !/^https?:\/\/\S+$/i.test(input.mediaUrl))) {
    errors.push({
      field: 'mediaUrl',
      in: 'body',
      code: 'hotline.media_url_invalid',
      message: input.mediaUrl.slice(0, 100),
    });
  }
  return {
    category: usable,
    errors,
    clean: { phone, email, attributes, location: { org, address, addressId, lat, lng } },
  };
}

function newToken(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Creates a registered order in one transaction with its first event and the audit entry. Returns it with
 * the query code (shown once: the caller follows the order with number and code).
 */
export async function createOrder(
  ctx: AppContext,
  county: Org,
  input: NewOrderInput,
  source: OrderSource,
  ip: string | null,
): Promise<{ order: OrderRecord; queryCode: string; created: boolean }> {
  if (source.submitKey) {
    const existing = await findBySubmitKey(ctx.db, source.actorId, source.submitKey);
    if (existing) return { order: existing, queryCode: '', created: false };
  }
  const checked = await checkNewOrder(ctx, county, input, source);
  if (!checked.category) {
    throw new Problem(
      input.categoryCode ? 404 : 400,
      'hotline.category_not_found',
      { code: input.categoryCode ?? '' },
      [
        {
          field: 'categoryCode',
          in: 'body',
          code: 'hotline.category_not_found',
          message: input.categoryCode ?? 'required',
        },
        ...checked.errors,
      ],
    );
  }
  if (checked.errors.length > 0) throw invalid(checked.errors);
  const category = checked.category;
  const { clean } = checked;
  const now = ctx.now();
  const queryCode = newQueryCode();
  const order = await ctx.db.transaction().execute(async (trx) => {
    const date = shanghaiDateOf(now);
    const seq = await nextOrderSequence(trx, county.code, date);
    const number = `H${county.code}-${date.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    const created = await insertOrder(trx, {
      county_code: county.code,
      number,
      query_code_hash: queryCodeHash(number, queryCode),
      token: source.withToken ? newToken() : null,
      channel: source.channel,
      api_client_id: source.apiClientId ?? null,
      center_code: county.code,
      center_path: county.path,
      category_id: category.id,
      kind: input.kind ?? 'request',
      urgency: input.urgency ?? category.urgency,
      caller_name: input.caller.name.trim(),
      caller_phone: clean.phone,
      caller_email: clean.email,
      content: input.content.trim(),
      address: clean.location.address,
      address_id: clean.location.addressId,
      location_org_code: clean.location.org?.code ?? null,
      location_org_path: clean.location.org?.path ?? null,
      lat: clean.location.lat,
      lng: clean.location.lng,
      attributes: JSON.stringify(clean.attributes),
      media_url: input.mediaUrl?.trim() || null,
      status: 'registered',
      submit_key: source.submitKey ?? null,
      created_by_id: source.actorId,
      created_by_name: source.actorName,
      created_at: now,
      updated_at: now,
    });
    await appendEvents(trx, created.id, [
      {
        at: now,
        actorId: source.actorId,
        actorName: source.actorName,
        action: 'register',
        fromStatus: null,
        toStatus: 'registered',
        orgCode: county.code,
        orgPath: county.path,
        payload: {
          channel: source.channel,
          category: category.code,
          urgency: created.urgency,
          kind: created.kind,
        },
      },
    ]);
    await recordAudit(trx, {
      actorId: source.channel === 'phone' ? source.actorId : null,
      actorName: source.actorName,
      action: 'hotline.register',
      entityType: 'hotline_order',
      entityId: created.id,
      orgCode: county.code,
      orgPath: county.path,
      after: { number, channel: source.channel, category: category.code },
      ip,
    });
    return created;
  });
  ctx.notify.live.publish({
    orgPath: county.path,
    permission: 'case.read',
    type: 'hotline.registered',
    data: { id: order.id, number: order.number, channel: order.channel },
  });
  return { order, queryCode, created: true };
}

export interface RegisterBody extends NewOrderInput {
  countyCode?: string;
}

/** 话务登记: an operator registers a call. */
export async function registerCall(
  ctx: AppContext,
  actor: Actor,
  body: RegisterBody,
  ip: string,
  submitKey: string | null,
): Promise<OrderView & { queryCode: string }> {
  const county = await resolveCounty(ctx, actor, body.countyCode, (org) =>
    isDispatcherAt(actor.grants, org.path),
  );
  const { order, queryCode } = await createOrder(
    ctx,
    county,
    body,
    {
      channel: 'phone',
      actorId: actor.personId,
      actorName: actor.displayName,
      phoneRequired: true,
      submitKey,
    },
    ip,
  );
  return { ...(await orderViews(ctx, actor, [order]))[0]!, queryCode };
}

// ---------------------------------------------------------------------------------------------------
// Duplicates

async function duplicatesFor(
  ctx: AppContext,
  countyCode: string,
  probe: DuplicateProbe,
  excludeId?: string,
): Promise<DuplicateView[]> {
  const since = new Date(ctx.now().getTime() - DUPLICATE_WINDOW_DAYS * MS_PER_DAY);
  const pool = await recentOpenOrders(ctx.db, countyCode, since, excludeId);
  const categories = await findCategoriesByIds(ctx.db, [...new Set(pool.map((o) => o.categoryId))]);
  const candidates = pool.map((o) => ({
    order: o,
    phone: o.callerPhone,
    categoryCode: categories.get(o.categoryId)?.code ?? '',
    locationOrgCode: o.locationOrgCode,
    address: o.address,
    lat: o.lat,
    lng: o.lng,
    content: o.content,
    createdAt: o.createdAt.toISOString(),
  }));
  return rankDuplicates(probe, candidates).map((c) => ({
    id: c.order.id,
    number: c.order.number,
    status: c.order.status,
    categoryName: categories.get(c.order.categoryId)?.name ?? '',
    callerName: c.order.callerName,
    phone: maskPhone(c.order.callerPhone),
    content: c.order.content,
    address: c.order.address,
    createdAt: c.createdAt,
    reasons: c.reasons,
    similarity: c.similarity,
  }));
}

/** Likely duplicates of a call being typed, for the operator screen (nothing is stored). */
export async function findDuplicates(
  ctx: AppContext,
  actor: Actor,
  q: {
    countyCode?: string;
    phone?: string;
    categoryCode?: string;
    orgCode?: string;
    address?: string;
    lat?: number;
    lng?: number;
    content?: string;
  },
): Promise<{ items: DuplicateView[] }> {
  const county = await resolveCounty(ctx, actor, q.countyCode, (org) =>
    isDispatcherAt(actor.grants, org.path),
  );
  const phone = q.phone?.trim() ? validatePhone(q.phone.trim()) : null;
  const probe: DuplicateProbe = {
    phone: phone?.ok ? phone.value : null,
    categoryCode: q.categoryCode ?? '',
    locationOrgCode: q.orgCode ?? null,
    address: q.address ?? null,
    lat: q.lat ?? null,
    lng: q.lng ?? null,
    content: q.content ?? '',
  };
  return { items: await duplicatesFor(ctx, county.code, probe) };
}

// ---------------------------------------------------------------------------------------------------
// Reading

export type ListView = 'queue' | 'inbox' | 'all';

export async function listOrders(
  ctx: AppContext,
  actor: Actor,
  q: {
    view: ListView;
    status?: OrderStatus;
    org?: string;
    category?: string;
    channel?: Channel;
    q?: string;
    page: number;
    pageSize: number;
  },
): Promise<{ items: OrderView[]; total: number }> {
  const readRoots = scopeRoots(actor.grants, 'case.read');
  let centerRoots: string[] = [];
  let receiverRoots: string[] = [];
  let statuses: OrderStatus[] | undefined = q.status ? [q.status] : undefined;
  let dispatcherQueue = false;
  if (q.view === 'queue') {
    centerRoots = dispatcherRoots(actor.grants);
    dispatcherQueue = !q.status;
  } else if (q.view === 'inbox') {
    receiverRoots = scopeRoots(actor.grants, 'case.handle');
    statuses ??= ['dispatched', 'accepted', 'send_back_pending'];
  } else {
    centerRoots = [...readRoots, ...dispatcherRoots(actor.grants)];
    receiverRoots = readRoots;
  }
  let receiverOrgPath: string | undefined;
  if (q.org) {
    const org = await findOrg(ctx.db, q.org);
    if (!org) throw notFound('org.not_found', { code: q.org });
    receiverOrgPath = org.path;
  }
  const categoryIds = q.category
    ? (
        await ctx.db.selectFrom('hotline_categories').select('id').where('code', '=', q.category).execute()
      ).map((r) => r.id)
    : undefined;
  if (categoryIds && categoryIds.length === 0) return { items: [], total: 0 };
  const { limit, offset } = pageWindow(q);
  const found = await searchOrders(ctx.db, {
    centerRoots,
    receiverRoots,
    statuses: dispatcherQueue ? undefined : statuses,
    dispatcherQueue,
    receiverOrgPath,
    categoryIds,
    channel: q.channel,
    text: q.q,
    limit,
    offset,
    order: q.view === 'all' ? 'newest' : 'deadline',
  });
  return { items: await orderViews(ctx, actor, found.rows), total: found.total };
}

async function eventViews(ctx: AppContext, orderId: string): Promise<OrderEventView[]> {
  const events = await listEvents(ctx.db, orderId);
  const names = await findOrgsByCodes(ctx.db, [...new Set(events.map((e) => e.orgCode))]);
  return events.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    actorName: e.actorName,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    orgCode: e.orgCode,
    orgName: names.get(e.orgCode) ?? e.orgCode,
    payload: e.payload,
  }));
}

export async function readOrder(ctx: AppContext, actor: Actor, id: string): Promise<OrderDetail> {
  const o = await visibleOrder(ctx, actor, id);
  const [view] = await orderViews(ctx, actor, [o]);
  const dispatcher = isDispatcherAt(actor.grants, o.centerPath);
  const category = await findCategoryById(ctx.db, o.categoryId);
  const targets =
    dispatcher && category && isOpenStatus(o.status)
      ? (await allowedTargets(ctx.db, category, o)).map(({ path: _p, ...t }) => t)
      : [];
  const duplicates =
    dispatcher && isOpenStatus(o.status) && category
      ? await duplicatesFor(
          ctx,
          o.countyCode,
          {
            phone: o.callerPhone,
            categoryCode: category.code,
            locationOrgCode: o.locationOrgCode,
            address: o.address,
            lat: o.lat,
            lng: o.lng,
            content: o.content,
          },
          o.id,
        )
      : [];
  return { ...view!, events: await eventViews(ctx, o.id), targets, duplicates };
}

/** The caller's full number and e-mail for a call back; every reveal is in the audit log. */
export async function revealCaller(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<{ phone: string | null; email: string | null }> {
  const o = await visibleOrder(ctx, actor, id);
  const w = who(actor, o);
  if (!w.dispatcher && !w.receiver) throw new Problem(403, 'hotline.reveal_forbidden');
  await recordAudit(ctx.db, {
    actorId: actor.personId,
    actorName: actor.displayName,
    action: 'hotline.reveal_caller',
    entityType: 'hotline_order',
    entityId: o.id,
    orgCode: o.receiverOrgCode ?? o.centerCode,
    orgPath: o.receiverOrgPath ?? o.centerPath,
    ip,
  });
  return { phone: o.callerPhone, email: o.callerEmail };
}

// ---------------------------------------------------------------------------------------------------
// Transitions

export interface ActionBody {
  /** dispatch, approve_send_back (redispatch at once) */
  orgCode?: string;
  /** send_back, reject_send_back, request_extension, reject_extension */
  reason?: string;
  /** request_extension: units of the clock (hours or days) */
  units?: number;
  /** reply */
  text?: string;
  /** revisit */
  reached?: boolean;
  satisfaction?: Satisfaction;
  /** merge: the main order, by id or number */
  into?: string;
  note?: string;
}

function required(value: string | undefined, field: string): string {
  const v = value?.trim() ?? '';
  if (v === '' || v.length > 2000)
    throw invalid([{ field, in: 'body', code: 'hotline.text_required', message: 'required, ≤2000' }]);
  return v;
}

interface Step {
  changes: OrderChanges;
  events: NewEvent[];
  /** Live events to publish once committed. */
  publish: { orgPath: string; type: string; permission: 'case.handle' | 'case.read' }[];
}

export interface ActorLike {
  personId: string;
  displayName: string;
}

async function dispatchStep(
  _ctx: AppContext,
  trx: Kysely<DB>,
  o: OrderRecord,
  orgCode: string | undefined,
  actor: ActorLike,
  now: Date,
  note: string | undefined,
  calendar: WorkingCalendar,
): Promise<Step> {
  if (!orgCode)
    throw invalid([{ field: 'orgCode', in: 'body', code: 'hotline.org_required', message: 'required' }]);
  const category = await findCategoryById(trx, o.categoryId);
  if (!category) throw notFound('hotline.category_not_found', { code: o.categoryId });
  const targets = await allowedTargets(trx, category, o);
  const target = targets.find((t) => t.code === orgCode);
  if (!target) {
    throw new Problem(
      422,
      'hotline.dispatch_not_allowed',
      {
        org: orgCode,
        category: category.name,
        allowed: targets.map((t) => t.name).join('、') || '—',
      },
      [{ field: 'orgCode', in: 'body', code: 'hotline.dispatch_not_allowed', message: orgCode }],
    );
  }
  const clock = handlingClock(limitFor(category, o.urgency), now, category.maxExtension);
  let deadline: Date;
  try {
    deadline = new Date(clockState(clock, now, calendar).deadline);
  } catch (error) {
    calendarProblem(error);
  }
  return {
    changes: {
      status: 'dispatched',
      receiver_org_code: target.code,
      receiver_org_path: target.path,
      clock: JSON.stringify(clock),
      deadline,
      dispatched_at: now,
      accepted_at: null,
      send_back: null,
      extension_request: null,
    },
    events: [
      {
        at: now,
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'dispatch',
        fromStatus: o.status,
        toStatus: 'dispatched',
        orgCode: target.code,
        orgPath: target.path,
        payload: {
          org: target.code,
          orgName: target.name,
          deadline: deadline.toISOString(),
          limit: clock.limit,
          note: note ?? null,
        },
      },
    ],
    publish: [{ orgPath: target.path, type: 'hotline.dispatched', permission: 'case.handle' }],
  };
}

/**
 * One step of an order's life (see core/hotline/lifecycle.ts), in one transaction with its events and
 * the audit entry. The order row is locked first, so two people acting at once are served one after the
 * other and the second finds the status the first left.
 */
export async function actOnOrder(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: OrderAction,
  body: ActionBody,
  ip: string,
): Promise<OrderDetail> {
  const seen = await visibleOrder(ctx, actor, id);
  const calendar = await ctx.calendar.current();
  const published: Step['publish'] = [];
  let publishedOrder: OrderRecord | null = null;
  await ctx.db.transaction().execute(async (trx) => {
    const o = (await findOrder(trx, seen.id, true))!;
    const party = actionParty(action, o.status);
    if (party === null)
      throw new Problem(409, 'hotline.action_not_allowed', { action, status: o.status, number: o.number });
    const w = who(actor, o);
    if (party === 'dispatcher' ? !w.dispatcher : !w.receiver) {
      throw new Problem(403, 'hotline.forbidden', { action, number: o.number });
    }
    const now = ctx.now();
    const base = { at: now, actorId: actor.personId, actorName: actor.displayName };
    const centerEvent = { orgCode: o.centerCode, orgPath: o.centerPath };
    const receiverEvent = {
      orgCode: o.receiverOrgCode ?? o.centerCode,
      orgPath: o.receiverOrgPath ?? o.centerPath,
    };
    let step: Step;
    switch (action) {
      case 'dispatch':
        step = await dispatchStep(ctx, trx, o, body.orgCode, actor, now, body.note, calendar);
        break;
      case 'accept':
        step = {
          changes: { status: 'accepted', accepted_at: now },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: 'accepted',
              payload: { note: body.note ?? null },
            },
          ],
          publish: [],
        };
        break;
      case 'send_back': {
        const reason = required(body.reason, 'reason');
        const sendBack = {
          reason,
          at: now.toISOString(),
          byName: actor.displayName,
          orgCode: o.receiverOrgCode!,
          fromStatus: o.status,
        };
        step = {
          changes: {
            status: 'send_back_pending',
            send_back: JSON.stringify(sendBack),
            send_back_count: o.sendBackCount + 1,
          },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: 'send_back_pending',
              payload: { reason },
            },
          ],
          publish: [{ orgPath: o.centerPath, type: 'hotline.review', permission: 'case.read' }],
        };
        break;
      }
      case 'approve_send_back': {
        const stopped = o.clock ? stoppedClock(o.clock, now) : null;
        const approved: Step = {
          changes: {
            status: 'registered',
            receiver_org_code: null,
            receiver_org_path: null,
            clock: stopped ? JSON.stringify(stopped) : null,
            send_back: null,
            extension_request: null,
          },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: 'registered',
              payload: { reason: o.sendBack?.reason ?? null, note: body.note ?? null },
            },
          ],
          publish: [],
        };
        if (body.orgCode) {
          const again = await dispatchStep(
            ctx,
            trx,
            { ...o, status: 'registered' },
            body.orgCode,
            actor,
            now,
            body.note,
            calendar,
          );
          step = {
            changes: { ...approved.changes, ...again.changes },
            events: [...approved.events, ...again.events],
            publish: again.publish,
          };
        } else step = approved;
        break;
      }
      case 'reject_send_back': {
        const reason = required(body.reason, 'reason');
        const back = nextStatus(action, o.status, o.sendBack?.fromStatus);
        step = {
          changes: { status: back, send_back: null },
          events: [
            { ...base, ...receiverEvent, action, fromStatus: o.status, toStatus: back, payload: { reason } },
          ],
          publish: [{ orgPath: o.receiverOrgPath!, type: 'hotline.dispatched', permission: 'case.handle' }],
        };
        break;
      }
      case 'request_extension': {
        const reason = required(body.reason, 'reason');
        const units = body.units;
        if (!(Number.isSafeInteger(units) && (units as number) > 0)) {
          throw invalid([
            { field: 'units', in: 'body', code: 'hotline.units_invalid', message: String(units) },
          ]);
        }
        const used = o.clock?.extensions.reduce((n, e) => n + e.days, 0) ?? 0;
        const max = o.clock?.maxExtensionDays ?? 0;
        if (used + (units as number) > max) {
          throw new Problem(422, 'hotline.extension_exceeds', { units: units as number, used, max });
        }
        const request = { units, reason, at: now.toISOString(), byName: actor.displayName };
        step = {
          changes: { extension_request: JSON.stringify(request) },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: o.status,
              payload: { units, reason },
            },
          ],
          publish: [{ orgPath: o.centerPath, type: 'hotline.review', permission: 'case.read' }],
        };
        break;
      }
      case 'approve_extension': {
        const request = o.extensionRequest!;
        const extended = extendedClock(o.clock!, {
          units: request.units,
          approvedBy: actor.displayName,
          reason: request.reason,
          at: now,
        });
        if (!extended.ok)
          throw new Problem(422, 'hotline.extension_exceeds', {
            units: request.units,
            used: 0,
            max: o.clock?.maxExtensionDays ?? 0,
          });
        let deadline: Date;
        try {
          deadline = new Date(clockState(extended.value, now, calendar).deadline);
        } catch (error) {
          calendarProblem(error);
        }
        step = {
          changes: { clock: JSON.stringify(extended.value), deadline, extension_request: null },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: o.status,
              payload: {
                units: request.units,
                reason: request.reason,
                deadline: deadline.toISOString(),
                note: body.note ?? null,
              },
            },
          ],
          publish: [{ orgPath: o.receiverOrgPath!, type: 'hotline.extension', permission: 'case.handle' }],
        };
        break;
      }
      case 'reject_extension': {
        const reason = required(body.reason, 'reason');
        step = {
          changes: { extension_request: null },
          events: [
            {
              ...base,
              ...receiverEvent,
              action,
              fromStatus: o.status,
              toStatus: o.status,
              payload: { units: o.extensionRequest?.units, reason },
            },
          ],
          publish: [{ orgPath: o.receiverOrgPath!, type: 'hotline.extension', permission: 'case.handle' }],
        };
        break;
      }
      case 'reply': {
        const text = required(body.text, 'text');
        const stopped = o.clock ? stoppedClock(o.clock, now) : null;
        const onTime = o.clock ? repliedOnTime(o.clock, now, calendar) : null;
        const direct = o.status === 'registered';
        step = {
          changes: {
            status: 'replied',
            reply: text,
            replied_at: now,
            replied_by_org_code: direct ? o.centerCode : o.receiverOrgCode,
            clock: stopped ? JSON.stringify(stopped) : null,
            on_time: onTime,
            extension_request: null,
          },
          events: [
            {
              ...base,
              ...(direct ? centerEvent : receiverEvent),
              action,
              fromStatus: o.status,
              toStatus: 'replied',
              payload: { text, onTime, direct },
            },
          ],
          publish: [{ orgPath: o.centerPath, type: 'hotline.review', permission: 'case.read' }],
        };
        break;
      }
      case 'revisit':
        step = revisitStep(o, body, base, centerEvent);
        break;
      case 'close':
        step = {
          changes: { status: 'closed', closed_at: now },
          events: [
            {
              ...base,
              ...centerEvent,
              action,
              fromStatus: o.status,
              toStatus: 'closed',
              payload: { note: body.note ?? null },
            },
          ],
          publish: [],
        };
        break;
      case 'merge': {
        const intoKey = required(body.into, 'into');
        const main = /^[0-9a-f-]{36}$/i.test(intoKey)
          ? await findOrder(trx, intoKey, true)
          : await findOrderBy(trx, 'number', intoKey).then((m) => (m ? findOrder(trx, m.id, true) : null));
        if (!main || main.countyCode !== o.countyCode)
          throw notFound('hotline.order_not_found', { id: intoKey });
        if (main.id === o.id || !isOpenStatus(main.status)) {
          throw new Problem(409, 'hotline.merge_invalid', { number: o.number, into: main.number });
        }
        await appendEvents(trx, main.id, [
          {
            ...base,
            ...centerEvent,
            action: 'merged_from',
            fromStatus: main.status,
            toStatus: main.status,
            payload: { number: o.number, id: o.id },
          },
        ]);
        await updateOrder(trx, main.id, { updated_at: now });
        const stopped = o.clock && o.clock.stoppedAt == null ? stoppedClock(o.clock, now) : o.clock;
        step = {
          changes: {
            status: 'merged',
            merged_into: main.id,
            closed_at: now,
            clock: stopped ? JSON.stringify(stopped) : null,
            send_back: null,
            extension_request: null,
          },
          events: [
            {
              ...base,
              ...centerEvent,
              action,
              fromStatus: o.status,
              toStatus: 'merged',
              payload: { into: main.number, intoId: main.id, note: body.note ?? null },
            },
          ],
          publish: [],
        };
        break;
      }
    }
    const updated = await updateOrder(trx, o.id, { ...step.changes, updated_at: now });
    await appendEvents(trx, o.id, step.events);
    for (const p of step.publish.filter((x) => x.type === 'hotline.dispatched')) {
      await tellReceivers(ctx, trx, updated, p.orgPath);
    }
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: `hotline.${action}`,
      entityType: 'hotline_order',
      entityId: o.id,
      orgCode: updated.receiverOrgCode ?? o.centerCode,
      orgPath: updated.receiverOrgPath ?? o.centerPath,
      before: { status: o.status, receiver: o.receiverOrgCode },
      after: { status: updated.status, receiver: updated.receiverOrgCode, ...step.events.at(-1)?.payload },
      ip,
    });
    published.push(...step.publish);
    publishedOrder = updated;
  });
  const done = publishedOrder as OrderRecord | null;
  if (done) {
    for (const p of published) {
      ctx.notify.live.publish({
        orgPath: p.orgPath,
        permission: p.permission,
        type: p.type,
        data: { id: done.id, number: done.number, status: done.status, deadline: iso(done.deadline) },
      });
    }
  }
  return readOrder(ctx, actor, seen.id);
}

function revisitStep(
  o: OrderRecord,
  body: ActionBody,
  base: { at: Date; actorId: string; actorName: string },
  where: { orgCode: string; orgPath: string },
  channel: 'phone' | 'portal' = 'phone',
): Step {
  const reached = body.reached !== false;
  let satisfaction: Satisfaction | null = null;
  if (reached) {
    if (!body.satisfaction || !SATISFACTION_LEVELS.includes(body.satisfaction)) {
      throw invalid([
        {
          field: 'satisfaction',
          in: 'body',
          code: 'hotline.satisfaction_invalid',
          message: String(body.satisfaction ?? 'required'),
        },
      ]);
    }
    satisfaction = body.satisfaction;
  }
  const note = body.note?.trim() ? body.note.trim().slice(0, 2000) : null;
  return {
    changes: {
      status: 'revisited',
      revisit_reached: reached,
      satisfaction,
      revisit_note: note,
      revisited_at: base.at,
    },
    events: [
      {
        ...base,
        ...where,
        action: 'revisit',
        fromStatus: o.status,
        toStatus: 'revisited',
        payload: { reached, satisfaction, note, channel },
      },
    ],
    publish: [{ orgPath: o.centerPath, type: 'hotline.review', permission: 'case.read' }],
  };
}

// ---------------------------------------------------------------------------------------------------
// The caller's own view (portal), by number and query code

export interface PublicOrderView {
  number: string;
  status: OrderStatus;
  kind: OrderKind;
  categoryName: string;
  content: string;
  receiverName: string | null;
  reply: string | null;
  repliedAt: string | null;
  satisfaction: Satisfaction | null;
  createdAt: string;
  closedAt: string | null;
  mergedIntoNumber: string | null;
  timeline: { at: string; action: string; orgName: string }[];
  /** The reply can be rated now. */
  canRate: boolean;
}

const PUBLIC_ACTIONS = new Set([
  'register',
  'dispatch',
  'accept',
  'approve_send_back',
  'reply',
  'revisit',
  'close',
  'merge',
]);

async function ownOrder(ctx: AppContext, number: string, code: string): Promise<OrderRecord> {
  const o = await findOrderBy(ctx.db, 'number', number.trim());
  if (!o || o.queryCodeHash !== queryCodeHash(o.number, code))
    throw notFound('hotline.track_not_found', { number });
  return o;
}

export async function trackOrder(ctx: AppContext, number: string, code: string): Promise<PublicOrderView> {
  const o = await ownOrder(ctx, number, code);
  const category = await findCategoryById(ctx.db, o.categoryId);
  const events = (await eventViews(ctx, o.id)).filter((e) => PUBLIC_ACTIONS.has(e.action));
  const names = await findOrgsByCodes(ctx.db, o.receiverOrgCode ? [o.receiverOrgCode] : []);
  const merged = o.mergedInto ? await findOrder(ctx.db, o.mergedInto) : null;
  return {
    number: o.number,
    status: o.status,
    kind: o.kind,
    categoryName: category?.name ?? '',
    content: o.content,
    receiverName: o.receiverOrgCode ? (names.get(o.receiverOrgCode) ?? null) : null,
    reply: o.reply,
    repliedAt: iso(o.repliedAt),
    satisfaction: o.satisfaction,
    createdAt: o.createdAt.toISOString(),
    closedAt: iso(o.closedAt),
    mergedIntoNumber: merged?.number ?? null,
    timeline: events.map((e) => ({ at: e.at, action: e.action, orgName: e.orgName })),
    canRate: o.status === 'replied',
  };
}

/** The caller rates the reply on the portal: the order's revisit, recorded as given by the caller. */
export async function rateOrder(
  ctx: AppContext,
  number: string,
  code: string,
  body: { satisfaction: Satisfaction; comment?: string },
  ip: string,
): Promise<PublicOrderView> {
  const seen = await ownOrder(ctx, number, code);
  await ctx.db.transaction().execute(async (trx) => {
    const o = (await findOrder(trx, seen.id, true))!;
    if (o.status !== 'replied') throw new Problem(409, 'hotline.rate_not_open', { number: o.number });
    const now = ctx.now();
    const step = revisitStep(
      o,
      { reached: true, satisfaction: body.satisfaction, note: body.comment },
      { at: now, actorId: 'caller', actorName: o.callerName },
      { orgCode: o.centerCode, orgPath: o.centerPath },
      'portal',
    );
    await updateOrder(trx, o.id, { ...step.changes, updated_at: now });
    await appendEvents(trx, o.id, step.events);
    await recordAudit(trx, {
      actorId: null,
      actorName: 'portal',
      action: 'hotline.revisit',
      entityType: 'hotline_order',
      entityId: o.id,
      orgCode: o.centerCode,
      orgPath: o.centerPath,
      after: { status: 'revisited', satisfaction: body.satisfaction, channel: 'portal' },
      ip,
    });
  });
  return trackOrder(ctx, number, code);
}

/** The in-app message (bell, inbox) to the staff who handle the receiving unit's orders, in the dispatch. */
async function tellReceivers(
  ctx: AppContext,
  trx: Kysely<DB>,
  o: OrderRecord,
  orgPath: string,
): Promise<void> {
  const people = await peopleHolding(trx, ['window_staff', 'approver'], orgPath, regionPathOf(orgPath));
  const orgCode = o.receiverOrgCode ?? o.centerCode;
  // 'YYYY-MM-DD HH:mm' in Beijing time: urgent orders are due within hours.
  const deadline = o.deadline
    ? new Date(o.deadline.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
    : '';
  await ctx.notify.enqueue(
    trx,
    people.map((personId) => ({
      channel: 'in_app' as const,
      recipient: personId,
      template: 'hotline_dispatched' as const,
      params: { caseNumber: o.number, deadline },
      orgCode,
      orgPath,
    })),
  );
}
