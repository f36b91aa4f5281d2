import { useEffect, useRef } from 'react';
import { bindLiveSource, onLiveEvent } from '../notify/liveStore.ts';
import { STREAM_PATH } from '../notify/notifyApi.ts';

/** Supervision's live events (docs/supervision.md, "Live events"). */
export const LIVE = {
  warning: 'supervision.warning',
  lights: 'supervision.lights',
  urge: 'supervision.urge',
  answered: 'supervision.urge_answered',
  escalated: 'supervision.urge_escalated',
} as const;

export interface WarningEvent {
  caseId: string;
  caseNumber: string;
  clockKey: string;
  clockName: string;
  kind: 'yellow' | 'red' | 'overdue';
  deadline: string;
}

export interface UrgeEvent {
  urgeId: string;
  caseId: string;
  caseNumber: string;
  byName: string;
  note: string;
  replyBy: string;
  /** Escalations only: the handler who did not answer. */
  handlerName?: string;
}

export interface AnsweredEvent {
  urgeId: string;
  caseId: string;
  caseNumber: string;
  reply: string;
  answeredBy: string;
}

/**
 * Calls `onEvent` for each live event of the given types (on the console's stream, bound by the bell).
 * With `debounceMs`, a burst of events makes one call once it has been quiet that long — a sweep tells
 * every affected unit at once, and a page should reload once, not once per unit.
 */
export function useLiveEvents(
  types: readonly string[],
  onEvent: (type: string, data: unknown) => void,
  debounceMs = 0,
): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offs = key.split(',').map((type) =>
      onLiveEvent(type, (data) => {
        if (debounceMs <= 0) return handler.current(type, data);
        clearTimeout(timer);
        timer = setTimeout(() => handler.current(type, data), debounceMs);
      }),
    );
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [key, debounceMs]);
}

/** Opens the live stream for a page outside the console frame (the big screen has no bell). */
export function useOwnLiveStream(): void {
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(STREAM_PATH);
    const unbind = bindLiveSource(source);
    return () => {
      unbind();
      source.close();
    };
  }, []);
}
