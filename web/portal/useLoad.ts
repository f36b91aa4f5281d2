import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { errorText } from '../api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  /** The raw error, for pages that react to a status (a 404 guide). */
  failure: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` when `deps` change (aborting the previous call) and again on `reload()`. Keeps the last
 * data while a new call is in flight, so tables do not flash empty between pages.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    void version;
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setFailure(null);
      })
      .catch((e) => controller.signal.aborted || setFailure(e ?? new Error('failed')))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error: failure ? errorText(failure) : null, failure, loading, reload };
}
