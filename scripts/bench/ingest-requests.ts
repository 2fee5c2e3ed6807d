// Signed webhook requests for the ingest load: realistic, all different (nothing is deduplicated),
// built and signed before the clock starts. Each pool is consumed by one measurement.
import { randomBytes, randomUUID } from "node:crypto";
import { sign } from "@/lib/webhooks/signature";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { signatureHeaderOf } from "@/tooling/testing/webhook-requests";
import {
  ASSET_PAIRS,
  benchSecrets,
  cumulativeThresholds,
  LEVERAGES,
  LIFECYCLES,
  PACKAGES,
  pickIndex,
  seededRandom,
  VENUES,
} from "./catalogue";
import { INGEST_EXCHANGE_ID_BASE } from "./generate-sql";
import type { RequestSpec } from "./load";

export type Sender = "crm" | "banking";
/** `signed`: as the sender signs; `wrong-signature`: a well-formed signature made with another secret (answered 401). */
export type Signing = "signed" | "wrong-signature";

const WRONG_SECRET = "not-the-secret-0123456789abcdef";
const PACKAGE_SHARES = cumulativeThresholds(PACKAGES.map((entry) => entry.weight));
const VENUE_SHARES = cumulativeThresholds(VENUES.map((venue) => venue.weight));
const PAIR_SHARES = cumulativeThresholds(ASSET_PAIRS.map((pair) => pair.weight));
const LEVERAGE_SHARES = cumulativeThresholds(LEVERAGES.map((entry) => entry.weight));
/** Callbacks follow the longest lifecycle: a new exchange, then RFI, confirmation, pending, completed. */
const LIFECYCLE = LIFECYCLES[1]?.statuses ?? ["WaitingForApproval"];
/** Callbacks of one exchange are this many requests apart, so concurrent requests rarely wait for the same row. */
const EXCHANGES_IN_FLIGHT = 1_000;

/** Distinct per benchmark run, so ids never repeat those of an earlier run. */
const RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
let nextExchangeBlock = 0;
let nextRequestNumber = 0;

const formatTime = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

function crmBody(random: () => number): string {
  const pkg = PACKAGES[pickIndex(PACKAGE_SHARES, random())] ?? PACKAGES[0];
  const venue = VENUES[pickIndex(VENUE_SHARES, random())] ?? VENUES[0];
  const leverage = LEVERAGES[pickIndex(LEVERAGE_SHARES, random())] ?? LEVERAGES[0];
  const live = random() < 0.35;
  const user = 1 + Math.floor(40_000 * random() ** 3);
  const payload = crmRejectPayload({
    family: live ? "propTradingLive" : "propTrading",
    id: `b${RUN_ID}${(nextRequestNumber++).toString(36)}`,
    userId: `u${user.toString(36).padStart(7, "0")}`,
    requestTime: formatTime(new Date(Date.now() - Math.floor(random() * 86_400_000))),
    packageNames: pkg?.names,
    platform: venue?.platform,
    connectionId: venue?.connectionId,
    group: venue?.group,
    leverage: leverage ? JSON.parse(leverage.json) : 200,
    initialBalance: pkg?.initialBalance,
    maxDailyLossPercent: pkg?.maxDailyLossPercent,
    maxLossPercent: pkg?.maxLossPercent,
    profitTargetPercent: pkg?.profitTargetPercent,
  });
  return JSON.stringify(payload);
}

function bankingBody(random: () => number, index: number, firstExchange: number): string {
  const perBlock = EXCHANGES_IN_FLIGHT * LIFECYCLE.length;
  const block = Math.floor(index / perBlock);
  const within = index % perBlock;
  const exchangeId = firstExchange + block * EXCHANGES_IN_FLIGHT + (within % EXCHANGES_IN_FLIGHT);
  const status = LIFECYCLE[Math.floor(within / EXCHANGES_IN_FLIGHT)] ?? "Pending";
  // Fields that identify the exchange come from its id, so every callback of it agrees.
  const identity = seededRandom(exchangeId);
  const pair = ASSET_PAIRS[pickIndex(PAIR_SHARES, identity())] ?? ASSET_PAIRS[0];
  const amount = Number(
    ((pair?.amount ?? 1) * Math.exp(1.8 * (identity() + identity() + identity() - 1.5))).toFixed(pair?.amountDecimals ?? 2),
  );
  const price = Number(((pair?.price ?? 1) * (0.85 + 0.3 * identity())).toFixed(pair?.priceDecimals ?? 4));
  const payload = exchangeCallbackPayload({
    callbackId: randomUUID(),
    exchangeId,
    status,
    exchangeType: identity() < 0.4 ? 1 : 0,
    manageesId: 1000 + Math.floor(30_000 * identity() ** 3),
    assetPair: pair?.name,
    requestAmount: Math.max(amount, 10 ** -(pair?.amountDecimals ?? 2)),
    requestPrice: Math.max(price, 10 ** -(pair?.priceDecimals ?? 4)),
    executedPrice: status === "Completed" ? price : null,
    commissionFee: Math.max(0.01, Number((amount * price * 0.0025).toFixed(2))),
  });
  const body = JSON.stringify(payload);
  // The bank's documented example ends Data with a trailing comma; some of its traffic may too.
  return random() < 0.25 ? `${body.slice(0, -2)},}}` : body;
}

/** `count` requests to `sender`'s endpoint, made up front; more are made (and counted) if a run outlasts them. */
export class RequestPool {
  private readonly requests: RequestSpec[] = [];
  private position = 0;
  private made = 0;
  private readonly random: () => number;
  private readonly firstExchange: number;
  /** Requests that had to be made while the load ran (signing then was on the critical path). */
  refills = 0;

  constructor(
    readonly sender: Sender,
    readonly signing: Signing,
    count: number,
  ) {
    this.random = seededRandom(nextRequestNumber + 17 * (sender === "crm" ? 1 : 2));
    this.firstExchange = INGEST_EXCHANGE_ID_BASE + nextExchangeBlock;
    // Room for this pool's exchanges and any refills, so pools never share an exchange.
    nextExchangeBlock += Math.ceil((count * 4) / LIFECYCLE.length) + EXCHANGES_IN_FLIGHT * 4;
    this.fill(count);
  }

  private fill(count: number) {
    const secret = this.signing === "signed" ? benchSecrets[this.sender] : WRONG_SECRET;
    const header = signatureHeaderOf[this.sender];
    const path = `/api/webhooks/${this.sender}`;
    for (let i = 0; i < count; i++) {
      const body = this.sender === "crm" ? crmBody(this.random) : bankingBody(this.random, this.made, this.firstExchange);
      this.made++;
      const signature = this.sender === "crm" ? sign.crm(body, secret) : sign.banking(body, secret);
      this.requests.push({ path, headers: { "content-type": "application/json", [header]: signature }, body });
    }
  }

  readonly next = (): RequestSpec => {
    if (this.position >= this.requests.length) {
      this.refills++;
      this.fill(1_000);
    }
    const request = this.requests[this.position] as RequestSpec;
    // Let the sent request be collected: pools can hold hundreds of thousands.
    this.requests[this.position] = undefined as unknown as RequestSpec;
    this.position++;
    return request;
  };

  get used(): number {
    return this.position;
  }
}
