// What a sender's normaliser decides about one verified delivery, for lib/ingest to store.
import type { ExchangeFieldValues } from "@/lib/catalogue/exchange";
import type { FieldProblem } from "./fields";

export interface PropTradingRejection {
  kind: "prop-trading-rejection";
  requestId: string;
  stage: "challenge" | "live";
  requestType: string | null;
  sentStatus: string | null;
  userId: string;
  requestTime: Date;
  packageNames: Record<string, string> | null;
  packageName: string | null;
  platform: string | null;
  connectionId: string | null;
  groupName: string | null;
  leverage: string | null;
  initialBalance: string | null;
  maxDailyLossPercent: string | null;
  maxLossPercent: string | null;
  profitTargetPercent: string | null;
  eventSlug: string;
  targetName: string | null;
  searchText: string;
}

/** One status callback of an exchange: its status and rank, and every field of the catalogue. */
export type ExchangeStatusUpdate = {
  kind: "exchange-status-update";
  exchangeId: string;
  status: string;
  statusRank: number;
} & ExchangeFieldValues;

export type Projection = PropTradingRejection | ExchangeStatusUpdate;

interface DecisionBase {
  /** CRM event slug or banking callback type. */
  eventType: string;
  /** What makes two deliveries "the same": a repeat of a key is recorded as a duplicate. */
  dedupeKey: string;
  callbackId: string | null;
  /** Tolerated quirks worth showing an operator. */
  notes: string[];
}

export type IntakeDecision =
  | (DecisionBase & { kind: "project"; projection: Projection })
  | (DecisionBase & { kind: "store" })
  | (DecisionBase & { kind: "quarantine"; reason: string; errors: FieldProblem[] });
