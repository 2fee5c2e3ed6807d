// Tolerant readers for the fields senders send: numbers as strings or strings as numbers, nulls
// where a value is missing. Each normalises into a strict type, or reports why it cannot.
import Decimal from "decimal.js";
import { isLosslessNumber } from "lossless-json";
import { z } from "zod";
import { escapeUnstorable } from "./json";

/** numeric(38, 18): what the decimal columns hold exactly. */
export const DECIMAL_INTEGER_DIGITS = 20;
export const DECIMAL_FRACTION_DIGITS = 18;
const MAX_TEXT_LENGTH = 2_000;
const INT64_MAX = 9_223_372_036_854_775_807n;
/**
 * Longest number text read at all. numeric(38, 18) needs at most 41 characters; the rest is room
 * for leading zeros and an exponent. Checked before any pattern or conversion runs, so a signed
 * body with a number of a million digits (or 1e10000000) costs no more than a short one.
 */
const MAX_NUMBER_TEXT = 100;
/** Linear: no two parts of the pattern can match the same characters. */
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,9})?$/;

/** The text of a JSON number as sent, or the string itself. */
function numberText(value: unknown): string | undefined {
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === "string") return value.trim();
  return undefined;
}

/** Free text: a JSON string, or a number kept as its exact text, stored as sent or not at all. */
export const text = z.unknown().transform((value, ctx): string => {
  const result = isLosslessNumber(value) ? value.value : value;
  if (typeof result !== "string") {
    ctx.addIssue({ code: "custom", message: "expected text" });
    return z.NEVER;
  }
  if (result.includes("\u0000")) {
    ctx.addIssue({ code: "custom", message: "contains a NUL character, which cannot be stored" });
    return z.NEVER;
  }
  if (!result.isWellFormed()) {
    ctx.addIssue({ code: "custom", message: "contains an unpaired UTF-16 surrogate, which is not text and cannot be stored" });
    return z.NEVER;
  }
  if (result.length > MAX_TEXT_LENGTH) {
    ctx.addIssue({ code: "custom", message: `longer than ${MAX_TEXT_LENGTH} characters` });
    return z.NEVER;
  }
  return result;
});

export const optionalText = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === null) return null;
    const parsed = text.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  });

/**
 * An exact decimal, as a plain string (no exponent) that fits numeric(38, 18) without rounding.
 * Accepts JSON numbers and numeric strings.
 */
export const optionalDecimal = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === null || value === "") return null;
    const raw = numberText(value);
    if (raw !== undefined && raw.length > MAX_NUMBER_TEXT) {
      ctx.addIssue({ code: "custom", message: `is a number of more than ${MAX_NUMBER_TEXT} characters` });
      return z.NEVER;
    }
    if (raw === undefined || !DECIMAL_TEXT.test(raw)) {
      ctx.addIssue({ code: "custom", message: "expected a decimal number" });
      return z.NEVER;
    }
    let decimal: Decimal;
    try {
      decimal = new Decimal(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "expected a decimal number" });
      return z.NEVER;
    }
    if (!decimal.isFinite()) {
      ctx.addIssue({ code: "custom", message: "expected a finite decimal number" });
      return z.NEVER;
    }
    // Both checks read the exponent and the digits as parsed: nothing is written out in full until
    // the number is known to fit (1e10000000 written out is ten million characters).
    if (!decimal.isZero() && decimal.e + 1 > DECIMAL_INTEGER_DIGITS) {
      ctx.addIssue({ code: "custom", message: `has more than ${DECIMAL_INTEGER_DIGITS} digits before the decimal point` });
      return z.NEVER;
    }
    if (decimal.decimalPlaces() > DECIMAL_FRACTION_DIGITS) {
      ctx.addIssue({ code: "custom", message: `has more than ${DECIMAL_FRACTION_DIGITS} decimal places and would be rounded` });
      return z.NEVER;
    }
    // -0 is 0: PostgreSQL's numeric has no negative zero.
    return decimal.isZero() ? "0" : decimal.toFixed();
  });

/** A whole number that fits a bigint column, as a decimal string. */
export const optionalInteger = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === null || value === "") return null;
    const raw = numberText(value);
    if (raw !== undefined && raw.length > MAX_NUMBER_TEXT) {
      ctx.addIssue({ code: "custom", message: `is a number of more than ${MAX_NUMBER_TEXT} characters` });
      return z.NEVER;
    }
    if (raw === undefined || !/^[+-]?\d+$/.test(raw)) {
      ctx.addIssue({ code: "custom", message: "expected a whole number" });
      return z.NEVER;
    }
    const parsed = BigInt(raw);
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) {
      ctx.addIssue({ code: "custom", message: "is out of range for a 64-bit integer" });
      return z.NEVER;
    }
    return parsed.toString();
  });

export const integer = optionalInteger.refine((value) => value !== null, { message: "is required" }).transform((value) => value as string);

/** true/false, also as "true"/"false" or 1/0. */
export const optionalBoolean = z
  .unknown()
  .optional()
  .transform((value, ctx): boolean | null => {
    if (value === undefined || value === null) return null;
    if (typeof value === "boolean") return value;
    const raw = numberText(value)?.toLowerCase();
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    ctx.addIssue({ code: "custom", message: "expected true or false" });
    return z.NEVER;
  });

/** How a zod error is kept on a quarantined delivery: where (keys are the sender's), and what is wrong. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => escapeUnstorable(String(key))).join(".") || "(payload)",
    message: escapeUnstorable(issue.message),
  }));
}
