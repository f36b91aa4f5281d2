/**
 * A PostgreSQL unique violation (SQLSTATE 23505) — the same on both engines — with the constraint and
 * table it names (PGlite may give only the message); null for any other error.
 */
export function uniqueViolation(error: unknown): { constraint: string; table: string } | null {
  const e = error as { code?: string; constraint?: string; table?: string; message?: string } | null;
  if (e?.code !== '23505') return null;
  return { constraint: e.constraint ?? e.message ?? '', table: e.table ?? '' };
}
