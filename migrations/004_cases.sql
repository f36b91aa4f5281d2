-- Case handling (module: cases): one row per case (办件) with the lifecycle state of core/cases, the
-- append-only case file (一事一档) as a hash chain of events, idempotency keys for every submission and
-- the per-center daily counters behind readable case numbers.

CREATE TABLE cases (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code        text NOT NULL,
  -- <center code>-<YYYYMMDD>-<4-digit sequence>, printed on the receipt with the query code.
  case_number        text NOT NULL UNIQUE,
  -- sha256 of "<case number>:<query code>"; the code itself is shown once and never stored.
  query_code_hash    text NOT NULL,
  item_id            uuid NOT NULL REFERENCES catalog_items (id),
  version_id         uuid NOT NULL REFERENCES catalog_versions (id),
  -- The item's department decides (承办/审核/批准): its staff reach the case through this path.
  department_code    text NOT NULL,
  department_path    text NOT NULL,
  -- The center or window that received the case.
  handling_org_code  text NOT NULL REFERENCES orgs (code),
  handling_org_path  text NOT NULL,
  applicant_kind     text NOT NULL CHECK (applicant_kind IN ('person', 'enterprise')),
  applicant_name     text NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 200),
  -- 居民身份证号码 for a person, 统一社会信用代码 for an enterprise, normalised (upper case, half width).
  applicant_identifier text NOT NULL CHECK (length(applicant_identifier) = 18),
  applicant_phone    text NOT NULL,
  proxy_person_id    uuid REFERENCES people (id),
  proxy_consent      text,
  -- Names of the materials ticked as received, from the item version's checklist.
  materials          jsonb NOT NULL DEFAULT '[]',
  status             text NOT NULL,
  -- The lifecycle's CaseState, clocks included: recomputed and written at every transition.
  state              jsonb NOT NULL,
  -- Hash of the newest event: deleting or appending events behind the service's back breaks the link.
  last_hash          text NOT NULL,
  received_at        timestamptz,
  accepted_at        timestamptz,
  closed_at          timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- Optimistic concurrency: a transition writes only if the version it read is still current.
  version            integer NOT NULL DEFAULT 1,
  CHECK ((proxy_person_id IS NULL) = (proxy_consent IS NULL))
);
CREATE INDEX cases_handling_status ON cases (handling_org_path text_pattern_ops, status);
CREATE INDEX cases_department_status ON cases (department_path text_pattern_ops, status);
CREATE INDEX cases_item ON cases (item_id);

-- The case file: one row per transition, each carrying the hash of the one before it.
CREATE TABLE case_events (
  case_id     uuid NOT NULL REFERENCES cases (id),
  seq         integer NOT NULL CHECK (seq > 0),
  at          timestamptz NOT NULL,
  actor_id    text NOT NULL,
  actor_name  text NOT NULL,
  actor_role  text NOT NULL,
  org_code    text NOT NULL,
  action      text NOT NULL,
  -- The lifecycle's event: from/to status, step, validated payload, clock changes, public label, basis.
  payload     jsonb NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER case_events_append_only
  BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change();

-- The first response to a request carrying an Idempotency-Key, written in the transaction of the change
-- it answers, so a retry after a crash either finds both or neither.
CREATE TABLE idempotency_keys (
  key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  actor_id        text NOT NULL,
  request_hash    text NOT NULL,
  response_status integer NOT NULL,
  response_body   jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);

-- The last sequence number handed out per center and Shanghai day.
CREATE TABLE case_number_sequences (
  center_code text NOT NULL,
  date        date NOT NULL,
  last        integer NOT NULL,
  PRIMARY KEY (center_code, date)
);
