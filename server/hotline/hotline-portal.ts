import type { AttributeDefinition } from '../../core/hotline/catalog.ts';
import type { OrderKind } from '../../core/hotline/vocabulary.ts';
import type { AppContext } from '../context.ts';
import { notFound, Problem } from '../http/problem.ts';
import { findOrg, type Org } from '../org/org-store.ts';
import { createOrder } from './hotline-service.ts';
import { catalogCounties, listCategories } from './hotline-store.ts';

/**
 * The hotline's online channel on the portal: a resident files a complaint or a suggestion (or any other
 * kind of matter) without signing in, gets the order number and a query code once, and later follows
 * the order and rates the reply with both (server/hotline/hotline-service.ts trackOrder, rateOrder).
 */

async function publicCounty(ctx: AppContext, countyCode: string | undefined): Promise<Org> {
  const counties = await catalogCounties(ctx.db);
  const code = countyCode ?? (counties.length === 1 ? counties[0] : undefined);
  if (!code) throw new Problem(400, 'hotline.county_required');
  const org = counties.includes(code) ? await findOrg(ctx.db, code) : null;
  if (!org) throw notFound('hotline.county_not_found', { code });
  return org;
}

export async function publicCategories(
  ctx: AppContext,
  countyCode: string | undefined,
): Promise<{
  countyCode: string;
  countyName: string;
  items: {
    code: string;
    name: string;
    parentCode: string | null;
    description: string;
    attributes: AttributeDefinition[];
  }[];
}> {
  const county = await publicCounty(ctx, countyCode);
  const items = (await listCategories(ctx.db, county.code, { activeOnly: true })).map((c) => ({
    code: c.code,
    name: c.name,
    parentCode: c.parentCode,
    description: c.description,
    attributes: c.attributes,
  }));
  return { countyCode: county.code, countyName: county.name, items };
}

export async function submitFromPortal(
  ctx: AppContext,
  body: {
    countyCode?: string;
    categoryCode: string;
    kind: OrderKind;
    name: string;
    phone: string;
    content: string;
    address?: string;
    orgCode?: string;
    attributes?: Record<string, string | string[]>;
  },
  ip: string,
): Promise<{ number: string; queryCode: string }> {
  const county = await publicCounty(ctx, body.countyCode);
  const { order, queryCode } = await createOrder(
    ctx,
    county,
    {
      categoryCode: body.categoryCode,
      kind: body.kind,
      caller: { name: body.name, phone: body.phone },
      content: body.content,
      // Residents may not know the village code; the address they type is enough to start with, and a
      // suggestion about the county as a whole has no other place than the county.
      location: {
        address: body.address?.trim() || (body.orgCode ? null : county.name),
        orgCode: body.orgCode ?? null,
      },
      attributes: body.attributes,
    },
    { channel: 'portal', actorId: 'portal', actorName: 'portal', phoneRequired: true },
    ip,
  );
  return { number: order.number, queryCode };
}
