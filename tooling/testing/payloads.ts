// Realistic sender payloads for tests, the demo seed and the benchmark, shaped like the senders'
// documented examples (field names, number-vs-string quirks, CJK names).

export interface CrmRejectOptions {
  family?: "propTrading" | "propTradingLive";
  id: string;
  userId: string;
  requestTime?: string;
  packageNames?: Record<string, string> | string | null;
  platform?: string;
  connectionId?: string;
  group?: string;
  leverage?: number | string;
  initialBalance?: number | string;
  maxDailyLossPercent?: number | string;
  maxLossPercent?: number | string;
  profitTargetPercent?: number | string;
  targetName?: string;
  status?: string;
}

export function crmRejectPayload(options: CrmRejectOptions) {
  const family = options.family ?? "propTradingLive";
  return {
    source: { service: "requests", group: `crm.webhooks.groups.requests.${family}`, event: `crm.webhooks.requests.${family}.reject` },
    target: { name: options.targetName ?? (family === "propTradingLive" ? "自营交易live阶段" : "自营交易挑战") },
    version: "1.0.0",
    data: {
      id: options.id,
      type: family === "propTradingLive" ? "prop_trading_live_step" : "prop_trading",
      status: options.status ?? "pending",
      user_id: options.userId,
      request_time: options.requestTime ?? "2024-07-30 09:00:26",
      package_name:
        options.packageNames === undefined
          ? { "zh-cn": "全是live+不返佣", "zh-tw": "全是live+不返佣", "en-us": "All live, no rebate", ja: "全是live+不返佣" }
          : options.packageNames,
      connection_id: options.connectionId ?? "struk0gc",
      platform: options.platform ?? "mt5",
      group: options.group ?? "demo\\BBSTGHEDGEEUR",
      leverage: options.leverage ?? 200,
      initial_balance: options.initialBalance ?? 7000,
      max_daily_loss_percent: options.maxDailyLossPercent ?? 10,
      max_loss_percent: options.maxLossPercent ?? "20",
      profit_target_percent: options.profitTargetPercent ?? 0.1,
    },
  };
}

export function crmEventPayload(slug: string, data: Record<string, unknown> = { id: "req-1", user_id: "user-1" }) {
  const family = slug.split(".")[3] ?? "withdrawal";
  return {
    source: { service: "requests", group: `crm.webhooks.groups.requests.${family}`, event: slug },
    target: { name: "审批" },
    version: "1.0.0",
    data,
  };
}

export interface ExchangeCallbackOptions {
  callbackId: string;
  exchangeId: number;
  status: string;
  exchangeType?: 0 | 1;
  manageesId?: number;
  assetPair?: string;
  requestAmount?: number | string;
  requestPrice?: number | string;
  executedAmount?: number | string | null;
  executedPrice?: number | string | null;
  commissionFee?: number | string | null;
  hasOpenRfi?: boolean;
}

export function exchangeCallbackPayload(options: ExchangeCallbackOptions) {
  const executed = ["Completed"].includes(options.status);
  return {
    Id: options.callbackId,
    Type: "EXCHANGE_STATUS_UPDATED",
    Data: {
      Id: options.exchangeId,
      ExchangeType: options.exchangeType ?? 0,
      Status: options.status,
      FromTransactionsId: options.exchangeId * 10 + 1,
      ToTransactionsId: options.exchangeId * 10 + 3,
      ManageesId: options.manageesId ?? 1436,
      AssetPair: options.assetPair ?? "USDC/USD",
      RequestAmount: options.requestAmount ?? 24.75,
      RequestPrice: options.requestPrice ?? 25,
      ExecutedAmount: options.executedAmount === undefined ? (executed ? (options.requestAmount ?? 24.75) : null) : options.executedAmount,
      ExecutedPrice: options.executedPrice === undefined ? (executed ? 25.01 : null) : options.executedPrice,
      CommissionFee: options.commissionFee === undefined ? 0.12 : options.commissionFee,
      PayeesId: null,
      TransferType: null,
      bHasOpenRfi: options.hasOpenRfi ?? options.status === "AwaitingRfi",
      FromCustomerAssetAccountId: 1184,
    },
  };
}
