import { isLosslessNumber } from "lossless-json";
import { describe, expect, it } from "vitest";
import { bankExchangeStatusUpdatedSeed } from "@/tooling/testing/fixtures";
import { escapeUnstorable, isStorableText, peekText, readJson } from "../json";

const read = (text: string | Buffer) => readJson(typeof text === "string" ? Buffer.from(text) : text);

describe("reading a webhook body as JSON", () => {
  it("keeps the exact text of every number", () => {
    const result = read('{"a": 0.100000000000000000000000000001, "b": 1e400, "c": -0}');
    if (!result.ok) throw new Error(result.detail);
    const value = result.value as Record<string, unknown>;
    expect(isLosslessNumber(value.a) && value.a.value).toBe("0.100000000000000000000000000001");
    expect(isLosslessNumber(value.b) && value.b.value).toBe("1e400");
  });

  it("tolerates the banking example's trailing comma, and says so", () => {
    const result = read(bankExchangeStatusUpdatedSeed);
    expect(result).toMatchObject({ ok: true, toleratedTrailingCommas: true });
  });

  it("leaves commas inside strings alone", () => {
    const result = read('{"note": "a,}", "list": [1, 2,]}');
    expect(result).toMatchObject({ ok: true, toleratedTrailingCommas: true });
    if (result.ok) expect((result.value as Record<string, unknown>).note).toBe("a,}");
  });

  it("keeps __proto__ and constructor as plain data", () => {
    const result = read('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}');
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["malformed JSON", '{"a": ', "not_json"],
    ["an empty body", "", "empty"],
    ["a body of whitespace", " \n\t ", "empty"],
    ["a single quote string", "{'a': 1}", "not_json"],
    ["a raw NUL byte", '{"a": "\u0000"}', "not_json"],
    ["nesting 100 000 levels deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "too_deep"],
    ["a key repeated with different values", '{"a": 1, "a": 2}', "duplicate_key"],
  ])("refuses %s", (_, text, reason) => {
    expect(read(text)).toMatchObject({ ok: false, reason });
  });

  it("refuses bytes that are not UTF-8 instead of replacing them", () => {
    expect(read(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).toMatchObject({
      ok: false,
      reason: "not_utf8",
    });
  });

  it.each([
    ["a raw NUL byte", '{"a": "\u0000"}'],
    ["a key with a NUL escape repeated", '{"a\\u0000": 1, "a\\u0000": 2}'],
    ["a key with a lone surrogate repeated", '{"a\\ud800": 1, "a\\ud800": 2}'],
  ])("describes %s in text PostgreSQL can store (the description is kept with the quarantined bytes)", (_, text) => {
    const result = read(text);
    if (result.ok) throw new Error("read as JSON");
    expect(isStorableText(result.detail)).toBe(true);
    expect(result.detail).toMatch(/\\u(0000|d800)/);
  });
});

describe("text PostgreSQL can store", () => {
  it("is neither NUL nor a lone UTF-16 surrogate", () => {
    expect(isStorableText("全是live 👍🏽 مرحبا")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("a\ud800b")).toBe(false);
    expect(isStorableText("a\udc00b")).toBe(false);
  });

  it("escapes what cannot be stored, and only that", () => {
    expect(escapeUnstorable("a\u0000b\ud800c\udc01d 😀")).toBe("a\\u0000b\\ud800c\\udc01d 😀");
    expect(escapeUnstorable("plain")).toBe("plain");
  });

  it("is the only text peeked at for a label", () => {
    const payload = { Id: "a\u0000b", Type: "\ud800", Data: { Id: "fine" } };
    expect(peekText(payload, ["Id"])).toBeUndefined();
    expect(peekText(payload, ["Type"])).toBeUndefined();
    expect(peekText(payload, ["Data", "Id"])).toBe("fine");
  });
});
