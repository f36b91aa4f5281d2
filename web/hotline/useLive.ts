import { useEffect, useRef } from 'react';

/**
 * Listens to the console's live stream (server/notify, Server-Sent Events) for the hotline's own events —
 * `hotline.dispatched` reaches the receiving org, `hotline.review` and `hotline.registered` the county's
 * dispatchers — and calls `onEvent` for each, so an open desk or inbox refreshes without polling.
 */
export function useLive(types: readonly string[], onEvent: (type: string, data: unknown) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/notifications/stream');
    for (const type of key.split(',')) {
      source.addEventListener(type, (event) => {
        let data: unknown = null;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          // A malformed event still means something changed.
        }
        handler.current(type, data);
      });
    }
    return () => source.close();
  }, [key]);
}
