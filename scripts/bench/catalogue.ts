// What the senders' traffic is made of: asset pairs, prop-trading packages, trading venues, the
// shape of a day. Shared by the bulk generator (loaded into SQL tables) and the ingest load (signed
// bodies built in JS), so both produce the same kind of data. Deterministic: a fixed seed.

import { displayPackageName } from "@/lib/ingest/crm/normalize";
import { seededRandom } from "@/tooling/seeded-random";

export { seededRandom };

/** Upper bounds of each choice's share, for SQL `width_bucket(u, thresholds)`: n weights → n-1 thresholds. */
export function cumulativeThresholds(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const thresholds: number[] = [];
  let running = 0;
  for (const weight of weights.slice(0, -1)) {
    running += weight;
    thresholds.push(running / total);
  }
  return thresholds;
}

/** Picks an index by weight with a uniform `u` in [0, 1), the JS twin of width_bucket over cumulativeThresholds. */
export function pickIndex(thresholds: readonly number[], u: number): number {
  let index = 0;
  while (index < thresholds.length && u >= (thresholds[index] ?? 1)) index++;
  return index;
}

// ── Asset pairs ─────────────────────────────────────────────────────────────────────────────────

export interface AssetPair {
  name: string;
  /** Typical price: quote units per base unit. */
  price: number;
  priceDecimals: number;
  /** Typical request amount in base units. */
  amount: number;
  amountDecimals: number;
  weight: number;
}

/** Rough USD value of one unit. */
const USD_VALUE: Record<string, number> = {
  USD: 1,
  USDC: 1,
  USDT: 1,
  EUR: 1.08,
  GBP: 1.27,
  CHF: 1.12,
  JPY: 0.0067,
  AUD: 0.66,
  CAD: 0.73,
  SGD: 0.74,
  HKD: 0.128,
  BTC: 64_000,
  ETH: 3_100,
  SOL: 145,
  XRP: 0.52,
  ADA: 0.45,
  DOGE: 0.12,
  LTC: 82,
  DOT: 6.8,
  AVAX: 28,
  LINK: 14,
  MATIC: 0.55,
  TRX: 0.12,
  BCH: 380,
  XLM: 0.1,
  ATOM: 7.9,
  UNI: 7.5,
  ETC: 23,
  FIL: 4.6,
  APT: 8.1,
  ARB: 0.82,
  OP: 1.7,
  NEAR: 5.2,
  ALGO: 0.16,
  AAVE: 92,
  MKR: 2_400,
  SHIB: 0.000018,
  PEPE: 0.0000092,
};

const QUOTES = ["USD", "EUR", "USDC", "USDT", "GBP", "CHF", "AUD", "CAD", "SGD", "JPY"];
/** The pairs customers trade most, in order; the rest follow in a shuffled long tail. */
const HEAD = ["USDC/USD", "USDT/USD", "BTC/USD", "ETH/USD", "EUR/USDC", "USD/EUR", "BTC/EUR", "USDC/EUR", "ETH/EUR", "SOL/USD", "GBP/USD"];

function decimalsFor(value: number): number {
  if (value >= 1_000) return 2;
  if (value >= 1) return 4;
  return 8;
}

function buildAssetPairs(): AssetPair[] {
  const random = seededRandom(0xa55e7);
  const names: string[] = [];
  for (const base of Object.keys(USD_VALUE)) {
    for (const quote of QUOTES) if (base !== quote) names.push(`${base}/${quote}`);
  }
  const tail = names.filter((name) => !HEAD.includes(name));
  for (let i = tail.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tail[i], tail[j]] = [tail[j] as string, tail[i] as string];
  }
  const ordered = [...HEAD, ...tail].slice(0, 320);
  return ordered.map((name, rank) => {
    const [base = "USD", quote = "USD"] = name.split("/");
    const baseUsd = USD_VALUE[base] ?? 1;
    const price = baseUsd / (USD_VALUE[quote] ?? 1);
    // A typical ticket is worth about 2 000 USD.
    const amount = 2_000 / baseUsd;
    return {
      name,
      price,
      priceDecimals: decimalsFor(price),
      amount,
      amountDecimals: baseUsd >= 100 ? 8 : 2,
      // Zipf-like popularity: a few pairs carry most of the traffic.
      weight: 1 / (rank + 1) ** 1.15,
    };
  });
}

export const ASSET_PAIRS = buildAssetPairs();

// ── Prop-trading packages ───────────────────────────────────────────────────────────────────────

export interface PropTradingPackage {
  /** What the CRM sends as `package_name`: a locale map, in the sender's key order, or (legacy) plain text. */
  names: Record<string, string> | string;
  /** What the intake stores: the map, or `{ "": text }` for plain text. */
  storedNames: Record<string, string>;
  displayName: string | null;
  /** The package's part of the search text: every name, lower-cased, as the intake builds it. */
  searchText: string;
  initialBalance: number;
  maxDailyLossPercent: number;
  maxLossPercent: number;
  profitTargetPercent: number;
  weight: number;
}

interface PackageFamily {
  names: Record<string, string>;
  sizes: number[];
  maxDailyLoss: number;
  maxLoss: number;
  profitTarget: number;
}

const FAMILIES: PackageFamily[] = [
  {
    names: { "zh-cn": "经典挑战", "zh-tw": "經典挑戰", "en-us": "Classic Challenge", ja: "クラシックチャレンジ" },
    sizes: [5_000, 10_000, 25_000, 50_000, 100_000, 200_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 10,
  },
  {
    names: { "zh-cn": "快速挑战", "zh-tw": "快速挑戰", "en-us": "Rapid Challenge", ja: "ラピッドチャレンジ" },
    sizes: [10_000, 25_000, 50_000, 100_000],
    maxDailyLoss: 4,
    maxLoss: 8,
    profitTarget: 8,
  },
  {
    names: { "en-us": "Two-Step Evaluation", "zh-cn": "两步评估", "zh-tw": "兩步評估", ja: "2ステップ評価" },
    sizes: [10_000, 25_000, 50_000, 100_000, 200_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 8,
  },
  {
    names: { "zh-cn": "全是live+不返佣", "zh-tw": "全是live+不返佣", "en-us": "All live, no rebate", ja: "全是live+不返佣" },
    sizes: [5_000, 7_000, 10_000, 20_000],
    maxDailyLoss: 10,
    maxLoss: 20,
    profitTarget: 0.1,
  },
  {
    names: { "zh-cn": "实盘阶段", "zh-tw": "實盤階段", "en-us": "Live Step", ja: "ライブステップ" },
    sizes: [25_000, 50_000, 100_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 5,
  },
  {
    names: { "zh-cn": "波段交易", "zh-tw": "波段交易", "en-us": "Swing Trader", ja: "スイングトレーダー" },
    sizes: [25_000, 50_000, 100_000],
    maxDailyLoss: 5,
    maxLoss: 12,
    profitTarget: 10,
  },
  {
    names: { "zh-cn": "即时注资", "zh-tw": "即時注資", "en-us": "Instant Funding", ja: "インスタント資金" },
    sizes: [5_000, 10_000, 20_000, 40_000],
    maxDailyLoss: 3,
    maxLoss: 6,
    profitTarget: 6,
  },
  {
    names: { "zh-cn": "加密货币挑战", "zh-tw": "加密貨幣挑戰", "en-us": "Crypto Challenge", ja: "暗号資産チャレンジ" },
    sizes: [10_000, 50_000],
    maxDailyLoss: 6,
    maxLoss: 12,
    profitTarget: 12,
  },
  // Tenants that never filled in an English name, or left it empty: the display name falls back.
  {
    names: { "zh-cn": "黄金冲刺", "zh-tw": "黃金衝刺" },
    sizes: [10_000, 50_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 10,
  },
  {
    names: { "zh-cn": "春节特惠挑战", "zh-tw": "春節特惠挑戰", "en-us": "", ja: "旧正月チャレンジ" },
    sizes: [10_000, 25_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 8,
  },
  {
    names: { "en-us": "Asia Pro", "ko-kr": "아시아 프로", "vi-vn": "Châu Á Pro", "zh-cn": "亚洲专业版" },
    sizes: [50_000, 100_000],
    maxDailyLoss: 5,
    maxLoss: 10,
    profitTarget: 10,
  },
];

function withSize(names: Record<string, string>, size: number): Record<string, string> {
  const label = size >= 1_000 ? `${size / 1_000}K` : String(size);
  return Object.fromEntries(Object.entries(names).map(([locale, name]) => [locale, name === "" ? "" : `${name} ${label}`]));
}

function buildPackages(): PropTradingPackage[] {
  const packages: PropTradingPackage[] = [];
  const random = seededRandom(0x9ac4a6e);
  for (const family of FAMILIES) {
    for (const size of family.sizes) {
      const names = withSize(family.names, size);
      packages.push({
        names,
        storedNames: names,
        displayName: displayPackageName(names),
        searchText: Object.values(names)
          .filter((name) => name !== "")
          .join(" ")
          .toLowerCase(),
        initialBalance: size,
        maxDailyLossPercent: family.maxDailyLoss,
        maxLossPercent: family.maxLoss,
        profitTargetPercent: family.profitTarget,
        weight: 0,
      });
    }
  }
  // An old integration that sends the package name as plain text.
  packages.push({
    names: "Legacy Starter 5K",
    storedNames: { "": "Legacy Starter 5K" },
    displayName: "Legacy Starter 5K",
    searchText: "legacy starter 5k",
    initialBalance: 5_000,
    maxDailyLossPercent: 5,
    maxLossPercent: 10,
    profitTargetPercent: 10,
    weight: 0,
  });
  // Popularity: shuffled, then Zipf-like.
  const order = packages.map((_, index) => index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  order.forEach((packageIndex, rank) => {
    const entry = packages[packageIndex];
    if (entry) entry.weight = 1 / (rank + 1) ** 0.9;
  });
  return packages;
}

export const PACKAGES = buildPackages();

// ── Trading venues: platform, server connection, account group ─────────────────────────────────

export interface Venue {
  platform: string;
  connectionId: string;
  group: string;
  /** [group, connection id, platform], lower-cased: their part of the search text. */
  searchText: string;
  weight: number;
}

const PLATFORMS = [
  { platform: "mt5", weight: 48, servers: 5 },
  { platform: "mt4", weight: 27, servers: 4 },
  { platform: "ctrader", weight: 13, servers: 2 },
  { platform: "dxtrade", weight: 7, servers: 2 },
  { platform: "matchtrader", weight: 5, servers: 1 },
];

const GROUP_STEMS = ["BBSTGHEDGE", "PROP-STD-", "PROP\\CH1\\", "PROP\\LIVE\\", "HEDGE-", "RAW-", "ECN\\", "SWAP-FREE-", "FUNDED\\"];
const CURRENCIES = ["EUR", "USD", "GBP", "JPY", "USDT"];

function id8(random: () => number): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  let text = "";
  for (let i = 0; i < 8; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

function buildVenues(): Venue[] {
  const random = seededRandom(0x7e4e5);
  const venues: Venue[] = [];
  for (const { platform, weight, servers } of PLATFORMS) {
    for (let server = 0; server < servers; server++) {
      const connectionId = server === 0 && platform === "mt5" ? "struk0gc" : id8(random);
      const groups = 3 + Math.floor(random() * 6);
      for (let g = 0; g < groups; g++) {
        const environment = random() < 0.55 ? "demo" : random() < 0.7 ? "real" : "prop";
        const stem = GROUP_STEMS[Math.floor(random() * GROUP_STEMS.length)] ?? "PROP-";
        const currency = CURRENCIES[Math.floor(random() * CURRENCIES.length)] ?? "USD";
        const group =
          platform === "ctrader" || platform === "matchtrader"
            ? `${stem}${currency}`.replaceAll("\\", "_")
            : `${environment}\\${stem}${currency}`;
        venues.push({
          platform,
          connectionId,
          group,
          searchText: [group, connectionId, platform].join(" ").toLowerCase(),
          weight: (weight / servers) * (1 / (g + 1)),
        });
      }
    }
  }
  return venues;
}

export const VENUES = buildVenues();

/** Leverage as the CRM sends it: mostly a number, sometimes the "1:N" text; and its stored value. */
export const LEVERAGES = [
  { json: "100", value: "100", weight: 30 },
  { json: "200", value: "200", weight: 45 },
  { json: "500", value: "500", weight: 20 },
  { json: '"1:100"', value: "100", weight: 5 },
];

// ── The shape of a day (UTC) ────────────────────────────────────────────────────────────────────

/** Relative traffic per UTC hour: the CRM's tenants are mostly in Asia, the bank's customers in Europe/US. */
export const CRM_HOURLY = [5, 6, 8, 9, 9, 9, 8, 8, 8, 7, 6, 6, 6, 6, 6, 5, 4, 3, 3, 2, 2, 2, 3, 4];
export const BANK_HOURLY = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Monday … Sunday. */
export const WEEKDAY_FACTOR = [1.05, 1.08, 1.06, 1.04, 1, 0.5, 0.42];

// ── Exchange lifecycles ─────────────────────────────────────────────────────────────────────────

export interface Lifecycle {
  statuses: string[];
  /** Mean time (ms) from the previous status change to this one; the first is 0. */
  gapMeansMs: number[];
  weight: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** How exchanges go: most complete; some are rejected or fail; a few stay stuck, some with an open RFI. */
export const LIFECYCLES: Lifecycle[] = [
  {
    statuses: ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Completed"],
    gapMeansMs: [0, MINUTE, 20 * SECOND, 1.5 * SECOND],
    weight: 50,
  },
  {
    statuses: ["WaitingForApproval", "AwaitingRfi", "WaitingForConfirmation", "Pending", "Completed"],
    gapMeansMs: [0, 5 * MINUTE, 18 * HOUR, 20 * SECOND, 1.5 * SECOND],
    weight: 25,
  },
  { statuses: ["WaitingForApproval", "Pending", "Completed"], gapMeansMs: [0, 40 * SECOND, 1.5 * SECOND], weight: 5 },
  {
    statuses: ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Failed"],
    gapMeansMs: [0, MINUTE, 20 * SECOND, 3 * SECOND],
    weight: 7,
  },
  { statuses: ["WaitingForApproval", "Rejected"], gapMeansMs: [0, 30 * MINUTE], weight: 5 },
  { statuses: ["WaitingForApproval", "WaitingForConfirmation", "Pending"], gapMeansMs: [0, MINUTE, 20 * SECOND], weight: 4 },
  { statuses: ["WaitingForApproval", "AwaitingRfi"], gapMeansMs: [0, 5 * MINUTE], weight: 3 },
  { statuses: ["WaitingForApproval"], gapMeansMs: [0], weight: 1 },
];

export const TRANSFER_TYPES = ["Internal", "Wire", "ACH", "SEPA"];

/** Secrets the generated signatures are made with (the bench's app server is started with them). */
export { testSecrets as benchSecrets } from "@/tooling/testing/webhook-requests";
