import { type Expression, type SqlBool, sql } from 'kysely';

/** LIKE patterns are built from codes and user text: neither may smuggle in wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * `column` lies in one of the subtrees rooted at `paths` (org paths end in '/', so a prefix match is a
 * subtree). An empty list matches nothing: no scope, no rows.
 */
export function inSubtrees(column: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(
    paths.map((p) => sql`${sql.ref(column)} LIKE ${`${escapeLike(p)}%`}`),
    sql` OR `,
  )})`;
}
