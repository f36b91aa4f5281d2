import { fill, type Lang, problemMessage } from '../i18n/index.ts';

export interface FieldError {
  field: string;
  in?: 'body' | 'query' | 'params' | 'headers';
  code?: string;
  message: string;
}

/**
 * An error the client can act on, sent as RFC 9457 problem+json. `code` is stable and is the key of the
 * title and detail in server/i18n; `params` fill the {placeholders} of the detail.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly errors?: FieldError[],
    /** RFC 9457 extension members a client may act on, e.g. `{ year: 2027 }`. */
    readonly extensions?: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'Problem';
  }
}

export const notFound = (code: string, params?: Record<string, string | number>) =>
  new Problem(404, code, params);
export const badRequest = (code: string, params?: Record<string, string | number>, errors?: FieldError[]) =>
  new Problem(400, code, params, errors);
export const conflict = (code: string, params?: Record<string, string | number>) =>
  new Problem(409, code, params);

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

export function problemBody(problem: Problem, lang: Lang, instance?: string): ProblemBody {
  const entry = problemMessage(lang, problem.code);
  const body: ProblemBody = {
    type: `/problems/${problem.code}`,
    title: entry ? entry.title : problem.code,
    status: problem.status,
    detail: entry ? fill(entry.detail, problem.params) : problem.code,
    code: problem.code,
  };
  if (instance) body.instance = instance;
  if (problem.errors?.length) body.errors = problem.errors;
  return problem.extensions ? { ...problem.extensions, ...body } : body;
}
