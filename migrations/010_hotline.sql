-- The 12345 hotline (module: hotline): the dispatch catalog (派单目录) of each county, work orders (工单)
-- with their append-only event log, the daily counters behind readable order numbers, and the API keys
-- of Open311 GeoReport v2 clients. Every order carries the county's path (center_path) and, once
-- dispatched, the receiving org's path, so "this township and everything under it" is one prefix query.

CREATE TABLE hotline_categories (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code   text NOT NULL,
  -- The Open311 service_code.
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  name_initials text NOT NULL,
  -- The group it belongs to (another category of the county), the Open311 `group`.
  parent_code   text,
  description   text NOT NULL DEFAULT '',
  keywords      text NOT NULL DEFAULT '',
  urgency       text NOT NULL CHECK (urgency IN ('urgent', 'general', 'complex')),
  limit_value   integer NOT NULL CHECK (limit_value > 0),
  limit_unit    text NOT NULL CHECK (limit_unit IN ('hours', 'working_days', 'natural_days')),
  max_extension integer NOT NULL DEFAULT 0 CHECK (max_extension >= 0),
  -- Org codes of the departments and townships it may be dispatched to.
  targets       jsonb NOT NULL DEFAULT '[]',
  any_township  boolean NOT NULL DEFAULT false,
  -- Open311 attribute definitions (core/hotline/catalog.ts AttributeDefinition[]).
  attributes    jsonb NOT NULL DEFAULT '[]',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  UNIQUE (county_code, code)
);

CREATE TABLE hotline_api_clients (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code     text NOT NULL,
  center_code     text NOT NULL,
  center_path     text NOT NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  contact         text NOT NULL DEFAULT '',
  -- GeoReport v2 POST answers: 'realtime' gives the service_request_id at once, 'batch' a token that
  -- GET tokens/{token} resolves (for clients built that way).
  response_mode   text NOT NULL DEFAULT 'realtime' CHECK (response_mode IN ('realtime', 'batch')),
  -- The first characters of the key, to recognise it in the list; the key itself is never stored.
  key_prefix      text NOT NULL,
  -- sha256 of the key (a 256-bit random secret, so a plain hash is enough).
  key_hash        text NOT NULL UNIQUE,
  created_by_id   text NOT NULL,
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  last_used_at    timestamptz
);
CREATE INDEX hotline_api_clients_center ON hotline_api_clients (center_path text_pattern_ops);

CREATE TABLE hotline_orders (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code         text NOT NULL,
  -- 12345-<county>-<YYYYMMDD>-<4-digit sequence>: the Open311 service_request_id.
  number              text NOT NULL UNIQUE,
  -- sha256 of "<number>:<query code>": the caller follows the order on the portal with both.
  query_code_hash     text NOT NULL,
  -- The Open311 token of a request filed through the interface.
  token               text UNIQUE,
  channel             text NOT NULL CHECK (channel IN ('phone', 'portal', 'open311')),
  api_client_id       uuid REFERENCES hotline_api_clients (id),
  -- The county whose hotline center owns the order (its dispatchers' scope).
  center_code         text NOT NULL,
  center_path         text NOT NULL,
  category_id         uuid NOT NULL REFERENCES hotline_categories (id),
  kind                text NOT NULL CHECK (kind IN ('request', 'complaint', 'report', 'inquiry', 'suggestion', 'praise')),
  urgency             text NOT NULL CHECK (urgency IN ('urgent', 'general', 'complex')),
  caller_name         text NOT NULL CHECK (length(caller_name) BETWEEN 1 AND 100),
  caller_phone        text,
  caller_email        text,
  content             text NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
  address             text,
  address_id          text,
  location_org_code   text REFERENCES orgs (code),
  location_org_path   text,
  lat                 double precision CHECK (lat BETWEEN -90 AND 90),
  lng                 double precision CHECK (lng BETWEEN -180 AND 180),
  attributes          jsonb NOT NULL DEFAULT '{}',
  media_url           text,
  status              text NOT NULL CHECK (status IN ('registered', 'dispatched', 'send_back_pending', 'accepted', 'replied', 'revisited', 'closed', 'merged')),
  receiver_org_code   text REFERENCES orgs (code),
  receiver_org_path   text,
  -- The handling clock (core/clock) of the current dispatch; the deadline is recomputed at each change.
  clock               jsonb,
  deadline            timestamptz,
  -- A send-back awaiting review: { reason, at, byName, fromStatus }.
  send_back           jsonb,
  send_back_count     integer NOT NULL DEFAULT 0,
  -- An extension request awaiting a decision: { units, reason, at, byName }.
  extension_request   jsonb,
  reply               text,
  replied_by_org_code text,
  on_time             boolean,
  revisit_reached     boolean,
  satisfaction        text CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied')),
  revisit_note        text,
  merged_into         uuid REFERENCES hotline_orders (id),
  -- A client's key for a submission (Idempotency-Key): the same key twice gives the first order back.
  submit_key          text,
  created_by_id       text NOT NULL,
  created_by_name     text NOT NULL,
  created_at          timestamptz NOT NULL,
  dispatched_at       timestamptz,
  accepted_at         timestamptz,
  replied_at          timestamptz,
  revisited_at        timestamptz,
  closed_at           timestamptz,
  updated_at          timestamptz NOT NULL,
  CHECK (lat IS NULL = (lng IS NULL)),
  CHECK ((receiver_org_code IS NULL) = (receiver_org_path IS NULL))
);
CREATE INDEX hotline_orders_center ON hotline_orders (center_path text_pattern_ops, status, created_at);
CREATE INDEX hotline_orders_receiver ON hotline_orders (receiver_org_path text_pattern_ops, status)
  WHERE receiver_org_path IS NOT NULL;
CREATE INDEX hotline_orders_county_created ON hotline_orders (county_code, created_at);
CREATE INDEX hotline_orders_phone ON hotline_orders (county_code, caller_phone, created_at);
CREATE UNIQUE INDEX hotline_orders_submit_key ON hotline_orders (created_by_id, submit_key) WHERE submit_key IS NOT NULL;

-- The work-order file: one row per change, never updated or deleted.
CREATE TABLE hotline_order_events (
  order_id    uuid NOT NULL REFERENCES hotline_orders (id),
  seq         integer NOT NULL CHECK (seq > 0),
  at          timestamptz NOT NULL,
  actor_id    text NOT NULL,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  -- The org the step concerns (the receiving org for receiver steps, the center for dispatcher steps).
  org_code    text NOT NULL,
  org_path    text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (order_id, seq)
);
CREATE INDEX hotline_order_events_action ON hotline_order_events (action, org_path text_pattern_ops);

CREATE FUNCTION hotline_order_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hotline_order_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER hotline_order_events_append_only
  BEFORE UPDATE OR DELETE ON hotline_order_events
  FOR EACH ROW EXECUTE FUNCTION hotline_order_events_refuse_change();

CREATE TABLE hotline_number_sequences (
  county_code text NOT NULL,
  date        date NOT NULL,
  last        integer NOT NULL,
  PRIMARY KEY (county_code, date)
);
