import type { VersionStatus } from './vocabulary.ts';

/**
 * The life of an item version: draft → review → published → retired, with review → draft when a
 * reviewer sends it back. Only a draft can be edited; a published version never changes again (a case
 * stays bound to it), so changing a published guide means a new draft, which replaces the published
 * version when it is published in turn.
 */
export const VERSION_ACTIONS = ['submit', 'return', 'publish', 'retire'] as const;
export type VersionAction = (typeof VERSION_ACTIONS)[number];

const TRANSITIONS: Readonly<Record<VersionAction, { from: VersionStatus; to: VersionStatus }>> = {
  submit: { from: 'draft', to: 'review' },
  return: { from: 'review', to: 'draft' },
  publish: { from: 'review', to: 'published' },
  retire: { from: 'published', to: 'retired' },
};

/** Chinese names of the actions, for messages. */
export const ACTION_NAMES: Readonly<Record<VersionAction, string>> = {
  submit: '提交审核',
  return: '退回修改',
  publish: '发布',
  retire: '停用',
};

export function canEdit(status: VersionStatus): boolean {
  return status === 'draft';
}

/** An item has at most one version being worked on (a draft or one under review) at a time. */
export function isOpen(status: VersionStatus): boolean {
  return status === 'draft' || status === 'review';
}

export type TransitionCheck =
  | { ok: true; to: VersionStatus }
  | { ok: false; code: 'catalog.transition_invalid' | 'catalog.self_review' };

/**
 * Whether `actorId` may apply `action` to a version in `status` written by `authors` (everyone who
 * created, edited or submitted it). Publishing or returning one's own work is refused: the four-eyes rule
 * of review. Permissions are the caller's business; this is the state machine.
 */
export function checkTransition(
  version: { status: VersionStatus; authors: readonly string[] },
  action: VersionAction,
  actorId: string,
): TransitionCheck {
  const t = TRANSITIONS[action];
  if (version.status !== t.from) return { ok: false, code: 'catalog.transition_invalid' };
  if ((action === 'publish' || action === 'return') && version.authors.includes(actorId)) {
    return { ok: false, code: 'catalog.self_review' };
  }
  return { ok: true, to: t.to };
}

/**
 * What publishing `versionId` changes among an item's versions: it becomes published and the version
 * published until now (if any) is retired, so an item has at most one published version.
 */
export function planPublication(
  versions: readonly { id: string; status: VersionStatus }[],
  versionId: string,
): { publish: string; retire: string | null } {
  const previous = versions.find((v) => v.status === 'published' && v.id !== versionId);
  return { publish: versionId, retire: previous?.id ?? null };
}

/** Which version a new draft starts from: the published one, else the most recent one. */
export function draftSource<V extends { status: VersionStatus; version: number }>(
  versions: readonly V[],
): V | null {
  const published = versions.find((v) => v.status === 'published');
  if (published) return published;
  return versions.reduce<V | null>((latest, v) => (!latest || v.version > latest.version ? v : latest), null);
}
