import { createHash } from 'node:crypto';

/** The prev_hash of a case's first event: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of one case-file event that its hash covers (everything stored except the hash itself). */
export interface ChainedEvent {
  caseId: string;
  seq: number;
  /** ISO instant. */
  at: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  orgCode: string;
  action: string;
  payload: unknown;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every level. jsonb reorders keys on the way in, so hashing what was
 * written and what is read back must not depend on key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined and functions have no JSON form; they are treated as null like JSON.stringify in arrays.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function eventHash(event: ChainedEvent): string {
  return sha256Hex(
    canonicalJson({
      caseId: event.caseId,
      seq: event.seq,
      at: event.at,
      actorId: event.actorId,
      actorName: event.actorName,
      actorRole: event.actorRole,
      orgCode: event.orgCode,
      action: event.action,
      payload: event.payload,
      prevHash: event.prevHash,
    }),
  );
}

export interface ChainVerdict {
  valid: boolean;
  events: number;
  /** The first seq whose row does not fit the chain, when invalid. */
  brokenAt?: number;
}

/**
 * Recomputes the chain: seqs run 1, 2, 3…, each event's prev_hash is the hash of the one before (the
 * genesis hash for the first), each stored hash is the hash of the row's fields, and — when the case's
 * recorded last hash is given — the newest event is the one the case points at, so removing events from
 * the end or appending forged ones is caught too.
 */
export function verifyChain(
  events: readonly (ChainedEvent & { hash: string })[],
  lastHash?: string,
): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev || eventHash(e) !== e.hash) {
      return { valid: false, events: events.length, brokenAt: e.seq };
    }
    prev = e.hash;
  }
  if (lastHash !== undefined && prev !== lastHash) {
    return { valid: false, events: events.length, brokenAt: events.length };
  }
  return { valid: true, events: events.length };
}
