// Realistic demo traffic, deterministic (same seed, same deliveries): rejected prop-trading requests
// with CJK package names and skewed users, and exchanges whose callbacks arrive out of order and
// repeated, some stuck waiting for information. Fed through the real intake code by `npm run seed`.

import { seededRandom } from "@/tooling/seeded-random";
import { crmEventPayload, crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";

export interface DemoDelivery {
  sender: "crm" | "banking";
  body: string;
  receivedAt: Date;
}

const PACKAGES: Record<string, string>[] = [
  { "zh-cn": "全是live+不返佣", "zh-tw": "全是live+不返佣", "en-us": "All live, no rebate", ja: "全是live+不返佣" },
  { "zh-cn": "标准挑战 10K", "zh-tw": "標準挑戰 10K", "en-us": "Standard Challenge 10K", ja: "スタンダード チャレンジ 10K" },
  { "zh-cn": "极速挑战 50K", "zh-tw": "極速挑戰 50K", "en-us": "Rapid Challenge 50K" },
  { "zh-cn": "专业 100K", "en-us": "Pro 100K", ja: "プロ 100K" },
  { "zh-cn": "入门 5K", "zh-tw": "入門 5K" },
  { "en-us": "Swing 200K", ja: "スイング 200K" },
];
const PLATFORMS = ["mt5", "mt5", "mt5", "mt4", "ctrader", "dxtrade"];
const GROUPS = ["demo\\BBSTGHEDGEEUR", "demo\\BBSTGHEDGEUSD", "real\\PROP-LIVE-A", "real\\PROP-LIVE-B", "contest\\CH-2024"];
const SERVERS = ["struk0gc", "ln4x9q2a", "sg7m2p0d", "ny3k8r1e"];
const BALANCES = [5000, 7000, 10000, 25000, 50000, 100000, 200000];
const PAIRS = [
  "USDC/USD",
  "USDC/USD",
  "USDC/USD",
  "EUR/USDC",
  "EUR/USDC",
  "BTC/USD",
  "ETH/USD",
  "USDT/USD",
  "GBP/USDC",
  "BTC/USDC",
  "ETH/USDC",
  "SOL/USD",
  "USD/JPY",
  "XRP/USD",
  "EUR/USD",
];
const LIFECYCLES: string[][] = [
  ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Completed"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Completed"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Completed"],
  ["WaitingForApproval", "AwaitingRfi", "WaitingForConfirmation", "Pending", "Completed"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Failed"],
  ["WaitingForApproval", "Rejected"],
  ["WaitingForApproval", "AwaitingRfi"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending"],
];

const crmTime = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);

export function demoDeliveries({ rejections = 3000, exchanges = 2000, seed = 20241123, now = new Date() } = {}): DemoDelivery[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  // A few busy users and a long tail.
  const user = (prefix: string, count: number) =>
    `${prefix}${Math.floor(count * next() ** 3)
      .toString(36)
      .padStart(5, "0")}`;
  const deliveries: DemoDelivery[] = [];
  const dayMs = 86_400_000;

  for (let index = 0; index < rejections; index++) {
    const requested = new Date(now.getTime() - next() * 60 * dayMs);
    const balance = pick(BALANCES);
    const payload = crmRejectPayload({
      family: next() < 0.35 ? "propTradingLive" : "propTrading",
      id: `rq${(index * 7919 + 104729).toString(36)}`,
      userId: user("u", 4000),
      requestTime: crmTime(requested),
      packageNames: pick(PACKAGES),
      platform: pick(PLATFORMS),
      connectionId: pick(SERVERS),
      group: pick(GROUPS),
      leverage: next() < 0.8 ? pick([100, 200, 500]) : pick(["100", "1:200"]),
      initialBalance: next() < 0.7 ? balance : String(balance),
      maxDailyLossPercent: pick([4, 5, 10]),
      maxLossPercent: pick([8, 10, "12.5", 20]),
      profitTargetPercent: pick([0.1, 8, 10, "6.5"]),
    });
    const receivedAt = new Date(Math.min(now.getTime(), requested.getTime() + (1 + next() * 240) * 60_000));
    deliveries.push({ sender: "crm", body: JSON.stringify(payload), receivedAt });
    if (next() < 0.04)
      deliveries.push({ sender: "crm", body: JSON.stringify(payload), receivedAt: new Date(receivedAt.getTime() + 3_600_000) });
  }

  // Approvals and withdrawals the inbox keeps but nothing projects.
  for (let index = 0; index < rejections / 5; index++) {
    const family = pick(["withdrawal", "propTrading", "propTradingLive", "transfer"]);
    const slug =
      next() < 0.8
        ? `crm.webhooks.requests.${family}.approve.node.${1 + Math.floor(next() * 3)}`
        : `crm.webhooks.requests.${family === "transfer" ? "transfer" : "withdrawal"}.reject`;
    const payload = crmEventPayload(slug, { id: `ap${index.toString(36)}`, user_id: user("u", 4000), amount: (next() * 5000).toFixed(2) });
    deliveries.push({ sender: "crm", body: JSON.stringify(payload), receivedAt: new Date(now.getTime() - next() * 30 * dayMs) });
  }

  for (let index = 0; index < exchanges; index++) {
    const exchangeId = 12000 + index;
    const lifecycle = pick(LIFECYCLES);
    const started = now.getTime() - next() * 45 * dayMs;
    const amount = (10 + next() * 25000).toFixed(2);
    const price = (0.9 + next() * 0.2).toFixed(4);
    const manageesId = 1000 + Math.floor(800 * next() ** 2);
    const pair = pick(PAIRS);
    const callbacks = lifecycle.map((status, step) => ({
      body: JSON.stringify(
        exchangeCallbackPayload({
          callbackId: `${exchangeId.toString(16).padStart(8, "0")}-${step.toString(16).padStart(4, "0")}-4a53-9d43-1c2f0e9b7a1${step}`,
          exchangeId,
          status,
          exchangeType: next() < 0.6 ? 0 : 1,
          manageesId,
          assetPair: pair,
          requestAmount: amount,
          requestPrice: price,
          executedAmount: status === "Completed" ? amount : null,
          executedPrice: status === "Completed" ? (Number(price) * (1 + (next() - 0.5) / 500)).toFixed(6) : null,
          commissionFee: (Number(amount) * 0.0025).toFixed(2),
          hasOpenRfi: status === "AwaitingRfi",
        }),
      ),
      receivedAt: new Date(Math.min(now.getTime(), started + step * (2 + next() * 30) * 60_000)),
    }));
    // About a fifth of the exchanges have two neighbouring callbacks swapped in arrival.
    if (callbacks.length > 2 && next() < 0.2) {
      const at = Math.floor(next() * (callbacks.length - 1));
      const [first, second] = [callbacks[at], callbacks[at + 1]];
      if (first && second) {
        callbacks[at] = { ...second, receivedAt: first.receivedAt };
        callbacks[at + 1] = { ...first, receivedAt: second.receivedAt };
      }
    }
    for (const callback of callbacks) {
      deliveries.push({ sender: "banking", ...callback });
      // The bank retries a callback now and then (same callback Id).
      if (next() < 0.08)
        deliveries.push({ sender: "banking", body: callback.body, receivedAt: new Date(callback.receivedAt.getTime() + 90_000) });
    }
  }

  // A few deliveries that need an operator: a schema failure, a status never documented.
  deliveries.push({
    sender: "crm",
    body: JSON.stringify(crmRejectPayload({ id: "rq-bad-time", userId: "u00042", requestTime: "30/07/2024 09:00" })),
    receivedAt: new Date(now.getTime() - 2 * 3_600_000),
  });
  deliveries.push({
    sender: "banking",
    body: JSON.stringify(
      exchangeCallbackPayload({ callbackId: "demo-unknown-status", exchangeId: 11999, status: "UnderReview", assetPair: "EUR/USDC" }),
    ),
    receivedAt: new Date(now.getTime() - 26 * 3_600_000),
  });
  deliveries.push({
    sender: "banking",
    body: JSON.stringify({ Id: "demo-deposit-1", Type: "FIAT_DEPOSIT_RECEIVED", Data: { Id: 5511, Amount: 2500, bFlagged: false } }),
    receivedAt: new Date(now.getTime() - 5 * 3_600_000),
  });

  return deliveries.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
