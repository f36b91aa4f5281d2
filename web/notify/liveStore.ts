import { useSyncExternalStore } from 'react';
import type { InboxItem } from './notifyApi.ts';

/**
 * What the bell and the inbox page share: the unread count, and a signal for each message the live
 * stream brings, so an open inbox reloads instead of going stale.
 */
let unread = 0;
const countListeners = new Set<() => void>();
const messageListeners = new Set<(item: InboxItem) => void>();

export function setUnread(count: number): void {
  if (count === unread) return;
  unread = Math.max(0, count);
  for (const l of countListeners) l();
}

export function useUnread(): number {
  return useSyncExternalStore(
    (l) => {
      countListeners.add(l);
      return () => countListeners.delete(l);
    },
    () => unread,
  );
}

export function announce(item: InboxItem): void {
  setUnread(unread + 1);
  for (const l of messageListeners) l(item);
}

/** Calls `listener` for each message pushed while it is subscribed. */
export function onMessage(listener: (item: InboxItem) => void): () => void {
  messageListeners.add(listener);
  return () => messageListeners.delete(listener);
}
