-- Electronic supervision (module: supervision, 效能电子监察): lights and warnings of open case clocks,
-- counters per org and day, urges (督办), daily summaries and the monthly evaluation; plus the runs of
-- the background job scheduler (server/jobs). Every row that belongs somewhere carries its org path, so
-- "this township and everything under it" is one prefix query, and county_code for the scale path.

-- One row per open (not stopped) clock of a case, kept by the case listener inside each transition's
-- transaction and by the sweeper as time passes. `clock` is the clock as the case file recorded it; the
-- overdue flag is evaluated on the same clock with the legal limit (legal_mode 'limit', legal_limit), on
-- the clock itself ('self') or never ('none'): see core/supervision/lights.ts.
CREATE TABLE case_clock_watch (
  case_id            uuid NOT NULL REFERENCES cases (id),
  clock_key          text NOT NULL,
  county_code        text NOT NULL,
  -- Copied from the case at each transition, so the monitor and the warnings need no other table.
  case_number        text NOT NULL,
  item_name          text NOT NULL,
  case_status        text NOT NULL,
  clock_name         text NOT NULL,
  handling_org_code  text NOT NULL,
  handling_org_path  text NOT NULL,
  department_code    text NOT NULL,
  department_path    text NOT NULL,
  -- Who must act for this clock (server/cases caseHandlers): an org and a lifecycle role.
  handler_org_code   text NOT NULL,
  handler_org_path   text NOT NULL,
  handler_role       text NOT NULL,
  -- The staff member who last acted on the case (最近经办人); null until someone has.
  staff_person_id    text,
  staff_name         text,
  clock              jsonb NOT NULL,
  legal_mode         text NOT NULL CHECK (legal_mode IN ('self', 'limit', 'none')),
  legal_limit        jsonb,
  light              text NOT NULL CHECK (light IN ('green', 'yellow', 'red')),
  overdue            boolean NOT NULL,
  paused             boolean NOT NULL,
  deadline           timestamptz NOT NULL,
  legal_deadline     timestamptz,
  -- When the light or the overdue flag next changes by time alone; null while paused or when nothing
  -- more can change. The sweeper reads only rows whose change is due.
  next_change_at     timestamptz,
  -- A deadline that reaches a year whose holidays are not loaded is unknown, never guessed: the year is
  -- named here, the light stays as last known (green for a new clock), and the row is looked at again
  -- daily until an administrator loads that year.
  calendar_gap       integer,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (case_id, clock_key)
);
CREATE INDEX case_clock_watch_due ON case_clock_watch (next_change_at) WHERE next_change_at IS NOT NULL;
CREATE INDEX case_clock_watch_handling ON case_clock_watch (handling_org_path text_pattern_ops);
CREATE INDEX case_clock_watch_department ON case_clock_watch (department_path text_pattern_ops);

-- Open cases per org by their worst light, and how many are overdue or paused: what the monitor's counts
-- and the dashboards read, so their cost follows the number of orgs, not of cases. Kept with deltas by the
-- same code that writes case_clock_watch; `dimension` says whether the org is the unit that received the
-- case ('handling': window, center, station) or the department that decides it ('department').
CREATE TABLE case_light_gauges (
  county_code text NOT NULL,
  dimension   text NOT NULL CHECK (dimension IN ('handling', 'department')),
  org_code    text NOT NULL,
  org_path    text NOT NULL,
  bucket      text NOT NULL CHECK (bucket IN ('green', 'yellow', 'red', 'overdue', 'paused')),
  count       integer NOT NULL,
  PRIMARY KEY (county_code, dimension, org_code, bucket)
);
CREATE INDEX case_light_gauges_path ON case_light_gauges (dimension, org_path text_pattern_ops);

-- What happened per org, Shanghai day and metric (core/supervision/statistics.ts METRICS), incremented in
-- the transaction of the transition (or the sweep) that made it happen. 'staff' rows count per person at
-- the handling org; 'handling' and 'department' rows per org, person_id ''.
CREATE TABLE case_counters (
  county_code text NOT NULL,
  dimension   text NOT NULL CHECK (dimension IN ('handling', 'department', 'staff')),
  org_code    text NOT NULL,
  org_path    text NOT NULL,
  person_id   text NOT NULL DEFAULT '',
  day         date NOT NULL,
  metric      text NOT NULL,
  count       bigint NOT NULL,
  PRIMARY KEY (county_code, dimension, org_code, person_id, day, metric)
);
CREATE INDEX case_counters_path ON case_counters (dimension, org_path text_pattern_ops, day);
CREATE INDEX case_counters_day ON case_counters (dimension, day);

-- The first time a clock turned yellow, red or overdue: written once per clock and kind.
CREATE TABLE case_warnings (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code       text NOT NULL,
  case_id           uuid NOT NULL REFERENCES cases (id),
  clock_key         text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('yellow', 'red', 'overdue')),
  handling_org_code text NOT NULL,
  handling_org_path text NOT NULL,
  department_path   text NOT NULL,
  handler_org_code  text NOT NULL,
  handler_org_path  text NOT NULL,
  handler_role      text NOT NULL,
  deadline          timestamptz,
  at                timestamptz NOT NULL,
  UNIQUE (case_id, clock_key, kind)
);
CREATE INDEX case_warnings_handling ON case_warnings (handling_org_path text_pattern_ops, at);
CREATE INDEX case_warnings_handler ON case_warnings (handler_org_path text_pattern_ops, at);

-- 督办: a supervisor or leader urges a case; its handler answers by a date, or it escalates.
CREATE TABLE urges (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code           text NOT NULL,
  case_id               uuid NOT NULL REFERENCES cases (id),
  case_number           text NOT NULL,
  handling_org_path     text NOT NULL,
  department_path       text NOT NULL,
  by_person_id          uuid NOT NULL REFERENCES people (id),
  by_name               text NOT NULL,
  note                  text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  -- The Shanghai date the answer is due; reply_due_at is the end of that day.
  reply_by              date NOT NULL,
  reply_due_at          timestamptz NOT NULL,
  -- Who must answer (the first of the case's handlers when urged), and all of them.
  handler_org_code      text NOT NULL,
  handler_org_path      text NOT NULL,
  handler_role          text NOT NULL,
  handlers              jsonb NOT NULL,
  status                text NOT NULL CHECK (status IN ('open', 'answered', 'withdrawn', 'escalated')),
  reply                 text CHECK (reply IS NULL OR length(reply) BETWEEN 1 AND 2000),
  answered_at           timestamptz,
  answered_by           uuid REFERENCES people (id),
  answered_by_name      text,
  withdrawn_at          timestamptz,
  withdrawn_by          uuid REFERENCES people (id),
  escalated_at          timestamptz,
  escalated_to_org_code text,
  escalated_to_org_path text,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  CHECK ((status = 'answered') = (answered_at IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
-- The sweeper escalates open urges whose answer is overdue.
CREATE INDEX urges_due ON urges (reply_due_at) WHERE status = 'open';
CREATE INDEX urges_handler ON urges (handler_org_path text_pattern_ops, status, created_at);
CREATE INDEX urges_handling ON urges (handling_org_path text_pattern_ops, created_at);
CREATE INDEX urges_case ON urges (case_id, created_at);

-- The daily summary (每日汇总) per window and per center: the figures of SUMMARY_METRICS for one day.
CREATE TABLE daily_summaries (
  county_code  text NOT NULL,
  org_code     text NOT NULL,
  org_path     text NOT NULL,
  org_kind     text NOT NULL,
  day          date NOT NULL,
  figures      jsonb NOT NULL,
  generated_at timestamptz NOT NULL,
  -- The person who asked for it; null when the scheduled job made it.
  generated_by uuid REFERENCES people (id),
  PRIMARY KEY (county_code, org_code, day)
);
CREATE INDEX daily_summaries_path ON daily_summaries (org_path text_pattern_ops, day);

-- Evaluation schemes: the weights of the indicators (summing to 100) and how many honours to propose.
-- The newest scheme of an org is the one in force there.
CREATE TABLE evaluation_schemes (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code     text NOT NULL,
  org_code        text NOT NULL REFERENCES orgs (code),
  org_path        text NOT NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  weights         jsonb NOT NULL,
  red_flag_count  integer NOT NULL CHECK (red_flag_count BETWEEN 0 AND 100),
  excellent_count integer NOT NULL CHECK (excellent_count BETWEEN 0 AND 100),
  created_at      timestamptz NOT NULL,
  created_by      uuid NOT NULL REFERENCES people (id)
);
CREATE INDEX evaluation_schemes_org ON evaluation_schemes (org_path text_pattern_ops, created_at);

-- Manual deductions (扣分) for a month, each with its reason; withdrawn ones stay for the record.
CREATE TABLE evaluation_deductions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code   text NOT NULL,
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  subject_kind  text NOT NULL CHECK (subject_kind IN ('org', 'person')),
  subject_id    text NOT NULL,
  -- The org the subject belongs to (the window itself, or the person's unit): access is checked here.
  org_code      text NOT NULL,
  org_path      text NOT NULL,
  points        numeric(6, 2) NOT NULL CHECK (points > 0 AND points <= 100),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at    timestamptz NOT NULL,
  created_by    uuid NOT NULL REFERENCES people (id),
  withdrawn_at  timestamptz,
  withdrawn_by  uuid REFERENCES people (id)
);
CREATE INDEX evaluation_deductions_month ON evaluation_deductions (month, org_path text_pattern_ops);

-- The computed evaluation of a month within a scope (a county or a township): one row per window and per
-- staff member, with the rank, the honour once a supervisor confirms it, and when it was published.
CREATE TABLE evaluation_results (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code    text NOT NULL,
  month          text NOT NULL,
  scope_org_code text NOT NULL,
  scope_org_path text NOT NULL,
  scheme_id      uuid NOT NULL REFERENCES evaluation_schemes (id),
  subject_kind   text NOT NULL CHECK (subject_kind IN ('org', 'person')),
  subject_id     text NOT NULL,
  subject_name   text NOT NULL,
  org_code       text NOT NULL,
  org_path       text NOT NULL,
  counts         jsonb NOT NULL,
  indicators     jsonb NOT NULL,
  base_score     numeric(6, 2),
  deductions     numeric(6, 2) NOT NULL,
  score          numeric(6, 2),
  rank           integer,
  candidate      boolean NOT NULL,
  honour         text CHECK (honour IN ('red_flag_window', 'excellent_staff')),
  computed_at    timestamptz NOT NULL,
  confirmed_at   timestamptz,
  confirmed_by   uuid REFERENCES people (id),
  published_at   timestamptz,
  UNIQUE (month, scope_org_code, subject_kind, subject_id)
);
CREATE INDEX evaluation_results_scope ON evaluation_results (scope_org_path text_pattern_ops, month);
CREATE INDEX evaluation_results_published ON evaluation_results (month) WHERE published_at IS NOT NULL;

-- The background scheduler: when each job last ran (read and written under the job's advisory lock, so
-- several server processes run a daily job once a day and an interval job once an interval).
CREATE TABLE job_runs (
  name          text PRIMARY KEY,
  last_started  timestamptz NOT NULL,
  last_finished timestamptz,
  last_status   text NOT NULL CHECK (last_status IN ('running', 'ok', 'failed')),
  last_error    text,
  last_result   jsonb
);
