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

export interface FieldProblem {
  /** Where, in the sender's keys, e.g. `Data.RequestAmount`. */
  path: string;
  /** What is wrong. */
  message: string;
  /** The value that failed, as the sender wrote it (shortened), or absent when the field is missing. */
  value?: string;
}

const SHOWN_VALUE_LENGTH = 60;

/** A value as a short, storable piece of text for an operator: `"abc"`, `1e10000000`, `an object`. */
export function shownValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (isLosslessNumber(value)) text = value.value;
  else if (typeof value === "string") text = JSON.stringify(value);
  else if (value === null || typeof value === "boolean" || typeof value === "number") text = String(value);
  else if (Array.isArray(value)) return `a list of ${value.length}`;
  else return "an object";
  const shown =
    text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH)}… (${text.length.toLocaleString("en-US")} characters)` : text;
  return escapeUnstorable(shown);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object" || isLosslessNumber(current)) return undefined;
    if (!Object.hasOwn(current, key as string)) return undefined;
    current = (current as Record<string, unknown>)[key as string];
  }
  return current;
}

/**
 * How a zod error is kept on a quarantined delivery: where (keys are the sender's), what is wrong,
 * and the value that failed, read from `input` — what the schema was given — at the issue's path.
 * `prefix` is where `input` sits in the whole payload (e.g. `["Data"]`).
 */
export function describeIssues(error: z.ZodError, input: unknown, prefix: readonly string[] = []): FieldProblem[] {
  return error.issues.map((issue) => {
    const value = shownValue(valueAt(input, issue.path));
    return {
      path: [...prefix, ...issue.path].map((key) => escapeUnstorable(String(key))).join(".") || "(payload)",
      message: escapeUnstorable(issue.message),
      ...(value === undefined ? {} : { value }),
    };
  });
}

/** A quarantine reason that names the first failing field and its value: "… : Data.RequestAmount = "abc" (expected a decimal number)". */
export function quarantineReason(summary: string, problems: FieldProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return summary;
  const what =
    first.value === undefined ? `${first.path} is missing or ${first.message}` : `${first.path} = ${first.value} (${first.message})`;
  return `${summary}: ${what}${rest.length > 0 ? `, and ${rest.length} more` : ""}.`;
}
