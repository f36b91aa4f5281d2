-- Feedback (module: feedback), part 1: 好差评 ratings, bad-rating rectification orders with their revisits,
-- complaints (投诉), and the limits a locality sets for them. Every row that belongs somewhere carries its
-- org path (subtree = prefix query) and county_code for the scale path. No foreign keys into other
-- modules' tables: a rating names its case by id and number, as notifications do.

-- The limits a region (county or township) applies, in working days; the nearest region up the tree with
-- a row wins, else the defaults of core/feedback/limits.ts (1 / 15 / 10). Edited by a supervisor.
CREATE TABLE feedback_limits (
  org_code        text PRIMARY KEY,
  org_path        text NOT NULL,
  county_code     text NOT NULL,
  verify_days     integer NOT NULL CHECK (verify_days BETWEEN 0 AND 10),
  rectify_days    integer NOT NULL CHECK (rectify_days BETWEEN 1 AND 60),
  complaint_days  integer NOT NULL CHECK (complaint_days BETWEEN 1 AND 60),
  updated_at      timestamptz NOT NULL,
  updated_by      text NOT NULL,
  updated_by_name text NOT NULL
);

-- Numbers handed out per county, kind and Shanghai day: ZG-… rectification orders, TS-… complaints.
CREATE TABLE feedback_sequences (
  kind        text NOT NULL CHECK (kind IN ('rectification', 'complaint')),
  county_code text NOT NULL,
  date        date NOT NULL,
  last        integer NOT NULL,
  PRIMARY KEY (kind, county_code, date)
);

-- One row per rating: per case (一事一评, at most one per case) or per window visit (一次一评).
CREATE TABLE ratings (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code       text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('case', 'visit')),
  case_id           uuid,
  case_number       text,
  item_name         text,
  -- The unit rated: the case's handling org (the window or center that served the resident), or the
  -- window of the visit.
  org_code          text NOT NULL,
  org_path          text NOT NULL,
  -- The department that decided the case (case ratings only).
  department_code   text,
  department_path   text,
  -- A visit's staff member, when the resident picked one.
  staff_person_id   text,
  staff_name        text,
  visit_date        date,
  level             text NOT NULL CHECK (level IN
                      ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
  score_overall     smallint NOT NULL CHECK (score_overall BETWEEN 1 AND 5),
  score_efficiency  smallint CHECK (score_efficiency BETWEEN 1 AND 5),
  score_guide       smallint CHECK (score_guide BETWEEN 1 AND 5),
  score_convenience smallint CHECK (score_convenience BETWEEN 1 AND 5),
  score_attitude    smallint CHECK (score_attitude BETWEEN 1 AND 5),
  comment           text CHECK (length(comment) <= 500),
  channel           text NOT NULL CHECK (channel IN ('portal', 'receipt_qr', 'hall_tablet', 'sms', 'hotline_12345')),
  named             boolean NOT NULL,
  rater_name        text,
  rater_phone       text,
  -- Staff who entered it for the resident (a 12345 operator); null when the resident rated.
  recorded_by       text,
  -- Set when the supervisor upholds the handler's appeal (无效差评): left out of every satisfaction figure.
  invalid           boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL,
  CHECK ((kind = 'case') = (case_id IS NOT NULL)),
  CHECK ((kind = 'visit') = (visit_date IS NOT NULL)),
  CHECK (named = (rater_phone IS NOT NULL)),
  CHECK (named OR rater_name IS NULL)
);
CREATE UNIQUE INDEX ratings_one_per_case ON ratings (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX ratings_org_path ON ratings (org_path text_pattern_ops, created_at);
CREATE INDEX ratings_department_path ON ratings (department_path text_pattern_ops, created_at)
  WHERE department_path IS NOT NULL;
CREATE INDEX ratings_created_at ON ratings (created_at);

-- A bad rating's rectification order (core/feedback/rectification.ts), opened in the rating's
-- transaction. Clocks are core/clock values stored as they were made; the due columns are their
-- deadlines (null while the deadline's year has no loaded calendar — the feedback.deadlines job fills
-- them in once it is loaded). Overdue is computed on read from these columns (docs/feedback.md).
CREATE TABLE rectification_orders (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code             text NOT NULL,
  order_number            text NOT NULL UNIQUE,
  rating_id               uuid NOT NULL UNIQUE REFERENCES ratings (id),
  handler_org_code        text NOT NULL,
  handler_org_path        text NOT NULL,
  department_path         text,
  named                   boolean NOT NULL,
  status                  text NOT NULL CHECK (status IN ('pending_verification', 'rectifying',
                            'cannot_rectify_requested', 'appealed', 'rectified', 'cannot_rectify', 'invalid')),
  verify_clock            jsonb NOT NULL,
  rectify_clock           jsonb NOT NULL,
  verify_due              timestamptz,
  rectify_due             timestamptz,
  -- The handler's first answer (verified, appealed or asked for 无法整改): stops the verification clock.
  responded_at            timestamptz,
  first_revisit_at        timestamptz,
  closed_at               timestamptz,
  verification            text,
  measures                text,
  cannot_reason           text,
  cannot_decision         text CHECK (cannot_decision IN ('approved', 'rejected')),
  cannot_decision_reason  text,
  appeal_kind             text CHECK (appeal_kind IN ('mistaken', 'malicious')),
  appeal_reason           text,
  appeal_from             text,
  appealed_at             timestamptz,
  appeal_decision         text CHECK (appeal_decision IN ('upheld', 'rejected')),
  appeal_decision_reason  text,
  appeal_decided_at       timestamptz,
  version                 integer NOT NULL DEFAULT 1,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL
);
CREATE INDEX rectification_orders_handler ON rectification_orders (handler_org_path text_pattern_ops, created_at DESC);
CREATE INDEX rectification_orders_department ON rectification_orders (department_path text_pattern_ops)
  WHERE department_path IS NOT NULL;
CREATE INDEX rectification_orders_open ON rectification_orders (status)
  WHERE status NOT IN ('rectified', 'cannot_rectify', 'invalid');

-- 回访 of a named bad rating: who called (or went), when, what came of it, whether the rater is satisfied.
CREATE TABLE rectification_revisits (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL REFERENCES rectification_orders (id),
  at            timestamptz NOT NULL,
  by_person_id  text NOT NULL,
  by_name       text NOT NULL,
  method        text NOT NULL CHECK (method IN ('phone', 'visit', 'sms')),
  result        text NOT NULL CHECK (length(result) BETWEEN 1 AND 1000),
  satisfied     boolean NOT NULL
);
CREATE INDEX rectification_revisits_order ON rectification_revisits (order_id, at);

-- Complaints (core/feedback/complaints.ts). The tracking number and the hash of its query code let the
-- complainant follow it on the portal; the code itself is shown once and never stored.
CREATE TABLE complaints (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code          text NOT NULL,
  tracking_number      text NOT NULL UNIQUE,
  query_code_hash      text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('portal', 'window', 'hotline_12345')),
  target_kind          text NOT NULL CHECK (target_kind IN ('window', 'staff', 'department')),
  target_org_code      text NOT NULL,
  target_org_path      text NOT NULL,
  target_org_name      text NOT NULL,
  target_person_id     text,
  target_staff_name    text,
  case_number          text,
  complainant_name     text NOT NULL,
  complainant_phone    text NOT NULL,
  content              text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  -- The supervision office it is assigned to: the county region of the target.
  assigned_org_code    text NOT NULL,
  assigned_org_path    text NOT NULL,
  status               text NOT NULL CHECK (status IN ('assigned', 'investigating', 'replied', 'closed')),
  clock                jsonb NOT NULL,
  reply_due            timestamptz,
  investigator_id      text,
  investigator_name    text,
  investigating_at     timestamptz,
  finding              text CHECK (finding IN ('confirmed', 'not_confirmed')),
  finding_text         text,
  reply                text,
  replied_at           timestamptz,
  replied_by_name      text,
  satisfaction         text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  satisfaction_source  text CHECK (satisfaction_source IN ('complainant', 'revisit')),
  satisfaction_at      timestamptz,
  close_note           text,
  closed_at            timestamptz,
  recorded_by          text,
  recorded_by_name     text,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX complaints_assigned ON complaints (assigned_org_path text_pattern_ops, created_at DESC);
CREATE INDEX complaints_target ON complaints (target_org_path text_pattern_ops, replied_at)
  WHERE finding = 'confirmed';

-- What happened to an order or a complaint, in order: the console's history.
CREATE TABLE feedback_events (
  id           bigserial PRIMARY KEY,
  entity_type  text NOT NULL CHECK (entity_type IN ('rectification', 'complaint')),
  entity_id    uuid NOT NULL,
  at           timestamptz NOT NULL,
  action       text NOT NULL,
  actor_id     text,
  actor_name   text NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  note         text
);
CREATE INDEX feedback_events_entity ON feedback_events (entity_type, entity_id, id);
