import { isLosslessNumber, type LosslessNumber, parse } from "lossless-json";

export type JsonValue = string | boolean | null | LosslessNumber | JsonValue[] | { [key: string]: JsonValue };

export type JsonRead =
  | { ok: true; value: JsonValue; toleratedTrailingCommas: boolean }
  | { ok: false; reason: "not_utf8" | "empty" | "too_deep" | "not_json" | "duplicate_key"; detail: string };

const MAX_DEPTH = 64;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Whether PostgreSQL can store a string as text or jsonb: it refuses NUL, and a UTF-16 surrogate
 * without its partner (a JSON `\ud800` escape) is no character at all — the driver would
 * silently write U+FFFD instead.
 */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text about a payload (an error message, a key in a path), with what PostgreSQL cannot store written as `\uXXXX`. */
export function escapeUnstorable(text: string): string {
  if (isStorableText(text)) return text;
  const asEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return text.replaceAll("\u0000", asEscape).replace(LONE_SURROGATE, asEscape);
}

/**
 * Scans JSON text outside of strings: finds how deeply it nests, and removes commas that directly
 * precede a closing `}` or `]` (the banking platform's documented example ends an object that way).
 */
function scan(text: string): { depth: number; withoutTrailingCommas: string; hadTrailingCommas: boolean } {
  let depth = 0;
  let maxDepth = 0;
  let inString = false;
  let pendingComma = -1;
  const removed: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      pendingComma = -1;
    } else if (char === "{" || char === "[") {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      pendingComma = -1;
    } else if (char === "}" || char === "]") {
      if (pendingComma >= 0) removed.push(pendingComma);
      depth--;
      pendingComma = -1;
    } else if (char === ",") {
      pendingComma = i;
    } else if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") {
      pendingComma = -1;
    }
  }
  if (removed.length === 0) return { depth: maxDepth, withoutTrailingCommas: text, hadTrailingCommas: false };
  let result = "";
  let from = 0;
  for (const index of removed) {
    result += text.slice(from, index);
    from = index + 1;
  }
  return { depth: maxDepth, withoutTrailingCommas: result + text.slice(from), hadTrailingCommas: true };
}

/**
 * Parses a webhook body as JSON, keeping every number's exact text (no float rounding) and
 * tolerating trailing commas. Anything else that is not strict JSON is refused.
 */
export function readJson(bytes: Uint8Array): JsonRead {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "not_utf8", detail: "The body is not valid UTF-8." };
  }
  if (text.trim() === "") return { ok: false, reason: "empty", detail: "The body is empty." };
  const { depth, withoutTrailingCommas, hadTrailingCommas } = scan(text);
  if (depth > MAX_DEPTH) return { ok: false, reason: "too_deep", detail: `The JSON nests deeper than ${MAX_DEPTH} levels.` };
  try {
    return { ok: true, value: parse(withoutTrailingCommas) as JsonValue, toleratedTrailingCommas: hadTrailingCommas };
  } catch (error) {
    // The parser quotes the offending character, which may be a NUL.
    const message = escapeUnstorable(error instanceof Error ? error.message : String(error));
    if (message.startsWith("Duplicate key")) return { ok: false, reason: "duplicate_key", detail: message };
    return { ok: false, reason: "not_json", detail: message };
  }
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/**
 * The text at a path of a payload that may not have the expected shape, for labelling it; none
 * when it is not text PostgreSQL can store (the label is stored beside the quarantined bytes).
 */
export function peekText(value: JsonValue | undefined, path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === "string" && isStorableText(current) ? current : undefined;
}
