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

export interface CatalogItemsTable {
  id: Generated<string>;
  county_code: string;
  department_code: string;
  department_path: string;
  region_path: string;
  level: 'county' | 'township' | 'village';
  basic_code: string;
  implementation_code: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

/** jsonb columns are written as JSON text and read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface CatalogVersionsTable {
  id: Generated<string>;
  item_id: string;
  version: number;
  status: Defaulted<'draft' | 'review' | 'published' | 'retired'>;
  name: string;
  name_initials: string;
  item_type: string;
  legal_basis: string;
  conditions: string;
  materials: Json<unknown>;
  steps: Json<unknown>;
  legal_limit: ColumnType<unknown, string | null, string | null>;
  promised_limit: Json<unknown>;
  handling_kind: string;
  handling: Json<unknown>;
  charged: boolean;
  fees: Json<unknown>;
  place: string;
  hours: string;
  consult_phone: string;
  complaint_phone: string;
  online_apply: boolean;
  appointment: boolean;
  proxy_allowed: boolean;
  max_visits: number;
  themes: string[];
  faq: Json<unknown>;
  authors: Json<unknown>;
  created_at: DefaultedTimestamp;
  created_by: string | null;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  returned_at: NullableTimestamp;
  returned_by: string | null;
  return_reason: string | null;
  published_at: NullableTimestamp;
  published_by: string | null;
  retired_at: NullableTimestamp;
  retired_by: string | null;
}

/** Windows accepting an item and villages allowed to proxy it: the same shape, kept by the same code. */
export interface CatalogPlacementsTable {
  item_id: string;
  org_code: string;
  org_path: string;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface CatalogFilesTable {
  id: Generated<string>;
  item_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: DefaultedTimestamp;
  created_by: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  county_code: string;
  case_number: string;
  query_code_hash: string;
  item_id: string;
  version_id: string;
  department_code: string;
  department_path: string;
  handling_org_code: string;
  handling_org_path: string;
  applicant_kind: 'person' | 'enterprise';
  applicant_name: string;
  applicant_identifier: string;
  applicant_phone: string;
  proxy_person_id: string | null;
  proxy_consent: string | null;
  materials: Json<unknown>;
  status: string;
  state: Json<unknown>;
  last_hash: string;
  received_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  version: Defaulted<number>;
}

export interface CaseEventsTable {
  case_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  org_code: string;
  action: string;
  payload: Json<unknown>;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeysTable {
  key: string;
  actor_id: string;
  request_hash: string;
  response_status: number;
  response_body: Json<unknown>;
  created_at: DefaultedTimestamp;
}

export interface CaseNumberSequencesTable {
  center_code: string;
  date: string;
  last: number;
}

export interface DB {
  cases: CasesTable;
  case_events: CaseEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  case_number_sequences: CaseNumberSequencesTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  catalog_items: CatalogItemsTable;
  catalog_versions: CatalogVersionsTable;
  catalog_item_windows: CatalogPlacementsTable;
  catalog_item_proxies: CatalogPlacementsTable;
  catalog_files: CatalogFilesTable;
  schema_migrations: SchemaMigrationsTable;
  orgs: OrgsTable;
  org_history: OrgHistoryTable;
  people: PeopleTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
