import { api } from '../api.ts';
import { fetchOrg, fetchRootOrgs } from '../org/orgApi.ts';
import type { ListResult, Org } from '../org/types.ts';
import { fetchDepartments } from '../portal/portalApi.ts';

/** The region an org belongs to: `511723` for `511723-2`, `511723100` for `511723100-1-2`. */
export function regionCodeOf(orgCode: string): string {
  return orgCode.split('-')[0] ?? orgCode;
}

async function descendants(code: string, kind: Org['kind']): Promise<Org[]> {
  const all: Org[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await api.get<ListResult<Org>>(`/api/orgs/${encodeURIComponent(code)}/descendants`, {
      kind,
      page,
      pageSize: 500,
    });
    all.push(...res.items);
    if (res.items.length === 0 || all.length >= res.total) break;
  }
  return all;
}

/**
 * Where in the item's region the person can look for windows or villages: the region itself when one of
 * their roles sits at or above it (region codes nest: 511723 ⊃ 511723100), else their own role orgs that
 * lie inside it (a township admin placing a county item on the township's windows).
 */
export async function rootsWithin(regionCode: string, roleOrgCodes: readonly string[]): Promise<Org[]> {
  const roots = await fetchRootOrgs(roleOrgCodes);
  // A role at a region at or above the item's (region codes nest: 511723 ⊃ 511723100) reaches all of it.
  if (roots.some((root) => !root.code.includes('-') && regionCode.startsWith(root.code))) {
    return [await fetchOrg(regionCode)];
  }
  return roots.filter((root) => root.path.includes(`/${regionCode}/`));
}

export interface WindowOption {
  code: string;
  label: string;
}

/** Windows the person may offer the item at, labelled with the center they belong to. */
export async function loadWindowOptions(
  regionCode: string,
  roleOrgCodes: readonly string[],
): Promise<WindowOption[]> {
  const roots = await rootsWithin(regionCode, roleOrgCodes);
  const lists = await Promise.all(
    roots.map(async (root) => {
      const [windows, centers, stations, departments] = await Promise.all([
        descendants(root.code, 'window'),
        descendants(root.code, 'center'),
        descendants(root.code, 'station'),
        descendants(root.code, 'department'),
      ]);
      const names = new Map([...centers, ...stations, ...departments, root].map((o) => [o.code, o.name]));
      return (root.kind === 'window' ? [root, ...windows] : windows).map((w) => ({
        code: w.code,
        label: w.parentCode && names.has(w.parentCode) ? `${names.get(w.parentCode)} · ${w.name}` : w.name,
      }));
    }),
  );
  const seen = new Set<string>();
  return lists.flat().filter((w) => !seen.has(w.code) && seen.add(w.code));
}

export interface PlaceNode {
  value: string;
  title: string;
  children?: PlaceNode[];
}

/** Townships with their villages, for choosing where a village proxy may file the item. */
export async function loadPlaceTree(
  regionCode: string,
  roleOrgCodes: readonly string[],
): Promise<PlaceNode[]> {
  const roots = await rootsWithin(regionCode, roleOrgCodes);
  const trees = await Promise.all(
    roots.map(async (root) => {
      const [townships, villages] = await Promise.all([
        descendants(root.code, 'township'),
        descendants(root.code, 'village'),
      ]);
      if (root.kind === 'village') return [{ value: root.code, title: root.name }];
      const towns = root.kind === 'township' ? [root, ...townships] : townships;
      return towns.map((town) => ({
        value: town.code,
        title: town.name,
        children: villages
          .filter((v) => v.parentCode === town.code)
          .map((v) => ({ value: v.code, title: v.name })),
      }));
    }),
  );
  return trees.flat();
}

export interface DepartmentOption {
  value: string;
  label: string;
}

/**
 * Departments and service centers that can lead or join a 联办 item: those of the item's county when the
 * person may read it, else the departments the portal lists (those with published guides).
 */
export async function loadDepartmentOptions(
  countyCode: string,
  roleOrgCodes: readonly string[],
): Promise<DepartmentOption[]> {
  // Only a role at the county (or above) may read its whole tree; anyone else gets the portal's list.
  const readsCounty = roleOrgCodes.some((code) => !code.includes('-') && countyCode.startsWith(code));
  try {
    if (!readsCounty) throw new Error('not in scope');
    const [departments, centers] = await Promise.all([
      descendants(countyCode, 'department'),
      descendants(countyCode, 'center'),
    ]);
    return [...departments, ...centers]
      .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
      .map((o) => ({ value: o.code, label: o.name }));
  } catch {
    const res = await fetchDepartments();
    return res.items.map((d) => ({ value: d.code, label: d.name }));
  }
}
