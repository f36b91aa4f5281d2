import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Role } from '../../core/org/roles.ts';
import type { DB, OrgKind, OrgsTable } from '../db/schema.ts';
import { newOrgRow } from './org-store.ts';
import { hashPassword } from './passwords.ts';

/** Published on the login page in demo mode only; outside demo mode no account gets it. */
export const DEMO_PASSWORD = 'Bianmin2026';

interface DemoAccount {
  username: string;
  displayName: string;
  /** Where the person works, by the name of a demo unit (see demoUnits) or a region code. */
  home: string;
  roles: { role: Role; org: string }[];
}

// Codes of the demo county's units are assigned in creation order below, so they are stable:
// 511723-1 is the county government service center, 511723100-1 新宁镇便民服务中心, and so on.
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', home: '511723', roles: [{ role: 'admin', org: '511723' }] },
  {
    username: 'supervisor',
    displayName: '县效能办 刘监察',
    home: '511723',
    roles: [{ role: 'supervisor', org: '511723' }],
  },
  {
    username: 'leader',
    displayName: '县政府 王县长',
    home: '511723',
    roles: [{ role: 'leader', org: '511723' }],
  },
  {
    username: 'county_clerk',
    displayName: '县政务中心 陈窗口',
    home: '511723-1',
    roles: [{ role: 'window_staff', org: '511723-1' }],
  },
  {
    username: 'approver',
    displayName: '县市场监管局 赵审批',
    home: '511723-2',
    roles: [{ role: 'approver', org: '511723-2' }],
  },
  {
    username: 'xinning_admin',
    displayName: '新宁镇 管理员',
    home: '511723100',
    roles: [{ role: 'admin', org: '511723100' }],
  },
  {
    username: 'xinning_clerk',
    displayName: '新宁镇便民服务中心 李窗口',
    home: '511723100-1',
    roles: [
      { role: 'window_staff', org: '511723100-1' },
      { role: 'approver', org: '511723100' },
    ],
  },
  {
    username: 'puan_clerk',
    displayName: '普安镇便民服务中心 张窗口',
    home: '511723101-1',
    roles: [
      { role: 'window_staff', org: '511723101-1' },
      { role: 'approver', org: '511723101' },
    ],
  },
  {
    username: 'village_proxy',
    displayName: '村代办员 周代办',
    home: '511723100001',
    roles: [{ role: 'village_proxy', org: '511723100001' }],
  },
  {
    username: 'culture',
    displayName: '新宁镇综合文化站 吴站长',
    home: '511723100-2',
    roles: [{ role: 'culture_manager', org: '511723100' }],
  },
  {
    username: 'librarian',
    displayName: '县图书馆 郑馆员',
    home: '511723-11',
    roles: [{ role: 'librarian', org: '511723' }],
  },
  {
    username: 'doctor',
    displayName: '新宁镇卫生院 孙医生',
    home: '511723100-3',
    roles: [{ role: 'doctor', org: '511723100' }],
  },
  // The county departments that decide 上报件 (民政局) and answer 联办件 (卫健局) in the demo catalog.
  {
    username: 'civil_approver',
    displayName: '县民政局 钱审批',
    home: '511723-4',
    roles: [{ role: 'approver', org: '511723-4' }],
  },
  {
    username: 'health_approver',
    displayName: '县卫健局 冯审批',
    home: '511723-6',
    roles: [{ role: 'approver', org: '511723-6' }],
  },
];

const COUNTY_DEPARTMENTS = [
  '市场监督管理局',
  '人力资源和社会保障局',
  '民政局',
  '自然资源和规划局',
  '卫生健康局',
  '文化广播电视和旅游局',
  '医疗保障局',
  '林业局',
  '残疾人联合会',
];
const COUNTY_CENTER_WINDOWS = ['综合受理窗口', '企业开办窗口', '社保医保窗口', '不动产登记窗口', '出件窗口'];
const TOWNSHIP_CENTER_WINDOWS = ['综合窗口', '社保民政窗口'];

interface UnitSpec {
  kind: OrgKind;
  name: string;
  facilityType?: string;
  children?: UnitSpec[];
}

/** "淙城社区居民委员会" → "淙城社区", "金山村民委员会" → "金山村": how people name the place. */
export function shortVillageName(name: string): string {
  return name
    .replace(/居民委员会$/, '')
    .replace(/村民委员会$/, '村')
    .replace(/居委会$/, '');
}

function countyUnits(countyName: string): UnitSpec[] {
  return [
    {
      kind: 'center',
      name: `${countyName}政务服务中心`,
      children: COUNTY_CENTER_WINDOWS.map((name) => ({ kind: 'window' as const, name })),
    },
    ...COUNTY_DEPARTMENTS.map((d) => ({ kind: 'department' as const, name: `${countyName}${d}` })),
    { kind: 'facility', name: `${countyName}图书馆`, facilityType: 'library_branch' },
    { kind: 'facility', name: `${countyName}文化馆`, facilityType: 'culture_station' },
  ];
}

function townshipUnits(name: string): UnitSpec[] {
  return [
    {
      kind: 'center',
      name: `${name}便民服务中心`,
      children: TOWNSHIP_CENTER_WINDOWS.map((w) => ({ kind: 'window' as const, name: w })),
    },
    { kind: 'facility', name: `${name}综合文化站`, facilityType: 'culture_station' },
    {
      kind: 'facility',
      name: name.endsWith('街道') ? `${name}社区卫生服务中心` : `${name}卫生院`,
      facilityType: 'health_center',
    },
  ];
}

function villageUnits(name: string): UnitSpec[] {
  const place = shortVillageName(name);
  return [
    { kind: 'station', name: `${place}便民服务站`, children: [{ kind: 'window', name: '代办窗口' }] },
    { kind: 'facility', name: `${place}农家书屋`, facilityType: 'rural_library' },
    { kind: 'facility', name: `${place}卫生室`, facilityType: 'village_clinic' },
  ];
}

type OrgInsert = Insertable<OrgsTable>;

/** Units as rows, with codes `<parent>-<n>` in the order given. */
function unitRows(parent: { code: string; path: string }, specs: UnitSpec[], out: OrgInsert[]) {
  specs.forEach((spec, i) => {
    const row = newOrgRow(parent.path, { ...spec, code: `${parent.code}-${i + 1}` });
    out.push(row);
    if (spec.children) unitRows(row, spec.children, out);
  });
}

/**
 * The demo county's service network and one account per role, so a visitor can sign in and see each
 * person's view. Only for a freshly imported county with no units yet.
 */
export async function seedDemoNetwork(db: Kysely<DB>, countyCode: string): Promise<void> {
  const regions = await db
    .selectFrom('orgs')
    .select(['code', 'name', 'path', 'depth', 'kind'])
    .where('county_code', '=', countyCode)
    .where('kind', 'in', ['county', 'township', 'village'])
    .orderBy('code')
    .execute();
  const rows: OrgInsert[] = [];
  for (const region of regions) {
    const specs =
      region.kind === 'county'
        ? countyUnits(region.name)
        : region.kind === 'township'
          ? townshipUnits(region.name)
          : villageUnits(region.name);
    unitRows(region, specs, rows);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('orgs')
        .values(rows.slice(i, i + 500))
        .execute();
    const paths = new Map(
      (
        await trx.selectFrom('orgs').select(['code', 'path']).where('county_code', '=', countyCode).execute()
      ).map((r) => [r.code, r.path]),
    );
    for (const account of DEMO_ACCOUNTS) {
      const { id } = await trx
        .insertInto('people')
        .values({
          username: account.username,
          display_name: account.displayName,
          password_hash: passwordHash,
          must_change_password: false,
          phone: `1380838${String(DEMO_ACCOUNTS.indexOf(account)).padStart(4, '0')}`,
          org_code: account.home,
          org_path: paths.get(account.home)!,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const r of account.roles) {
        await trx
          .insertInto('role_assignments')
          .values({ person_id: id, role: r.role, org_code: r.org, org_path: paths.get(r.org)! })
          .execute();
      }
    }
  });
}

/**
 * Outside demo mode the first start creates one administrator with a random password that must be changed
 * at first sign-in (or the one given in BIANMIN_ADMIN_PASSWORD). The password is returned to be shown once.
 */
export async function seedFirstAdmin(
  db: Kysely<DB>,
  countyCode: string,
  givenPassword: string | undefined,
): Promise<string> {
  const password = givenPassword || randomBytes(12).toString('base64url');
  const county = await db
    .selectFrom('orgs')
    .select(['code', 'path'])
    .where('code', '=', countyCode)
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('people')
      .values({
        username: 'admin',
        display_name: '系统管理员',
        password_hash: await hashPassword(password),
        must_change_password: true,
        org_code: county.code,
        org_path: county.path,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_assignments')
      .values({ person_id: id, role: 'admin', org_code: county.code, org_path: county.path })
      .execute();
  });
  return password;
}
