// Active hours in a rule's own time zone, including windows over midnight and a daylight-saving change.
import { describe, expect, it } from "vitest";
import { formatMinutes, withinActiveHours } from "../clock";
import { paramsSchema, readParams, ruleDefinition } from "../rules";

const ALL = "Mon,Tue,Wed,Thu,Fri,Sat,Sun";

describe("withinActiveHours", () => {
  it.each([
    // moment (UTC), zone, from, to, weekdays, expected
    ["2026-11-26T10:00:00Z", "UTC", "08:00", "20:00", ALL, true],
    ["2026-11-26T20:00:00Z", "UTC", "08:00", "20:00", ALL, false],
    ["2026-11-26T07:59:00Z", "UTC", "08:00", "20:00", ALL, false],
    // Thursday 26 Nov 2026; weekdays only.
    ["2026-11-26T10:00:00Z", "UTC", "08:00", "20:00", "Mon,Tue,Wed,Thu,Fri", true],
    ["2026-11-28T10:00:00Z", "UTC", "08:00", "20:00", "Mon,Tue,Wed,Thu,Fri", false],
    // In Tokyo it is already 19:00 at 10:00 UTC.
    ["2026-11-26T10:00:00Z", "Asia/Tokyo", "08:00", "18:00", ALL, false],
    ["2026-11-26T00:30:00Z", "Asia/Tokyo", "08:00", "18:00", ALL, true],
    // Over midnight: Friday 23:00 belongs to Friday's window; Saturday 02:00 too (it began on Friday).
    ["2026-11-27T23:00:00Z", "UTC", "22:00", "06:00", "Fri", true],
    ["2026-11-28T02:00:00Z", "UTC", "22:00", "06:00", "Fri", true],
    ["2026-11-28T23:00:00Z", "UTC", "22:00", "06:00", "Fri", false],
    ["2026-11-27T12:00:00Z", "UTC", "22:00", "06:00", "Fri", false],
    // Europe/London on the morning clocks go forward (29 Mar 2026, 01:00 UTC → 02:00 BST): 08:30 BST is 07:30 UTC.
    ["2026-03-29T07:30:00Z", "Europe/London", "08:00", "20:00", ALL, true],
    ["2026-03-29T06:30:00Z", "Europe/London", "08:00", "20:00", ALL, false],
    ["2026-11-26T23:59:00Z", "UTC", "00:00", "24:00", ALL, true],
  ])("%s in %s, %s–%s on %s → %s", (moment, zone, from, to, days, expected) => {
    expect(withinActiveHours(new Date(moment), zone, from, to, days)).toBe(expected);
  });
});

describe("formatMinutes", () => {
  it.each([
    [5, "5 min"],
    [90, "1 h 30 min"],
    [120, "2 h"],
    [1440, "1 d"],
    [2880 + 180, "2 d 3 h"],
  ])("%i → %s", (minutes, words) => {
    expect(formatMinutes(minutes)).toBe(words);
  });
});

describe("rule parameters", () => {
  const silent = ruleDefinition("sender-silent");
  if (!silent) throw new Error("no sender-silent rule");

  it("are checked as the rules screen submits them", () => {
    const schema = paramsSchema(silent);
    expect(schema.safeParse({ ...silent.defaults, timeZone: "Mars/Olympus" }).success).toBe(false);
    expect(schema.safeParse({ ...silent.defaults, activeFrom: "25:00" }).success).toBe(false);
    expect(schema.safeParse({ ...silent.defaults, weekdays: "Mon,Funday" }).success).toBe(false);
    expect(schema.safeParse({ ...silent.defaults, crm: "0" }).success).toBe(false);
    expect(schema.parse({ ...silent.defaults, weekdays: "Sun Mon" }).weekdays).toBe("Mon,Sun");
  });

  it("fall back to the defaults where what is stored is missing or malformed, so a rule always runs", () => {
    expect(readParams(silent, { crm: "abc", banking: 30, timeZone: "Nowhere/Else" })).toEqual({ ...silent.defaults, banking: 30 });
    expect(readParams(silent, null)).toEqual(silent.defaults);
  });
});
