import { describe, expect, it } from 'vitest';
import { type ChainedEvent, canonicalJson, eventHash, GENESIS_HASH, verifyChain } from './event-chain.ts';

function chain(n: number): (ChainedEvent & { hash: string })[] {
  const out: (ChainedEvent & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e: ChainedEvent = {
      caseId: 'c1',
      seq,
      at: new Date(Date.UTC(2026, 2, 10, seq)).toISOString(),
      actorId: 'p1',
      actorName: '李窗口',
      actorRole: 'window_staff',
      orgCode: '511723-1',
      action: seq === 1 ? 'receive' : 'accept',
      payload: { to: 'accepted', payload: { note: `第${seq}步` }, clocks: [] },
      prevHash,
    };
    const hash = eventHash(e);
    out.push({ ...e, hash });
    prevHash = hash;
  }
  return out;
}

describe('the case-file hash chain', () => {
  it('hashes independently of key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    const [e] = chain(1);
    const reordered = { ...e!, payload: { clocks: [], payload: { note: '第1步' }, to: 'accepted' } };
    expect(eventHash(reordered)).toBe(e!.hash);
  });

  it('verifies an intact chain and the case pointing at its last event', () => {
    const events = chain(3);
    expect(verifyChain(events, events[2]!.hash)).toEqual({ valid: true, events: 3 });
    expect(verifyChain([], GENESIS_HASH)).toEqual({ valid: true, events: 0 });
  });

  it('finds an edited field, a broken link, a gap and a cut-off tail', () => {
    const events = chain(3);
    const edited = events.map((e, i) => (i === 1 ? { ...e, actorName: '别人' } : e));
    expect(verifyChain(edited)).toMatchObject({ valid: false, brokenAt: 2 });
    const relinked = events.map((e, i) => (i === 2 ? { ...e, prevHash: GENESIS_HASH } : e));
    expect(verifyChain(relinked)).toMatchObject({ valid: false, brokenAt: 3 });
    expect(verifyChain([events[0]!, events[2]!])).toMatchObject({ valid: false });
    expect(verifyChain(events.slice(0, 2), events[2]!.hash)).toMatchObject({ valid: false });
  });
});
