-- DropForeignKey
ALTER TABLE "exchange_status_event" DROP CONSTRAINT "exchange_status_event_delivery_id_fkey";

-- DropForeignKey
ALTER TABLE "prop_trading_request" DROP CONSTRAINT "prop_trading_request_delivery_id_fkey";

-- AlterTable
ALTER TABLE "exchange_status_event" ALTER COLUMN "delivery_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "prop_trading_request" ALTER COLUMN "delivery_id" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "prop_trading_request" ADD CONSTRAINT "prop_trading_request_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_status_event" ADD CONSTRAINT "exchange_status_event_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;
