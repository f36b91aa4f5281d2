import type { FormInstance } from 'antd';
import { ApiError } from '../api.ts';

/** "applicant.idNumber" → ['applicant', 'idNumber'], "materials[2]" → ['materials', 2]. */
export function pathOf(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * Puts the server's field errors on the form's own fields: `fields` are the form's names as JSON paths
 * (after dropping `strip`), `aliases` moves a complaint to the control that shows it (a duration's number);
 * a list element's complaint goes on its list.
 * Returns the complaints no field took, for an alert above the form.
 */
export function placeFieldErrors(
  form: FormInstance,
  error: unknown,
  opts: { strip?: string; fields: readonly string[]; aliases?: Record<string, string> },
): string[] {
  if (!(error instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const e of error.errors) {
    const raw = opts.strip && e.field.startsWith(opts.strip) ? e.field.slice(opts.strip.length) : e.field;
    const path = pathOf(raw);
    // The deepest known name that heads the path: applicant.idNumber, else materials for materials[3].
    let name: string | undefined;
    for (let n = path.length; n > 0 && !name; n--) {
      const candidate = path.slice(0, n).join('.');
      if (opts.fields.includes(candidate)) name = candidate;
    }
    if (name && opts.aliases?.[name]) name = opts.aliases[name];
    if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
    else rest.push(e.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.') as never, errors })));
  const first = byField.keys().next().value;
  if (first) form.scrollToField(first.split('.') as never, { block: 'center' });
  return rest;
}
