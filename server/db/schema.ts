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
  /** 'resident': an online applicant's own account (no roles, username = mobile number). */
  kind: Defaulted<'staff' | 'resident'>;
  /** 居民身份证号码, normalised; residents only, unique among them. */
  id_number: ColumnType<string | null, string | null | undefined, string | null>;
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
  applicant_person_id: string | null;
  channel: Defaulted<'online' | 'window' | 'proxy'>;
  query_code_sealed: string | null;
}

export interface CaseTasksTable {
  case_id: string;
  org_code: string;
  org_path: string;
  status: 'pending' | 'answered';
  answered_at: NullableTimestamp;
}

export interface CaseFilesTable {
  id: Generated<string>;
  case_id: string;
  material: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_at: Timestamp;
  uploaded_by_id: string;
  uploaded_by_name: string;
}

export interface CaseFeesTable {
  id: Generated<string>;
  case_id: string;
  name: string;
  amount_fen: number;
  payer: string;
  receipt_number: string;
  paid_at: Timestamp;
  recorded_by_id: string;
  recorded_by_name: string;
}

export interface FeeReceiptSequencesTable {
  center_code: string;
  year: number;
  last: number;
}

export interface ProcedureRoleAssignmentsTable {
  person_id: string;
  org_code: string;
  org_path: string;
  procedure_role: string;
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

export interface NotificationsTable {
  id: Generated<string>;
  county_code: string;
  channel: 'sms' | 'in_app';
  /** The person's id (in_app) or the mobile number (sms). */
  recipient: string;
  template: string;
  params: Json<unknown>;
  text: string;
  case_id: string | null;
  org_code: string;
  org_path: string;
  status: Defaulted<'pending' | 'sent' | 'failed'>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  read_at: NullableTimestamp;
}

/** Supervision (migrations/008_supervision.sql). */
export interface CaseClockWatchTable {
  case_id: string;
  clock_key: string;
  county_code: string;
  case_number: string;
  item_name: string;
  case_status: string;
  clock_name: string;
  handling_org_code: string;
  handling_org_path: string;
  department_code: string;
  department_path: string;
  handler_org_code: string;
  handler_org_path: string;
  handler_role: string;
  staff_person_id: string | null;
  staff_name: string | null;
  clock: Json<unknown>;
  legal_mode: 'self' | 'limit' | 'none';
  legal_limit: ColumnType<unknown, string | null, string | null>;
  light: 'green' | 'yellow' | 'red';
  overdue: boolean;
  paused: boolean;
  deadline: Timestamp;
  legal_deadline: NullableTimestamp;
  next_change_at: NullableTimestamp;
  calendar_gap: number | null;
  updated_at: Timestamp;
}

export interface CaseLightGaugesTable {
  county_code: string;
  dimension: 'handling' | 'department';
  org_code: string;
  org_path: string;
  bucket: 'green' | 'yellow' | 'red' | 'overdue' | 'paused';
  count: number;
}

export interface CaseCountersTable {
  county_code: string;
  dimension: 'handling' | 'department' | 'staff';
  org_code: string;
  org_path: string;
  person_id: Defaulted<string>;
  day: string;
  metric: string;
  count: number;
}

export interface CaseWarningsTable {
  id: Generated<string>;
  county_code: string;
  case_id: string;
  clock_key: string;
  kind: 'yellow' | 'red' | 'overdue';
  handling_org_code: string;
  handling_org_path: string;
  department_path: string;
  handler_org_code: string;
  handler_org_path: string;
  handler_role: string;
  deadline: NullableTimestamp;
  at: Timestamp;
}

export interface UrgesTable {
  id: Generated<string>;
  county_code: string;
  case_id: string;
  case_number: string;
  handling_org_path: string;
  department_path: string;
  by_person_id: string;
  by_name: string;
  note: string;
  reply_by: string;
  reply_due_at: Timestamp;
  handler_org_code: string;
  handler_org_path: string;
  handler_role: string;
  handlers: Json<unknown>;
  status: 'open' | 'answered' | 'withdrawn' | 'escalated';
  reply: string | null;
  answered_at: NullableTimestamp;
  answered_by: string | null;
  answered_by_name: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  escalated_at: NullableTimestamp;
  escalated_to_org_code: string | null;
  escalated_to_org_path: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DailySummariesTable {
  county_code: string;
  org_code: string;
  org_path: string;
  org_kind: string;
  day: string;
  figures: Json<unknown>;
  generated_at: Timestamp;
  generated_by: string | null;
}

export interface EvaluationSchemesTable {
  id: Generated<string>;
  county_code: string;
  org_code: string;
  org_path: string;
  name: string;
  weights: Json<unknown>;
  red_flag_count: number;
  excellent_count: number;
  created_at: Timestamp;
  created_by: string;
}

export interface EvaluationDeductionsTable {
  id: Generated<string>;
  county_code: string;
  month: string;
  subject_kind: 'org' | 'person';
  subject_id: string;
  org_code: string;
  org_path: string;
  points: number;
  reason: string;
  created_at: Timestamp;
  created_by: string;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
}

export interface EvaluationResultsTable {
  id: Generated<string>;
  county_code: string;
  month: string;
  scope_org_code: string;
  scope_org_path: string;
  scheme_id: string;
  subject_kind: 'org' | 'person';
  subject_id: string;
  subject_name: string;
  org_code: string;
  org_path: string;
  counts: Json<unknown>;
  indicators: Json<unknown>;
  base_score: number | null;
  deductions: number;
  score: number | null;
  rank: number | null;
  candidate: boolean;
  honour: 'red_flag_window' | 'excellent_staff' | null;
  computed_at: Timestamp;
  confirmed_at: NullableTimestamp;
  confirmed_by: string | null;
  published_at: NullableTimestamp;
}

export interface JobRunsTable {
  name: string;
  last_started: Timestamp;
  last_finished: NullableTimestamp;
  last_status: 'running' | 'ok' | 'failed';
  last_error: string | null;
  last_result: ColumnType<unknown, string | null, string | null>;
}

// Hotline (migrations/010_hotline.sql). jsonb columns are written as JSON text and read back parsed.
type HotlineJson<T> = ColumnType<T, string, string>;
type HotlineNullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface HotlineCategoriesTable {
  id: Generated<string>;
  county_code: string;
  code: string;
  name: string;
  name_initials: string;
  parent_code: string | null;
  description: Defaulted<string>;
  keywords: Defaulted<string>;
  urgency: 'urgent' | 'general' | 'complex';
  limit_value: number;
  limit_unit: 'hours' | 'working_days' | 'natural_days';
  max_extension: Defaulted<number>;
  targets: HotlineJson<unknown>;
  any_township: Defaulted<boolean>;
  attributes: HotlineJson<unknown>;
  active: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HotlineApiClientsTable {
  id: Generated<string>;
  county_code: string;
  center_code: string;
  center_path: string;
  name: string;
  contact: Defaulted<string>;
  response_mode: Defaulted<'realtime' | 'batch'>;
  key_prefix: string;
  key_hash: string;
  created_by_id: string;
  created_by_name: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface HotlineOrdersTable {
  id: Generated<string>;
  county_code: string;
  number: string;
  query_code_hash: string;
  token: string | null;
  channel: 'phone' | 'portal' | 'open311';
  api_client_id: string | null;
  center_code: string;
  center_path: string;
  category_id: string;
  kind: 'request' | 'complaint' | 'report' | 'inquiry' | 'suggestion' | 'praise';
  urgency: 'urgent' | 'general' | 'complex';
  caller_name: string;
  caller_phone: string | null;
  caller_email: string | null;
  content: string;
  address: string | null;
  address_id: string | null;
  location_org_code: string | null;
  location_org_path: string | null;
  lat: number | null;
  lng: number | null;
  attributes: HotlineJson<unknown>;
  media_url: string | null;
  status:
    | 'registered'
    | 'dispatched'
    | 'send_back_pending'
    | 'accepted'
    | 'replied'
    | 'revisited'
    | 'closed'
    | 'merged';
  receiver_org_code: string | null;
  receiver_org_path: string | null;
  clock: HotlineNullableJson<unknown>;
  deadline: NullableTimestamp;
  send_back: HotlineNullableJson<unknown>;
  send_back_count: Defaulted<number>;
  extension_request: HotlineNullableJson<unknown>;
  reply: string | null;
  replied_by_org_code: string | null;
  on_time: boolean | null;
  revisit_reached: boolean | null;
  satisfaction: 'very_satisfied' | 'satisfied' | 'basic' | 'unsatisfied' | 'very_unsatisfied' | null;
  revisit_note: string | null;
  merged_into: string | null;
  submit_key: string | null;
  created_by_id: string;
  created_by_name: string;
  created_at: Timestamp;
  dispatched_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  replied_at: NullableTimestamp;
  revisited_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface HotlineOrderEventsTable {
  order_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  org_code: string;
  org_path: string;
  payload: HotlineJson<unknown>;
}

export interface HotlineNumberSequencesTable {
  county_code: string;
  date: string;
  last: number;
}

// Feedback (migrations/009_feedback.sql): ratings, rectification orders, revisits, complaints, limits.

export interface FeedbackLimitsTable {
  org_code: string;
  org_path: string;
  county_code: string;
  verify_days: number;
  rectify_days: number;
  complaint_days: number;
  updated_at: Timestamp;
  updated_by: string;
  updated_by_name: string;
}

export interface FeedbackSequencesTable {
  kind: 'rectification' | 'complaint';
  county_code: string;
  date: string;
  last: number;
}

export interface RatingsTable {
  id: Generated<string>;
  county_code: string;
  kind: 'case' | 'visit';
  case_id: string | null;
  case_number: string | null;
  item_name: string | null;
  org_code: string;
  org_path: string;
  department_code: string | null;
  department_path: string | null;
  staff_person_id: string | null;
  staff_name: string | null;
  visit_date: ColumnType<string | null, string | null | undefined, string | null>;
  level: string;
  score_overall: number;
  score_efficiency: number | null;
  score_guide: number | null;
  score_convenience: number | null;
  score_attitude: number | null;
  comment: string | null;
  channel: string;
  named: boolean;
  rater_name: string | null;
  rater_phone: string | null;
  recorded_by: string | null;
  invalid: Defaulted<boolean>;
  created_at: Timestamp;
}

export interface RectificationOrdersTable {
  id: Generated<string>;
  county_code: string;
  order_number: string;
  rating_id: string;
  handler_org_code: string;
  handler_org_path: string;
  department_path: string | null;
  named: boolean;
  status: string;
  verify_clock: Json<unknown>;
  rectify_clock: Json<unknown>;
  verify_due: NullableTimestamp;
  rectify_due: NullableTimestamp;
  responded_at: NullableTimestamp;
  first_revisit_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  verification: string | null;
  measures: string | null;
  cannot_reason: string | null;
  cannot_decision: 'approved' | 'rejected' | null;
  cannot_decision_reason: string | null;
  appeal_kind: 'mistaken' | 'malicious' | null;
  appeal_reason: string | null;
  appeal_from: string | null;
  appealed_at: NullableTimestamp;
  appeal_decision: 'upheld' | 'rejected' | null;
  appeal_decision_reason: string | null;
  appeal_decided_at: NullableTimestamp;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RectificationRevisitsTable {
  id: Generated<string>;
  order_id: string;
  at: Timestamp;
  by_person_id: string;
  by_name: string;
  method: 'phone' | 'visit' | 'sms';
  result: string;
  satisfied: boolean;
}

export interface ComplaintsTable {
  id: Generated<string>;
  county_code: string;
  tracking_number: string;
  query_code_hash: string;
  channel: string;
  target_kind: string;
  target_org_code: string;
  target_org_path: string;
  target_org_name: string;
  target_person_id: string | null;
  target_staff_name: string | null;
  case_number: string | null;
  complainant_name: string;
  complainant_phone: string;
  content: string;
  assigned_org_code: string;
  assigned_org_path: string;
  status: string;
  clock: Json<unknown>;
  reply_due: NullableTimestamp;
  investigator_id: string | null;
  investigator_name: string | null;
  investigating_at: NullableTimestamp;
  finding: 'confirmed' | 'not_confirmed' | null;
  finding_text: string | null;
  reply: string | null;
  replied_at: NullableTimestamp;
  replied_by_name: string | null;
  satisfaction: string | null;
  satisfaction_source: 'complainant' | 'revisit' | null;
  satisfaction_at: NullableTimestamp;
  close_note: string | null;
  closed_at: NullableTimestamp;
  recorded_by: string | null;
  recorded_by_name: string | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FeedbackEventsTable {
  id: Generated<number>;
  entity_type: 'rectification' | 'complaint';
  entity_id: string;
  at: Timestamp;
  action: string;
  actor_id: string | null;
  actor_name: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

export interface DB {
  feedback_limits: FeedbackLimitsTable;
  feedback_sequences: FeedbackSequencesTable;
  ratings: RatingsTable;
  rectification_orders: RectificationOrdersTable;
  rectification_revisits: RectificationRevisitsTable;
  complaints: ComplaintsTable;
  feedback_events: FeedbackEventsTable;
  hotline_categories: HotlineCategoriesTable;
  hotline_api_clients: HotlineApiClientsTable;
  hotline_orders: HotlineOrdersTable;
  hotline_order_events: HotlineOrderEventsTable;
  hotline_number_sequences: HotlineNumberSequencesTable;
  case_clock_watch: CaseClockWatchTable;
  case_light_gauges: CaseLightGaugesTable;
  case_counters: CaseCountersTable;
  case_warnings: CaseWarningsTable;
  urges: UrgesTable;
  daily_summaries: DailySummariesTable;
  evaluation_schemes: EvaluationSchemesTable;
  evaluation_deductions: EvaluationDeductionsTable;
  evaluation_results: EvaluationResultsTable;
  job_runs: JobRunsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  case_number_sequences: CaseNumberSequencesTable;
  case_tasks: CaseTasksTable;
  case_files: CaseFilesTable;
  case_fees: CaseFeesTable;
  fee_receipt_sequences: FeeReceiptSequencesTable;
  procedure_role_assignments: ProcedureRoleAssignmentsTable;
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
  notifications: NotificationsTable;
}
