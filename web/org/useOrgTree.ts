import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api.ts';
import type { Me } from '../shell/session.tsx';
import { fetchAllChildren, fetchOrg, fetchRootOrgs } from './orgApi.ts';
import type { Org, OrgRef } from './types.ts';

interface TreeState {
  roots: string[];
  orgs: Record<string, Org>;
  /** Children by parent code, present only once loaded. */
  children: Record<string, string[]>;
  /** Names learned from search results for orgs above the person's scope, for breadcrumbs. */
  names: Record<string, string>;
}

const EMPTY: TreeState = { roots: [], orgs: {}, children: {}, names: {} };

function byCode(orgs: Org[]): Record<string, Org> {
  return Object.fromEntries(orgs.map((o) => [o.code, o]));
}

/**
 * The part of the org tree the page has seen so far. Loading is lazy and per node; `ensureChildren` and
 * `reloadChildren` return once state is updated, so callers can chain them to open a path to a deep node.
 */
export function useOrgTree(me: Me) {
  // Re-root only when the role orgs change, not whenever `/api/me` is fetched again.
  const rootKey = me.roles.map((r) => r.orgCode).join(',');
  const [state, setState] = useState<TreeState>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Async flows (expand to a search hit) read the latest state between awaits, not a render's snapshot.
  const ref = useRef(state);
  ref.current = state;

  const update = useCallback((fn: (s: TreeState) => TreeState) => {
    setState((s) => {
      const next = fn(s);
      ref.current = next;
      return next;
    });
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchRootOrgs(rootKey ? rootKey.split(',') : [])
      .then((roots) => {
        if (!live) return;
        update(() => ({ ...EMPTY, roots: roots.map((r) => r.code), orgs: byCode(roots) }));
        setError(null);
      })
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [rootKey, update]);

  const reloadChildren = useCallback(
    async (code: string): Promise<Org[]> => {
      const [kids, parent] = await Promise.all([fetchAllChildren(code), fetchOrg(code)]);
      update((s) => ({
        ...s,
        orgs: { ...s.orgs, ...byCode(kids), [parent.code]: parent },
        children: { ...s.children, [code]: kids.map((k) => k.code) },
      }));
      return kids;
    },
    [update],
  );

  const ensureChildren = useCallback(
    async (code: string): Promise<void> => {
      if (ref.current.children[code]) return;
      const kids = await fetchAllChildren(code);
      update((s) => ({
        ...s,
        orgs: { ...s.orgs, ...byCode(kids) },
        children: { ...s.children, [code]: kids.map((k) => k.code) },
      }));
    },
    [update],
  );

  const upsert = useCallback(
    (org: Org) => update((s) => ({ ...s, orgs: { ...s.orgs, [org.code]: org } })),
    [update],
  );

  const learnNames = useCallback(
    (refs: OrgRef[]) =>
      update((s) => ({
        ...s,
        names: { ...s.names, ...Object.fromEntries(refs.map((r) => [r.code, r.name])) },
      })),
    [update],
  );

  const nameOf = useCallback(
    (code: string): string => state.orgs[code]?.name ?? state.names[code] ?? code,
    [state.orgs, state.names],
  );

  return {
    ...state,
    loading,
    error,
    ensureChildren,
    reloadChildren,
    upsert,
    learnNames,
    nameOf,
    latest: ref,
  };
}

export type OrgTree = ReturnType<typeof useOrgTree>;
