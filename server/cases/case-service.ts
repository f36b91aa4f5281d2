import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { CalendarYearNotLoadedError } from '../../core/calendar/index.ts';
import {
  ACTION_SPECS,
  allowedActions,
  type CaseAction,
  type CaseActor,
  type CaseEvent,
  type CaseRole,
  type CaseState,
  type CaseStatus,
  type CaseStep,
  CLOCK_KEYS,
  isTerminalStatus,
  openCase,
  publicLabelOf,
  publicTimeline,
  STATUS_NAMES,
  type TransitionFailure,
  transition,
} from '../../core/cases/lifecycle.ts';
import type { Step } from '../../core/catalog/index.ts';
import { evaluateClock } from '../../core/clock/clock.ts';
import { codesOfPath, countyCodeOf } from '../../core/org/codes.ts';
import { canAt, type Role, scopeRoots } from '../../core/org/roles.ts';
import {
  maskIdNumber,
  maskPhone,
  type ValidationError,
  validateCreditCode,
  validateIdNumber,
  validatePhone,
} from '../../core/validators/index.ts';
import { calendarProblem } from '../calendar/calendar-service.ts';
import {
  type CatalogVersion,
  findItem,
  findPublishedVersion,
  findVersion,
  listWindows,
} from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg } from '../org/org-store.ts';
import {
  type CaseRecord,
  chainEvents,
  type EventActor,
  findCase,
  findCaseByNumber,
  findIdempotent,
  insertCase,
  insertEvents,
  lastEvent,
  listEvents,
  nextSequence,
  saveIdempotent,
  searchCases,
  stateColumns,
  updateCaseState,
} from './case-store.ts';
import { canonicalJson, GENESIS_HASH, sha256Hex, verifyChain } from './event-chain.ts';

// ---------------------------------------------------------------------------------------------------
// Views

export interface ApplicantView {
  kind: 'person' | 'enterprise';
  name: string;
  /** Masked for persons (个人信息保护法); null for enterprises. */
  idNumber: string | null;
  /** An enterprise's credit code is public registration data and shown as is; null for persons. */
  creditCode: string | null;
  phone: string;
}

export interface CaseView {
  id: string;
  caseNumber: string;
  itemId: string;
  versionId: string;
  itemName: string;
  departmentCode: string;
  handlingOrgCode: string;
  status: CaseStatus;
  statusName: string;
  applicant: ApplicantView;
  materials: string[];
  state: CaseState;
  /** What the caller could do now (the console's buttons). */
  actions: CaseAction[];
  receivedAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type CaseListItem = Omit<CaseView, 'state' | 'actions' | 'materials'>;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function applicantView(c: CaseRecord): ApplicantView {
  const person = c.applicantKind === 'person';
  return {
    kind: c.applicantKind,
    name: c.applicantName,
    idNumber: person ? maskIdNumber(c.applicantIdentifier) : null,
    creditCode: person ? null : c.applicantIdentifier,
    phone: maskPhone(c.applicantPhone) ?? '',
  };
}

function listItemOf(c: CaseRecord, itemName: string): CaseListItem {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    itemId: c.itemId,
    versionId: c.versionId,
    itemName,
    departmentCode: c.departmentCode,
    handlingOrgCode: c.handlingOrgCode,
    status: c.status,
    statusName: STATUS_NAMES[c.status].zh,
    applicant: applicantView(c),
    receivedAt: iso(c.receivedAt),
    acceptedAt: iso(c.acceptedAt),
    closedAt: iso(c.closedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

function viewOf(c: CaseRecord, itemName: string, actor: Actor): CaseView {
  const roles = caseRolesOf(actor, c);
  const actions = new Set<CaseAction>();
  for (const role of roles) {
    for (const a of allowedActions(c.state, caseActorOf(actor, role, c.state))) actions.add(a);
  }
  return {
    ...listItemOf(c, itemName),
    materials: c.materials,
    state: c.state,
    actions: [...actions],
  };
}

// ---------------------------------------------------------------------------------------------------
// Who may do what

/**
 * Staff roles as the lifecycle knows them. An administrator acts as the system: it may run what the
 * sweeper would (deemed acceptance once due, e-certificate delivery), never a clerk's or approver's step.
 */
const LIFECYCLE_ROLE: Partial<Record<Role, CaseRole>> = {
  window_staff: 'window_staff',
  approver: 'approver',
  village_proxy: 'village_proxy',
  admin: 'system',
};

/** A case belongs to the center that received it and to the department that decides it. */
function caseOrgPaths(c: Pick<CaseRecord, 'handlingOrgPath' | 'departmentPath'>): string[] {
  return [c.handlingOrgPath, c.departmentPath];
}

function canReadCase(actor: Actor, c: CaseRecord): boolean {
  return caseOrgPaths(c).some((p) => canAt(actor.grants, 'case.read', p));
}

/** The lifecycle roles the caller holds at the case's orgs, in the order of ROLE grants. */
function caseRolesOf(actor: Actor, c: CaseRecord): CaseRole[] {
  const paths = caseOrgPaths(c);
  const roles: CaseRole[] = [];
  for (const g of actor.grants) {
    const role = LIFECYCLE_ROLE[g.role];
    if (!role || roles.includes(role)) continue;
    if (paths.some((p) => p.startsWith(g.orgPath))) roles.push(role);
  }
  return roles;
}

/**
 * Approvers carry the procedure roles of the case's steps (承办人, 审核人, 批准人): nothing in the org model
 * assigns those per person yet, so an approver of the department or center may act at any step.
 */
function caseActorOf(actor: Actor, role: CaseRole, state: CaseState): CaseActor {
  if (role !== 'approver') return { role, personId: actor.personId };
  return { role, personId: actor.personId, stepRoles: [...new Set(state.steps.map((s) => s.role))] };
}

/** A case outside the caller's reach does not exist for them: same answer as an unknown id. */
async function readableCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseRecord> {
  const c = await findCase(ctx.db, id);
  if (!c || !canReadCase(actor, c)) throw notFound('case.not_found', { id });
  return c;
}

// ---------------------------------------------------------------------------------------------------
// Idempotency

export interface Answer<T> {
  status: number;
  body: T;
}

type SaveAnswer = (trx: Kysely<DB>, answer: Answer<unknown>) => Promise<void>;

function isUniqueViolation(error: unknown, table?: string): boolean {
  const e = error as { code?: string; table?: string; constraint?: string };
  return e?.code === '23505' && (!table || e.table === table || (e.constraint ?? '').startsWith(table));
}

/**
 * Runs `work` at most once per (caller, key): a repeat with the same request gets the first answer, a
 * different request under the same key is refused. The answer is saved by `work` inside its own
 * transaction, so a crash leaves either the change and its answer or neither.
 */
async function idempotent<T>(
  ctx: AppContext,
  actorId: string,
  key: string | undefined,
  request: unknown,
  work: (save: SaveAnswer) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  if (key === undefined) return work(async () => {});
  const requestHash = sha256Hex(canonicalJson(request));
  const replay = async (): Promise<Answer<T> | null> => {
    const found = await findIdempotent(ctx.db, actorId, key, ctx.now());
    if (!found) return null;
    if (found.requestHash !== requestHash) throw new Problem(409, 'request.idempotency_conflict');
    return { status: found.status, body: found.body as T };
  };
  const first = await replay();
  if (first) return first;
  try {
    return await work((trx, answer) =>
      saveIdempotent(trx, actorId, key, { requestHash, ...answer }, ctx.now()),
    );
  } catch (error) {
    // Two requests with this key raced: the loser failed on the key, the version or the seq and its
    // transaction rolled back; it answers with the winner's result (or the conflict, if it differed).
    const raced = await replay();
    if (raced) return raced;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Registering a walk-in case

export interface ApplicantInput {
  kind: 'person' | 'enterprise';
  name: string;
  idNumber?: string;
  creditCode?: string;
  phone: string;
}

export interface RegisterInput {
  itemId: string;
  /** The center or window receiving the case; the clerk's own unit when omitted. */
  orgCode?: string;
  applicant: ApplicantInput;
  /** Names of the checklist's materials handed in. */
  materials: string[];
}

export type RegisteredCase = CaseView & { queryCode: string };

function fieldErrors(errors: readonly ValidationError[]): FieldError[] {
  return errors.map((e) => ({ field: e.field, in: 'body', code: e.code, message: e.message }));
}

function applicantOf(
  input: ApplicantInput,
  today: Date,
): { name: string; identifier: string; phone: string } {
  const errors: ValidationError[] = [];
  let identifier = '';
  if (input.kind === 'person') {
    const id = validateIdNumber(input.idNumber ?? '', { field: 'applicant.idNumber', today });
    if (id.ok) identifier = id.value.normalized;
    else errors.push(...id.errors);
  } else {
    const code = validateCreditCode(input.creditCode ?? '', { field: 'applicant.creditCode' });
    if (code.ok) identifier = code.value.normalized;
    else errors.push(...code.errors);
  }
  const phone = validatePhone(input.phone, { field: 'applicant.phone' });
  if (!phone.ok) errors.push(...phone.errors);
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'applicant.name', code: 'required', message: '必须填写申请人名称' });
  if (errors.length > 0) {
    throw new Problem(
      400,
      'case.applicant_invalid',
      { field: errors[0]!.field, reason: errors[0]!.message },
      fieldErrors(errors),
    );
  }
  return { name, identifier, phone: phone.ok ? phone.value : '' };
}

/** Names of the ticked materials, checked against the version's checklist; duplicates collapse. */
function checkedMaterials(version: CatalogVersion, names: readonly string[], field = 'materials'): string[] {
  const known = new Set(version.materials.map((m) => m.name));
  const errors: FieldError[] = [];
  names.forEach((n, i) => {
    if (!known.has(n)) {
      errors.push({ field: `${field}[${i}]`, in: 'body', message: `「${n}」不在该事项的材料清单中` });
    }
  });
  if (errors.length > 0) {
    throw new Problem(
      400,
      'case.material_unknown',
      { name: names[Number(/\d+/.exec(errors[0]!.field)![0])]! },
      errors,
    );
  }
  return [...new Set(names)];
}

/**
 * The steps the lifecycle tracks after acceptance. The guide lists the window's own parts too (受理, 送达,
 * 发照 by 窗口人员); those are the accept and deliver actions, not review steps.
 */
export function reviewSteps(steps: readonly Step[]): CaseStep[] {
  return steps
    .filter((s) => s.role.trim() !== '窗口人员')
    .map((s) => ({ name: s.name, role: s.role, limit: s.limit ? { ...s.limit } : null }));
}

/** The center (or village station) a unit belongs to: its code heads the case number. */
async function centerCodeOf(ctx: AppContext, org: { code: string; path: string }): Promise<string> {
  const codes = codesOfPath(org.path);
  const rows = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'kind', 'depth'])
    .where('code', 'in', codes)
    .where('kind', 'in', ['center', 'station'])
    .orderBy('depth', 'desc')
    .limit(1)
    .execute();
  return rows[0]?.code ?? org.code;
}

const QUERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const QUERY_CODE_LENGTH = 8;

function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++)
    code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}

/** Salted with the number, so equal codes of two cases hash differently. */
function queryCodeHash(caseNumber: string, code: string): string {
  return sha256Hex(`${caseNumber}:${code.trim().toUpperCase()}`);
}

export async function registerCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterInput,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<RegisteredCase>> {
  return idempotent(ctx, actor.personId, opts.idempotencyKey, { op: 'register', input }, async (save) => {
    const now = ctx.now();
    const applicant = applicantOf(input.applicant, now);
    const item = await findItem(ctx.db, input.itemId);
    if (!item) throw notFound('catalog.item_not_found', { id: input.itemId });
    const orgCode = input.orgCode ?? actor.orgCode;
    const org = await findOrg(ctx.db, orgCode);
    if (!org) throw notFound('org.not_found', { code: orgCode });
    // Only a window clerk registers a walk-in case, and only at a unit they work for.
    if (!actor.grants.some((g) => g.role === 'window_staff' && org.path.startsWith(g.orgPath))) {
      throw new Problem(403, 'auth.forbidden', { org: org.code, permission: 'case.handle' });
    }
    const version = await findPublishedVersion(ctx.db, item.id);
    if (!version) throw new Problem(409, 'case.item_not_published', { id: item.id });
    const windows = await listWindows(ctx.db, [item.id]);
    const offered =
      org.path.startsWith(item.departmentPath) ||
      windows.some((w) => w.path.startsWith(org.path) || org.path.startsWith(w.path));
    if (!offered) throw new Problem(400, 'case.item_not_offered', { item: version.name, org: org.name });
    const materials = checkedMaterials(version, input.materials);

    const opened = openCase(
      {
        channel: 'window',
        handlingKind: version.handling.kind,
        steps: reviewSteps(version.steps),
        promisedLimit: version.promisedLimit,
      },
      { role: 'window_staff', personId: actor.personId },
      now,
    );
    if (!opened.ok) throw transitionProblem(opened);

    const center = await centerCodeOf(ctx, org);
    const day = shanghaiDateOf(now);
    const queryCode = newQueryCode();
    const id = randomUUID();
    const eventActor: EventActor = {
      id: actor.personId,
      name: actor.displayName,
      role: 'window_staff',
      orgCode: org.code,
    };
    const chain = chainEvents(id, { seq: 0, hash: GENESIS_HASH }, eventActor, opened.events);
    const answer = await ctx.db.transaction().execute(async (trx) => {
      const seq = await nextSequence(trx, center, day);
      const caseNumber = `${center}-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
      await insertCase(trx, {
        id,
        county_code: countyCodeOf(org.code),
        case_number: caseNumber,
        query_code_hash: queryCodeHash(caseNumber, queryCode),
        item_id: item.id,
        version_id: version.id,
        department_code: item.departmentCode,
        department_path: item.departmentPath,
        handling_org_code: org.code,
        handling_org_path: org.path,
        applicant_kind: input.applicant.kind,
        applicant_name: applicant.name,
        applicant_identifier: applicant.identifier,
        applicant_phone: applicant.phone,
        proxy_person_id: null,
        proxy_consent: null,
        materials: JSON.stringify(materials),
        ...stateColumns(opened.next),
        last_hash: chain.lastHash,
        created_at: now,
        updated_at: now,
      });
      await insertEvents(trx, chain.rows);
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: actor.displayName,
        action: 'case.register',
        entityType: 'case',
        entityId: id,
        orgCode: org.code,
        orgPath: org.path,
        after: { caseNumber, itemId: item.id, versionId: version.id, status: opened.next.status },
        ip: opts.ip,
      });
      const record = (await findCase(trx, id))!;
      const answer: Answer<RegisteredCase> = {
        status: 201,
        body: { ...viewOf(record, version.name, actor), queryCode },
      };
      await save(trx, answer);
      return answer;
    });
    return answer;
  });
}

// ---------------------------------------------------------------------------------------------------
// Transitions

const FAILURE_STATUS: Record<TransitionFailure['code'], number> = {
  'case.action_not_allowed': 409,
  'case.role_not_allowed': 403,
  'case.payload_invalid': 400,
};

function transitionProblem(f: TransitionFailure): Problem {
  const errors: FieldError[] | undefined = f.field
    ? [{ field: f.field === '$' ? 'payload' : `payload.${f.field}`, in: 'body', message: f.message }]
    : undefined;
  return new Problem(FAILURE_STATUS[f.code], f.code, { reason: f.message, field: f.field ?? '' }, errors);
}

export interface ActionInput {
  payload?: Record<string, unknown>;
  /** Materials handed in with this action (at receipt, with a supplement, at acceptance). */
  materials?: string[];
}

interface Acting {
  caseActor: CaseActor;
  eventActor: EventActor;
  audit: { actorId: string | null; actorName: string; ip: string | null };
  /** For the view returned; null for the system. */
  viewer: Actor | null;
}

/**
 * One transition in one transaction: the state and its mirrored columns (guarded by the version read),
 * the chained events, the audit entry and the idempotency answer commit together or not at all.
 */
async function applyTransition(
  ctx: AppContext,
  c: CaseRecord,
  action: CaseAction,
  input: ActionInput,
  acting: Acting,
  save: SaveAnswer,
): Promise<Answer<CaseView>> {
  const version = await findVersion(ctx.db, c.versionId);
  if (!version) throw notFound('catalog.version_not_found', { id: c.versionId });
  const materials = input.materials
    ? [...new Set([...c.materials, ...checkedMaterials(version, input.materials)])]
    : c.materials;
  const now = ctx.now();
  let result: ReturnType<typeof transition>;
  try {
    const calendar = await ctx.calendar.current();
    result = transition(c.state, action, acting.caseActor, input.payload ?? {}, now, { calendar });
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError) calendarProblem(error);
    throw error;
  }
  if (!result.ok) throw transitionProblem(result);
  const { next, events } = result;
  if (action === 'accept') {
    // Checked after the lifecycle, so a wrong role or state is reported as such first.
    // 行政许可法 art. 32: only a complete application is accepted; otherwise the one-time notice applies.
    const missing = version.materials
      .filter((m) => m.required && !materials.includes(m.name))
      .map((m) => m.name);
    if (missing.length > 0) {
      throw new Problem(
        400,
        'case.materials_missing',
        { names: missing.join('、') },
        missing.map((name) => ({ field: 'materials', in: 'body', message: `缺少必要材料：${name}` })),
      );
    }
  }

  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const after = await lastEvent(trx, c.id);
      const chain = chainEvents(c.id, after, acting.eventActor, events);
      await insertEvents(trx, chain.rows);
      const written = await updateCaseState(trx, c.id, c.version, next, {
        materials: input.materials ? materials : undefined,
        lastHash: chain.lastHash,
        at: now,
      });
      if (!written) throw new Problem(409, 'case.concurrent_change', { number: c.caseNumber });
      await recordAudit(trx, {
        actorId: acting.audit.actorId,
        actorName: acting.audit.actorName,
        action: `case.${action}`,
        entityType: 'case',
        entityId: c.id,
        orgCode: c.handlingOrgCode,
        orgPath: c.handlingOrgPath,
        before: { status: c.status, version: c.version },
        after: { status: next.status, version: c.version + 1, seq: after.seq + events.length },
        ip: acting.audit.ip,
      });
      const record = (await findCase(trx, c.id))!;
      const answer: Answer<CaseView> = {
        status: 200,
        body: acting.viewer
          ? viewOf(record, version.name, acting.viewer)
          : { ...viewOf(record, version.name, SYSTEM_VIEWER), actions: [] },
      };
      await save(trx, answer);
      return answer;
    });
  } catch (error) {
    // Another transition took the next seq first: the case moved under us.
    if (isUniqueViolation(error, 'case_events')) {
      throw new Problem(409, 'case.concurrent_change', { number: c.caseNumber });
    }
    throw error;
  }
}

const SYSTEM_VIEWER: Actor = {
  personId: 'system',
  username: 'system',
  displayName: '系统',
  orgCode: '',
  grants: [],
  mustChangePassword: false,
};

export async function runAction(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  action: CaseAction,
  input: ActionInput,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<CaseView>> {
  const request = { op: 'action', caseId, action, input };
  return idempotent(ctx, actor.personId, opts.idempotencyKey, request, async (save) => {
    const c = await readableCase(ctx, actor, caseId);
    if (!caseOrgPaths(c).some((p) => canAt(actor.grants, 'case.handle', p))) {
      throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
    }
    const roles = caseRolesOf(actor, c);
    // A person with several roles here acts in the one the action calls for; with none of them, the
    // lifecycle names the refusal for the first role they hold.
    const role = ACTION_SPECS[action].roles.find((r) => roles.includes(r)) ?? roles[0];
    if (!role)
      throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
    const grant = actor.grants.find((g) => LIFECYCLE_ROLE[g.role] === role);
    return applyTransition(
      ctx,
      c,
      action,
      input,
      {
        caseActor: caseActorOf(actor, role, c.state),
        eventActor: {
          id: actor.personId,
          name: actor.displayName,
          role,
          orgCode: grant?.orgCode ?? actor.orgCode,
        },
        audit: { actorId: actor.personId, actorName: actor.displayName, ip: opts.ip },
        viewer: actor,
      },
      save,
    );
  });
}

/** What the sweeper runs (deemed acceptance, e-certificate delivery): the system acts, nobody signs in. */
export async function runSystemAction(
  ctx: AppContext,
  caseId: string,
  action: CaseAction,
  payload: Record<string, unknown> = {},
): Promise<CaseView> {
  const c = await findCase(ctx.db, caseId);
  if (!c) throw notFound('case.not_found', { id: caseId });
  return runSystemActionOn(ctx, c, action, payload);
}

/** As runSystemAction on a case already read; the write is refused if the case changed since. */
export async function runSystemActionOn(
  ctx: AppContext,
  c: CaseRecord,
  action: CaseAction,
  payload: Record<string, unknown> = {},
): Promise<CaseView> {
  const answer = await applyTransition(
    ctx,
    c,
    action,
    { payload },
    {
      caseActor: { role: 'system', personId: 'system' },
      eventActor: { id: 'system', name: '系统', role: 'system', orgCode: c.handlingOrgCode },
      audit: { actorId: null, actorName: '系统', ip: null },
      viewer: null,
    },
    async () => {},
  );
  return answer.body;
}

// ---------------------------------------------------------------------------------------------------
// Reads

async function itemNameOf(ctx: AppContext, c: CaseRecord): Promise<string> {
  return (await findVersion(ctx.db, c.versionId))?.name ?? '';
}

export async function readCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const c = await readableCase(ctx, actor, id);
  return viewOf(c, await itemNameOf(ctx, c), actor);
}

export async function listCases(
  ctx: AppContext,
  actor: Actor,
  filter: { status?: CaseStatus; itemId?: string; page: number; pageSize: number },
): Promise<{ items: CaseListItem[]; total: number }> {
  const roots = scopeRoots(actor.grants, 'case.read');
  const found = await searchCases(ctx.db, roots, {
    status: filter.status,
    itemId: filter.itemId,
    ...pageWindow(filter),
  });
  return { total: found.total, items: found.items.map((r) => listItemOf(r, r.itemName)) };
}

export interface CaseEventView {
  seq: number;
  at: string;
  action: string;
  actorName: string;
  actorRole: string;
  orgCode: string;
  from: CaseStatus | null;
  to: CaseStatus;
  publicLabel: string;
  detail: Omit<CaseEvent, 'action' | 'at'>;
  hash: string;
  prevHash: string;
}

export async function readEvents(ctx: AppContext, actor: Actor, id: string): Promise<CaseEventView[]> {
  await readableCase(ctx, actor, id);
  return (await listEvents(ctx.db, id)).map((e) => {
    const detail = e.payload as Omit<CaseEvent, 'action' | 'at'>;
    return {
      seq: e.seq,
      at: e.at,
      action: e.action,
      actorName: e.actorName,
      actorRole: e.actorRole,
      orgCode: e.orgCode,
      from: detail.from,
      to: detail.to,
      publicLabel: detail.publicLabel,
      detail,
      hash: e.hash,
      prevHash: e.prevHash,
    };
  });
}

export async function verifyCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ valid: boolean; events: number }> {
  const c = await readableCase(ctx, actor, id);
  const verdict = verifyChain(await listEvents(ctx.db, id), c.lastHash);
  return { valid: verdict.valid, events: verdict.events };
}

export interface PublicProgress {
  caseNumber: string;
  itemName: string;
  status: string;
  timeline: { label: string; at: string }[];
  /** Shanghai date by which the case is due to be decided (or settled, for 即办件); null once finished. */
  expectedCompletionDate: string | null;
}

/** The applicant's view by number and query code; any mismatch is the same 404 as an unknown number. */
export async function publicProgress(
  ctx: AppContext,
  caseNumber: string,
  code: string,
): Promise<PublicProgress> {
  const c = await findCaseByNumber(ctx.db, caseNumber);
  const given = Buffer.from(queryCodeHash(caseNumber, code));
  // Compared in constant time against a dummy when the number is unknown, so timing tells nothing either.
  const stored = Buffer.from(c?.queryCodeHash ?? sha256Hex(`${caseNumber}:unknown`));
  if (!timingSafeEqual(given, stored) || !c) throw notFound('case.public_not_found');
  const events = await listEvents(ctx.db, c.id);
  const timeline = publicTimeline(
    events.map((e) => ({ at: e.at, to: (e.payload as { to: CaseStatus }).to })),
  );
  return {
    caseNumber: c.caseNumber,
    itemName: await itemNameOf(ctx, c),
    status: publicLabelOf(c.status),
    timeline,
    expectedCompletionDate: await expectedCompletion(ctx, c.state),
  };
}

async function expectedCompletion(ctx: AppContext, state: CaseState): Promise<string | null> {
  if (isTerminalStatus(state.status)) return null;
  // Before the decision the applicant waits for it; after it, for the result to be issued (art. 44).
  const decided = state.decision !== null;
  const clock = decided
    ? state.clocks[CLOCK_KEYS.delivery]
    : (state.clocks[CLOCK_KEYS.decision] ?? state.clocks[CLOCK_KEYS.onTheSpot]);
  if (!clock) return null;
  try {
    const evaluated = evaluateClock(clock, ctx.now(), await ctx.calendar.current());
    return evaluated.deadlineDate ?? shanghaiDateOf(new Date(evaluated.deadline));
  } catch (error) {
    // A deadline in a year whose holidays are not loaded is unknown; the page says so rather than guess.
    if (error instanceof CalendarYearNotLoadedError) return null;
    throw error;
  }
}
