import { CalendarYearNotLoadedError, shanghaiDateOf } from '../../core/calendar/index.ts';
import {
  expectedCompletion,
  type FivePublics,
  fivePublics,
  type Guide,
  type Material,
  visitBadge,
} from '../../core/catalog/index.ts';
import { type ItemLevel, THEMES, type VisitBadge } from '../../core/catalog/vocabulary.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { findOrg, findOrgsByCodes, listChildren } from '../org/org-store.ts';
import { type PlacementView, placementViews } from './catalog-service.ts';
import {
  countPublished,
  fileIdsOf,
  findFile,
  findFilesMeta,
  findItem,
  findPublishedVersion,
  type GuideListRow,
  listProxies,
  listWindows,
  searchGuides,
} from './catalog-store.ts';

/** Item level of an org from its administrative level (3 county, 4 township, 5 village; above: county). */
function levelOfOrg(adminLevel: number): ItemLevel {
  return adminLevel >= 5 ? 'village' : adminLevel === 4 ? 'township' : 'county';
}

export interface GuideQuery {
  q?: string;
  department?: string;
  theme?: string;
  level?: ItemLevel;
  org?: string;
  page: number;
  pageSize: number;
}

export interface GuideListEntry extends GuideListRow {
  departmentName: string;
  badge: VisitBadge | null;
}

/** The resident's search: published guides only, by name, pinyin initials, department, theme, level, place. */
export async function searchPublicGuides(
  ctx: AppContext,
  query: GuideQuery,
): Promise<{ items: GuideListEntry[]; total: number }> {
  const [department, org] = await Promise.all([
    query.department ? findOrg(ctx.db, query.department) : null,
    query.org ? findOrg(ctx.db, query.org) : null,
  ]);
  if (query.department && !department) throw notFound('org.not_found', { code: query.department });
  if (query.org && !org) throw notFound('org.not_found', { code: query.org });
  const found = await searchGuides(
    ctx.db,
    {
      q: query.q,
      departmentPath: department?.path,
      theme: query.theme,
      level: query.level,
      org: org ? { path: org.path, level: levelOfOrg(org.level) } : undefined,
    },
    pageWindow(query),
  );
  const names = await findOrgsByCodes(ctx.db, [...new Set(found.items.map((g) => g.departmentCode))]);
  return {
    total: found.total,
    items: found.items.map((g) => ({
      ...g,
      departmentName: names.get(g.departmentCode) ?? g.departmentCode,
      badge: visitBadge(g.maxVisits),
    })),
  };
}

export interface FileLink {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface PublicGuide extends Omit<Guide, 'materials'> {
  itemId: string;
  versionId: string;
  version: number;
  publishedAt: string | null;
  implementationCode: string;
  basicCode: string;
  department: { code: string; name: string };
  level: ItemLevel;
  leadName: string | null;
  participantNames: string[];
  materials: (Material & { blankFile: FileLink | null; sampleFile: FileLink | null })[];
  badge: VisitBadge | null;
  fivePublics: FivePublics;
  /** The day a case filed today should be done, by the promised limit; null when the calendar cannot say. */
  expectedCompletion: string | null;
  today: string;
  windows: PlacementView[];
  proxy: { possible: boolean; places: PlacementView[] };
}

/** The guide page: the published version with the five publics and what today's filing would mean. */
export async function readPublicGuide(ctx: AppContext, itemId: string): Promise<PublicGuide> {
  const [item, version] = await Promise.all([findItem(ctx.db, itemId), findPublishedVersion(ctx.db, itemId)]);
  if (!item || !version) throw notFound('catalog.guide_not_found', { id: itemId });
  const today = shanghaiDateOf(ctx.now());
  const [names, windows, proxies, files, calendar] = await Promise.all([
    findOrgsByCodes(ctx.db, [
      item.departmentCode,
      ...(version.handling.lead ? [version.handling.lead] : []),
      ...version.handling.participants,
    ]),
    listWindows(ctx.db, [item.id]).then((p) => placementViews(ctx.db, p)),
    listProxies(ctx.db, [item.id]).then((p) => placementViews(ctx.db, p)),
    findFilesMeta(ctx.db, fileIdsOf(version.materials)),
    ctx.calendar.current(),
  ]);
  let expected: string | null = null;
  try {
    expected = expectedCompletion(calendar, today, version);
  } catch (error) {
    if (!(error instanceof CalendarYearNotLoadedError)) throw error;
  }
  const link = (id: string | null): FileLink | null => {
    const f = id ? files.get(id) : undefined;
    if (!f) return null;
    const url = `/api/public/guides/${item.id}/files/${f.id}`;
    return { id: f.id, name: f.name, contentType: f.contentType, size: f.size, url };
  };
  const proxyPossible = version.proxyAllowed && proxies.length > 0;
  return {
    ...version,
    itemId: item.id,
    versionId: version.id,
    version: version.version,
    publishedAt: version.publishedAt?.toISOString() ?? null,
    implementationCode: item.implementationCode,
    basicCode: item.basicCode,
    department: { code: item.departmentCode, name: names.get(item.departmentCode) ?? item.departmentCode },
    level: item.level,
    leadName: version.handling.lead ? (names.get(version.handling.lead) ?? null) : null,
    participantNames: version.handling.participants.map((p) => names.get(p) ?? p),
    materials: version.materials.map((m) => ({
      ...m,
      blankFile: link(m.blankFileId),
      sampleFile: link(m.sampleFileId),
    })),
    badge: visitBadge(version.maxVisits),
    fivePublics: fivePublics(version),
    expectedCompletion: expected,
    today,
    windows,
    proxy: { possible: proxyPossible, places: proxyPossible ? proxies : [] },
  };
}

/** A blank form or sample, only when the item's published guide names it. */
export async function readPublicFile(ctx: AppContext, itemId: string, fileId: string) {
  const version = await findPublishedVersion(ctx.db, itemId);
  if (!version || !fileIdsOf(version.materials).includes(fileId)) {
    throw notFound('catalog.file_not_found', { id: fileId });
  }
  const file = await findFile(ctx.db, fileId);
  if (!file) throw notFound('catalog.file_not_found', { id: fileId });
  return file;
}

export async function listPublicThemes(ctx: AppContext, county?: string) {
  const { themes } = await countPublished(ctx.db, county);
  const items = THEMES.map((t) => ({
    code: t.code,
    name: t.zh,
    nameEn: t.en,
    count: themes.get(t.code) ?? 0,
  }));
  return { items, total: items.length };
}

export async function listPublicDepartments(ctx: AppContext, county?: string) {
  const { departments } = await countPublished(ctx.db, county);
  const names = await findOrgsByCodes(ctx.db, [...departments.keys()]);
  const items = [...departments.entries()]
    .map(([code, count]) => ({ code, name: names.get(code) ?? code, count }))
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  return { items, total: items.length };
}

/**
 * Places a resident can pick as "where I am" for the `org` filter: the counties with published guides,
 * or the regions directly under `parent` (a county's townships, a township's villages).
 */
export async function listPublicPlaces(ctx: AppContext, parent?: string) {
  if (!parent) {
    const counties = await ctx.db.selectFrom('catalog_items').select('county_code').distinct().execute();
    const names = await findOrgsByCodes(
      ctx.db,
      counties.map((c) => c.county_code),
    );
    const items = counties.map((c) => ({
      code: c.county_code,
      name: names.get(c.county_code) ?? c.county_code,
      kind: 'county',
    }));
    return { items, total: items.length };
  }
  const org = await findOrg(ctx.db, parent);
  if (!org) throw notFound('org.not_found', { code: parent });
  const kind = org.kind === 'county' ? 'township' : org.kind === 'township' ? 'village' : null;
  if (!kind) return { items: [], total: 0 };
  const found = await listChildren(ctx.db, org.code, { kind, limit: 1000, offset: 0 });
  const items = found.items
    .filter((o) => o.status === 'active')
    .map((o) => ({ code: o.code, name: o.name, kind: o.kind as string }));
  return { items, total: items.length };
}
