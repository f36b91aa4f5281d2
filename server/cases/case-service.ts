import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { CalendarYearNotLoadedError, type WorkingCalendar } from '../../core/calendar/index.ts';
import {
  ACTION_SPECS,
  allowedActions,
  type CaseAction,
  type CaseActor,
  type CaseChannel,
  type CaseEvent,
  type CaseRole,
  type CaseState,
  type CaseStatus,
  type CaseStep,
  CLOCK_KEYS,
  isTerminalStatus,
  type JointTask,
  openCase,
  publicLabelOf,
  publicTimeline,
  STATUS_NAMES,
  type TransitionFailure,
  taskClockKey,
  transition,
} from '../../core/cases/lifecycle.ts';
import type { Step } from '../../core/catalog/index.ts';
import { type ClockLight, evaluateClock, evaluateClockIfKnown } from '../../core/clock/clock.ts';
import { codesOfPath, countyCodeOf } from '../../core/org/codes.ts';
import { type Role, scopeRoots } from '../../core/org/roles.ts';
import type { Org } from '../../core/org/views.ts';
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
  type CatalogItem,
  type CatalogVersion,
  findFiledVersion,
  findItem,
  findPublishedVersion,
  listProxies,
  listWindows,
} from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import { uniqueViolation } from '../db/errors.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, notFound, Problem } from '../http/problem.ts';
import { pageWindow } from '../http/schemas.ts';
import { recordAudit } from '../org/audit-store.ts';
import { findOrg, orgNamesFor } from '../org/org-store.ts';
import {
  caseActorOf,
  caseRolesOf,
  holdsAtCase,
  LIFECYCLE_ROLE,
  procedureRolesOf,
  readableCase,
} from './case-access.ts';
import {
  afterTransition,
  type CaseListView,
  type CaseRecord,
  chainEvents,
  type EventActor,
  findCase,
  findCaseByNumber,
  findIdempotent,
  insertCase,
  insertEvents,
  insertTasks,
  lastEvent,
  listEvents,
  nextSequence,
  saveIdempotent,
  searchCases,
  stateColumns,
  syncTasks,
  updateCaseState,
} from './case-store.ts';
import { canonicalJson, GENESIS_HASH, sha256Hex, verifyChain } from './event-chain.ts';
import { newQueryCode, queryCodeHash, sealQueryCode } from './query-code.ts';

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

/** One clock of the case as the console shows it, evaluated now. */
export interface ClockView {
  key: string;
  name: string;
  startedAt: string;
  deadline: string | null;
  deadlineDate: string | null;
  unit: string;
  left: number | null;
  overdueBy: number | null;
  light: ClockLight | null;
  paused: boolean;
  stopped: boolean;
}

export interface CaseListItem {
  id: string;
  caseNumber: string;
  itemId: string;
  versionId: string;
  itemName: string;
  departmentCode: string;
  handlingOrgCode: string;
  channel: CaseChannel;
  status: CaseStatus;
  statusName: string;
  publicLabel: string;
  applicant: ApplicantView;
  /** The clock the case is waiting on now (acceptance, decision, delivery…), evaluated now. */
  light: ClockLight | null;
  deadline: string | null;
  overdue: boolean;
  receivedAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CaseView extends CaseListItem {
  materials: string[];
  state: CaseState;
  clocks: ClockView[];
  joint: {
    tasks: (JointTask & { orgName: string; deadline: string | null; light: ClockLight | null })[];
  } | null;
  escalation: {
    fromOrgCode: string;
    toOrgCode: string;
    toOrgName: string;
    at: string;
    opinion: string;
  } | null;
  proxy: { personId: string; consent: string; handedOverAt: string | null } | null;
  /** What the caller could do now (the console's buttons). */
  actions: CaseAction[];
}

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

const CLOCK_NAMES: Record<string, string> = {
  acceptance: '受理时限（一次性告知）',
  on_the_spot: '即办时限',
  decision: '办理时限',
  preliminary: '下级初审时限',
  delivery: '送达时限',
};

function clockName(key: string, state: CaseState, orgNames: Map<string, string>): string {
  if (key.startsWith('step:')) return `环节时限：${state.steps[Number(key.slice(5))]?.name ?? ''}`;
  if (key.startsWith('task:')) return `协办时限：${orgNames.get(key.slice(5)) ?? key.slice(5)}`;
  return CLOCK_NAMES[key] ?? key;
}

/** The clock a case waits on in its status: what its light and deadline in a list mean. */
export function mainClockKey(state: CaseState): string | null {
  switch (state.status) {
    case 'received':
    case 'awaiting_supplement':
      return state.handlingKind === 'on_the_spot' ? CLOCK_KEYS.onTheSpot : CLOCK_KEYS.acceptance;
    case 'accepted':
    case 'in_review':
    case 'special_procedure':
      return state.clocks[CLOCK_KEYS.decision] ? CLOCK_KEYS.decision : CLOCK_KEYS.preliminary;
    case 'decided_approved':
    case 'decided_denied':
      return CLOCK_KEYS.delivery;
    default:
      return null;
  }
}

function listItemOf(
  c: CaseRecord,
  itemName: string,
  now: Date,
  calendar: WorkingCalendar | null,
): CaseListItem {
  const key = mainClockKey(c.state);
  const clock = key ? c.state.clocks[key] : undefined;
  const main = clock && clock.stoppedAt == null ? evaluateClockIfKnown(clock, now, calendar) : null;
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    itemId: c.itemId,
    versionId: c.versionId,
    itemName,
    departmentCode: c.departmentCode,
    handlingOrgCode: c.handlingOrgCode,
    channel: c.channel,
    status: c.status,
    statusName: STATUS_NAMES[c.status].zh,
    publicLabel: publicLabelOf(c.status),
    applicant: applicantView(c),
    light: main?.light ?? null,
    deadline: main?.deadline ?? null,
    overdue: (main?.overdueBy ?? 0) > 0,
    receivedAt: iso(c.receivedAt),
    acceptedAt: iso(c.acceptedAt),
    closedAt: iso(c.closedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

/** The calendar for a change: read before its transaction; a year not loaded is the caller's problem. */
export async function currentCalendar(ctx: AppContext): Promise<WorkingCalendar> {
  try {
    return await ctx.calendar.current();
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError) calendarProblem(error);
    throw error;
  }
}

/** The actions `actor` could take now, over every lifecycle role they hold on the case. */
async function actionsFor(ctx: AppContext, actor: Actor | null, c: CaseRecord): Promise<CaseAction[]> {
  if (!actor) return [];
  const roles = caseRolesOf(actor, c);
  const procedureRoles = roles.includes('approver')
    ? await procedureRolesOf(ctx.db, actor.personId, c)
    : undefined;
  const actions = new Set<CaseAction>();
  for (const role of roles) {
    for (const a of allowedActions(c.state, caseActorOf(actor, role, c, procedureRoles))) actions.add(a);
  }
  return [...actions];
}

/** Inside a transaction pass the calendar read before it (see CaseChange.calendar). */
export async function caseViewOf(
  ctx: AppContext,
  c: CaseRecord,
  itemName: string,
  actor: Actor | null,
  loadedCalendar?: WorkingCalendar,
): Promise<CaseView> {
  const now = ctx.now();
  const calendar = loadedCalendar ?? (await ctx.calendar.currentOrNull());
  const orgCodes = [c.departmentCode, ...(c.state.joint?.tasks.map((t) => t.orgCode) ?? [])];
  const orgNames = await orgNamesFor(ctx.db, orgCodes);
  const clocks: ClockView[] = Object.entries(c.state.clocks).map(([key, clock]) => {
    const e = evaluateClockIfKnown(clock, now, calendar);
    return {
      key,
      name: clockName(key, c.state, orgNames),
      startedAt: clock.startedAt,
      deadline: e?.deadline ?? null,
      deadlineDate: e?.deadlineDate ?? null,
      unit: clock.limit.unit,
      left: e?.left ?? null,
      overdueBy: e?.overdueBy ?? null,
      light: clock.stoppedAt == null ? (e?.light ?? null) : null,
      paused: e?.paused ?? false,
      stopped: clock.stoppedAt != null,
    };
  });
  const byKey = new Map(clocks.map((k) => [k.key, k]));
  const { state } = c;
  return {
    ...listItemOf(c, itemName, now, calendar),
    materials: c.materials,
    state,
    clocks,
    joint: state.joint
      ? {
          tasks: state.joint.tasks.map((t) => {
            const clock = byKey.get(taskClockKey(t.orgCode));
            return {
              ...t,
              orgName: orgNames.get(t.orgCode) ?? t.orgCode,
              deadline: clock?.deadline ?? null,
              light: clock?.light ?? null,
            };
          }),
        }
      : null,
    escalation: state.escalation
      ? {
          fromOrgCode: c.handlingOrgCode,
          toOrgCode: c.departmentCode,
          toOrgName: orgNames.get(c.departmentCode) ?? c.departmentCode,
          at: state.escalation.at,
          opinion: state.escalation.opinion,
        }
      : null,
    proxy:
      c.proxyPersonId && c.proxyConsent
        ? { personId: c.proxyPersonId, consent: c.proxyConsent, handedOverAt: state.handedOverAt ?? null }
        : null,
    actions: await actionsFor(ctx, actor, c),
  };
}

// ---------------------------------------------------------------------------------------------------
// Idempotency

export interface Answer<T> {
  status: number;
  body: T;
}

type SaveAnswer = (trx: Kysely<DB>, answer: Answer<unknown>) => Promise<void>;

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
// Filing: walk-in at a window, by a village proxy, online by a resident

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

export interface ProxyFilingInput extends RegisterInput {
  /** How the resident agreed to the proxy filing (委托书, signature on the form …). */
  consent: string;
}

export interface OnlineFilingInput {
  itemId: string;
  orgCode?: string;
  /** An enterprise the resident files for; the resident themself when omitted. */
  applicant?: { kind: 'enterprise'; name: string; creditCode: string; phone?: string };
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
export function checkedMaterials(
  version: CatalogVersion,
  names: readonly string[],
  field = 'materials',
): string[] {
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
 * 发照 by 窗口人员, 社保民政窗口人员 …); those are the accept and deliver actions, not review steps.
 */
export function reviewSteps(steps: readonly Step[]): CaseStep[] {
  return steps
    .filter((s) => !s.role.trim().endsWith('窗口人员'))
    .map((s) => ({ name: s.name, role: s.role, limit: s.limit ? { ...s.limit } : null }));
}

/** The center (or village station) a unit belongs to: its code heads the case number. */
export async function centerCodeOf(ctx: AppContext, org: { code: string; path: string }): Promise<string> {
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

interface Filing {
  channel: CaseChannel;
  item: CatalogItem;
  version: CatalogVersion;
  org: Org;
  applicantKind: 'person' | 'enterprise';
  applicant: { name: string; identifier: string; phone: string };
  applicantPersonId: string | null;
  proxy: { personId: string; consent: string } | null;
  materials: string[];
  opener: CaseActor;
  eventActor: EventActor;
}

/** The published version of an item offered at `org` (its department's subtree or a window placement). */
async function offeredItem(ctx: AppContext, itemId: string, org: Org) {
  const item = await findItem(ctx.db, itemId);
  if (!item) throw notFound('catalog.item_not_found', { id: itemId });
  const version = await findPublishedVersion(ctx.db, item.id);
  if (!version) throw new Problem(409, 'case.item_not_published', { id: item.id });
  const windows = await listWindows(ctx.db, [item.id]);
  const offered =
    org.path.startsWith(item.departmentPath) ||
    windows.some((w) => w.path.startsWith(org.path) || org.path.startsWith(w.path));
  if (!offered) throw new Problem(400, 'case.item_not_offered', { item: version.name, org: org.name });
  return { item, version, windows };
}

async function orgOrNotFound(ctx: AppContext, code: string): Promise<Org> {
  const org = await findOrg(ctx.db, code);
  if (!org) throw notFound('org.not_found', { code });
  return org;
}

/** One transaction: number, case row, 联办 tasks, first event, audit, listeners and the idempotent answer. */
async function openFiledCase(
  ctx: AppContext,
  filing: Filing,
  viewer: Actor,
  ip: string,
  save: SaveAnswer,
): Promise<Answer<RegisteredCase>> {
  const now = ctx.now();
  const { version, item, org } = filing;
  const participants: Org[] = [];
  if (version.handling.kind === 'joint') {
    for (const code of version.handling.participants) {
      const party = await findOrg(ctx.db, code);
      if (party) participants.push(party);
    }
  }
  const opened = openCase(
    {
      channel: filing.channel,
      handlingKind: version.handling.kind,
      steps: reviewSteps(version.steps),
      promisedLimit: version.promisedLimit,
      applicantPersonId: filing.applicantPersonId,
      participants: participants.map((p) => p.code),
      ...(filing.proxy ? { consent: filing.proxy.consent } : {}),
    },
    filing.opener,
    now,
  );
  if (!opened.ok) throw transitionProblem(opened);

  const center = await centerCodeOf(ctx, org);
  const calendar = await currentCalendar(ctx);
  const day = shanghaiDateOf(now);
  const queryCode = newQueryCode();
  const id = randomUUID();
  const chain = chainEvents(id, { seq: 0, hash: GENESIS_HASH }, filing.eventActor, opened.events);
  return ctx.db.transaction().execute(async (trx) => {
    const seq = await nextSequence(trx, center, day);
    const caseNumber = `${center}-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    await insertCase(trx, {
      id,
      county_code: countyCodeOf(org.code),
      case_number: caseNumber,
      query_code_hash: queryCodeHash(caseNumber, queryCode),
      query_code_sealed: sealQueryCode(ctx.config.cookieSecret, caseNumber, queryCode),
      item_id: item.id,
      version_id: version.id,
      department_code: item.departmentCode,
      department_path: item.departmentPath,
      handling_org_code: org.code,
      handling_org_path: org.path,
      applicant_kind: filing.applicantKind,
      applicant_name: filing.applicant.name,
      applicant_identifier: filing.applicant.identifier,
      applicant_phone: filing.applicant.phone,
      applicant_person_id: filing.applicantPersonId,
      channel: filing.channel,
      proxy_person_id: filing.proxy?.personId ?? null,
      proxy_consent: filing.proxy?.consent ?? null,
      materials: JSON.stringify(filing.materials),
      ...stateColumns(opened.next),
      last_hash: chain.lastHash,
      created_at: now,
      updated_at: now,
    });
    await insertTasks(trx, id, participants);
    await insertEvents(trx, chain.rows);
    await recordAudit(trx, {
      actorId: viewer.personId,
      actorName: viewer.displayName,
      action: 'case.register',
      entityType: 'case',
      entityId: id,
      orgCode: org.code,
      orgPath: org.path,
      after: {
        caseNumber,
        itemId: item.id,
        versionId: version.id,
        channel: filing.channel,
        status: opened.next.status,
      },
      ip,
    });
    const record = (await findCase(trx, id))!;
    for (const listener of ctx.caseListeners) {
      await listener(trx, {
        before: null,
        after: record,
        events: opened.events,
        actor: { id: filing.eventActor.id, name: filing.eventActor.name },
        at: now,
        calendar,
      });
    }
    const answer: Answer<RegisteredCase> = {
      status: 201,
      body: { ...(await caseViewOf({ ...ctx, db: trx }, record, version.name, viewer, calendar)), queryCode },
    };
    await save(trx, answer);
    return answer;
  });
}

/** A window clerk registers a walk-in case: received at once, which starts the art. 32 count. */
export async function registerCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterInput,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<RegisteredCase>> {
  return idempotent(ctx, actor.personId, opts.idempotencyKey, { op: 'register', input }, async (save) => {
    const applicant = applicantOf(input.applicant, ctx.now());
    const org = await orgOrNotFound(ctx, input.orgCode ?? actor.orgCode);
    // Only a window clerk registers a walk-in case, and only at a unit they work for.
    if (!actor.grants.some((g) => g.role === 'window_staff' && org.path.startsWith(g.orgPath))) {
      throw new Problem(403, 'auth.forbidden', { org: org.code, permission: 'case.handle' });
    }
    const { item, version } = await offeredItem(ctx, input.itemId, org);
    const filing: Filing = {
      channel: 'window',
      item,
      version,
      org,
      applicantKind: input.applicant.kind,
      applicant,
      applicantPersonId: null,
      proxy: null,
      materials: checkedMaterials(version, input.materials),
      opener: { role: 'window_staff', personId: actor.personId },
      eventActor: { id: actor.personId, name: actor.displayName, role: 'window_staff', orgCode: org.code },
    };
    return openFiledCase(ctx, filing, actor, opts.ip, save);
  });
}

/**
 * A village proxy files for a resident (代办): the case waits in pre-review at the township window that
 * offers the item until the proxy hands the papers over and the window receives them.
 */
export async function fileByProxy(
  ctx: AppContext,
  actor: Actor,
  input: ProxyFilingInput,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<RegisteredCase>> {
  return idempotent(ctx, actor.personId, opts.idempotencyKey, { op: 'proxy', input }, async (save) => {
    const grant = actor.grants.find((g) => g.role === 'village_proxy');
    if (!grant) throw new Problem(403, 'auth.forbidden', { org: actor.orgCode, permission: 'case.handle' });
    const applicant = applicantOf(input.applicant, ctx.now());
    const consent = input.consent.trim();
    if (consent === '') {
      throw new Problem(400, 'case.consent_required', {}, [
        { field: 'consent', in: 'body', message: '必须记录申请人的委托或同意方式' },
      ]);
    }
    const item = await findItem(ctx.db, input.itemId);
    if (!item) throw notFound('catalog.item_not_found', { id: input.itemId });
    const [proxies, windows] = await Promise.all([
      listProxies(ctx.db, [item.id]),
      listWindows(ctx.db, [item.id]),
    ]);
    // The item must be open to proxy filing in the proxy's township (catalog proxies are set per township).
    const township = proxies.find((p) => grant.orgPath.startsWith(p.path));
    if (!township) throw new Problem(400, 'case.proxy_not_offered', { id: item.id });
    const target = input.orgCode
      ? await orgOrNotFound(ctx, input.orgCode)
      : await orgOrNotFound(
          ctx,
          windows.find((w) => w.path.startsWith(township.path))?.code ?? township.code,
        );
    if (!target.path.startsWith(township.path)) {
      throw new Problem(400, 'case.item_not_offered', { item: item.id, org: target.name });
    }
    const { version } = await offeredItem(ctx, item.id, target);
    if (!version.proxyAllowed) throw new Problem(400, 'case.proxy_not_offered', { id: item.id });
    const filing: Filing = {
      channel: 'proxy',
      item,
      version,
      org: target,
      applicantKind: input.applicant.kind,
      applicant,
      applicantPersonId: null,
      proxy: { personId: actor.personId, consent },
      materials: checkedMaterials(version, input.materials),
      opener: { role: 'village_proxy', personId: actor.personId },
      eventActor: {
        id: actor.personId,
        name: actor.displayName,
        role: 'village_proxy',
        orgCode: grant.orgCode,
      },
    };
    return openFiledCase(ctx, filing, actor, opts.ip, save);
  });
}

/** A resident applies online (网上申报): the case waits in pre-review at the window it is filed with. */
export async function fileOnline(
  ctx: AppContext,
  resident: Actor,
  input: OnlineFilingInput,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<RegisteredCase>> {
  return idempotent(ctx, resident.personId, opts.idempotencyKey, { op: 'online', input }, async (save) => {
    const person = await ctx.db
      .selectFrom('people')
      .select(['display_name', 'id_number', 'phone'])
      .where('id', '=', resident.personId)
      .executeTakeFirstOrThrow();
    const applicantInput: ApplicantInput = input.applicant
      ? { ...input.applicant, phone: input.applicant.phone ?? person.phone ?? '' }
      : {
          kind: 'person',
          name: person.display_name,
          idNumber: person.id_number ?? '',
          phone: person.phone ?? '',
        };
    const applicant = applicantOf(applicantInput, ctx.now());
    const item = await findItem(ctx.db, input.itemId);
    if (!item) throw notFound('catalog.item_not_found', { id: input.itemId });
    const windows = await listWindows(ctx.db, [item.id]);
    const org = await orgOrNotFound(ctx, input.orgCode ?? windows[0]?.code ?? item.departmentCode);
    const { version } = await offeredItem(ctx, item.id, org);
    if (!version.onlineApply) throw new Problem(400, 'case.online_not_offered', { item: version.name });
    const filing: Filing = {
      channel: 'online',
      item,
      version,
      org,
      applicantKind: applicantInput.kind,
      applicant,
      applicantPersonId: resident.personId,
      proxy: null,
      materials: checkedMaterials(version, input.materials),
      opener: { role: 'applicant', personId: resident.personId },
      eventActor: { id: resident.personId, name: resident.displayName, role: 'applicant', orgCode: org.code },
    };
    return openFiledCase(ctx, filing, resident, opts.ip, save);
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
 * the chained events, 联办 tasks, the audit entry, the other modules' listeners and the idempotency answer
 * commit together or not at all.
 */
async function applyTransition(
  ctx: AppContext,
  c: CaseRecord,
  action: CaseAction,
  input: ActionInput,
  acting: Acting,
  save: SaveAnswer,
): Promise<Answer<CaseView>> {
  const version = await findFiledVersion(ctx.db, c.versionId);
  if (!version) throw notFound('catalog.version_not_found', { id: c.versionId });
  const materials = input.materials
    ? [...new Set([...c.materials, ...checkedMaterials(version, input.materials)])]
    : c.materials;
  const now = ctx.now();
  const calendar = await currentCalendar(ctx);
  let result: ReturnType<typeof transition>;
  try {
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
      const record = afterTransition(c, next, { materials, lastHash: chain.lastHash, at: now });
      if (!written) throw new Problem(409, 'case.concurrent_change', { number: c.caseNumber });
      if (action === 'give_opinion') await syncTasks(trx, c.id, next);
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
      for (const listener of ctx.caseListeners) {
        await listener(trx, {
          before: c,
          after: record,
          events,
          actor: { id: acting.eventActor.id, name: acting.eventActor.name },
          at: now,
          calendar,
        });
      }
      const answer: Answer<CaseView> = {
        status: 200,
        body: await caseViewOf({ ...ctx, db: trx }, record, version.name, acting.viewer, calendar),
      };
      await save(trx, answer);
      return answer;
    });
  } catch (error) {
    // Another transition took the next seq first: the case moved under us.
    const unique = uniqueViolation(error);
    if (unique && (unique.table === 'case_events' || unique.constraint.startsWith('case_events'))) {
      throw new Problem(409, 'case.concurrent_change', { number: c.caseNumber });
    }
    throw error;
  }
}

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
    const roles: CaseRole[] = caseRolesOf(actor, c).filter((r) => r !== 'applicant');
    const handles = holdsAtCase(actor, 'case.handle', c) || roles.includes('village_proxy');
    if (!handles || roles.length === 0) {
      throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
    }
    // A person with several roles here acts in the one the action calls for; with none of them, the
    // lifecycle names the refusal for the first role they hold.
    const role = ACTION_SPECS[action].roles.find((r) => roles.includes(r)) ?? roles[0]!;
    const grant = actor.grants.find((g) => LIFECYCLE_ROLE[g.role] === role);
    const procedureRoles =
      role === 'approver' ? await procedureRolesOf(ctx.db, actor.personId, c) : undefined;
    return applyTransition(
      ctx,
      c,
      action,
      input,
      {
        caseActor: caseActorOf(actor, role, c, procedureRoles),
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

/** The applicant's own actions on a case filed online (withdraw, supplement): only on their own case. */
export async function runApplicantAction(
  ctx: AppContext,
  resident: Actor,
  caseId: string,
  action: Extract<CaseAction, 'withdraw' | 'supplement_received'>,
  payload: Record<string, unknown>,
  opts: { idempotencyKey?: string; ip: string },
): Promise<Answer<CaseView>> {
  const request = { op: 'applicant', caseId, action, payload };
  return idempotent(ctx, resident.personId, opts.idempotencyKey, request, async (save) => {
    const c = await ownCase(ctx, resident, caseId);
    return applyTransition(
      ctx,
      c,
      action,
      { payload },
      {
        caseActor: { role: 'applicant', personId: resident.personId },
        eventActor: {
          id: resident.personId,
          name: resident.displayName,
          role: 'applicant',
          orgCode: c.handlingOrgCode,
        },
        audit: { actorId: resident.personId, actorName: resident.displayName, ip: opts.ip },
        viewer: resident,
      },
      save,
    );
  });
}

/** A resident's own case; anybody else's is the same 404 as an unknown id. */
export async function ownCase(ctx: AppContext, resident: Actor, caseId: string): Promise<CaseRecord> {
  const c = await findCase(ctx.db, caseId);
  if (!c || c.applicantPersonId !== resident.personId) throw notFound('case.not_found', { id: caseId });
  return c;
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
  return (await findFiledVersion(ctx.db, c.versionId))?.name ?? '';
}

export async function readCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const c = await readableCase(ctx, actor, id);
  return caseViewOf(ctx, c, await itemNameOf(ctx, c), actor);
}

export type CaseListMode = 'all' | 'todo' | 'done';

/** Where each lifecycle role is held: the roots of the caller's to-do list. */
function rootsOfRole(actor: Actor, role: Role): string[] {
  return scopeRoots(
    actor.grants.filter((g) => g.role === role),
    'case.handle',
  );
}

export async function listCases(
  ctx: AppContext,
  actor: Actor,
  filter: {
    view?: CaseListMode;
    status?: CaseStatus;
    itemId?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
): Promise<{ items: CaseListItem[]; total: number }> {
  const roots = scopeRoots(actor.grants, 'case.read');
  const isProxy = actor.grants.some((g) => g.role === 'village_proxy');
  let view: CaseListView;
  switch (filter.view ?? 'all') {
    case 'todo':
      view = {
        kind: 'todo',
        windowRoots: rootsOfRole(actor, 'window_staff'),
        approverRoots: rootsOfRole(actor, 'approver'),
        proxyPersonId: isProxy ? actor.personId : null,
      };
      break;
    case 'done':
      view = { kind: 'done', roots, actorId: actor.personId };
      break;
    default:
      // A proxy's cases sit at the township window, outside their village: they list their own filings.
      view =
        isProxy && roots.every((r) => actor.grants.some((g) => g.role === 'village_proxy' && g.orgPath === r))
          ? { kind: 'proxy', personId: actor.personId }
          : { kind: 'all', roots };
  }
  const found = await searchCases(ctx.db, view, {
    status: filter.status,
    itemId: filter.itemId,
    q: filter.q,
    ...pageWindow(filter),
  });
  const now = ctx.now();
  const calendar = await ctx.calendar.currentOrNull();
  return { total: found.total, items: found.items.map((r) => listItemOf(r, r.itemName, now, calendar)) };
}

/** The applicant's name, ID number and phone unmasked; every such read is in the audit log (个人信息保护法). */
export async function readApplicant(
  ctx: AppContext,
  actor: Actor,
  id: string,
  ip: string,
): Promise<{
  kind: 'person' | 'enterprise';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string;
}> {
  const c = await readableCase(ctx, actor, id);
  if (!holdsAtCase(actor, 'case.handle', c) && c.proxyPersonId !== actor.personId) {
    throw new Problem(403, 'auth.forbidden', { org: c.handlingOrgCode, permission: 'case.handle' });
  }
  await recordAudit(ctx.db, {
    actorId: actor.personId,
    actorName: actor.displayName,
    action: 'case.applicant_unmask',
    entityType: 'case',
    entityId: c.id,
    orgCode: c.handlingOrgCode,
    orgPath: c.handlingOrgPath,
    after: { caseNumber: c.caseNumber },
    ip,
  });
  const person = c.applicantKind === 'person';
  return {
    kind: c.applicantKind,
    name: c.applicantName,
    idNumber: person ? c.applicantIdentifier : null,
    creditCode: person ? null : c.applicantIdentifier,
    phone: c.applicantPhone,
  };
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

export async function expectedCompletion(ctx: AppContext, state: CaseState): Promise<string | null> {
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
