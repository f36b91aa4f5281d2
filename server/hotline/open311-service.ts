import { MS_PER_DAY, SHANGHAI_OFFSET_MS } from '../../core/calendar/dates.ts';
import type { AttributeInput } from '../../core/hotline/catalog.ts';
import { open311Status } from '../../core/hotline/lifecycle.ts';
import type { AppContext } from '../context.ts';
import { Problem } from '../http/problem.ts';
import { fill, type Lang, labels } from '../i18n/index.ts';
import { findOrg, findOrgsByCodes, type Org } from '../org/org-store.ts';
import { authenticateKey, markKeyUsed } from './api-keys.ts';
import { createOrder } from './hotline-service.ts';
import {
  type Category,
  catalogCounties,
  findCategoriesByIds,
  findCategory,
  findOrderBy,
  listCategories,
  type OrderRecord,
  searchOrders,
} from './hotline-store.ts';
import { Open311Error, type Open311ErrorItem } from './open311-format.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the dispatch catalog: each active
 * category is a service, its attributes the service definition, and a request filed through the
 * interface becomes a registered work order in the county's dispatch queue. Reading is public and
 * shows no personal data: the caller's name, phone and e-mail never leave; the description, address,
 * coordinates, media and reply of an order are shown only when the order came through Open311 itself
 * (its submitter published them to a public interface), while orders from calls and the portal show
 * category, status, place (village or township) and the agency.
 */

/** Most requests a GET requests answers, and the widest date range (GeoReport v2, "Response Volume"). */
export const MAX_REQUESTS = 1000;
export const MAX_RANGE_DAYS = 90;

function texts(lang: Lang): Record<string, string> {
  return labels(lang, 'hotline.open311.');
}

function error(
  lang: Lang,
  status: number,
  key: string,
  params: Record<string, string | number> = {},
): Open311ErrorItem {
  const t = texts(lang)[key] ?? texts('zh-CN')[key] ?? key;
  return { code: status, description: fill(t, params) };
}

function fail(lang: Lang, status: number, key: string, params: Record<string, string | number> = {}): never {
  throw new Open311Error(status, [error(lang, status, key, params)]);
}

/** w3 datetime in China's time (the offset included, as the spec requires). */
export function w3(d: Date | null): string | null {
  if (!d) return null;
  return `${new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A w3 datetime or date from a query; NaN when it is neither. */
function parseW3(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return Number.NaN;
  return Date.parse(value);
}

/** The county served: jurisdiction_id when given, else the only county with a catalog. */
export async function jurisdiction(ctx: AppContext, lang: Lang, id: string | undefined): Promise<Org> {
  const counties = await catalogCounties(ctx.db);
  const code = id?.trim() || (counties.length === 1 ? counties[0] : undefined);
  if (!code) fail(lang, 400, 'jurisdiction_required');
  const org = counties.includes(code) ? await findOrg(ctx.db, code) : null;
  if (!org) fail(lang, 404, 'jurisdiction_not_found', { id: code });
  return org;
}

export function discovery(baseUrl: string, lang: Lang, changeset: Date) {
  const t = texts(lang);
  return {
    changeset: w3(changeset),
    contact: t.contact ?? '',
    key_service: t.keyService ?? '',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: w3(changeset),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** When the catalog last changed: the discovery changeset. */
export async function catalogChangeset(ctx: AppContext): Promise<Date> {
  const row = await ctx.db
    .selectFrom('hotline_categories')
    .select((eb) => eb.fn.max('updated_at').as('at'))
    .executeTakeFirst();
  return row?.at ? new Date(row.at as unknown as string) : new Date(0);
}

function limitText(lang: Lang, c: Pick<Category, 'limit'>): string {
  return fill(texts(lang)[`limit.${c.limit.unit}`] ?? '{n}', { n: c.limit.value });
}

export async function services(ctx: AppContext, lang: Lang, jurisdictionId: string | undefined) {
  const county = await jurisdiction(ctx, lang, jurisdictionId);
  const all = await listCategories(ctx.db, county.code, { activeOnly: true });
  const names = new Map(all.map((c) => [c.code, c.name]));
  return all.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.description || fill(texts(lang).serviceNotice ?? '', { limit: limitText(lang, c) }),
    metadata: c.attributes.some((a) => a.variable) || c.attributes.length > 0,
    type: 'realtime',
    keywords: c.keywords,
    group: c.parentCode ? (names.get(c.parentCode) ?? '') : '',
  }));
}

export async function serviceDefinition(
  ctx: AppContext,
  lang: Lang,
  code: string,
  jurisdictionId: string | undefined,
) {
  const county = await jurisdiction(ctx, lang, jurisdictionId);
  const category = await findCategory(ctx.db, county.code, code);
  if (!category?.active) fail(lang, 404, 'service_not_found', { code });
  return {
    service_code: category.code,
    attributes: category.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// POST requests

/** The fields of a POST, from a form (attribute[code]=v, attribute[code][]=v) or a JSON body. */
export interface PostFields {
  fields: Record<string, string>;
  attributes: AttributeInput;
}

export function fieldsOfForm(params: URLSearchParams): PostFields {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (m) {
      const code = m[1]!;
      if (m[2]) {
        const prev = attributes[code];
        attributes[code] = Array.isArray(prev)
          ? [...prev, value]
          : prev !== undefined
            ? [prev, value]
            : [value];
      } else attributes[code] = value;
    } else if (!(key in fields)) fields[key] = value;
  }
  return { fields, attributes };
}

export function fieldsOfJson(body: unknown): PostFields {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string | string[]> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { fields, attributes };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attribute' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value as Record<string, unknown>)) {
        attributes[code] = Array.isArray(v) ? v.map(String) : v === null || v === undefined ? '' : String(v);
      }
      continue;
    }
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (m) attributes[m[1]!] = Array.isArray(value) ? value.map(String) : String(value ?? '');
    else if (value !== null && value !== undefined && typeof value !== 'object') fields[key] = String(value);
  }
  return { fields, attributes };
}

const FIELD_ERROR_KEYS: Record<string, string> = {
  'hotline.attribute_required': 'attribute_required',
  'hotline.attribute_value_invalid': 'attribute_value_invalid',
  'hotline.attribute_single_value': 'attribute_value_invalid',
  'hotline.attribute_number': 'attribute_invalid',
  'hotline.attribute_datetime': 'attribute_invalid',
  'hotline.attribute_string': 'attribute_invalid',
  'hotline.location_required': 'location_required',
  'hotline.latlng_pair': 'location_required',
  'hotline.latlng_invalid': 'latlng_invalid',
  'hotline.location_org_invalid': 'address_id_invalid',
  'hotline.content_invalid': 'description_invalid',
  'hotline.phone_invalid': 'phone_invalid',
  'hotline.email_invalid': 'email_invalid',
  'hotline.caller_name': 'name_invalid',
  'hotline.media_url_invalid': 'media_url_invalid',
};

const FIELD_NAMES: Record<string, string> = {
  content: 'description',
  'caller.phone': 'phone',
  'caller.email': 'email',
  'caller.name': 'first_name',
  mediaUrl: 'media_url',
  'location.lat': 'lat',
  'location.lng': 'long',
  'location.orgCode': 'address_id',
};

/**
 * Files a request: the client's key first (403 without a valid one, before anything else is looked at),
 * then the service (400 without service_code, 404 for an unknown one), then every field at once (400).
 * Nothing is stored unless all of it passes.
 */
export async function postRequest(
  ctx: AppContext,
  lang: Lang,
  post: PostFields,
  apiKey: string | undefined,
  ip: string,
) {
  const client = await authenticateKey(ctx, apiKey);
  if (!client) fail(lang, 403, apiKey ? 'api_key_invalid' : 'api_key_missing');
  const f = post.fields;
  const county = await jurisdiction(ctx, lang, f.jurisdiction_id || client.countyCode);
  if (county.code !== client.countyCode) fail(lang, 403, 'api_key_jurisdiction', { id: county.code });
  const serviceCode = f.service_code?.trim();
  if (!serviceCode) fail(lang, 400, 'service_code_required');
  const category = await findCategory(ctx.db, county.code, serviceCode);
  if (!category?.active) fail(lang, 404, 'service_not_found', { code: serviceCode });

  // address_id may name a village or township of the county by its code; else it is the client's own id.
  let orgCode: string | null = null;
  const addressId = f.address_id?.trim() || null;
  if (addressId && /^\d{9}(\d{3})?$/.test(addressId)) {
    const org = await findOrg(ctx.db, addressId);
    if (org?.path.startsWith(county.path)) orgCode = org.code;
  }
  const name = [f.last_name, f.first_name]
    .map((s) => s?.trim() ?? '')
    .join('')
    .trim();
  const lat = f.lat?.trim() ? Number(f.lat) : null;
  const lng = f.long?.trim() ? Number(f.long) : null;
  const input = {
    categoryCode: category.code,
    kind: 'request' as const,
    caller: {
      name: name || (texts(lang).anonymous ?? '匿名'),
      phone: f.phone?.trim() || null,
      email: f.email?.trim() || null,
    },
    content: f.description?.trim() || category.name,
    location: { address: f.address_string?.trim() || null, addressId, orgCode, lat, lng },
    attributes: post.attributes,
    mediaUrl: f.media_url?.trim() || null,
  };
  let created: { order: OrderRecord };
  try {
    created = await createOrder(
      ctx,
      county,
      input,
      {
        channel: 'open311',
        actorId: `open311:${client.id}`,
        actorName: `Open311 ${client.name}`,
        apiClientId: client.id,
        phoneRequired: false,
        withToken: true,
      },
      ip,
    );
  } catch (e) {
    if (e instanceof Problem && e.errors) {
      const items = e.errors.map((fe) => {
        const key = FIELD_ERROR_KEYS[fe.code ?? ''] ?? 'field_invalid';
        const attribute = /^attribute\[(.+)\]$/.exec(fe.field)?.[1] ?? '';
        const def = category.attributes.find((a) => a.code === attribute);
        return error(lang, 400, key, {
          field: FIELD_NAMES[fe.field] ?? fe.field,
          code: attribute,
          description: def?.description ?? '',
          message: fe.message,
        });
      });
      throw new Open311Error(400, items);
    }
    throw e;
  }
  await markKeyUsed(ctx, client);
  const o = created.order;
  const notice = fill(texts(lang).serviceNotice ?? '', { limit: limitText(lang, category) });
  return client.responseMode === 'batch'
    ? [{ token: o.token, service_notice: notice, account_id: null }]
    : [{ service_request_id: o.number, service_notice: notice, account_id: null }];
}

// ---------------------------------------------------------------------------------------------------
// GET requests

async function requestViews(ctx: AppContext, lang: Lang, orders: readonly OrderRecord[]) {
  const t = texts(lang);
  const categories = await findCategoriesByIds(ctx.db, [...new Set(orders.map((o) => o.categoryId))]);
  const orgCodes = new Set<string>();
  for (const o of orders) {
    if (o.receiverOrgCode) orgCodes.add(o.receiverOrgCode);
    if (o.locationOrgCode) orgCodes.add(o.locationOrgCode);
  }
  const names = await findOrgsByCodes(ctx.db, [...orgCodes]);
  const mergedIds = orders.map((o) => o.mergedInto).filter((x): x is string => x !== null);
  const merged = new Map<string, string>();
  if (mergedIds.length > 0) {
    for (const r of await ctx.db
      .selectFrom('hotline_orders')
      .select(['id', 'number'])
      .where('id', 'in', mergedIds)
      .execute()) {
      merged.set(r.id, r.number);
    }
  }
  return orders.map((o) => {
    const category = categories.get(o.categoryId);
    const published = o.channel === 'open311';
    const place = o.locationOrgCode ? (names.get(o.locationOrgCode) ?? null) : null;
    let notes = t[`status.${o.status}`] ?? o.status;
    if (o.status === 'merged')
      notes = fill(t['status.merged'] ?? '', { number: merged.get(o.mergedInto ?? '') ?? '' });
    else if (
      published &&
      o.reply &&
      (o.status === 'replied' || o.status === 'revisited' || o.status === 'closed')
    )
      notes = o.reply;
    const updated = open311Status(o.status) === 'closed' && o.closedAt ? o.closedAt : o.updatedAt;
    return {
      service_request_id: o.number,
      status: open311Status(o.status),
      status_notes: notes,
      service_name: category?.name ?? '',
      service_code: category?.code ?? '',
      description: published ? o.content : null,
      agency_responsible: o.receiverOrgCode ? (names.get(o.receiverOrgCode) ?? null) : null,
      service_notice: category ? fill(t.serviceNotice ?? '', { limit: limitText(lang, category) }) : null,
      requested_datetime: w3(o.createdAt),
      updated_datetime: w3(updated),
      expected_datetime: o.status === 'merged' ? null : w3(o.deadline),
      address: published ? (o.address ?? place) : place,
      address_id: published ? o.addressId : o.locationOrgCode,
      zipcode: null,
      lat: published ? o.lat : null,
      long: published ? o.lng : null,
      media_url: published ? o.mediaUrl : null,
    };
  });
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export async function getRequests(
  ctx: AppContext,
  lang: Lang,
  q: {
    jurisdiction_id?: string;
    service_request_id?: string;
    service_code?: string;
    start_date?: string;
    end_date?: string;
    status?: string;
  },
) {
  const county = await jurisdiction(ctx, lang, q.jurisdiction_id);
  const ids = list(q.service_request_id);
  const base = { centerRoots: [county.path], receiverRoots: [], limit: MAX_REQUESTS, offset: 0 } as const;
  if (ids.length > 0) {
    // service_request_id overrides every other argument.
    const found = await searchOrders(ctx.db, { ...base, numbers: ids.slice(0, MAX_REQUESTS) });
    return requestViews(ctx, lang, found.rows);
  }
  const errors: Open311ErrorItem[] = [];
  const start = q.start_date?.trim() ? parseW3(q.start_date.trim()) : null;
  const end = q.end_date?.trim() ? parseW3(q.end_date.trim()) : null;
  if (start !== null && Number.isNaN(start))
    errors.push(error(lang, 400, 'date_invalid', { field: 'start_date' }));
  if (end !== null && Number.isNaN(end)) errors.push(error(lang, 400, 'date_invalid', { field: 'end_date' }));
  const statuses = list(q.status);
  const badStatus = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (badStatus.length > 0) errors.push(error(lang, 400, 'status_invalid', { status: badStatus.join(',') }));
  if (errors.length > 0) throw new Open311Error(400, errors);
  const span = MAX_RANGE_DAYS * MS_PER_DAY;
  const now = ctx.now().getTime();
  let from: number;
  let to: number;
  if (start !== null && end !== null) {
    if (end < start) fail(lang, 400, 'range_reversed');
    if (end - start > span) fail(lang, 400, 'range_too_long', { days: MAX_RANGE_DAYS });
    from = start;
    to = end;
  } else if (start !== null) {
    from = start;
    to = start + span;
  } else if (end !== null) {
    from = end - span;
    to = end;
  } else {
    from = now - span;
    to = now;
  }
  const codes = list(q.service_code);
  let categoryIds: string[] | undefined;
  if (codes.length > 0) {
    const rows = await ctx.db
      .selectFrom('hotline_categories')
      .select('id')
      .where('county_code', '=', county.code)
      .where('code', 'in', codes)
      .execute();
    categoryIds = rows.map((r) => r.id);
    if (categoryIds.length === 0) return [];
  }
  const wanted = new Set(statuses);
  const found = await searchOrders(ctx.db, {
    ...base,
    categoryIds,
    createdFrom: new Date(from),
    createdTo: new Date(to),
    statuses:
      wanted.size === 1
        ? wanted.has('open')
          ? ['registered', 'dispatched', 'send_back_pending', 'accepted', 'replied', 'revisited']
          : ['closed', 'merged']
        : undefined,
  });
  return requestViews(ctx, lang, found.rows);
}

export async function getRequest(
  ctx: AppContext,
  lang: Lang,
  id: string,
  jurisdictionId: string | undefined,
) {
  const county = await jurisdiction(ctx, lang, jurisdictionId);
  const o = await findOrderBy(ctx.db, 'number', id);
  if (!o || o.countyCode !== county.code) fail(lang, 404, 'request_not_found', { id });
  return requestViews(ctx, lang, [o]);
}

export async function getToken(
  ctx: AppContext,
  lang: Lang,
  token: string,
  jurisdictionId: string | undefined,
) {
  const county = await jurisdiction(ctx, lang, jurisdictionId);
  const o = token.length <= 64 ? await findOrderBy(ctx.db, 'token', token) : null;
  if (!o || o.countyCode !== county.code) fail(lang, 404, 'token_not_found', { token: token.slice(0, 64) });
  return [{ service_request_id: o.number, token }];
}
