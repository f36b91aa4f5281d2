-- The service catalog (module: catalog): items (事项), their guide versions (办事指南), the windows that
-- accept them, the village points that may file them for residents (代办), and the blank forms and
-- filled-in samples residents download. A small shared table on the scale path: cases point at it.

-- What stays the same across versions: who handles the item, at which level, and its codes.
CREATE TABLE catalog_items (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code         text NOT NULL,
  -- The handling department (实施主体), a department or service center; its path scopes every query.
  department_code     text NOT NULL REFERENCES orgs (code),
  department_path     text NOT NULL,
  -- The region the department sits in ('/511723/' for a county bureau): windows and proxy villages lie
  -- inside it, and the portal offers the item to every place of its level there.
  region_path         text NOT NULL,
  level               text NOT NULL CHECK (level IN ('county', 'township', 'village')),
  basic_code          text NOT NULL,
  implementation_code text NOT NULL UNIQUE,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text
);
CREATE INDEX catalog_items_department_path ON catalog_items (department_path text_pattern_ops);
CREATE INDEX catalog_items_region_level ON catalog_items (level, region_path text_pattern_ops);

-- One row per version of an item's guide. Structured lists are jsonb, as the guide shows them.
CREATE TABLE catalog_versions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id         uuid NOT NULL REFERENCES catalog_items (id),
  version         integer NOT NULL CHECK (version > 0),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'published', 'retired')),
  name            text NOT NULL,
  -- Pinyin initials of the name (个体工商户设立登记 → gtgshsldj): residents type these on a phone.
  name_initials   text NOT NULL,
  item_type       text NOT NULL CHECK (item_type IN (
                    'administrative_license', 'administrative_payment', 'administrative_confirmation',
                    'administrative_ruling', 'administrative_reward', 'other_administrative_power',
                    'public_service')),
  legal_basis     text NOT NULL,
  conditions      text NOT NULL,
  materials       jsonb NOT NULL DEFAULT '[]',
  steps           jsonb NOT NULL DEFAULT '[]',
  -- { "value": 20, "unit": "working_days" | "natural_days" }; no legal limit is NULL.
  legal_limit     jsonb,
  promised_limit  jsonb NOT NULL,
  handling_kind   text NOT NULL CHECK (handling_kind IN ('on_the_spot', 'promised', 'joint', 'escalated')),
  -- { "kind", "lead", "participants": [...], "targetLevel" }
  handling        jsonb NOT NULL,
  charged         boolean NOT NULL,
  fees            jsonb NOT NULL DEFAULT '[]',
  place           text NOT NULL,
  hours           text NOT NULL,
  consult_phone   text NOT NULL,
  complaint_phone text NOT NULL,
  online_apply    boolean NOT NULL,
  appointment     boolean NOT NULL,
  proxy_allowed   boolean NOT NULL,
  max_visits      smallint NOT NULL CHECK (max_visits >= 0),
  themes          text[] NOT NULL DEFAULT '{}' CHECK (themes <@ ARRAY[
                    'birth', 'school', 'employment', 'elderly_care', 'disability', 'business_startup',
                    'marriage', 'housing', 'medical', 'social_assistance', 'farming', 'culture',
                    'other']::text[]),
  faq             jsonb NOT NULL DEFAULT '[]',
  -- Ids of everyone who created, edited or submitted this version: none of them may review it. The
  -- *_by columns below keep the display name of who did what, as the audit log does.
  authors         jsonb NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text,
  submitted_at    timestamptz,
  submitted_by    text,
  returned_at     timestamptz,
  returned_by     text,
  return_reason   text,
  published_at    timestamptz,
  published_by    text,
  retired_at      timestamptz,
  retired_by      text,
  UNIQUE (item_id, version)
);
-- At most one published version per item (the portal's), and at most one being worked on.
CREATE UNIQUE INDEX catalog_versions_published ON catalog_versions (item_id) WHERE status = 'published';
CREATE UNIQUE INDEX catalog_versions_open ON catalog_versions (item_id) WHERE status IN ('draft', 'review');
-- The portal's search reads only this narrow index to find a page of matches among many published items.
CREATE INDEX catalog_versions_published_search ON catalog_versions (name_initials text_pattern_ops)
  INCLUDE (name, item_id, id) WHERE status = 'published';
CREATE INDEX catalog_versions_published_themes ON catalog_versions USING gin (themes)
  WHERE status = 'published';
CREATE INDEX catalog_versions_status ON catalog_versions (status, item_id);

-- A published version is what cases were filed under: it may only be retired, and a retired one not
-- touched at all. The service refuses this first; the trigger keeps it true for any other writer.
CREATE FUNCTION catalog_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('published', 'retired') THEN
      RAISE EXCEPTION 'catalog version % is %, it is never deleted', OLD.id, OLD.status
        USING ERRCODE = 'check_violation', CONSTRAINT = 'catalog_version_immutable';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'retired'
     OR (OLD.status = 'published'
         AND (NEW.status <> 'retired'
              OR (to_jsonb(NEW) - 'status' - 'retired_at' - 'retired_by')
                 IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'retired_at' - 'retired_by'))) THEN
    RAISE EXCEPTION 'catalog version % is %, its content never changes', OLD.id, OLD.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'catalog_version_immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER catalog_versions_guard BEFORE UPDATE OR DELETE ON catalog_versions
  FOR EACH ROW EXECUTE FUNCTION catalog_versions_guard();

-- Which windows accept an item: its own department's, a center's 综合窗口, township windows for
-- county items handled on the spot there.
-- The same shape as catalog_item_proxies below, so both are kept by the same code.
CREATE TABLE catalog_item_windows (
  item_id    uuid NOT NULL REFERENCES catalog_items (id),
  org_code   text NOT NULL REFERENCES orgs (code),
  org_path   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  PRIMARY KEY (item_id, org_code)
);
CREATE INDEX catalog_item_windows_path ON catalog_item_windows (org_path text_pattern_ops);

-- Where a village proxy (村代办员) may file an item for a resident: one village, or a township meaning
-- every village under it.
CREATE TABLE catalog_item_proxies (
  item_id    uuid NOT NULL REFERENCES catalog_items (id),
  org_code   text NOT NULL REFERENCES orgs (code),
  org_path   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  PRIMARY KEY (item_id, org_code)
);
CREATE INDEX catalog_item_proxies_path ON catalog_item_proxies (org_path text_pattern_ops);

-- Blank forms and filled-in samples, small enough to keep in the database with the versions that name them.
CREATE TABLE catalog_files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id      uuid NOT NULL REFERENCES catalog_items (id),
  name         text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN (
                 'application/pdf',
                 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                 'image/jpeg', 'image/png')),
  size         integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data         bytea NOT NULL CHECK (octet_length(data) = size),
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text
);
CREATE INDEX catalog_files_item ON catalog_files (item_id);
