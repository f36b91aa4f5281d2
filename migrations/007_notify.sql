-- Notifications (module: notify): the outbox. Every message — an SMS to an applicant, an in-app message
-- to a person — is one row, written in the transaction of the change that caused it, so it commits or
-- rolls back with that change. A delivery pass claims pending rows (FOR UPDATE SKIP LOCKED), hands each
-- to the sender of its channel and marks it sent, or schedules a retry with backoff until it fails.
-- In-app rows are also the person's inbox.

CREATE TABLE notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  county_code     text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('sms', 'in_app')),
  -- The person's id for in_app, the mobile number for sms.
  recipient       text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 100),
  -- Template code and its parameters: the inbox renders them again in the reader's language.
  template        text NOT NULL CHECK (length(template) BETWEEN 1 AND 60),
  params          jsonb NOT NULL DEFAULT '{}',
  -- The Chinese text as rendered when enqueued: what the SMS says.
  text            text NOT NULL,
  -- The case it is about, if any (no foreign key: notify does not reach into other modules' tables).
  case_id         uuid,
  -- The org the message concerns (usually the case's handling org): the outbox view is scoped by it.
  org_code        text NOT NULL,
  org_path        text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When a pending row may next be claimed; while one pass is sending it, the end of its lease.
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  -- In-app only: when the recipient read it.
  read_at         timestamptz
);

-- The delivery pass scans only what is still to send.
CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE status = 'pending';
-- A person's inbox, newest first, and its unread count.
CREATE INDEX notifications_inbox ON notifications (recipient, created_at DESC) WHERE channel = 'in_app';
CREATE INDEX notifications_unread ON notifications (recipient)
  WHERE channel = 'in_app' AND read_at IS NULL;
-- The outbox view of an org subtree, newest first.
CREATE INDEX notifications_org_path ON notifications (org_path text_pattern_ops, created_at DESC);
