import { describe, expect, it } from "vitest";
import { bankExchangeStatusUpdatedSeed, crmRejectPropTradingLiveSeed } from "@/tooling/testing/fixtures";
import { crmEventPayload, crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { normalizeBankingDelivery } from "../banking/normalize";
import { allCrmEventSlugs } from "../crm/events";
import { displayPackageName, normalizeCrmDelivery } from "../crm/normalize";
import { isStorableText, type JsonValue, readJson } from "../json";

const parse = (value: unknown): JsonValue => {
  const result = readJson(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));
  if (!result.ok) throw new Error(result.detail);
  return result.value;
};

describe("broker CRM normaliser", () => {
  it("projects the documented propTradingLive reject example", () => {
    const decision = normalizeCrmDelivery(parse(crmRejectPropTradingLiveSeed), "abc");
    expect(decision.kind).toBe("project");
    if (decision.kind !== "project" || decision.projection.kind !== "prop-trading-rejection") throw new Error("not projected");
    expect(decision.projection).toMatchObject({
      requestId: "qkk4x3p1",
      stage: "live",
      requestType: "prop_trading_live_step",
      sentStatus: "pending",
      userId: "045dff8l",
      requestTime: new Date("2024-07-30T09:00:26Z"),
      packageName: "全是live+不返佣",
      platform: "mt5",
      connectionId: "struk0gc",
      groupName: "demo\\BBSTGHEDGEEUR",
      leverage: "200",
      initialBalance: "7000",
      maxDailyLossPercent: "10",
      maxLossPercent: "20",
      profitTargetPercent: "0.1",
      eventSlug: "crm.webhooks.requests.propTradingLive.reject",
      targetName: "自营交易live阶段",
    });
    expect(decision.projection.packageNames).toEqual({
      "zh-cn": "全是live+不返佣",
      "zh-tw": "全是live+不返佣",
      "en-us": "全是live+不返佣",
      ja: "全是live+不返佣",
    });
    expect(decision.dedupeKey).toBe("live-rejection:qkk4x3p1");
  });

  it("projects a propTrading (challenge) reject too, numbers sent as strings", () => {
    const decision = normalizeCrmDelivery(
      parse(crmRejectPayload({ family: "propTrading", id: "c1", userId: "u1", leverage: "1:500", initialBalance: "100000.50" })),
      "abc",
    );
    expect(decision).toMatchObject({ kind: "project", projection: { stage: "challenge", leverage: "500", initialBalance: "100000.5" } });
  });

  it.each(allCrmEventSlugs().filter((slug) => !/propTrading(Live)?\.reject$/.test(slug)))("stores %s in the inbox", (slug) => {
    expect(normalizeCrmDelivery(parse(crmEventPayload(slug)), "abc")).toMatchObject({ kind: "store", eventType: slug, notes: [] });
  });

  it("stores an event slug outside the catalogue, with a note", () => {
    const decision = normalizeCrmDelivery(parse(crmEventPayload("crm.webhooks.requests.deposit.approve.node.1")), "abc");
    expect(decision).toMatchObject({ kind: "store", eventType: "crm.webhooks.requests.deposit.approve.node.1" });
    expect(decision.notes.join()).toContain("outside the documented catalogue");
  });

  it.each([
    ["a request time in another format", { requestTime: "30/07/2024 09:00" }, "data.request_time"],
    ["an impossible date", { requestTime: "2024-02-30 09:00:00" }, "data.request_time"],
    ["a percentage with 30 decimals", { profitTargetPercent: "0.100000000000000000000000000001" }, "data.profit_target_percent"],
    ["a balance of 1e400", { initialBalance: "1e400" }, "data.initial_balance"],
    ["a balance that is text", { initialBalance: "seven thousand" }, "data.initial_balance"],
    ["an empty request id", { id: " " }, "data.id"],
  ])("quarantines %s, naming the field", (_, override, path) => {
    const decision = normalizeCrmDelivery(parse(crmRejectPayload({ id: "r1", userId: "u1", ...override })), "abc");
    expect(decision.kind).toBe("quarantine");
    if (decision.kind === "quarantine") expect(decision.errors.map((error) => error.path)).toContain(path);
  });

  it("quarantines an envelope without an event slug", () => {
    expect(normalizeCrmDelivery(parse({ data: {} }), "abc")).toMatchObject({
      kind: "quarantine",
      eventType: "(no event slug)",
      dedupeKey: "sha256:abc",
    });
  });

  it("keeps -0 and exact decimals exactly", () => {
    const decision = normalizeCrmDelivery(
      parse(crmRejectPayload({ id: "r2", userId: "u2", maxLossPercent: -0, initialBalance: "123456789012345678.123456789012345678" })),
      "abc",
    );
    expect(decision).toMatchObject({ projection: { maxLossPercent: "0", initialBalance: "123456789012345678.123456789012345678" } });
  });

  it("keeps every package locale as sent, one named __proto__ too", () => {
    const payload = JSON.stringify(crmRejectPayload({ id: "r-proto", userId: "u-proto" })).replace(
      /"package_name":\{[^}]*\}/,
      '"package_name":{"__proto__":"Prototype","en-us":"Plain"}',
    );
    const decision = normalizeCrmDelivery(parse(payload), "abc");
    if (decision.kind !== "project" || decision.projection.kind !== "prop-trading-rejection") throw new Error("not projected");
    expect(JSON.stringify(decision.projection.packageNames)).toBe('{"__proto__":"Prototype","en-us":"Plain"}');
    expect(decision.projection.packageName).toBe("Plain");
  });

  it("names a package in English first, then any other locale", () => {
    expect(displayPackageName({ "zh-cn": "挑战", "en-us": "Challenge" })).toBe("Challenge");
    expect(displayPackageName({ "zh-cn": "挑战", ja: "チャレンジ" })).toBe("挑战");
    expect(displayPackageName({ "en-us": "", ja: "チャレンジ" })).toBe("チャレンジ");
    expect(displayPackageName(null)).toBeNull();
  });
});

describe("banking normaliser", () => {
  it("projects the documented EXCHANGE_STATUS_UPDATED example, trailing comma and all", () => {
    const decision = normalizeBankingDelivery(parse(bankExchangeStatusUpdatedSeed), "abc");
    expect(decision).toMatchObject({
      kind: "project",
      eventType: "EXCHANGE_STATUS_UPDATED",
      callbackId: "f9b5e465-69b5-4c6d-91c2-fb4dd64d4d20",
      dedupeKey: "callback:f9b5e465-69b5-4c6d-91c2-fb4dd64d4d20",
      projection: {
        exchangeId: "11669",
        status: "Completed",
        statusRank: 4,
        exchangeType: "Buy",
        manageesId: "1436",
        assetPair: "USDC/USD",
        requestAmount: "24.75",
        requestPrice: "25",
        executedAmount: "24.75",
        executedPrice: null,
        commissionFee: "0.12",
        hasOpenRfi: true,
        fromTransactionsId: "13471",
        toTransactionsId: "13473",
        fromCustomerAssetAccountId: "1184",
        toCustomerAssetAccountId: null,
      },
    });
  });

  it("keeps an unknown status as data, unranked, with a note", () => {
    const decision = normalizeBankingDelivery(
      parse(exchangeCallbackPayload({ callbackId: "c1", exchangeId: 1, status: "Settled" })),
      "abc",
    );
    expect(decision).toMatchObject({ kind: "project", projection: { status: "Settled", statusRank: 0 } });
    expect(decision.notes.join()).toContain("not one we know");
  });

  it("matches statuses and keys case-insensitively", () => {
    const payload = exchangeCallbackPayload({ callbackId: "c2", exchangeId: 2, status: "awaitingrfi" }) as Record<string, unknown>;
    const decision = normalizeBankingDelivery(parse({ id: payload.Id, type: payload.Type, data: payload.Data }), "abc");
    expect(decision).toMatchObject({ kind: "project", projection: { status: "AwaitingRfi", statusRank: 2 } });
  });

  it.each(["TRANSACTION_STATUS_UPDATED", "FIAT DEPOSIT RECEIVED", "FIAT_DEPOSIT_RECIEVED", "CRYPTO_DEPOSIT_CREATED", "SOMETHING_NEW"])(
    "stores %s in the inbox",
    (type) => {
      const decision = normalizeBankingDelivery(parse({ Id: "cb-x", Type: type, Data: { bFlagged: false } }), "abc");
      expect(decision.kind).toBe("store");
    },
  );

  it("quarantines an exchange callback whose amount would be rounded", () => {
    const decision = normalizeBankingDelivery(
      parse(exchangeCallbackPayload({ callbackId: "c3", exchangeId: 3, status: "Pending", requestAmount: "0.1234567890123456789" })),
      "abc",
    );
    expect(decision).toMatchObject({ kind: "quarantine", errors: [{ path: "Data.RequestAmount" }] });
  });

  it("never takes fields from a __proto__ key", () => {
    const { Id, Status, ...rest } = exchangeCallbackPayload({ callbackId: "c-proto", exchangeId: 4, status: "Pending" }).Data;
    const body = JSON.stringify({ Id: "c-proto", Type: "EXCHANGE_STATUS_UPDATED", Data: rest }).replace(
      '"Data":{',
      `"Data":{"__proto__":${JSON.stringify({ Id, Status })},`,
    );
    const decision = normalizeBankingDelivery(parse(body), "abc");
    expect(decision.kind).toBe("quarantine");
    if (decision.kind === "quarantine") expect(decision.errors.map((error) => error.path).sort()).toEqual(["Data.Id", "Data.Status"]);
  });

  it("quarantines a callback without a Type, deduplicating it by its Id", () => {
    expect(normalizeBankingDelivery(parse({ Id: "cb-y", Data: {} }), "abc")).toMatchObject({
      kind: "quarantine",
      dedupeKey: "callback:cb-y",
    });
  });
});

/** Every string a decision holds (keys too): what the intake would write to PostgreSQL. */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, entry]) => [key, ...stringsOf(entry)]);
  }
  return [];
}

describe("text PostgreSQL cannot store (NUL, a lone surrogate)", () => {
  const crm = () => crmRejectPayload({ id: "r-nul", userId: "u-nul" });
  const bank = () => exchangeCallbackPayload({ callbackId: "c-nul", exchangeId: 9, status: "Pending" });

  it.each([
    ["a NUL in the event slug", () => ({ ...crm(), source: { event: "crm.webhooks.requests.propTrading.reject\u0000" } })],
    ["a NUL in the target name", () => ({ ...crm(), target: { name: "a\u0000b" } })],
    ["a lone surrogate in the user id", () => ({ ...crm(), data: { ...crm().data, user_id: "u\ud800" } })],
    ["a lone surrogate in a package name", () => ({ ...crm(), data: { ...crm().data, package_name: { "en-us": "\udc00" } } })],
    ["a NUL in a package name's locale", () => ({ ...crm(), data: { ...crm().data, package_name: { "en\u0000us": "name" } } })],
  ])("quarantines a CRM delivery with %s, in storable words", (_, payload) => {
    const decision = normalizeCrmDelivery(parse(payload()), "abc");
    expect(decision.kind).toBe("quarantine");
    expect(stringsOf(decision).filter((text) => !isStorableText(text))).toEqual([]);
  });

  it.each([
    ["a NUL in the callback Id", () => ({ ...bank(), Id: "c\u0000" })],
    ["a NUL in the Type", () => ({ ...bank(), Type: "EXCHANGE_STATUS_UPDATED\u0000" })],
    ["a lone surrogate in the asset pair", () => ({ ...bank(), Data: { ...bank().Data, AssetPair: "USDC/\ud800" } })],
  ])("quarantines a bank callback with %s, in storable words", (_, payload) => {
    const decision = normalizeBankingDelivery(parse(payload()), "abc");
    expect(decision.kind).toBe("quarantine");
    expect(stringsOf(decision).filter((text) => !isStorableText(text))).toEqual([]);
  });

  it("deduplicates a callback whose Id cannot be stored by its bytes", () => {
    expect(normalizeBankingDelivery(parse({ ...bank(), Id: "c\u0000" }), "abc")).toMatchObject({
      dedupeKey: "sha256:abc",
      callbackId: null,
    });
  });
});

// Shapes of a signed number that once held the event loop for seconds (1e10000000 written out in
// full, a quadratic pattern over a long digit run). Each is quarantined with its reason; how fast
// is the fault suite's to say (its hostile-input section bounds the worst answer time).
describe("hostile numbers", () => {
  const hostile: [string, string, RegExp][] = [
    ["a huge exponent", "1e10000000", /digits before the decimal point/],
    ["a bigger one", "1e100000000", /digits before the decimal point/],
    ["a tiny exponent", "1e-10000000", /decimal places/],
    ["tens of thousands of digits", "9".repeat(50_000), /more than 100 characters/],
    ["digits with a long junk suffix", `${"1".repeat(5_000)}${"x".repeat(50_000)}`, /more than 100 characters/],
    ["digits, a point and junk", `1.${"0".repeat(90)}x`, /expected a decimal number/],
    ["a signed run of digits", `-${"9".repeat(30_000)}`, /more than 100 characters/],
  ];

  it.each(hostile)("%s as a JSON number or a string is quarantined with the reason", (_name, number, reason) => {
    for (const body of [
      `{"source":{"event":"crm.webhooks.requests.propTradingLive.reject"},"data":{"id":"h1","user_id":"u1","request_time":"2024-07-30 09:00:26","initial_balance":${/^[-\d.e]+$/.test(number) ? number : JSON.stringify(number)}}}`,
      JSON.stringify(crmRejectPayload({ id: "h2", userId: "u1", initialBalance: number })),
    ]) {
      const decision = normalizeCrmDelivery(parse(body), "abc");
      expect(decision.kind).toBe("quarantine");
      if (decision.kind !== "quarantine") continue;
      expect(decision.errors).toEqual([
        { path: "data.initial_balance", message: expect.stringMatching(reason), value: expect.any(String) },
      ]);
      // The reason names the field and the value that failed, shortened: never the whole number.
      expect(decision.reason).toContain("data.initial_balance = ");
      expect(decision.reason.length).toBeLessThan(300);
    }
  });

  it("the same in a bank's amount, and in an id that must be a whole number", () => {
    const payload = exchangeCallbackPayload({ callbackId: "h3", exchangeId: 3, status: "Pending", requestAmount: "1e10000000" });
    expect(normalizeBankingDelivery(parse(payload), "abc")).toMatchObject({ kind: "quarantine", errors: [{ path: "Data.RequestAmount" }] });
    const plain = exchangeCallbackPayload({ callbackId: "h4", exchangeId: 3, status: "Pending" });
    const id = JSON.stringify(plain).replace('"Id":3', `"Id":${"7".repeat(40_000)}`);
    expect(normalizeBankingDelivery(parse(id), "abc")).toMatchObject({ kind: "quarantine", errors: [{ path: "Data.Id" }] });
  });
});

describe("a quarantine reason", () => {
  it("names the field and the value that failed, as the sender wrote it", () => {
    const decision = normalizeBankingDelivery(
      parse(exchangeCallbackPayload({ callbackId: "qv1", exchangeId: 5, status: "Pending", requestAmount: "twelve" })),
      "abc",
    );
    expect(decision).toMatchObject({
      kind: "quarantine",
      reason:
        'The exchange status callback\'s Data does not match the documented fields: Data.RequestAmount = "twelve" (expected a decimal number).',
      errors: [{ path: "Data.RequestAmount", value: '"twelve"', message: "expected a decimal number" }],
    });
  });

  it("says when a required field is missing, and how many more problems there are", () => {
    const payload = crmRejectPayload({ id: "qv2", userId: "u1", initialBalance: "lots" });
    const { user_id: _dropped, ...data } = payload.data;
    const decision = normalizeCrmDelivery(parse({ ...payload, data }), "abc");
    expect(decision.kind).toBe("quarantine");
    if (decision.kind !== "quarantine") return;
    expect(decision.reason).toMatch(/: data\.\w+ (= .+ \(|is missing).*, and 1 more\.$/);
    expect(decision.errors).toContainEqual({ path: "data.initial_balance", value: '"lots"', message: "expected a decimal number" });
  });
});
