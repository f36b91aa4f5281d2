export interface FieldChange {
  /** JSON path of the value that differs, e.g. `materials[2].copies`. */
  field: string;
  /** undefined where the value is absent on that side (an added or removed list entry). */
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Field-level differences between two JSON values, as reviewers read a new version against the
 * published one: objects key by key, lists entry by entry (an entry added or removed at the end shows
 * whole), anything else by value.
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= before.length) changes.push({ field: at, before: undefined, after: after[i] });
      else if (i >= after.length) changes.push({ field: at, before: before[i], after: undefined });
      else changes.push(...diffValues(before[i], after[i], at));
    }
    return changes;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffValues(before[k], after[k], join(path, k)));
  }
  if (before === after || (before == null && after == null)) return [];
  return [{ field: path || '$', before, after }];
}
