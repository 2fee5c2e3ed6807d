-- CreateIndex
CREATE INDEX "exchange_first_seen_at_exchange_id_idx" ON "exchange"("first_seen_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE INDEX "exchange_request_amount_exchange_id_idx" ON "exchange"("request_amount", "exchange_id");

-- CreateIndex
CREATE INDEX "exchange_status_event_received_at_idx" ON "exchange_status_event"("received_at");

-- CreateIndex
CREATE INDEX "prop_trading_request_received_at_id_idx" ON "prop_trading_request"("received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "prop_trading_request_initial_balance_id_idx" ON "prop_trading_request"("initial_balance", "id");
