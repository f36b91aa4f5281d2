/**
 * Org codes. Regions carry their official division code: 6 digits for a county (GB/T 2260), 9 for a
 * township and 12 for a village (the statistical division code). Units created under a region or under
 * another unit get `<parent code>-<n>`, so a code alone tells where in the tree a unit was made.
 */
export const ORG_CODE_PATTERN = '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})(-\\d{1,5})*$';
const orgCodeRe = new RegExp(ORG_CODE_PATTERN);

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';
export type UnitKind = 'department' | 'center' | 'station' | 'window' | 'facility';
export type OrgKind = RegionLevel | UnitKind;

export const REGION_KINDS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];
export const UNIT_KINDS: readonly UnitKind[] = ['department', 'center', 'station', 'window', 'facility'];
export const ORG_KINDS: readonly OrgKind[] = [...REGION_KINDS, ...UNIT_KINDS];

/** Facility types the network hangs under regions (DESIGN.md: the service network). */
export const FACILITY_TYPES = [
  'culture_station',
  'rural_library',
  'library_branch',
  'health_center',
  'village_clinic',
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export function isOrgCode(code: string): boolean {
  return orgCodeRe.test(code);
}

export function regionLevelOfCode(code: string): RegionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    case 12:
      return 'village';
    default:
      return null;
  }
}

/** The county a code belongs to: the first six digits (the sharding key on the scale path). */
export function countyCodeOf(code: string): string {
  return code.slice(0, 6);
}

export function childPath(parentPath: string, code: string): string {
  return `${parentPath}${code}/`;
}

/** Which unit kinds may be created under which kind of org. Regions hold any unit; units nest sensibly. */
const ALLOWED_CHILD_UNITS: Record<OrgKind, readonly UnitKind[]> = {
  province: ['department', 'center', 'facility'],
  city: ['department', 'center', 'facility'],
  county: ['department', 'center', 'facility'],
  township: ['department', 'center', 'facility'],
  village: ['station', 'facility'],
  department: ['department', 'window'],
  center: ['window', 'department'],
  station: ['window'],
  window: [],
  facility: [],
};

export function canHoldUnit(parentKind: OrgKind, childKind: UnitKind): boolean {
  return ALLOWED_CHILD_UNITS[parentKind].includes(childKind);
}

/** Administrative level of the region an org sits in: 1 province … 5 village (units inherit it). */
export function adminLevelOfCode(code: string): number {
  const region = code.split('-')[0] ?? '';
  return { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 }[region.length] ?? 0;
}

/** The codes on a path, root first. */
export function codesOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** A root of the tree (a county, city or province imported without a parent): '/511723/'. */
export function isRootPath(path: string): boolean {
  return codesOfPath(path).length === 1;
}

/**
 * The key siblings are listed by: units before sub-regions (a center above its villages), and units in
 * the order they were made (`-2` before `-10`), which plain code order would not give.
 */
export function orgSortKey(code: string): string {
  const [region, ...units] = code.split('-');
  return units.length === 0 ? `1:${region}` : `0:${units.map((n) => n.padStart(5, '0')).join('-')}`;
}

/**
 * The region (county or township…) an org belongs to: its path up to the deepest division code, so
 * '/511723/511723100/511723100-1/' → '/511723/511723100/'. A division is its own region.
 */
export function regionPathOf(orgPath: string): string {
  const parts = orgPath.split('/').filter(Boolean);
  let end = 0;
  parts.forEach((p, i) => {
    if (/^\d+$/.test(p)) end = i;
  });
  return `/${parts.slice(0, end + 1).join('/')}/`;
}
