// What a sender's normaliser decides about one verified delivery, for lib/ingest to store.
import type { ExchangeFieldValues } from "@/lib/catalogue/exchange";
import type { RequestFieldValues } from "@/lib/catalogue/prop-trading-request";
import type { FieldProblem } from "./fields";

/** A rejected prop-trading request: every field of the catalogue, and what free-text search looks through. */
export type PropTradingRejection = {
  kind: "prop-trading-rejection";
  /** Lower-cased ids, group and every package name. */
  searchText: string;
} & RequestFieldValues;

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
