-- Trigram index support for free-text search over rejected prop-trading requests.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "Sender" AS ENUM ('crm', 'banking');

-- CreateEnum
CREATE TYPE "DeliveryOutcome" AS ENUM ('projected', 'duplicate', 'quarantined', 'stored_unprojected');

-- CreateEnum
CREATE TYPE "PropTradingStage" AS ENUM ('challenge', 'live');

-- CreateTable
CREATE TABLE "delivery" (
    "id" BIGSERIAL NOT NULL,
    "sender" "Sender" NOT NULL,
    "event_type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raw_body" BYTEA NOT NULL,
    "body_sha256" CHAR(64) NOT NULL,
    "headers" JSONB NOT NULL,
    "signature_form" TEXT NOT NULL,
    "dedupe_key" TEXT,
    "callback_id" TEXT,
    "outcome" "DeliveryOutcome" NOT NULL,
    "duplicate_of_id" BIGINT,
    "quarantine_reason" TEXT,
    "validation_errors" JSONB,
    "note" TEXT,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prop_trading_request" (
    "id" BIGSERIAL NOT NULL,
    "request_id" TEXT NOT NULL,
    "stage" "PropTradingStage" NOT NULL,
    "request_type" TEXT,
    "status" TEXT NOT NULL,
    "sent_status" TEXT,
    "user_id" TEXT NOT NULL,
    "request_time" TIMESTAMPTZ(3) NOT NULL,
    "package_names" JSONB,
    "package_name" TEXT,
    "platform" TEXT,
    "connection_id" TEXT,
    "group_name" TEXT,
    "leverage" DECIMAL(38,18),
    "initial_balance" DECIMAL(38,18),
    "max_daily_loss_percent" DECIMAL(38,18),
    "max_loss_percent" DECIMAL(38,18),
    "profit_target_percent" DECIMAL(38,18),
    "event_slug" TEXT NOT NULL,
    "target_name" TEXT,
    "search_text" TEXT NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "prop_trading_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange" (
    "exchange_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "status_rank" INTEGER NOT NULL,
    "exchange_type" TEXT,
    "asset_pair" TEXT,
    "managees_id" BIGINT,
    "request_amount" DECIMAL(38,18),
    "request_price" DECIMAL(38,18),
    "executed_amount" DECIMAL(38,18),
    "executed_price" DECIMAL(38,18),
    "commission_fee" DECIMAL(38,18),
    "has_open_rfi" BOOLEAN,
    "from_transactions_id" BIGINT,
    "to_transactions_id" BIGINT,
    "payees_id" BIGINT,
    "transfer_type" TEXT,
    "from_customer_asset_account_id" BIGINT,
    "to_customer_asset_account_id" BIGINT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_update_at" TIMESTAMPTZ(3) NOT NULL,
    "status_changes" INTEGER NOT NULL,
    "current_event_id" BIGINT NOT NULL,

    CONSTRAINT "exchange_pkey" PRIMARY KEY ("exchange_id")
);

-- CreateTable
CREATE TABLE "exchange_status_event" (
    "id" BIGSERIAL NOT NULL,
    "exchange_id" BIGINT NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "callback_id" TEXT,
    "status" TEXT NOT NULL,
    "status_rank" INTEGER NOT NULL,
    "exchange_type" TEXT,
    "asset_pair" TEXT,
    "managees_id" BIGINT,
    "request_amount" DECIMAL(38,18),
    "request_price" DECIMAL(38,18),
    "executed_amount" DECIMAL(38,18),
    "executed_price" DECIMAL(38,18),
    "commission_fee" DECIMAL(38,18),
    "has_open_rfi" BOOLEAN,
    "from_transactions_id" BIGINT,
    "to_transactions_id" BIGINT,
    "payees_id" BIGINT,
    "transfer_type" TEXT,
    "from_customer_asset_account_id" BIGINT,
    "to_customer_asset_account_id" BIGINT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exchange_status_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signature_failure" (
    "sender" "Sender" NOT NULL,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "count" INTEGER NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "last_reason" TEXT NOT NULL,

    CONSTRAINT "signature_failure_pkey" PRIMARY KEY ("sender","hour")
);

-- CreateIndex
CREATE INDEX "delivery_received_at_id_idx" ON "delivery"("received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "delivery_sender_event_type_received_at_idx" ON "delivery"("sender", "event_type", "received_at" DESC);

-- CreateIndex
CREATE INDEX "delivery_outcome_received_at_idx" ON "delivery"("outcome", "received_at" DESC);

-- CreateIndex
CREATE INDEX "delivery_duplicate_of_id_idx" ON "delivery"("duplicate_of_id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_sender_dedupe_key_key" ON "delivery"("sender", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "prop_trading_request_delivery_id_key" ON "prop_trading_request"("delivery_id");

-- CreateIndex
CREATE INDEX "prop_trading_request_request_time_id_idx" ON "prop_trading_request"("request_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_user_id_request_time_id_idx" ON "prop_trading_request"("user_id", "request_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_platform_request_time_id_idx" ON "prop_trading_request"("platform", "request_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_package_name_request_time_id_idx" ON "prop_trading_request"("package_name", "request_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_stage_request_time_id_idx" ON "prop_trading_request"("stage", "request_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_search_trgm" ON "prop_trading_request" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "prop_trading_request_stage_request_id_key" ON "prop_trading_request"("stage", "request_id");

-- CreateIndex
CREATE INDEX "exchange_last_update_at_exchange_id_idx" ON "exchange"("last_update_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE INDEX "exchange_asset_pair_last_update_at_exchange_id_idx" ON "exchange"("asset_pair", "last_update_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE INDEX "exchange_status_last_update_at_exchange_id_idx" ON "exchange"("status", "last_update_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE INDEX "exchange_managees_id_last_update_at_exchange_id_idx" ON "exchange"("managees_id", "last_update_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "exchange_status_event_delivery_id_key" ON "exchange_status_event"("delivery_id");

-- CreateIndex
CREATE INDEX "exchange_status_event_exchange_id_id_idx" ON "exchange_status_event"("exchange_id", "id");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_duplicate_of_id_fkey" FOREIGN KEY ("duplicate_of_id") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prop_trading_request" ADD CONSTRAINT "prop_trading_request_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_status_event" ADD CONSTRAINT "exchange_status_event_exchange_id_fkey" FOREIGN KEY ("exchange_id") REFERENCES "exchange"("exchange_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_status_event" ADD CONSTRAINT "exchange_status_event_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
