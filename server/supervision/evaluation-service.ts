import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { countyCodeOf } from '../../core/org/codes.ts';
import {
  addCounts,
  type Counts,
  candidates,
  DEFAULT_WEIGHTS,
  emptyCounts,
  type Indicator,
  isMonthKey,
  parsePeriod,
  rank,
  scoreOf,
  validateWeights,
  type Weights,
} from '../../core/supervision/index.ts';
import type { AppContext } from '../context.ts';
import { json } from '../db/json.ts';
import type { DB, EvaluationResultsTable, EvaluationSchemesTable } from '../db/schema.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { labels } from '../i18n/index.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrgRef, type OrgRef, scopeOf } from './scope.ts';
import { personNames } from './supervision-store.ts';

/**
 * The monthly evaluation (月度考评, issue 6 item 7). A supervisor (效能办) sets the scheme of their region
 * — indicator weights summing to 100 and how many 红旗窗口 and 优秀个人 to propose — records deductions
 * with reasons, computes a month: every unit that received cases (window, center, village station) and
 * every staff member with counted work in the region gets a score (core/supervision/evaluation.ts), a
 * rank and, for the top ones, candidacy. The supervisor then confirms who is named; a supervisor or a
 * leader publishes, after which the month is fixed and the honours appear on the portal.
 */

const SUPERVISOR = new Set(['supervisor']);
const PUBLISHERS = new Set(['supervisor', 'leader']);

function holdsRoleAt(actor: Actor, roles: ReadonlySet<string>, path: string): boolean {
  return actor.grants.some((g) => roles.has(g.role) && path.startsWith(g.orgPath));
}

function requireRole(actor: Actor, roles: ReadonlySet<string>, org: OrgRef): void {
  if (!holdsRoleAt(actor, roles, org.path)) {
    throw new Problem(403, 'auth.forbidden', { org: org.code, permission: [...roles].join('/') });
  }
}

/** The scope of an evaluation: `orgCode`, or the caller's topmost region where they supervise. */
async function evaluationScope(ctx: AppContext, actor: Actor, orgCode: string | undefined): Promise<OrgRef> {
  if (orgCode) {
    const { org } = await scopeOf(ctx.db, actor, orgCode);
    return org!;
  }
  const grant = [...actor.grants]
    .filter((g) => PUBLISHERS.has(g.role) || g.role === 'admin')
    .sort((a, b) => a.orgPath.length - b.orgPath.length)[0];
  const org = grant ? await findOrgRef(ctx.db, grant.orgCode) : null;
  if (!org) throw new Problem(403, 'auth.forbidden', { org: '', permission: 'supervisor' });
  return org;
}

function checkedMonth(month: string, now: Date): string {
  if (!isMonthKey(month)) {
    throw new Problem(400, 'supervision.period_invalid', { period: month }, [
      { field: 'month', in: 'params', message: 'YYYY-MM' },
    ]);
  }
  if (`${month}-01` > shanghaiDateOf(now)) {
    throw new Problem(400, 'supervision.date_in_future', { date: month, today: shanghaiDateOf(now) });
  }
  return month;
}

// ---------------------------------------------------------------------------------------------------
// Schemes

export interface SchemeView {
  id: string;
  orgCode: string;
  name: string;
  weights: Weights;
  redFlagCount: number;
  excellentCount: number;
  createdAt: string;
  createdBy: string;
}

function schemeView(r: Selectable<EvaluationSchemesTable>): SchemeView {
  return {
    id: r.id,
    orgCode: r.org_code,
    name: r.name,
    weights: json<Weights>(r.weights),
    redFlagCount: r.red_flag_count,
    excellentCount: r.excellent_count,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  };
}

export interface SchemeInput {
  orgCode?: string;
  name: string;
  weights: Record<string, unknown>;
  redFlagCount: number;
  excellentCount: number;
}

/** A new scheme for a region: it is the one in force there from now on. Weights must sum to 100. */
export async function createScheme(
  ctx: AppContext,
  actor: Actor,
  input: SchemeInput,
  ip: string,
): Promise<SchemeView> {
  const org = await evaluationScope(ctx, actor, input.orgCode);
  requireRole(actor, SUPERVISOR, org);
  const checked = validateWeights(input.weights);
  if (!checked.ok) {
    const errors: FieldError[] = checked.errors.map((e) => ({
      field: e.field,
      in: 'body',
      code: e.code,
      message: e.message,
    }));
    const sum = checked.errors.find((e) => e.code === 'supervision.weights_sum');
    throw sum
      ? new Problem(400, 'supervision.weights_sum', { sum: weightSumOf(input.weights) }, errors)
      : new Problem(400, 'supervision.weights_invalid', { field: errors[0]!.field }, errors);
  }
  const name = input.name.trim();
  if (name === '')
    throw new Problem(400, 'supervision.text_required', { field: 'name' }, [
      { field: 'name', in: 'body', message: 'required' },
    ]);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('evaluation_schemes')
      .values({
        county_code: countyCodeOf(org.code),
        org_code: org.code,
        org_path: org.path,
        name,
        weights: JSON.stringify(checked.value),
        red_flag_count: input.redFlagCount,
        excellent_count: input.excellentCount,
        created_at: ctx.now(),
        created_by: actor.personId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.scheme_create',
      entityType: 'evaluation_scheme',
      entityId: inserted.id,
      orgCode: org.code,
      orgPath: org.path,
      after: {
        name,
        weights: checked.value,
        redFlagCount: input.redFlagCount,
        excellentCount: input.excellentCount,
      },
      ip,
    });
    return inserted;
  });
  return schemeView(row);
}

function weightSumOf(weights: Record<string, unknown>): number {
  let sum = 0;
  for (const v of Object.values(weights)) if (typeof v === 'number' && Number.isFinite(v)) sum += v;
  return Math.round(sum * 100) / 100;
}

/** The scheme in force for a region: its newest, else its nearest ancestor's; null when none was set. */
async function schemeInForce(
  db: Kysely<DB>,
  org: OrgRef,
): Promise<Selectable<EvaluationSchemesTable> | null> {
  const rows = await db
    .selectFrom('evaluation_schemes')
    .selectAll()
    .where('org_code', 'in', org.path.split('/').filter(Boolean))
    .orderBy('created_at', 'desc')
    .execute();
  rows.sort(
    (a, b) => b.org_path.length - a.org_path.length || b.created_at.getTime() - a.created_at.getTime(),
  );
  return rows[0] ?? null;
}

export async function listSchemes(
  ctx: AppContext,
  actor: Actor,
  q: { orgCode?: string },
): Promise<{
  current: SchemeView | null;
  defaults: { weights: Weights; redFlagCount: number; excellentCount: number };
  items: SchemeView[];
}> {
  const org = await evaluationScope(ctx, actor, q.orgCode);
  const rows = await ctx.db
    .selectFrom('evaluation_schemes')
    .selectAll()
    .where(inSubtrees('org_path', [org.path]))
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const current = await schemeInForce(ctx.db, org);
  return {
    current: current ? schemeView(current) : null,
    defaults: {
      weights: DEFAULT_WEIGHTS,
      redFlagCount: DEFAULT_RED_FLAGS,
      excellentCount: DEFAULT_EXCELLENT,
    },
    items: rows.map(schemeView),
  };
}

const DEFAULT_RED_FLAGS = 3;
const DEFAULT_EXCELLENT = 5;

// ---------------------------------------------------------------------------------------------------
// Deductions

export interface DeductionView {
  id: string;
  month: string;
  subjectKind: 'org' | 'person';
  subjectId: string;
  subjectName: string;
  orgCode: string;
  points: number;
  reason: string;
  createdAt: string;
  createdBy: string;
  withdrawnAt: string | null;
}

async function assertNotPublished(db: Kysely<DB>, month: string, path: string): Promise<void> {
  const published = await db
    .selectFrom('evaluation_results')
    .select('scope_org_code')
    .where('month', '=', month)
    .where('published_at', 'is not', null)
    .where(sql<SqlBool>`${path} LIKE scope_org_path || '%'`)
    .limit(1)
    .executeTakeFirst();
  if (published)
    throw new Problem(409, 'supervision.evaluation_published', { month, org: published.scope_org_code });
}

export async function addDeduction(
  ctx: AppContext,
  actor: Actor,
  input: { month: string; subjectKind: 'org' | 'person'; subjectId: string; points: number; reason: string },
  ip: string,
): Promise<DeductionView> {
  const month = checkedMonth(input.month, ctx.now());
  let org: OrgRef | null;
  let subjectName: string;
  if (input.subjectKind === 'org') {
    org = await findOrgRef(ctx.db, input.subjectId);
    subjectName = org?.name ?? '';
  } else {
    const person = await ctx.db
      .selectFrom('people')
      .select(['display_name', 'org_code'])
      .where(
        'id',
        '=',
        /^[0-9a-f-]{36}$/i.test(input.subjectId) ? input.subjectId : '00000000-0000-0000-0000-000000000000',
      )
      .executeTakeFirst();
    org = person ? await findOrgRef(ctx.db, person.org_code) : null;
    subjectName = person?.display_name ?? '';
  }
  if (!org || !holdsRoleAt(actor, SUPERVISOR, org.path)) {
    if (org && actor.grants.some((g) => org!.path.startsWith(g.orgPath))) {
      throw new Problem(403, 'auth.forbidden', { org: org.code, permission: 'supervisor' });
    }
    throw notFound('supervision.subject_not_found', { id: input.subjectId });
  }
  const reason = input.reason.trim();
  if (reason === '') {
    throw new Problem(400, 'supervision.text_required', { field: 'reason' }, [
      { field: 'reason', in: 'body', message: 'required' },
    ]);
  }
  await assertNotPublished(ctx.db, month, org.path);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('evaluation_deductions')
      .values({
        county_code: countyCodeOf(org!.code),
        month,
        subject_kind: input.subjectKind,
        subject_id: input.subjectId,
        org_code: org!.code,
        org_path: org!.path,
        points: input.points,
        reason,
        created_at: ctx.now(),
        created_by: actor.personId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.deduction_add',
      entityType: 'evaluation_deduction',
      entityId: inserted.id,
      orgCode: org!.code,
      orgPath: org!.path,
      after: {
        month,
        subjectKind: input.subjectKind,
        subjectId: input.subjectId,
        points: input.points,
        reason,
      },
      ip,
    });
    return inserted;
  });
  return {
    id: row.id,
    month,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    subjectName,
    orgCode: row.org_code,
    points: Number(row.points),
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    withdrawnAt: null,
  };
}

export async function withdrawDeduction(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<DeductionView> {
  const found = await ctx.db
    .selectFrom('evaluation_deductions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found || !actor.grants.some((g) => found.org_path.startsWith(g.orgPath))) {
    throw notFound('supervision.deduction_not_found', { id });
  }
  if (!holdsRoleAt(actor, SUPERVISOR, found.org_path)) {
    throw new Problem(403, 'auth.forbidden', { org: found.org_code, permission: 'supervisor' });
  }
  if (found.withdrawn_at) throw new Problem(409, 'supervision.deduction_withdrawn', { id });
  await assertNotPublished(ctx.db, found.month, found.org_path);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('evaluation_deductions')
      .set({ withdrawn_at: now, withdrawn_by: actor.personId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.deduction_withdraw',
      entityType: 'evaluation_deduction',
      entityId: id,
      orgCode: found.org_code,
      orgPath: found.org_path,
      ip,
    });
  });
  return (await listDeductions(ctx, actor, { month: found.month, orgCode: found.org_code })).find(
    (d) => d.id === id,
  )!;
}

export async function listDeductions(
  ctx: AppContext,
  actor: Actor,
  q: { month: string; orgCode?: string },
): Promise<DeductionView[]> {
  const month = checkedMonth(q.month, ctx.now());
  const { roots } = await scopeOf(ctx.db, actor, q.orgCode);
  const rows = await ctx.db
    .selectFrom('evaluation_deductions')
    .selectAll()
    .where('month', '=', month)
    .where(inSubtrees('org_path', roots))
    .orderBy('created_at')
    .execute();
  const orgs = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'name'])
    .where('code', 'in', ['', ...rows.filter((r) => r.subject_kind === 'org').map((r) => r.subject_id)])
    .execute();
  const people = await personNames(
    ctx.db,
    rows.filter((r) => r.subject_kind === 'person').map((r) => r.subject_id),
  );
  const orgNames = new Map(orgs.map((o) => [o.code, o.name]));
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectName:
      (r.subject_kind === 'org' ? orgNames.get(r.subject_id) : people.get(r.subject_id)) ?? r.subject_id,
    orgCode: r.org_code,
    points: Number(r.points),
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Computing, confirming, publishing

export type EvaluationStatus = 'none' | 'computed' | 'confirmed' | 'published';

export interface ResultView {
  subjectKind: 'org' | 'person';
  subjectId: string;
  name: string;
  orgCode: string;
  counts: Counts;
  indicators: Record<Indicator, number | null>;
  baseScore: number | null;
  deductions: number;
  score: number | null;
  rank: number | null;
  candidate: boolean;
  honour: 'red_flag_window' | 'excellent_staff' | null;
}

export interface EvaluationView {
  month: string;
  scope: { code: string; name: string };
  status: EvaluationStatus;
  scheme: SchemeView | null;
  computedAt: string | null;
  confirmedAt: string | null;
  publishedAt: string | null;
  windows: ResultView[];
  staff: ResultView[];
}

const UNIT_KINDS = ['window', 'center', 'station'];

/** Computes (or recomputes, until published) the month for a region. */
export async function computeEvaluation(
  ctx: AppContext,
  actor: Actor,
  monthKey: string,
  q: { orgCode?: string },
  ip: string,
): Promise<EvaluationView> {
  const month = checkedMonth(monthKey, ctx.now());
  const scope = await evaluationScope(ctx, actor, q.orgCode);
  requireRole(actor, SUPERVISOR, scope);
  await assertNotPublished(ctx.db, month, scope.path);
  const period = parsePeriod(month)!;
  const now = ctx.now();

  const counters = await ctx.db
    .selectFrom('case_counters')
    .select([
      'dimension',
      'org_code',
      'org_path',
      'person_id',
      'metric',
      (eb) => eb.fn.sum<number>('count').as('n'),
    ])
    .where('dimension', 'in', ['handling', 'staff'])
    .where(inSubtrees('org_path', [scope.path]))
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(['dimension', 'org_code', 'org_path', 'person_id', 'metric'])
    .execute();
  const deductions = await ctx.db
    .selectFrom('evaluation_deductions')
    .select(['subject_kind', 'subject_id', 'org_code', 'org_path', 'points'])
    .where('month', '=', month)
    .where('withdrawn_at', 'is', null)
    .where(inSubtrees('org_path', [scope.path]))
    .execute();

  type Subject = { id: string; orgCode: string; orgPath: string; counts: Counts; deductions: number[] };
  const units = new Map<string, Subject>();
  const staff = new Map<string, Subject>();
  const subject = (map: Map<string, Subject>, id: string, orgCode: string, orgPath: string) => {
    let s = map.get(id);
    if (!s) {
      s = { id, orgCode, orgPath, counts: emptyCounts(), deductions: [] };
      map.set(id, s);
    }
    return s;
  };
  for (const c of counters) {
    const s =
      c.dimension === 'handling'
        ? subject(units, c.org_code, c.org_code, c.org_path)
        : subject(staff, c.person_id, c.org_code, c.org_path);
    addCounts(s.counts, { [c.metric]: Number(c.n) });
  }
  for (const d of deductions) {
    const s =
      d.subject_kind === 'org'
        ? subject(units, d.subject_id, d.org_code, d.org_path)
        : subject(staff, d.subject_id, d.org_code, d.org_path);
    s.deductions.push(Number(d.points));
  }
  const orgRows = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'name', 'kind'])
    .where('code', 'in', ['', ...units.keys()])
    .execute();
  const orgInfo = new Map(orgRows.map((o) => [o.code, o]));
  // Only units that receive cases are windows; a deduction on another org does not make it one.
  for (const id of [...units.keys()]) if (!UNIT_KINDS.includes(orgInfo.get(id)?.kind ?? '')) units.delete(id);
  const people = await personNames(ctx.db, [...staff.keys()]);

  const schemeRow = (await schemeInForce(ctx.db, scope)) ?? (await defaultScheme(ctx, scope, actor));
  const weights = json<Weights>(schemeRow.weights);
  const scoreAll = (map: Map<string, Subject>, nameOf: (id: string) => string) => {
    const scored = [...map.values()].map((s) => ({
      ...s,
      name: nameOf(s.id),
      ...scoreOf(s.counts, weights, s.deductions),
    }));
    return rank(scored);
  };
  const rankedUnits = scoreAll(units, (id) => orgInfo.get(id)?.name ?? id);
  const rankedStaff = scoreAll(staff, (id) => people.get(id) ?? id);
  const unitCandidates = new Set(candidates(rankedUnits, schemeRow.red_flag_count).map((s) => s.id));
  const staffCandidates = new Set(candidates(rankedStaff, schemeRow.excellent_count).map((s) => s.id));

  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('evaluation_results')
      .where('month', '=', month)
      .where('scope_org_code', '=', scope.code)
      .execute();
    const rows = [
      ...rankedUnits.map((r) => ({ kind: 'org' as const, r, candidate: unitCandidates.has(r.subject.id) })),
      ...rankedStaff.map((r) => ({
        kind: 'person' as const,
        r,
        candidate: staffCandidates.has(r.subject.id),
      })),
    ].map(({ kind, r, candidate }) => ({
      county_code: countyCodeOf(scope.code),
      month,
      scope_org_code: scope.code,
      scope_org_path: scope.path,
      scheme_id: schemeRow.id,
      subject_kind: kind,
      subject_id: r.subject.id,
      subject_name: r.subject.name,
      org_code: r.subject.orgCode,
      org_path: r.subject.orgPath,
      counts: JSON.stringify(r.subject.counts),
      indicators: JSON.stringify(r.subject.indicators),
      base_score: r.subject.base,
      deductions: r.subject.deductions,
      score: r.subject.score,
      rank: r.rank,
      candidate,
      honour: null,
      computed_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('evaluation_results')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.evaluation_compute',
      entityType: 'evaluation',
      entityId: `${month}:${scope.code}`,
      orgCode: scope.code,
      orgPath: scope.path,
      after: { month, schemeId: schemeRow.id, windows: rankedUnits.length, staff: rankedStaff.length },
      ip,
    });
  });
  return readEvaluation(ctx, actor, month, { orgCode: scope.code });
}

async function defaultScheme(
  ctx: AppContext,
  scope: OrgRef,
  actor: Actor,
): Promise<Selectable<EvaluationSchemesTable>> {
  return ctx.db
    .insertInto('evaluation_schemes')
    .values({
      county_code: countyCodeOf(scope.code),
      org_code: scope.code,
      org_path: scope.path,
      name: labels('zh-CN', 'supervision.').defaultScheme ?? 'default',
      weights: JSON.stringify(DEFAULT_WEIGHTS),
      red_flag_count: DEFAULT_RED_FLAGS,
      excellent_count: DEFAULT_EXCELLENT,
      created_at: ctx.now(),
      created_by: actor.personId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function resultView(r: Selectable<EvaluationResultsTable>): ResultView {
  return {
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    name: r.subject_name,
    orgCode: r.org_code,
    counts: json<Counts>(r.counts),
    indicators: json<Record<Indicator, number | null>>(r.indicators),
    baseScore: r.base_score === null ? null : Number(r.base_score),
    deductions: Number(r.deductions),
    score: r.score === null ? null : Number(r.score),
    rank: r.rank,
    candidate: r.candidate,
    honour: r.honour,
  };
}

const byRank = (a: ResultView, b: ResultView) =>
  (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
  a.name.localeCompare(b.name, 'zh-CN');

export async function readEvaluation(
  ctx: AppContext,
  actor: Actor,
  monthKey: string,
  q: { orgCode?: string },
): Promise<EvaluationView> {
  const month = checkedMonth(monthKey, ctx.now());
  const scope = await evaluationScope(ctx, actor, q.orgCode);
  const rows = await ctx.db
    .selectFrom('evaluation_results')
    .selectAll()
    .where('month', '=', month)
    .where('scope_org_code', '=', scope.code)
    .execute();
  const first = rows[0];
  const scheme = first
    ? await ctx.db
        .selectFrom('evaluation_schemes')
        .selectAll()
        .where('id', '=', first.scheme_id)
        .executeTakeFirst()
    : await schemeInForce(ctx.db, scope);
  const views = rows.map(resultView);
  const status: EvaluationStatus = !first
    ? 'none'
    : first.published_at
      ? 'published'
      : first.confirmed_at
        ? 'confirmed'
        : 'computed';
  return {
    month,
    scope: { code: scope.code, name: scope.name },
    status,
    scheme: scheme ? schemeView(scheme) : null,
    computedAt: first?.computed_at.toISOString() ?? null,
    confirmedAt: first?.confirmed_at?.toISOString() ?? null,
    publishedAt: first?.published_at?.toISOString() ?? null,
    windows: views.filter((v) => v.subjectKind === 'org').sort(byRank),
    staff: views.filter((v) => v.subjectKind === 'person').sort(byRank),
  };
}

/**
 * A supervisor names the 红旗窗口 and 优秀个人 among the candidates (any subset, possibly none); the
 * others lose any honour. Allowed until the month is published; confirming again replaces the choice.
 */
export async function confirmEvaluation(
  ctx: AppContext,
  actor: Actor,
  monthKey: string,
  input: { orgCode?: string; redFlagWindows: string[]; excellentStaff: string[] },
  ip: string,
): Promise<EvaluationView> {
  const month = checkedMonth(monthKey, ctx.now());
  const scope = await evaluationScope(ctx, actor, input.orgCode);
  requireRole(actor, SUPERVISOR, scope);
  const current = await readEvaluation(ctx, actor, month, { orgCode: scope.code });
  if (current.status === 'none') throw new Problem(409, 'supervision.evaluation_not_computed', { month });
  if (current.status === 'published')
    throw new Problem(409, 'supervision.evaluation_published', { month, org: scope.code });
  const errors: FieldError[] = [];
  const check = (list: string[], pool: ResultView[], field: string) =>
    list.forEach((id, i) => {
      if (!pool.some((r) => r.subjectId === id && r.candidate)) {
        errors.push({ field: `${field}[${i}]`, in: 'body', message: id });
      }
    });
  check(input.redFlagWindows, current.windows, 'redFlagWindows');
  check(input.excellentStaff, current.staff, 'excellentStaff');
  if (errors.length > 0)
    throw new Problem(400, 'supervision.not_a_candidate', { id: errors[0]!.message }, errors);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const base = trx
      .updateTable('evaluation_results')
      .where('month', '=', month)
      .where('scope_org_code', '=', scope.code);
    await base.set({ honour: null, confirmed_at: now, confirmed_by: actor.personId }).execute();
    if (input.redFlagWindows.length > 0) {
      await base
        .set({ honour: 'red_flag_window' })
        .where('subject_kind', '=', 'org')
        .where('subject_id', 'in', input.redFlagWindows)
        .execute();
    }
    if (input.excellentStaff.length > 0) {
      await base
        .set({ honour: 'excellent_staff' })
        .where('subject_kind', '=', 'person')
        .where('subject_id', 'in', input.excellentStaff)
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.evaluation_confirm',
      entityType: 'evaluation',
      entityId: `${month}:${scope.code}`,
      orgCode: scope.code,
      orgPath: scope.path,
      after: { redFlagWindows: input.redFlagWindows, excellentStaff: input.excellentStaff },
      ip,
    });
  });
  return readEvaluation(ctx, actor, month, { orgCode: scope.code });
}

export async function publishEvaluation(
  ctx: AppContext,
  actor: Actor,
  monthKey: string,
  input: { orgCode?: string },
  ip: string,
): Promise<EvaluationView> {
  const month = checkedMonth(monthKey, ctx.now());
  const scope = await evaluationScope(ctx, actor, input.orgCode);
  requireRole(actor, PUBLISHERS, scope);
  const current = await readEvaluation(ctx, actor, month, { orgCode: scope.code });
  if (current.status === 'published')
    throw new Problem(409, 'supervision.evaluation_published', { month, org: scope.code });
  if (current.status !== 'confirmed')
    throw new Problem(409, 'supervision.evaluation_not_confirmed', { month });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('evaluation_results')
      .set({ published_at: now })
      .where('month', '=', month)
      .where('scope_org_code', '=', scope.code)
      .execute();
    await recordAudit(trx, {
      actorId: actor.personId,
      actorName: actor.displayName,
      action: 'supervision.evaluation_publish',
      entityType: 'evaluation',
      entityId: `${month}:${scope.code}`,
      orgCode: scope.code,
      orgPath: scope.path,
      ip,
    });
  });
  return readEvaluation(ctx, actor, month, { orgCode: scope.code });
}

export interface PublicEvaluation {
  month: string;
  scopes: {
    code: string;
    name: string;
    publishedAt: string;
    redFlagWindows: { name: string; score: number | null; rank: number | null }[];
    excellentStaff: { name: string; orgName: string; score: number | null; rank: number | null }[];
    /** The full ranking of units (units are public bodies; staff are named only when honoured). */
    windows: { name: string; score: number | null; rank: number | null }[];
  }[];
}

/** The portal's view of a published month: honours and the ranking of units; no ids, no staff ranking. */
export async function publicEvaluation(ctx: AppContext, monthKey: string): Promise<PublicEvaluation> {
  if (!isMonthKey(monthKey)) {
    throw new Problem(400, 'supervision.period_invalid', { period: monthKey }, [
      { field: 'month', in: 'params', message: 'YYYY-MM' },
    ]);
  }
  const rows = await ctx.db
    .selectFrom('evaluation_results')
    .selectAll()
    .where('month', '=', monthKey)
    .where('published_at', 'is not', null)
    .orderBy('scope_org_path')
    .execute();
  const codes = new Set<string>();
  for (const r of rows) {
    codes.add(r.scope_org_code);
    codes.add(r.org_code);
  }
  const names = new Map(
    (
      await ctx.db
        .selectFrom('orgs')
        .select(['code', 'name'])
        .where('code', 'in', ['', ...codes])
        .execute()
    ).map((o) => [o.code, o.name]),
  );
  const scopes = new Map<string, PublicEvaluation['scopes'][number]>();
  for (const r of rows
    .map((row) => ({ row, view: resultView(row) }))
    .sort((a, b) => byRank(a.view, b.view))) {
    let s = scopes.get(r.row.scope_org_code);
    if (!s) {
      s = {
        code: r.row.scope_org_code,
        name: names.get(r.row.scope_org_code) ?? r.row.scope_org_code,
        publishedAt: r.row.published_at!.toISOString(),
        redFlagWindows: [],
        excellentStaff: [],
        windows: [],
      };
      scopes.set(r.row.scope_org_code, s);
    }
    const shown = { name: r.view.name, score: r.view.score, rank: r.view.rank };
    if (r.view.subjectKind === 'org') {
      s.windows.push(shown);
      if (r.view.honour === 'red_flag_window') s.redFlagWindows.push(shown);
    } else if (r.view.honour === 'excellent_staff') {
      s.excellentStaff.push({ ...shown, orgName: names.get(r.view.orgCode) ?? '' });
    }
  }
  if (scopes.size === 0) throw notFound('supervision.evaluation_not_published', { month: monthKey });
  return { month: monthKey, scopes: [...scopes.values()] };
}
