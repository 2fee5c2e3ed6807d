-- Alerts (lib/alerts): rules, channels, alerts with their history, and the notification outbox.

-- CreateEnum
CREATE TYPE "alert_state" AS ENUM ('firing', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "channel_kind" AS ENUM ('slack', 'webhook', 'email');

-- CreateEnum
CREATE TYPE "notification_state" AS ENUM ('pending', 'delivered', 'gave_up');

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "enabled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "params" JSONB NOT NULL,
    "channel_ids" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "reminder_minutes" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_channel" (
    "id" BIGSERIAL NOT NULL,
    "kind" "channel_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" TEXT NOT NULL,
    "subject_key" TEXT NOT NULL,
    "subject" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "state" "alert_state" NOT NULL DEFAULT 'firing',
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "assigned_to" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "last_reminded_at" TIMESTAMPTZ(3),
    "reminders" INTEGER NOT NULL DEFAULT 0,
    "quiet_until_clear" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "note" TEXT,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" BIGINT,
    "channel_id" BIGINT NOT NULL,
    "transition" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" "notification_state" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempt" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "notification_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_evaluation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "leader" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error" TEXT,

    CONSTRAINT "alert_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_state_fired_at_idx" ON "alert"("state", "fired_at" DESC);

-- CreateIndex
CREATE INDEX "alert_rule_id_subject_key_idx" ON "alert"("rule_id", "subject_key");

-- CreateIndex
CREATE INDEX "alert_event_alert_id_at_idx" ON "alert_event"("alert_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_idempotency_key_key" ON "notification"("idempotency_key");

-- CreateIndex
CREATE INDEX "notification_state_next_attempt_at_idx" ON "notification"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_alert_id_idx" ON "notification"("alert_id");

-- CreateIndex
CREATE INDEX "notification_attempt_notification_id_at_idx" ON "notification_attempt"("notification_id", "at");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_attempt" ADD CONSTRAINT "notification_attempt_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One open alert per rule and subject: two evaluators (or one racing an operator) cannot both open it.
CREATE UNIQUE INDEX "alert_open_per_subject" ON "alert" ("rule_id", "subject_key") WHERE "state" <> 'resolved';

-- The evaluator's one row.
INSERT INTO "alert_evaluation" ("id") VALUES (1);
