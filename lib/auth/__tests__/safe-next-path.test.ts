import { describe, expect, it } from "vitest";
import { safeNextPath } from "../safe-next-path";

describe("where to go after logging in", () => {
  it.each([
    ["/exchanges?pair=USDC%2FUSD", "/exchanges?pair=USDC%2FUSD"],
    ["/prop-trading/rejected?user=u1&page=2#top", "/prop-trading/rejected?user=u1&page=2#top"],
    ["/", "/"],
    // Encoded characters stay encoded: no header can be injected through them.
    ["/%0d%0aSet-Cookie:x=y", "/%0d%0aSet-Cookie:x=y"],
  ])("keeps the local path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ["//evil.example/path"],
    ["/\\evil.example"],
    ["https://evil.example/"],
    ["http:/evil.example"],
    ["javascript:alert(1)"],
    ["evil.example"],
    ["/\u0000"],
    ["/login?next=/login"],
    [""],
    [null],
    [undefined],
  ])("refuses %s and goes to the overview", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });
});
