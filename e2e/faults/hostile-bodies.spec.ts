// Broken and hostile bodies, correctly signed, on both webhook endpoints: each is answered 4xx or
// kept whole in quarantine (200), never 500, and the server keeps serving. What is accepted is
// stored exactly as sent: no rounded numbers, no altered text.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import type pg from "pg";
import { bankExchangeStatusUpdatedSeed } from "@/tooling/testing/fixtures";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import type { SenderName } from "@/tooling/testing/webhook-requests";
import { type CaseResult, SENDERS, sendCase, uniqueExchangeId, uniqueId, validPayload, withField } from "./support/hostile";
import { intakeAppTest } from "./support/intake-app";

const test = intakeAppTest("hostile-bodies");

const REFUSED_OR_QUARANTINED = "4xx with the bytes kept in quarantine, or 200 quarantined; never 5xx";

/** 4xx, or 200 `quarantined` — either way the exact bytes are in the inbox as quarantined, and nothing is projected. */
function expectRefusedOrQuarantined(result: CaseResult, body: string | Buffer) {
  expect(result.outcome.kind, "the request was answered").toBe("answered");
  const status = result.status ?? 0;
  if (status === 200) expect(result.json?.status).toBe("quarantined");
  else expect(status >= 400 && status < 500, `status ${status}`).toBe(true);
  if (status === 413 || status === 408) return;
  expect(result.rows.map((row) => row.outcome)).toEqual(["quarantined"]);
  expect(result.rows[0]?.rawBody.equals(Buffer.from(body))).toBe(true);
}

function expectAccepted(result: CaseResult, body: string | Buffer) {
  expect(result.status).toBe(200);
  expect(result.json?.status).toBe("accepted");
  expect(result.rows.map((row) => row.outcome)).toEqual(["projected"]);
  expect(result.rows[0]?.rawBody.equals(Buffer.from(body))).toBe(true);
}

async function projectedRejection(pool: pg.Pool, deliveryId: unknown) {
  const result = await pool.query(
    `SELECT request_id, request_type, sent_status, user_id, package_names::text AS package_names, package_name, platform,
            connection_id, group_name, event_slug, target_name, leverage::text, initial_balance::text, max_daily_loss_percent::text,
            max_loss_percent::text, profit_target_percent::text
       FROM prop_trading_request WHERE delivery_id = $1`,
    [String(deliveryId)],
  );
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as Record<string, string | null>;
}

async function projectedExchangeStep(pool: pg.Pool, deliveryId: unknown) {
  const result = await pool.query(
    `SELECT callback_id, status, exchange_type, asset_pair, transfer_type, exchange_id::text, request_amount::text, request_price::text,
            executed_amount::text, commission_fee::text, managees_id::text
       FROM exchange_status_event WHERE delivery_id = $1`,
    [String(deliveryId)],
  );
  expect(result.rows).toHaveLength(1);
  return result.rows[0] as Record<string, string | null>;
}

/** JSON text of `payload` with the string "§" + name + "§" replaced by a raw literal (numbers JSON.stringify cannot write). */
function withLiterals(payload: unknown, literals: Record<string, string>): string {
  let text = JSON.stringify(payload);
  for (const [name, literal] of Object.entries(literals)) text = text.replace(`"§${name}§"`, literal);
  return text;
}

for (const sender of SENDERS) {
  test.describe(`${sender} endpoint`, () => {
    test("malformed JSON is refused with 400 and kept in quarantine", async ({ app }) => {
      const body = sender === "crm" ? '{"source": {"event": "crm.webhooks.requests.propTrading.reject"' : '{"Id": "x", "Type": ';
      const result = await sendCase(app.database.pool, app.baseURL, { name: "malformed JSON", sender, body, expected: "400" });
      expect(result.status).toBe(400);
      expect(result.json).toMatchObject({ error: "invalid_json" });
      expectRefusedOrQuarantined(result, body);
    });

    test("a trailing comma is tolerated: projected, with a note", async ({ app }) => {
      const body =
        sender === "banking"
          ? bankExchangeStatusUpdatedSeed
              .replace("f9b5e465-69b5-4c6d-91c2-fb4dd64d4d20", randomUUID())
              .replace('"Id": 11669', `"Id": ${uniqueExchangeId()}`)
          : JSON.stringify(validPayload("crm"), null, 2).replace(/\n {2}\}\n\}$/, ",\n  },\n}");
      expect(body).toMatch(/,\s*\}/);
      const result = await sendCase(app.database.pool, app.baseURL, {
        name: "trailing comma (the bank's documented example has one)",
        sender,
        body,
        expected: "200 accepted, projected, noted",
      });
      expectAccepted(result, body);
      expect(result.rows[0]?.note).toContain("trailing commas");
    });

    for (const [name, body] of [
      ["empty body", ""],
      ["body of only whitespace", " \r\n\t  \n"],
    ] as const) {
      test(`${name} is refused with 400`, async ({ app }) => {
        const result = await sendCase(app.database.pool, app.baseURL, { name, sender, body, expected: "400" });
        expect(result.status).toBe(400);
        expect(result.json).toMatchObject({ error: "invalid_json", detail: "The body is empty." });
        expectRefusedOrQuarantined(result, body);
      });
    }

    test("invalid UTF-8 is refused with 400, its bytes kept exactly", async ({ app }) => {
      const json = Buffer.from(JSON.stringify(validPayload(sender)));
      const body = Buffer.concat([json.subarray(0, 20), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), json.subarray(20)]);
      const result = await sendCase(app.database.pool, app.baseURL, { name: "invalid UTF-8", sender, body, expected: "400" });
      expect(result.status).toBe(400);
      expectRefusedOrQuarantined(result, body);
    });

    test("a raw NUL byte is refused with 400, its bytes kept exactly", async ({ app }) => {
      const json = JSON.stringify(validPayload(sender));
      const at = json.indexOf('"', json.indexOf(":") + 1) + 1;
      const body = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0x00]), Buffer.from(json.slice(at))]);
      const result = await sendCase(app.database.pool, app.baseURL, {
        name: "raw NUL byte inside a string",
        sender,
        body,
        expected: "400",
      });
      expect(result.status).toBe(400);
      expectRefusedOrQuarantined(result, body);
    });

    test("a \\u0000 escape in any string field is quarantined, never a 500", async ({ app }) => {
      const fields: string[][] =
        sender === "crm"
          ? [
              ["source", "service"],
              ["source", "group"],
              ["source", "event"],
              ["target", "name"],
              ["version"],
              ["data", "id"],
              ["data", "type"],
              ["data", "status"],
              ["data", "user_id"],
              ["data", "request_time"],
              ["data", "package_name", "en-us"],
              ["data", "package_name", "nul\u0000locale"],
              ["data", "platform"],
              ["data", "connection_id"],
              ["data", "group"],
              ["data", "max_loss_percent"],
            ]
          : [["Id"], ["Type"], ["Data", "Status"], ["Data", "AssetPair"], ["Data", "TransferType"], ["Data", "ExchangeType"]];
      for (const field of fields) {
        const base = validPayload(sender);
        const last = field[field.length - 1] ?? "";
        const value = last.includes("\u0000") ? "name" : `before\u0000after`;
        const body = JSON.stringify(withField(base, field, value));
        expect(body).toContain("\\u0000");
        const result = await sendCase(app.database.pool, app.baseURL, {
          name: `\\u0000 escape in ${field.join(".").replace("\u0000", "\\u0000")}`,
          sender,
          body,
          expected: REFUSED_OR_QUARANTINED,
        });
        expect.soft(result.status, field.join(".")).not.toBeUndefined();
        expect.soft(result.status ?? 500, field.join(".")).toBeLessThan(500);
        if ((result.status ?? 500) < 500) expectRefusedOrQuarantined(result, body);
      }
    });

    for (const [shape, open, close] of [
      ["arrays", "[", "]"],
      ["objects", '{"a":', "}"],
    ] as const) {
      test(`JSON nested 100 000 levels deep (${shape}) is refused with 400`, async ({ app }) => {
        const body = `${open.repeat(100_000)}1${close.repeat(100_000)}`;
        const result = await sendCase(app.database.pool, app.baseURL, {
          name: `JSON nested 100 000 levels deep (${shape})`,
          sender,
          body,
          expected: "400",
        });
        expect(result.status).toBe(400);
        expect(result.json?.detail).toMatch(/nests deeper than/);
        expectRefusedOrQuarantined(result, body);
      });
    }

    test("__proto__ and constructor keys never stand in for real fields", async ({ app }) => {
      const pool = app.database.pool;
      // Extra keys beside the real fields: the real fields are projected, the extras ignored. (Written
      // as text: in a JavaScript object literal `__proto__` would set the prototype, not a key.)
      const decoyKeys = '"__proto__":{"id":"polluted","user_id":"polluted","Status":"Completed"},"constructor":{"prototype":{"x":1}}';
      const payload = validPayload(sender) as unknown as Record<string, Record<string, unknown>>;
      const inner = sender === "crm" ? "data" : "Data";
      const withDecoys = JSON.stringify(payload).replace(`"${inner}":{`, `"${inner}":{${decoyKeys},`);
      expect(withDecoys).toContain('"__proto__":{');
      const decoys = await sendCase(pool, app.baseURL, {
        name: "__proto__ and constructor keys beside the real fields",
        sender,
        body: withDecoys,
        expected: "200 accepted with the real fields",
      });
      expectAccepted(decoys, withDecoys);
      if (sender === "crm") {
        const row = await projectedRejection(app.database.pool, decoys.json?.deliveryId);
        expect(row.request_id).toBe((payload.data as { id: string }).id);
        expect(row.user_id).not.toBe("polluted");
      } else {
        const row = await projectedExchangeStep(app.database.pool, decoys.json?.deliveryId);
        expect(row.status).toBe("Pending");
      }

      // Required fields only under __proto__: they are missing, so the delivery is quarantined.
      const required = sender === "crm" ? ["id", "user_id"] : ["Id", "Status"];
      const another = validPayload(sender) as unknown as Record<string, Record<string, unknown>>;
      const stripped = Object.fromEntries(Object.entries(another[inner] ?? {}).filter(([key]) => !required.includes(key)));
      const hidden = JSON.stringify({ ...another, [inner]: stripped }).replace(
        `"${inner}":{`,
        `"${inner}":{"__proto__":${JSON.stringify(Object.fromEntries(required.map((key) => [key, key === "Id" ? 42 : "polluted"])))},`,
      );
      const onlyProto = await sendCase(pool, app.baseURL, {
        name: "required fields only under __proto__",
        sender,
        body: hidden,
        expected: "200 quarantined (the fields are missing)",
      });
      expect(onlyProto.status).toBe(200);
      expectRefusedOrQuarantined(onlyProto, hidden);

      const envelope = `{"__proto__":${JSON.stringify(validPayload(sender))},"constructor":{"prototype":{"polluted":true}}}`;
      const protoEnvelope = await sendCase(pool, app.baseURL, {
        name: "the whole envelope under __proto__",
        sender,
        body: envelope,
        expected: "200 quarantined",
      });
      expect(protoEnvelope.status).toBe(200);
      expectRefusedOrQuarantined(protoEnvelope, envelope);

      if (sender === "crm") {
        // Package names are a map kept whole: locales named like Object's internals are locales too.
        const locales = '{"__proto__":"Prototype package","constructor":"Constructor package","en-us":"Plain package"}';
        const names = JSON.stringify(validPayload("crm")).replace(/"package_name":\{[^}]*\}/, `"package_name":${locales}`);
        expect(names).toContain(locales);
        const kept = await sendCase(pool, app.baseURL, {
          name: "package_name locales named __proto__ and constructor",
          sender,
          body: names,
          expected: "200 accepted, every locale kept",
        });
        expectAccepted(kept, names);
        const row = await projectedRejection(pool, kept.json?.deliveryId);
        expect(Object.entries(JSON.parse(row.package_names ?? "{}") as object).sort()).toEqual([
          ["__proto__", "Prototype package"],
          ["constructor", "Constructor package"],
          ["en-us", "Plain package"],
        ]);
      }
    });

    test("very long strings: over 2 000 characters in a field is quarantined, in an unknown field kept verbatim", async ({ app }) => {
      const pool = app.database.pool;
      const field = sender === "crm" ? ["target", "name"] : ["Data", "AssetPair"];
      const long = JSON.stringify(withField(validPayload(sender), field, "長".repeat(300_000)));
      const tooLong = await sendCase(pool, app.baseURL, {
        name: `300 000-character ${field.join(".")}`,
        sender,
        body: long,
        expected: "200 quarantined",
      });
      expect(tooLong.status).toBe(200);
      expectRefusedOrQuarantined(tooLong, long);
      // The value that failed is named, shortened: never 300 000 characters in a reason.
      expect(tooLong.rows[0]?.validationErrors).toEqual([
        { path: field.join("."), message: "longer than 2000 characters", value: expect.stringMatching(/… \(300,002 characters\)$/) },
      ]);

      const extra = JSON.stringify(withField(validPayload(sender), ["comment"], "x".repeat(900_000)));
      const kept = await sendCase(pool, app.baseURL, {
        name: "900 000-character unknown field",
        sender,
        body: extra,
        expected: "200 accepted, raw body kept whole",
      });
      expectAccepted(kept, extra);
    });
  });
}

test.describe("numbers", () => {
  const cases: { name: string; sender: SenderName; field: string[]; literal: string; stored?: { column: string; value: string } }[] = [
    { name: "1e400 in RequestAmount", sender: "banking", field: ["Data", "RequestAmount"], literal: "1e400" },
    { name: "-1e-400 in CommissionFee", sender: "banking", field: ["Data", "CommissionFee"], literal: "-1e-400" },
    {
      name: "0.1 with 30 decimals in RequestPrice",
      sender: "banking",
      field: ["Data", "RequestPrice"],
      literal: "0.100000000000000000000000000001",
    },
    { name: "1e400 as the exchange Id", sender: "banking", field: ["Data", "Id"], literal: "1e400" },
    { name: "2^63 as ManageesId", sender: "banking", field: ["Data", "ManageesId"], literal: "9223372036854775808" },
    { name: "NaN in RequestAmount", sender: "banking", field: ["Data", "RequestAmount"], literal: "NaN" },
    {
      name: "-0 in RequestAmount",
      sender: "banking",
      field: ["Data", "RequestAmount"],
      literal: "-0",
      stored: { column: "request_amount", value: "0" },
    },
    {
      name: "38 significant digits in ExecutedAmount",
      sender: "banking",
      field: ["Data", "ExecutedAmount"],
      literal: "12345678901234567890.123456789012345678",
      stored: { column: "executed_amount", value: "12345678901234567890.123456789012345678" },
    },
    {
      name: "2^63-1 as ManageesId",
      sender: "banking",
      field: ["Data", "ManageesId"],
      literal: "9223372036854775807",
      stored: { column: "managees_id", value: "9223372036854775807" },
    },
    {
      name: "0.1 with 30 decimals, all trailing zeros, in CommissionFee",
      sender: "banking",
      field: ["Data", "CommissionFee"],
      literal: "0.100000000000000000000000000000",
      stored: { column: "commission_fee", value: "0.100000000000000000" },
    },
    { name: "1e400 as leverage", sender: "crm", field: ["data", "leverage"], literal: "1e400" },
    {
      name: "0.1 with 30 decimals as initial_balance",
      sender: "crm",
      field: ["data", "initial_balance"],
      literal: "0.123456789012345678901234567890",
    },
    {
      name: "-0 as max_loss_percent",
      sender: "crm",
      field: ["data", "max_loss_percent"],
      literal: "-0",
      stored: { column: "max_loss_percent", value: "0.000000000000000000" },
    },
    // Found by an outside review: each once held the event loop for seconds (1e100000000: 33 s, 3.3 GB).
    { name: "1e10000000 as initial_balance", sender: "crm", field: ["data", "initial_balance"], literal: "1e10000000" },
    { name: "1e100000000 as initial_balance", sender: "crm", field: ["data", "initial_balance"], literal: "1e100000000" },
    { name: "1e-100000000 as leverage", sender: "crm", field: ["data", "leverage"], literal: "1e-100000000" },
    { name: "50 000 digits as RequestAmount", sender: "banking", field: ["Data", "RequestAmount"], literal: "9".repeat(50_000) },
    { name: "100 000 digits as the exchange Id", sender: "banking", field: ["Data", "Id"], literal: "7".repeat(100_000) },
    {
      name: "30 000 digits then a 200 000-character junk suffix as initial_balance",
      sender: "crm",
      field: ["data", "initial_balance"],
      literal: JSON.stringify(`${"1".repeat(30_000)}${"e".repeat(200_000)}`),
    },
    {
      name: "1e-18 as profit_target_percent",
      sender: "crm",
      field: ["data", "profit_target_percent"],
      literal: "1e-18",
      stored: { column: "profit_target_percent", value: "0.000000000000000001" },
    },
  ];
  for (const number of cases) {
    test(`${number.name}: ${number.stored ? "stored exactly" : "never rounded: refused or quarantined"}`, async ({ app }) => {
      const body = withLiterals(withField(validPayload(number.sender), number.field, "§n§"), { n: number.literal });
      expect(body).toContain(`:${number.literal}`);
      const result = await sendCase(app.database.pool, app.baseURL, {
        name: number.name,
        sender: number.sender,
        body,
        expected: number.stored ? `200 accepted, ${number.stored.column} = ${number.stored.value}` : REFUSED_OR_QUARANTINED,
      });
      if (!number.stored) {
        expectRefusedOrQuarantined(result, body);
        return;
      }
      expectAccepted(result, body);
      const row =
        number.sender === "crm"
          ? await projectedRejection(app.database.pool, result.json?.deliveryId)
          : await projectedExchangeStep(app.database.pool, result.json?.deliveryId);
      const stored = row[number.stored.column];
      // numeric(38,18) prints 18 decimals; the value must be the sent one, not a float's neighbour.
      expect(stored === null || stored === undefined ? stored : stored.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")).toBe(
        number.stored.value.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, ""),
      );
    });
  }
});

test.describe("text", () => {
  const worldText = {
    cjk: "全是live+不返佣 自营交易挑战",
    emoji: "🏳️‍🌈👨‍👩‍👧‍👦👍🏽🇺🇦",
    rtl: "مرحبا بالعالم שלום עולם",
    rtlOverride: "\u202Egnp.exe\u202C invoice",
    combining: "e\u0301 vs \u00e9, Å vs A\u030a",
    fullwidth: "ｍｔ５ ＵＳＤＣ",
  };

  test("CJK, emoji and right-to-left text are stored and read back byte-exact", async ({ app }) => {
    const id = uniqueId("世界-😀");
    const crm = crmRejectPayload({
      id,
      userId: `用户-${worldText.rtl}`,
      targetName: worldText.rtlOverride,
      platform: worldText.fullwidth,
      connectionId: worldText.combining,
      group: `demo\\${worldText.emoji}`,
      packageNames: { "zh-cn": worldText.cjk, ar: worldText.rtl, "en-us": worldText.emoji, he: "שלום", ja: "日本語テキスト" },
    });
    const crmBody = JSON.stringify(crm);
    const crmResult = await sendCase(app.database.pool, app.baseURL, {
      name: "CJK, emoji and right-to-left text in every CRM string field",
      sender: "crm",
      body: crmBody,
      expected: "200 accepted, every column byte-exact",
    });
    expectAccepted(crmResult, crmBody);
    const rejection = await projectedRejection(app.database.pool, crmResult.json?.deliveryId);
    expect(rejection).toMatchObject({
      request_id: id,
      user_id: `用户-${worldText.rtl}`,
      target_name: worldText.rtlOverride,
      platform: worldText.fullwidth,
      connection_id: worldText.combining,
      group_name: `demo\\${worldText.emoji}`,
      package_name: worldText.emoji,
    });
    expect(JSON.parse(rejection.package_names ?? "null")).toEqual(crm.data.package_name);

    const bank = exchangeCallbackPayload({ callbackId: randomUUID(), exchangeId: uniqueExchangeId(), status: "待定" });
    const bankBody = JSON.stringify(
      withField(withField(bank, ["Data", "AssetPair"], `币/${worldText.emoji}`), ["Data", "TransferType"], worldText.rtl),
    );
    const bankResult = await sendCase(app.database.pool, app.baseURL, {
      name: "CJK, emoji and right-to-left text in bank string fields",
      sender: "banking",
      body: bankBody,
      expected: "200 accepted, every column byte-exact",
    });
    expectAccepted(bankResult, bankBody);
    expect(await projectedExchangeStep(app.database.pool, bankResult.json?.deliveryId)).toMatchObject({
      status: "待定",
      asset_pair: `币/${worldText.emoji}`,
      transfer_type: worldText.rtl,
    });
  });

  test("a lone surrogate (\\ud800) is never stored altered", async ({ app }) => {
    for (const [sender, field] of [
      ["crm", ["data", "user_id"]],
      ["crm", ["data", "package_name", "en-us"]],
      ["crm", ["target", "name"]],
      ["banking", ["Data", "AssetPair"]],
      ["banking", ["Id"]],
    ] as const) {
      const body = withLiterals(withField(validPayload(sender), field, "§s§"), { s: '"a\\ud800b"' });
      const result = await sendCase(app.database.pool, app.baseURL, {
        name: `lone surrogate \\ud800 in ${field.join(".")}`,
        sender,
        body,
        expected: REFUSED_OR_QUARANTINED,
      });
      expect.soft(result.status ?? 500, field.join(".")).toBeLessThan(500);
      expect.soft(result.json?.status ?? result.json?.error, field.join(".")).toMatch(/^(quarantined|invalid_json)$/);
      expect
        .soft(
          result.rows.map((row) => row.outcome),
          field.join("."),
        )
        .toEqual(["quarantined"]);
    }
  });

  const markup = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(document.cookie)>',
    "</td></tr></table><h1>injected</h1>",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "&lt;b&gt; & <b>bold</b>",
  ];
  const formulas = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0", "＝1+1"];
  // Leading tabs and carriage returns only where the intake does not trim (ids and statuses are trimmed by design).
  const untrimmedFormulas = ["\t=1+1", "\r=1+1", ...formulas];

  for (const [kind, values, untrimmed] of [
    ["HTML and <script>", markup, markup],
    ["spreadsheet formulas", formulas, untrimmedFormulas],
  ] as const) {
    test(`${kind} in every string field are stored verbatim`, async ({ app }) => {
      const pick = (index: number, list: readonly string[]) => list[index % list.length] as string;
      const id = `${uniqueId("id")}${pick(0, values)}`;
      const crm = crmRejectPayload({
        id,
        userId: pick(1, values),
        status: pick(2, untrimmed),
        targetName: pick(3, untrimmed),
        platform: pick(4, untrimmed),
        connectionId: pick(5, untrimmed),
        group: pick(6, untrimmed),
        packageNames: { "en-us": pick(7, untrimmed), "zh-cn": pick(8, untrimmed) },
      });
      const crmFull = withField(
        withField(withField(crm, ["data", "type"], pick(9, untrimmed)), ["source", "service"], pick(10, values)),
        ["version"],
        pick(11, values),
      );
      const crmBody = JSON.stringify(crmFull);
      const crmResult = await sendCase(app.database.pool, app.baseURL, {
        name: `${kind} in every CRM string field`,
        sender: "crm",
        body: crmBody,
        expected: "200 accepted, stored verbatim",
      });
      expectAccepted(crmResult, crmBody);
      expect(await projectedRejection(app.database.pool, crmResult.json?.deliveryId)).toMatchObject({
        request_id: id,
        user_id: pick(1, values),
        sent_status: pick(2, untrimmed),
        target_name: pick(3, untrimmed),
        platform: pick(4, untrimmed),
        connection_id: pick(5, untrimmed),
        group_name: pick(6, untrimmed),
        package_name: pick(7, untrimmed),
        request_type: pick(9, untrimmed),
      });

      const slug = `crm.webhooks.requests.${pick(0, values)}`;
      const unknownEvent = JSON.stringify(withField(validPayload("crm"), ["source", "event"], slug));
      const eventResult = await sendCase(app.database.pool, app.baseURL, {
        name: `${kind} as the CRM event slug`,
        sender: "crm",
        body: unknownEvent,
        expected: "200 stored (unknown slug), event type verbatim",
      });
      expect(eventResult.json?.status).toBe("stored");
      expect(eventResult.rows.map((row) => row.eventType)).toEqual([slug]);

      const callbackId = `${randomUUID()}${pick(1, values)}`;
      let bank: unknown = exchangeCallbackPayload({ callbackId, exchangeId: uniqueExchangeId(), status: pick(2, values) });
      bank = withField(
        withField(withField(bank, ["Data", "AssetPair"], pick(3, values)), ["Data", "TransferType"], pick(4, untrimmed)),
        ["Data", "ExchangeType"],
        pick(5, values),
      );
      const bankBody = JSON.stringify(bank);
      const bankResult = await sendCase(app.database.pool, app.baseURL, {
        name: `${kind} in every bank string field`,
        sender: "banking",
        body: bankBody,
        expected: "200 accepted, stored verbatim",
      });
      expectAccepted(bankResult, bankBody);
      expect(await projectedExchangeStep(app.database.pool, bankResult.json?.deliveryId)).toMatchObject({
        callback_id: callbackId,
        status: pick(2, values),
        asset_pair: pick(3, values),
        transfer_type: pick(4, untrimmed),
        exchange_type: pick(5, values),
      });
    });
  }
});

test.describe("JSON that is valid but not a delivery", () => {
  for (const [name, body] of [
    ["a top-level array", "[1,2,3]"],
    ["a top-level string", '"EXCHANGE_STATUS_UPDATED"'],
    ["a top-level number", "42"],
    ["null", "null"],
    ["a repeated key with different values", '{"Id":"a","Id":"b","Type":"EXCHANGE_STATUS_UPDATED","Data":{}}'],
  ] as const) {
    test(`${name} is quarantined, never a 500`, async ({ app }) => {
      for (const sender of SENDERS) {
        const result = await sendCase(app.database.pool, app.baseURL, { name, sender, body, expected: REFUSED_OR_QUARANTINED });
        expectRefusedOrQuarantined(result, body);
      }
    });
  }
});
