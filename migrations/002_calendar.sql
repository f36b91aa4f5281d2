-- Official holidays and adjusted workdays per year (module: calendar). A small national table: every
-- county's deadlines are counted on the same State Council notice.

CREATE TABLE calendar_years (
  year       smallint PRIMARY KEY,
  -- The notice the arrangement comes from, e.g. 国办发明电〔2024〕12号.
  source     text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  loaded_by  text NOT NULL
);

-- Only the exceptions are stored: other Monday–Friday days are workdays, other weekend days are not.
CREATE TABLE calendar_days (
  date  date PRIMARY KEY,
  year  smallint NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  kind  text NOT NULL CHECK (kind IN ('holiday', 'adjusted_workday')),
  name  text,
  CHECK (extract(year FROM date) = year)
);
CREATE INDEX calendar_days_year ON calendar_days (year);
