import { canAt, type Permission, type RoleGrant } from '../../core/org/roles.ts';
import type { Lang } from '../i18n/index.ts';

/** One event on the live stream (Server-Sent Events): its type names the SSE event, data is JSON. */
export interface LiveEvent {
  type: string;
  data: unknown;
  /** The SSE id, when the event has a stable one (a notification's id). */
  id?: string;
}

/** A signed-in person's open stream. */
export interface LiveSubscriber {
  personId: string;
  /** What the person may see: an org-addressed event reaches them when one of these covers its org. */
  grants: readonly RoleGrant[];
  lang: Lang;
  /** When the stream opened: the periodic check pushes only messages created since. */
  since: Date;
  send(event: LiveEvent): void;
  close(): void;
}

export interface PublishInput {
  /** Push to this person's open streams. */
  personId?: string;
  /** Push to everyone watching this org: people holding a role at it or above it. */
  orgPath?: string;
  /** With orgPath: only watchers holding this permission there (e.g. 'case.read'). */
  permission?: Permission;
  /** The SSE event name: lower case letters, digits, '_', '.', '-'; 'notification' and 'ready' are taken. */
  type: string;
  data: unknown;
}

export const RESERVED_EVENT_TYPES = ['notification', 'ready'] as const;
const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,59}$/;

/** The longest a person keeps several streams open (tabs): the oldest is closed beyond this. */
export const MAX_STREAMS_PER_PERSON = 8;

/**
 * The in-process hub of open live streams. Other modules push their own events through `publish` —
 * supervision its urges and warnings — once their transaction has committed. Notifications are pushed by
 * the notify service itself (after commit, and by a periodic check for rows other processes wrote).
 * Events published in one server process reach the streams open on that process only.
 */
export class LiveHub {
  private readonly byPerson = new Map<string, Set<LiveSubscriber>>();

  subscribe(sub: LiveSubscriber): () => void {
    let set = this.byPerson.get(sub.personId);
    if (!set) {
      set = new Set();
      this.byPerson.set(sub.personId, set);
    }
    set.add(sub);
    if (set.size > MAX_STREAMS_PER_PERSON) {
      const oldest = set.values().next().value;
      if (oldest) {
        set.delete(oldest);
        oldest.close();
      }
    }
    return () => this.unsubscribe(sub);
  }

  private unsubscribe(sub: LiveSubscriber): void {
    const set = this.byPerson.get(sub.personId);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.byPerson.delete(sub.personId);
  }

  /** People with at least one open stream. */
  personIds(): string[] {
    return [...this.byPerson.keys()];
  }

  subscribersOf(personId: string): LiveSubscriber[] {
    return [...(this.byPerson.get(personId) ?? [])];
  }

  get size(): number {
    let n = 0;
    for (const set of this.byPerson.values()) n += set.size;
    return n;
  }

  /**
   * Pushes an event to a person, to everyone watching an org subtree, or both (each stream gets it once).
   * Call it after the change it reports has committed. Returns how many streams it reached.
   */
  publish(input: PublishInput): number {
    if (!EVENT_TYPE.test(input.type) || (RESERVED_EVENT_TYPES as readonly string[]).includes(input.type)) {
      throw new Error(`live.publish: event type "${input.type}" is not allowed`);
    }
    if (input.personId === undefined && input.orgPath === undefined) {
      throw new Error('live.publish: give a personId, an orgPath or both');
    }
    const targets = new Set<LiveSubscriber>();
    if (input.personId !== undefined) for (const s of this.subscribersOf(input.personId)) targets.add(s);
    if (input.orgPath !== undefined) {
      const orgPath = input.orgPath;
      for (const set of this.byPerson.values()) {
        for (const s of set) {
          const watches = input.permission
            ? canAt(s.grants, input.permission, orgPath)
            : s.grants.some((g) => orgPath.startsWith(g.orgPath));
          if (watches) targets.add(s);
        }
      }
    }
    const event: LiveEvent = { type: input.type, data: input.data };
    for (const s of targets) s.send(event);
    return targets.size;
  }

  /** Ends every open stream (the server is shutting down). */
  closeAll(): void {
    for (const set of [...this.byPerson.values()]) for (const s of [...set]) s.close();
    this.byPerson.clear();
  }
}
