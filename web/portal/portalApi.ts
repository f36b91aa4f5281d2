import type { Guide, Limit, Material } from '../../core/catalog/guide.ts';
import type { ListResult } from '../../core/org/views.ts';
import { api } from '../api.ts';

/** The public shapes of server/catalog/catalog-schemas.ts (GuideListEntry, PublicGuide, CountedTerm). */

export type { ListResult } from '../../core/org/views.ts';

export interface GuideListEntry {
  itemId: string;
  versionId: string;
  version: number;
  name: string;
  type: string;
  departmentCode: string;
  departmentName: string;
  level: string;
  handlingKind: string;
  promisedLimit: Limit;
  maxVisits: number;
  badge: string | null;
  themes: string[];
  onlineApply: boolean;
  proxyAllowed: boolean;
  charged: boolean;
}

export interface FileLink {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Placement {
  code: string;
  name: string;
  parentName: string;
}

/** What every guide carries, published or not: the versioned content (core/catalog's Guide). */
export type GuideContent = Guide;

export interface PublicMaterial extends Material {
  blankFile: FileLink | null;
  sampleFile: FileLink | null;
}

export interface PublicGuide extends GuideContent {
  itemId: string;
  versionId: string;
  version: number;
  publishedAt: string | null;
  implementationCode: string;
  basicCode: string;
  department: { code: string; name: string };
  level: string;
  materials: PublicMaterial[];
  leadName: string | null;
  participantNames: string[];
  badge: string | null;
  fivePublics: {
    service: { badge: string | null; maxVisits: number; onlineApply: boolean; proxyAllowed: boolean };
    procedure: { steps: number };
    materials: { total: number; required: number; originals: number; copies: number };
    timeLimit: { legal: Limit | null; promised: Limit; sameDay: boolean; shortenedPercent: number | null };
    fees: { charged: boolean; items: number };
  };
  /** YYYY-MM-DD (Beijing); null when the count reaches a year whose holidays are not loaded. */
  expectedCompletion: string | null;
  today: string;
  windows: Placement[];
  proxy: { possible: boolean; places: Placement[] };
}

export interface CountedTerm {
  code: string;
  name: string;
  nameEn?: string;
  count: number;
}

export interface GuideFilters {
  q?: string;
  theme?: string;
  department?: string;
  level?: string;
  org?: string;
}

export const GUIDE_FILTER_KEYS = ['q', 'theme', 'department', 'level', 'org'] as const;

export function searchGuides(
  filters: GuideFilters & { page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<ListResult<GuideListEntry>> {
  return api.get<ListResult<GuideListEntry>>('/api/public/guides', { ...filters }, signal);
}

export function fetchGuide(itemId: string, signal?: AbortSignal): Promise<PublicGuide> {
  return api.get<PublicGuide>(`/api/public/guides/${encodeURIComponent(itemId)}`, undefined, signal);
}

export function fetchThemes(signal?: AbortSignal): Promise<ListResult<CountedTerm>> {
  return api.get<ListResult<CountedTerm>>('/api/public/catalog/themes', undefined, signal);
}

export function fetchDepartments(signal?: AbortSignal): Promise<ListResult<CountedTerm>> {
  return api.get<ListResult<CountedTerm>>('/api/public/catalog/departments', undefined, signal);
}

export interface Place {
  code: string;
  name: string;
  kind: string;
}

/** Places for the "where I live" filter: the counties with guides, or the children of a county or township. */
export function fetchPlaces(parent?: string, signal?: AbortSignal): Promise<ListResult<Place>> {
  return api.get<ListResult<Place>>('/api/public/catalog/places', { parent }, signal);
}

/** The townships of the portal's county (the first county with guides: one county per deployment). */
export async function fetchTownships(signal?: AbortSignal): Promise<Place[]> {
  const counties = await fetchPlaces(undefined, signal);
  const county = counties.items[0];
  return county ? (await fetchPlaces(county.code, signal)).items : [];
}

/** Region codes nest: a village's township is its first 9 digits. */
export function townshipOf(orgCode: string | undefined): string | undefined {
  return orgCode && /^\d{9}(\d{3})?$/.test(orgCode) ? orgCode.slice(0, 9) : undefined;
}
