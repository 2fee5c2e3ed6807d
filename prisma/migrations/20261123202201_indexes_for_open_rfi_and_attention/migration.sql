-- CreateIndex
CREATE INDEX "exchange_has_open_rfi_last_update_at_exchange_id_idx" ON "exchange"("has_open_rfi", "last_update_at" DESC, "exchange_id" DESC);

-- CreateIndex
CREATE INDEX "exchange_status_rank_last_update_at_has_open_rfi_idx" ON "exchange"("status_rank", "last_update_at", "has_open_rfi");
