import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verifyBankingSignature, verifyCrmSignature } from "../signature";

const body = Buffer.from('{"hello":"world"}');

describe("broker CRM signature (X-Crm-Signature, HMAC-SHA256, hex)", () => {
  it("matches the CRM documentation's own test vector", () => {
    const docsVector = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(sign.crm("Hello, World!", "It's a Secret to Everybody")).toBe(docsVector);
    expect(verifyCrmSignature(Buffer.from("Hello, World!"), docsVector, ["It's a Secret to Everybody"])).toEqual({
      ok: true,
      form: "hex",
      secretNumber: 1,
    });
  });

  it.each([
    ["bare hex", (s: string) => s, "hex"],
    ["sha256= prefix", (s: string) => `sha256=${s}`, "sha256=hex"],
    ["upper-case hex", (s: string) => s.toUpperCase(), "hex"],
    ["surrounding whitespace", (s: string) => `  ${s} `, "hex"],
  ])("accepts %s", (_, render, form) => {
    const signature = render(sign.crm(body, "crm-secret-0123456789"));
    expect(verifyCrmSignature(body, signature, ["crm-secret-0123456789"])).toMatchObject({ ok: true, form });
  });

  it.each([
    ["a wrong secret", sign.crm(body, "another-secret-0123456789"), "signature_mismatch"],
    ["a signature of another body", sign.crm(Buffer.from('{"hello":"World"}'), "crm-secret-0123456789"), "signature_mismatch"],
    ["a truncated signature", sign.crm(body, "crm-secret-0123456789").slice(0, 63), "malformed_signature"],
    ["an empty header", "", "missing_signature"],
    ["no header", null, "missing_signature"],
    ["whitespace inside", sign.crm(body, "crm-secret-0123456789").replace(/^(.{10})/, "$1 "), "malformed_signature"],
    ["the banking scheme", sign.banking(body, "crm-secret-0123456789"), "signature_mismatch"],
    ["base64", Buffer.from(sign.crm(body, "crm-secret-0123456789"), "hex").toString("base64"), "malformed_signature"],
  ])("refuses %s", (_, signature, reason) => {
    expect(verifyCrmSignature(body, signature, ["crm-secret-0123456789"])).toEqual({ ok: false, reason });
  });

  it("accepts either secret during a rotation and says which matched", () => {
    const secrets = ["old-secret-0123456789", "new-secret-0123456789"];
    expect(verifyCrmSignature(body, sign.crm(body, "new-secret-0123456789"), secrets)).toMatchObject({ ok: true, secretNumber: 2 });
    expect(verifyCrmSignature(body, sign.crm(body, "old-secret-0123456789"), secrets)).toMatchObject({ ok: true, secretNumber: 1 });
  });

  it("hashes the raw bytes, not a re-serialised body", () => {
    const spaced = Buffer.from('{ "hello" : "world" }');
    expect(verifyCrmSignature(spaced, sign.crm(body, "crm-secret-0123456789"), ["crm-secret-0123456789"])).toMatchObject({ ok: false });
  });
});

describe("banking signature (webhook-signature, SHA-256 of body + secret)", () => {
  const secret = "bank-secret-0123456789";
  const digest = createHash("sha256").update(body).update(secret).digest();

  it.each([
    ["lower-case hex", digest.toString("hex"), "hex"],
    ["upper-case hex", digest.toString("hex").toUpperCase(), "hex"],
    ["base64", digest.toString("base64"), "base64"],
    ["base64 without padding", digest.toString("base64").replace(/=$/, ""), "base64"],
  ])("accepts %s", (_, signature, form) => {
    expect(verifyBankingSignature(body, signature, [secret])).toMatchObject({ ok: true, form });
  });

  it.each([
    ["a wrong secret", sign.banking(body, "wrong-secret-0123456789"), "signature_mismatch"],
    ["an HMAC (the CRM's scheme)", sign.crm(body, secret), "signature_mismatch"],
    ["the secret before the body", createHash("sha256").update(secret).update(body).digest("hex"), "signature_mismatch"],
    ["a truncated signature", digest.toString("hex").slice(0, 40), "malformed_signature"],
    ["the sha256= prefix (not part of this scheme)", `sha256=${digest.toString("hex")}`, "malformed_signature"],
    ["an empty header", "  ", "missing_signature"],
  ])("refuses %s", (_, signature, reason) => {
    expect(verifyBankingSignature(body, signature, [secret])).toEqual({ ok: false, reason });
  });
});
