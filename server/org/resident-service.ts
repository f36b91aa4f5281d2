import { isStrongPassword } from '../../core/org/passwords.ts';
import type { ResidentProfile } from '../../core/org/views.ts';
import {
  maskIdNumber,
  maskPhone,
  type ValidationError,
  validateIdNumber,
  validatePhone,
} from '../../core/validators/index.ts';
import type { AppContext } from '../context.ts';
import { uniqueViolation } from '../db/errors.ts';
import type { Actor } from '../http/auth.ts';
import { type FieldError, Problem } from '../http/problem.ts';
import { recordAudit } from './audit-store.ts';
import { hashPassword } from './passwords.ts';
import { openSession } from './session-service.ts';

/**
 * Resident accounts: an online applicant registers with name, 居民身份证号码, mobile number and a password
 * of their own, and is signed in at once. The account sits at the root of the org tree (the county), holds
 * no roles and signs in with the mobile number, so it reaches only the public routes and /api/my/….
 */

/** Registrations allowed per client address in a minute: a person registers once, a script many times. */
export const REGISTRATIONS_PER_MINUTE = 10;

/** Only a mobile number can sign in and receive a text message: a landline is not an account name. */
const MOBILE = /^1[3-9]\d{9}$/;

export interface ResidentRegistration {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}

function invalid(errors: ValidationError[]): Problem {
  const fields: FieldError[] = errors.map((e) => ({
    field: e.field,
    in: 'body',
    code: e.code,
    message: e.message,
  }));
  return new Problem(
    400,
    'resident.invalid',
    { field: errors[0]!.field, reason: errors[0]!.message },
    fields,
  );
}

function checkName(value: string, errors: ValidationError[]): string {
  const name = value.trim();
  if (name === '' || name.length > 50) {
    errors.push({ field: 'name', code: 'name.format', message: '姓名须为 1 至 50 个字' });
  }
  return name;
}

function checkPhone(value: string, errors: ValidationError[]): string {
  const phone = validatePhone(value, { field: 'phone' });
  if (!phone.ok) {
    errors.push(...phone.errors);
    return '';
  }
  if (!MOBILE.test(phone.value)) {
    errors.push({ field: 'phone', code: 'phone.mobile', message: '请填写 11 位手机号码，用于登录' });
    return '';
  }
  return phone.value;
}

/** The county the resident belongs to: the root of the org tree (the configured county if it is one). */
async function residentOrg(ctx: AppContext): Promise<{ code: string; path: string }> {
  const roots = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'path'])
    .where('parent_code', 'is', null)
    .orderBy('code')
    .execute();
  const root = roots.find((r) => r.code === ctx.config.demoCounty) ?? roots[0];
  if (!root) throw new Error('the org tree is empty: no county to register residents in');
  return root;
}

async function takenBy(ctx: AppContext, phone: string, idNumber: string): Promise<Problem | null> {
  const phoneTaken = await ctx.db
    .selectFrom('people')
    .select('id')
    .where('username', '=', phone)
    .executeTakeFirst();
  if (phoneTaken) return new Problem(409, 'resident.phone_taken', { phone: maskPhone(phone) ?? '' });
  const idTaken = await ctx.db
    .selectFrom('people')
    .select('id')
    .where('kind', '=', 'resident')
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
  if (idTaken) return new Problem(409, 'resident.id_number_taken', { idNumber: maskIdNumber(idNumber) });
  return null;
}

/**
 * Creates the account and its first session in one transaction, with the registration in the audit log.
 * Every bad field is reported at once; a phone or ID number already registered is a 409.
 */
export async function registerResident(
  ctx: AppContext,
  input: ResidentRegistration & { ip: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const errors: ValidationError[] = [];
  const name = checkName(input.name, errors);
  const id = validateIdNumber(input.idNumber, { field: 'idNumber', today: ctx.now() });
  if (!id.ok) errors.push(...id.errors);
  const phone = checkPhone(input.phone, errors);
  if (!isStrongPassword(input.password, phone)) {
    errors.push({
      field: 'password',
      code: 'auth.password_weak',
      message: '密码至少 10 位，须同时包含字母和数字',
    });
  }
  if (errors.length > 0 || !id.ok) throw invalid(errors);
  const idNumber = id.value.normalized;

  const taken = await takenBy(ctx, phone, idNumber);
  if (taken) throw taken;
  const org = await residentOrg(ctx);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { id: personId } = await trx
        .insertInto('people')
        .values({
          username: phone,
          display_name: name,
          password_hash: passwordHash,
          must_change_password: false,
          phone,
          org_code: org.code,
          org_path: org.path,
          kind: 'resident',
          id_number: idNumber,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const session = await openSession(trx, ctx, personId, input);
      await recordAudit(trx, {
        actorId: personId,
        actorName: name,
        action: 'person.register',
        entityType: 'person',
        entityId: personId,
        orgCode: org.code,
        orgPath: org.path,
        after: { kind: 'resident', name, idNumber: maskIdNumber(idNumber), phone: maskPhone(phone) },
        ip: input.ip,
      });
      const actor: Actor = {
        personId,
        username: phone,
        displayName: name,
        orgCode: org.code,
        grants: [],
        mustChangePassword: false,
        kind: 'resident',
      };
      return { ...session, actor };
    });
  } catch (error) {
    // Two registrations raced past the check above: the loser hears what the check would have said.
    const unique = uniqueViolation(error);
    if (!unique) throw error;
    if (unique.constraint.includes('id_number')) {
      throw new Problem(409, 'resident.id_number_taken', { idNumber: maskIdNumber(idNumber) });
    }
    throw new Problem(409, 'resident.phone_taken', { phone: maskPhone(phone) ?? '' });
  }
}

interface ResidentRow {
  id: string;
  display_name: string;
  id_number: string | null;
  phone: string | null;
  org_code: string;
  org_path: string;
}

async function residentRow(ctx: AppContext, actor: Actor): Promise<ResidentRow> {
  const row = await ctx.db
    .selectFrom('people')
    .select(['id', 'display_name', 'id_number', 'phone', 'org_code', 'org_path'])
    .where('id', '=', actor.personId)
    .where('kind', '=', 'resident')
    .executeTakeFirst();
  if (!row) throw new Problem(403, 'auth.residents_only');
  return row;
}

/**
 * The resident behind a session, unmasked: what an online filing puts in the case as its applicant
 * (cases module). Reading one's own data is not an audited disclosure.
 */
export async function readResident(
  ctx: AppContext,
  actor: Actor,
): Promise<{ personId: string; name: string; idNumber: string; phone: string }> {
  const row = await residentRow(ctx, actor);
  return { personId: row.id, name: row.display_name, idNumber: row.id_number ?? '', phone: row.phone ?? '' };
}

function profileOf(row: ResidentRow): ResidentProfile {
  return {
    name: row.display_name,
    idNumber: maskIdNumber(row.id_number ?? ''),
    phone: row.phone ?? '',
  };
}

export async function readProfile(ctx: AppContext, actor: Actor): Promise<ResidentProfile> {
  return profileOf(await residentRow(ctx, actor));
}

/**
 * Changes the name and the mobile number (which is also the sign-in name). The ID number stays: it is
 * who the account is, and a wrong one means a new registration at a window, not an edit.
 */
export async function updateProfile(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; phone: string; ip: string },
): Promise<ResidentProfile> {
  const row = await residentRow(ctx, actor);
  const errors: ValidationError[] = [];
  const name = checkName(input.name, errors);
  const phone = checkPhone(input.phone, errors);
  if (errors.length > 0) throw invalid(errors);
  if (name === row.display_name && phone === row.phone) return profileOf(row);
  if (phone !== row.phone) {
    const taken = await ctx.db
      .selectFrom('people')
      .select('id')
      .where('username', '=', phone)
      .executeTakeFirst();
    if (taken) throw new Problem(409, 'resident.phone_taken', { phone: maskPhone(phone) ?? '' });
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('people')
        .set({ display_name: name, phone, username: phone, updated_at: ctx.now() })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, {
        actorId: actor.personId,
        actorName: name,
        action: 'person.update',
        entityType: 'person',
        entityId: row.id,
        orgCode: row.org_code,
        orgPath: row.org_path,
        before: { name: row.display_name, phone: maskPhone(row.phone) },
        after: { name, phone: maskPhone(phone) },
        ip: input.ip,
      });
    });
  } catch (error) {
    if (uniqueViolation(error)) {
      throw new Problem(409, 'resident.phone_taken', { phone: maskPhone(phone) ?? '' });
    }
    throw error;
  }
  return profileOf({ ...row, display_name: name, phone });
}
