/** jsonb comes back parsed from both engines; text is parsed in case a driver hands it over raw. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
