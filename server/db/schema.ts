import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date or ISO text and always read back as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default (now()). */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: DefaultedTimestamp;
}

export type OrgKind =
  | 'province'
  | 'city'
  | 'county'
  | 'township'
  | 'village'
  | 'department'
  | 'center'
  | 'station'
  | 'window'
  | 'facility';

export interface OrgsTable {
  code: string;
  parent_code: string | null;
  path: string;
  depth: number;
  kind: OrgKind;
  name: string;
  name_initials: Defaulted<string>;
  facility_type: string | null;
  status: Defaulted<'active' | 'removed'>;
  county_code: string;
  sort_key: Defaulted<string>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  removed_at: NullableTimestamp;
}

export interface OrgHistoryTable {
  id: Generated<number>;
  code: string;
  name: string;
  status: string;
  source: string;
  valid_from: DefaultedTimestamp;
  valid_to: NullableTimestamp;
}

export interface PeopleTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Defaulted<boolean>;
  phone: string | null;
  org_code: string;
  org_path: string;
  status: Defaulted<'active' | 'disabled'>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface RoleAssignmentsTable {
  id: Generated<string>;
  person_id: string;
  role: string;
  org_code: string;
  org_path: string;
  granted_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface SessionsTable {
  token_hash: string;
  person_id: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultedTimestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  org_code: string;
  org_path: string;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  loaded_at: DefaultedTimestamp;
  loaded_by: string;
}

export interface CalendarDaysTable {
  date: string;
  year: number;
  kind: 'holiday' | 'adjusted_workday';
  name: string | null;
}

export interface DB {
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  schema_migrations: SchemaMigrationsTable;
  orgs: OrgsTable;
  org_history: OrgHistoryTable;
  people: PeopleTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
