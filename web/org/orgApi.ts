import { api } from '../api.ts';
import type { FacilityType, ListResult, Org, OrgHit, UnitKind } from './types.ts';

const PAGE_SIZE = 500;
/** A region holds tens of children, never thousands; the cap only stops a runaway loop. */
const MAX_PAGES = 20;

const orgPath = (code: string) => `/api/orgs/${encodeURIComponent(code)}`;

export function fetchOrg(code: string): Promise<Org> {
  return api.get<Org>(orgPath(code));
}

/** All children of an org, page by page: the tree shows a node's children completely or not at all. */
export async function fetchAllChildren(code: string): Promise<Org[]> {
  const all: Org[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, total } = await api.get<ListResult<Org>>(`${orgPath(code)}/children`, {
      page,
      pageSize: PAGE_SIZE,
    });
    all.push(...items);
    if (items.length === 0 || all.length >= total) break;
  }
  return all;
}

export function searchOrgs(q: string, pageSize = 20, signal?: AbortSignal): Promise<ListResult<OrgHit>> {
  return api.get<ListResult<OrgHit>>('/api/orgs', { q, pageSize }, signal);
}

export interface NewUnit {
  parentCode: string;
  kind: UnitKind;
  name: string;
  facilityType?: FacilityType;
}

export function createOrg(unit: NewUnit): Promise<Org> {
  return api.post<Org>('/api/orgs', unit);
}

export function renameOrg(code: string, name: string): Promise<Org> {
  return api.patch<Org>(orgPath(code), { name });
}

export function isUnder(path: string, ancestorPath: string): boolean {
  return path !== ancestorPath && path.startsWith(ancestorPath);
}

/**
 * The tops of what the person may browse: the orgs their roles sit at, minus any nested inside another
 * (a county admin who is also a township approver sees one tree, not two overlapping ones).
 */
export async function fetchRootOrgs(roleOrgCodes: readonly string[]): Promise<Org[]> {
  const codes = [...new Set(roleOrgCodes)];
  const settled = await Promise.allSettled(codes.map(fetchOrg));
  const orgs = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  return orgs
    .filter((org) => !orgs.some((other) => isUnder(org.path, other.path)))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Codes on an org's path, top first. Paths are `/code/code/…/`, so this needs no extra request. */
export function pathCodes(path: string): string[] {
  return path.split('/').filter(Boolean);
}
