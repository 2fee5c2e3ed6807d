import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env.mjs";

describe("environment settings", () => {
  it("needs nothing to start: every setting has a default or is optional", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_DIR).toBe(".data/postgres");
    expect(env.WEBHOOK_MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it("treats an empty value like an unset one", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("splits comma-separated secrets so two can be valid during a rotation", () => {
    const env = parseEnv({ CRM_WEBHOOK_SECRET: "old-secret-0123456789, new-secret-0123456789" });
    expect(env.CRM_WEBHOOK_SECRET).toEqual(["old-secret-0123456789", "new-secret-0123456789"]);
  });

  it("keeps the audit log at least as long as anything else", () => {
    expect(() => parseEnv({ RETENTION_DELIVERY_DAYS: "900", RETENTION_AUDIT_DAYS: "800" })).toThrow(
      /RETENTION_AUDIT_DAYS: expected at least as many days/,
    );
    expect(parseEnv({ RETENTION_DELIVERY_DAYS: "30", RETENTION_AUDIT_DAYS: "3650" }).RETENTION_AUDIT_DAYS).toBe(3650);
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/db", "PostgreSQL connection URL"],
    ["PORT", "eighty", "TCP port"],
    ["PORT", "70000", "between 1 and 65535"],
    ["CRM_WEBHOOK_SECRET", "short", "at least 16 characters"],
    ["LOG_LEVEL", "loud", "LOG_LEVEL"],
  ])("names %s and what it expects when it is %s", (name, value, expected) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).toContain(expected);
    // A bad setting may be a secret: its value is never echoed.
    if (name.endsWith("SECRET")) expect(message).not.toContain(value);
  });
});
