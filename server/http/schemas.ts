import { type TSchema, Type } from 'typebox';
import { ORG_CODE_PATTERN } from '../../core/org/codes.ts';

export const OrgCode = Type.String({ pattern: ORG_CODE_PATTERN, description: '机构代码 org code' });

export const Uuid = Type.String({ format: 'uuid' });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Every create and transition takes one: a repeat with the same key returns the first answer. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: '重复提交时返回第一次的结果 replays the first answer',
    }),
  ),
});

export const PageQuery = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
};

/** The rows a page asks for. */
export function pageWindow(q: { page: number; pageSize: number }): { limit: number; offset: number } {
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}

export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer() });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          in: Type.Optional(Type.String()),
          code: Type.Optional(Type.String()),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
);

/** Every route answers errors with the shared Problem schema (registered once on the app). */
export const errorResponses = { '4xx': { $ref: 'Problem#' }, '5xx': { $ref: 'Problem#' } } as const;
