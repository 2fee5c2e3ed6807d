-- A quarantined delivery an administrator judged not worth reprocessing: set aside with a reason,
-- and put back into quarantine if that was a mistake. Both are audited.
ALTER TYPE "DeliveryOutcome" ADD VALUE 'dismissed';
ALTER TABLE "delivery" ADD COLUMN "dismissed_at" TIMESTAMPTZ(3), ADD COLUMN "dismissed_by" TEXT, ADD COLUMN "dismissal_reason" TEXT;

-- The most recent refused (bad-signature) requests, a few hundred per sender at most: what an
-- operator needs to tell a rotated secret from an attack, never the body itself.
CREATE TABLE "refused_request" (
    "id" BIGSERIAL NOT NULL,
    "sender" "Sender" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source_address" TEXT,
    "reason" TEXT NOT NULL,
    "header_form" TEXT NOT NULL,
    "body_bytes" INTEGER NOT NULL,
    "body_sha256" CHAR(64) NOT NULL,
    CONSTRAINT "refused_request_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "refused_request_sender_at_idx" ON "refused_request"("sender", "at" DESC);
CREATE INDEX "refused_request_at_idx" ON "refused_request"("at" DESC);

-- A body as JSON, or NULL when it is not valid UTF-8 JSON: for labelling deliveries that were
-- not projected (what they were about), a page of rows at a time.
CREATE FUNCTION try_json(body bytea) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN convert_from(body, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;

-- Each staff member's choice: times in UTC, or in their browser's time zone.
ALTER TABLE "user" ADD COLUMN "time_display" TEXT NOT NULL DEFAULT 'utc';
