-- Case handling, continued (module: cases): online and proxy filing, 联办 participant tasks, scanned
-- materials, fees (一票制), per-person procedure roles, and a sealed query code for reprinting receipts.

-- The resident's account for online filing ("my cases"); null for walk-ins and proxy filings without one.
ALTER TABLE cases ADD COLUMN applicant_person_id uuid REFERENCES people (id);
ALTER TABLE cases ADD COLUMN channel text NOT NULL DEFAULT 'window'
  CHECK (channel IN ('online', 'window', 'proxy'));
-- The query code encrypted with the server secret (AES-256-GCM), so a lost receipt can be reprinted; the
-- public lookup still compares against query_code_hash only.
ALTER TABLE cases ADD COLUMN query_code_sealed text;
CREATE INDEX cases_applicant ON cases (applicant_person_id, created_at) WHERE applicant_person_id IS NOT NULL;
CREATE INDEX cases_proxy ON cases (proxy_person_id, created_at) WHERE proxy_person_id IS NOT NULL;

-- 联办: one row per participant department, so its staff find the case through their subtree.
CREATE TABLE case_tasks (
  case_id     uuid NOT NULL REFERENCES cases (id),
  org_code    text NOT NULL REFERENCES orgs (code),
  org_path    text NOT NULL,
  status      text NOT NULL CHECK (status IN ('pending', 'answered')),
  answered_at timestamptz,
  PRIMARY KEY (case_id, org_code)
);
CREATE INDEX case_tasks_org ON case_tasks (org_path text_pattern_ops, status);

-- Scanned or uploaded materials. Never updated; a corrected scan is a new row.
CREATE TABLE case_files (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases (id),
  material      text NOT NULL,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type  text NOT NULL,
  size          integer NOT NULL CHECK (size > 0),
  sha256        text NOT NULL,
  data          bytea NOT NULL,
  uploaded_at   timestamptz NOT NULL,
  uploaded_by_id   text NOT NULL,
  uploaded_by_name text NOT NULL
);
CREATE INDEX case_files_case ON case_files (case_id, uploaded_at);

-- Fees collected on a case (一票制: one receipt per payment, numbered per center and year).
CREATE TABLE case_fees (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id          uuid NOT NULL REFERENCES cases (id),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
  payer            text NOT NULL CHECK (length(payer) BETWEEN 1 AND 200),
  receipt_number   text NOT NULL UNIQUE,
  paid_at          timestamptz NOT NULL,
  recorded_by_id   text NOT NULL,
  recorded_by_name text NOT NULL
);
CREATE INDEX case_fees_case ON case_fees (case_id, paid_at);

CREATE TABLE fee_receipt_sequences (
  center_code text NOT NULL,
  year        integer NOT NULL,
  last        integer NOT NULL,
  PRIMARY KEY (center_code, year)
);

-- Procedure roles (承办人, 审核人, 批准人 … as an item's steps name them) held by an approver at an org. A
-- department that assigns none lets any of its approvers act at every step.
CREATE TABLE procedure_role_assignments (
  person_id      uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  org_code       text NOT NULL REFERENCES orgs (code),
  org_path       text NOT NULL,
  procedure_role text NOT NULL CHECK (length(procedure_role) BETWEEN 1 AND 50),
  PRIMARY KEY (person_id, org_code, procedure_role)
);
CREATE INDEX procedure_role_assignments_org ON procedure_role_assignments (org_path text_pattern_ops);
CREATE INDEX case_events_actor ON case_events (actor_id, case_id);
-- The deemed-acceptance sweep reads only cases still waiting at the window.
CREATE INDEX cases_awaiting_acceptance ON cases (received_at) WHERE status = 'received';
