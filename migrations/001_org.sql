-- The service network, people, roles, sessions and the audit log (module: org).

-- One tree of organisations. `code` is the GB/T 2260 or statistical division code for regions
-- (6, 9 or 12 digits) and `<parent code>-<n>` for units created under them. `path` is the chain of
-- codes from the root, '/'-separated and '/'-terminated, so a subtree is one prefix match on an index.
CREATE TABLE orgs (
  code          text PRIMARY KEY,
  parent_code   text REFERENCES orgs (code),
  path          text NOT NULL UNIQUE,
  depth         smallint NOT NULL,
  kind          text NOT NULL CHECK (kind IN (
                  'province', 'city', 'county', 'township', 'village',
                  'department', 'center', 'station', 'window', 'facility')),
  name          text NOT NULL,
  name_initials text NOT NULL DEFAULT '',
  facility_type text,
  -- 'removed' marks a division that disappeared from the official list: rows that point at it stay valid.
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  county_code   text NOT NULL,
  sort_key      text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  removed_at    timestamptz
);
CREATE INDEX orgs_path_prefix ON orgs (path text_pattern_ops);
CREATE INDEX orgs_parent ON orgs (parent_code, sort_key, code);
CREATE INDEX orgs_initials ON orgs (name_initials text_pattern_ops);

-- Names and statuses as each division import found them, so last year's reports keep last year's names.
CREATE TABLE org_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL REFERENCES orgs (code),
  name        text NOT NULL,
  status      text NOT NULL,
  source      text NOT NULL,
  valid_from  timestamptz NOT NULL DEFAULT now(),
  valid_to    timestamptz
);
CREATE INDEX org_history_code ON org_history (code, valid_from);

CREATE TABLE people (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username             text NOT NULL UNIQUE,
  display_name         text NOT NULL,
  password_hash        text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  phone                text,
  org_code             text NOT NULL REFERENCES orgs (code),
  org_path             text NOT NULL,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_org_path ON people (org_path text_pattern_ops);

-- A role held at an org reaches that org's whole subtree (org_path prefix) and nothing else.
CREATE TABLE role_assignments (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id  uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  role       text NOT NULL,
  org_code   text NOT NULL REFERENCES orgs (code),
  org_path   text NOT NULL,
  granted_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, role, org_code)
);
CREATE INDEX role_assignments_org_path ON role_assignments (org_path text_pattern_ops);

-- Only a hash of the session token is stored: a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  person_id    uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_person ON sessions (person_id);

-- Written in the same transaction as the change it records; never updated or deleted by the platform.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text NOT NULL,
  org_code    text NOT NULL,
  org_path    text NOT NULL,
  before      jsonb,
  after       jsonb,
  ip          text
);
CREATE INDEX audit_log_org_path_at ON audit_log (org_path text_pattern_ops, at DESC);
CREATE INDEX audit_log_at ON audit_log (at DESC);
