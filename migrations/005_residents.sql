-- Resident accounts (module: org): residents who apply online sign in like staff but are a different kind
-- of person. They belong to the county root, sign in with their mobile number, hold no roles and carry
-- their 居民身份证号码 (normalised: 18 characters, check character upper-case) so a case filed online
-- names the right applicant.

ALTER TABLE people
  ADD COLUMN kind text NOT NULL DEFAULT 'staff' CHECK (kind IN ('staff', 'resident'));

ALTER TABLE people ADD COLUMN id_number text;

-- A resident always has an ID number and chose their own password, so nobody else knows it.
ALTER TABLE people ADD CONSTRAINT people_resident_fields CHECK (
  kind = 'staff' OR (id_number IS NOT NULL AND length(id_number) = 18 AND NOT must_change_password)
);

-- One account per person: the same ID number cannot register twice.
CREATE UNIQUE INDEX people_resident_id_number ON people (id_number) WHERE kind = 'resident';
