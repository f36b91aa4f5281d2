/**
 * Likely duplicates (重复工单) of a new call among the open orders of the last few days. Each candidate
 * comes with the plain reasons it was picked, so the operator can judge in a glance:
 * - same_phone: the same caller number;
 * - same_place: the same category at the same village or township, or at the same address text;
 * - nearby: the same category within NEARBY_METRES of the given coordinates;
 * - similar_text: contents whose character-bigram overlap (Dice coefficient) reaches SIMILAR_TEXT.
 * Nothing is merged automatically: merging is the dispatcher's decision.
 */

/** How far back open orders are compared. */
export const DUPLICATE_WINDOW_DAYS = 7;
export const NEARBY_METRES = 200;
export const SIMILAR_TEXT = 0.6;
/** Candidates shown at most. */
export const MAX_CANDIDATES = 10;

export type DuplicateReason = 'same_phone' | 'same_place' | 'nearby' | 'similar_text';

export interface DuplicateProbe {
  phone: string | null;
  categoryCode: string;
  locationOrgCode: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  content: string;
}

export interface DuplicateMatch {
  reasons: DuplicateReason[];
  /** Bigram Dice coefficient of the contents, 0–1, rounded to two decimals. */
  similarity: number;
}

/** Text as compared: no spaces or punctuation, half-width, lower case. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of the character bigrams of two texts (after normalizeText): 1 same, 0 nothing shared. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(normalizeText(a));
  const y = bigrams(normalizeText(b));
  let sizeX = 0;
  let sizeY = 0;
  for (const n of x.values()) sizeX += n;
  for (const n of y.values()) sizeY += n;
  if (sizeX === 0 || sizeY === 0) return 0;
  let shared = 0;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return (2 * shared) / (sizeX + sizeY);
}

/** Great-circle distance in metres (haversine, WGS84 mean radius). */
export function distanceMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

function sameAddress(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = normalizeText(a);
  const y = normalizeText(b);
  if (x.length < 4 || y.length < 4) return x === y && x !== '';
  return x === y || x.includes(y) || y.includes(x);
}

/** Why `candidate` may be the same matter as `probe`; no reasons means it is not a candidate. */
export function duplicateMatch(probe: DuplicateProbe, candidate: DuplicateProbe): DuplicateMatch {
  const reasons: DuplicateReason[] = [];
  if (probe.phone && candidate.phone && probe.phone === candidate.phone) reasons.push('same_phone');
  const sameCategory = probe.categoryCode === candidate.categoryCode;
  if (
    sameCategory &&
    ((probe.locationOrgCode !== null && probe.locationOrgCode === candidate.locationOrgCode) ||
      sameAddress(probe.address, candidate.address))
  ) {
    reasons.push('same_place');
  }
  if (
    sameCategory &&
    probe.lat !== null &&
    probe.lng !== null &&
    candidate.lat !== null &&
    candidate.lng !== null &&
    distanceMetres(probe.lat, probe.lng, candidate.lat, candidate.lng) <= NEARBY_METRES
  ) {
    reasons.push('nearby');
  }
  const similarity = Math.round(textSimilarity(probe.content, candidate.content) * 100) / 100;
  if (similarity >= SIMILAR_TEXT) reasons.push('similar_text');
  return { reasons, similarity };
}

/** The candidates with at least one reason, most reasons first, then most similar, then newest. */
export function rankDuplicates<T extends DuplicateProbe & { createdAt: string }>(
  probe: DuplicateProbe,
  candidates: readonly T[],
): (T & DuplicateMatch)[] {
  return candidates
    .map((c) => ({ ...c, ...duplicateMatch(probe, c) }))
    .filter((c) => c.reasons.length > 0)
    .sort(
      (a, b) =>
        b.reasons.length - a.reasons.length ||
        b.similarity - a.similarity ||
        (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0),
    )
    .slice(0, MAX_CANDIDATES);
}
