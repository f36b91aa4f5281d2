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

/*
 * A module that pops up its own live event for some messages (supervision: urges and warnings, with the
 * case and a way to answer) claims their templates, so the bell counts and lists those messages but does
 * not pop up a second, plainer copy of them.
 */
const claimedTemplates = new Set<string>();

export function claimPopups(templates: readonly string[]): () => void {
  for (const t of templates) claimedTemplates.add(t);
  return () => {
    for (const t of templates) claimedTemplates.delete(t);
  };
}

export function popsUpItself(item: InboxItem): boolean {
  return claimedTemplates.has(item.template);
}

/** Calls `listener` for each message pushed while it is subscribed. */
export function onMessage(listener: (item: InboxItem) => void): () => void {
  messageListeners.add(listener);
  return () => messageListeners.delete(listener);
}

/*
 * Other modules' live events (supervision's urges and warnings…) travel on the same stream the bell
 * opens: the bell binds its EventSource here, and a module listens by event type without opening a stream
 * of its own. A page outside the console (the hall's big screen) may bind a stream it opened itself.
 */
type LiveListener = (data: unknown) => void;
const liveListeners = new Map<string, Set<LiveListener>>();
/** Each bound stream with the event types already attached to it. */
const boundSources = new Map<EventSource, Set<string>>();

function dispatchLive(type: string, event: Event): void {
  let data: unknown = null;
  try {
    data = JSON.parse((event as MessageEvent<string>).data);
  } catch {
    // A malformed event still means something changed.
  }
  for (const l of [...(liveListeners.get(type) ?? [])]) l(data);
}

function attach(source: EventSource, attached: Set<string>, type: string): void {
  if (attached.has(type)) return;
  attached.add(type);
  source.addEventListener(type, (event) => dispatchLive(type, event));
}

/** Routes the events of an open stream to `onLiveEvent` listeners; returns the unbinding. */
export function bindLiveSource(source: EventSource): () => void {
  const attached = new Set<string>();
  boundSources.set(source, attached);
  for (const type of liveListeners.keys()) attach(source, attached, type);
  return () => {
    boundSources.delete(source);
  };
}

/** Calls `listener` with the data of each live event of `type` while it is subscribed. */
export function onLiveEvent(type: string, listener: LiveListener): () => void {
  let set = liveListeners.get(type);
  if (!set) {
    set = new Set();
    liveListeners.set(type, set);
  }
  set.add(listener);
  for (const [source, attached] of boundSources) attach(source, attached, type);
  return () => {
    liveListeners.get(type)?.delete(listener);
  };
}
