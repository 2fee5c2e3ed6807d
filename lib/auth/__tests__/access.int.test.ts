// Nobody without an account sees any data; logins are rate-limited per account and per IP and the
// limit releases; a disabled account can neither log in nor keep its sessions.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { fromAddress } from "@/tooling/testing/client-address";
import type { TestStaff } from "@/tooling/testing/staff-session";

// Short windows so the test can see a limit release; read when the modules below are first loaded.
process.env.LOGIN_RATE_WINDOW_SECONDS = "5";
process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = "3";
process.env.LOGIN_MAX_ATTEMPTS_PER_IP = "8";

let app: {
  handleAuthPost: (request: Request) => Promise<Response>;
  proxy: (request: NextRequest) => Promise<Response>;
  routes: Record<string, (request: NextRequest, context?: unknown) => Promise<Response>>;
  createTestStaff: typeof import("@/tooling/testing/staff-session").createTestStaff;
  accounts: typeof import("@/lib/auth/staff-accounts");
  system: import("@/lib/auth/staff-session").SystemActor;
  db: typeof import("@/lib/db/client").db;
};

beforeAll(async () => {
  const [
    auth,
    proxyModule,
    rejected,
    rejectedExport,
    exchanges,
    exchangesExport,
    timelineExport,
    deliveries,
    staff,
    accounts,
    client,
    session,
  ] = await Promise.all([
    import("@/lib/auth/auth-endpoint"),
    import("@/proxy"),
    import("@/app/api/prop-trading/rejected/route"),
    import("@/app/api/prop-trading/rejected/export/route"),
    import("@/app/api/exchanges/route"),
    import("@/app/api/exchanges/export/route"),
    import("@/app/api/exchanges/[id]/timeline/export/route"),
    import("@/app/api/deliveries/route"),
    import("@/tooling/testing/staff-session"),
    import("@/lib/auth/staff-accounts"),
    import("@/lib/db/client"),
    import("@/lib/auth/staff-session"),
  ]);
  app = {
    handleAuthPost: auth.handleAuthPost,
    proxy: proxyModule.proxy as (request: NextRequest) => Promise<Response>,
    routes: {
      "/api/prop-trading/rejected": rejected.GET,
      "/api/prop-trading/rejected/export": rejectedExport.GET,
      "/api/exchanges": exchanges.GET,
      "/api/exchanges/export": exchangesExport.GET,
      "/api/exchanges/11669/timeline/export": (request) => timelineExport.GET(request, { params: Promise.resolve({ id: "11669" }) }),
      "/api/deliveries": deliveries.GET,
    },
    createTestStaff: staff.createTestStaff,
    accounts,
    db: client.db,
    system: session.systemActor("test-admin"),
  };
});

function signIn(email: string, password: string, ip = "203.0.113.10") {
  return app.handleAuthPost(
    new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: fromAddress(ip, { "content-type": "application/json", origin: "http://127.0.0.1:3000" }),
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("anonymous requests", () => {
  it.each([
    "/api/prop-trading/rejected",
    "/api/prop-trading/rejected/export",
    "/api/exchanges",
    "/api/exchanges/export",
    "/api/exchanges/11669/timeline/export",
    "/api/deliveries",
  ])("get 401 from %s", async (path) => {
    const route = app.routes[path];
    if (!route) throw new Error(path);
    const response = await route(new NextRequest(`http://127.0.0.1:3000${path}?user=u1`));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("are redirected to the login page from every page, which will return them there", async () => {
    for (const path of ["/", "/prop-trading/rejected?user=u1", "/exchanges/11669", "/deliveries", "/admin/users"]) {
      const response = await app.proxy(new NextRequest(`http://127.0.0.1:3000${path}`));
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get("location") ?? "");
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("next")).toBe(path);
    }
  });

  it("get 401 from the proxy on data routes too", async () => {
    const response = await app.proxy(new NextRequest("http://127.0.0.1:3000/api/exchanges"));
    expect(response.status).toBe(401);
  });

  it("with a forged session cookie get nothing either", async () => {
    const forged = new NextRequest("http://127.0.0.1:3000/api/deliveries", {
      headers: { cookie: "better-auth.session_token=forged.signature" },
    });
    expect((await app.routes["/api/deliveries"]?.(forged))?.status).toBe(401);
  });
});

describe("logging in", () => {
  let staff: TestStaff;
  beforeAll(async () => {
    staff = await app.createTestStaff("viewer");
  });

  it("lets a staff member in, and their session opens the data routes", async () => {
    const response = await signIn(staff.email, staff.password);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith("better-auth.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const data = await app.routes["/api/exchanges"]?.(
      new NextRequest("http://127.0.0.1:3000/api/exchanges", { headers: { cookie: cookie?.split(";")[0] ?? "" } }),
    );
    expect(data?.status).toBe(200);
  });

  it("limits failures per account, then releases the account when the window has passed", { timeout: 20_000 }, async () => {
    const other = await app.createTestStaff("viewer");
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await signIn(other.email, "wrong-password-123", `198.51.100.${attempt}`)).status).toBe(401);
    // From yet another address, even the right password is refused while the account is locked.
    const locked = await signIn(other.email, other.password, "198.51.100.77");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 5_200));
    expect((await signIn(other.email, other.password, "198.51.100.78")).status).toBe(200);
  });

  it("limits attempts per IP across accounts", async () => {
    const ip = "192.0.2.44";
    const statuses: number[] = [];
    // Malformed addresses are answered at once (no password hashing), so all ten land inside the window.
    for (let attempt = 0; attempt < 10; attempt++)
      statuses.push((await signIn(`not-an-address-${attempt}`, "whatever-password", ip)).status);
    expect(statuses.slice(0, 8).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
  });

  it("audits successes, failures and refusals", async () => {
    const entries = await app.db().auditLog.findMany({ where: { actorEmail: staff.email }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => entry.action)).toContain("login.success");
    const failures = await app.db().auditLog.count({ where: { action: "login.failure" } });
    const refusals = await app.db().auditLog.count({ where: { action: "login.rate_limited" } });
    expect(failures).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
  });

  it("answers an unknown address exactly as a wrong password", async () => {
    // The timing side is better-auth's: it hashes the given password on the unknown-address path too.
    const known = await app.createTestStaff("viewer");
    const wrongPassword = await signIn(known.email, "not-the-password-1", "198.51.100.201");
    const unknownAddress = await signIn("nobody-here@example.com", "not-the-password-1", "198.51.100.202");
    expect(unknownAddress.status).toBe(wrongPassword.status);
    expect(await unknownAddress.text()).toBe(await wrongPassword.text());
  });

  it("ends a session that has been idle too long, and one past its absolute lifetime however active", async () => {
    const data = (who: TestStaff) =>
      app.routes["/api/exchanges"]?.(new NextRequest("http://127.0.0.1:3000/api/exchanges", { headers: { cookie: who.cookie } }));
    const idle = await app.createTestStaff("viewer");
    expect((await data(idle))?.status).toBe(200);
    await app.db().session.updateMany({ where: { userId: idle.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await data(idle))?.status).toBe(401);

    const old = await app.createTestStaff("viewer");
    // Recently active (its idle expiry is ahead), but begun longer ago than SESSION_MAX_HOURS (12).
    await app.db().session.updateMany({ where: { userId: old.id }, data: { createdAt: new Date(Date.now() - 13 * 3_600_000) } });
    expect((await data(old))?.status).toBe(401);
    expect(await app.db().session.count({ where: { userId: old.id } })).toBe(0);
  });

  it("refuses a sign-out coming from another site (CSRF)", async () => {
    const response = await app.handleAuthPost(
      new Request("http://127.0.0.1:3000/api/auth/sign-out", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", cookie: staff.cookie },
        body: "{}",
      }),
    );
    expect(response.status).toBe(403);
  });

  it("does not expose better-auth's user administration or sign-up over HTTP", async () => {
    for (const path of ["/api/auth/sign-up/email", "/api/auth/admin/create-user", "/api/auth/admin/set-role"]) {
      const response = await app.handleAuthPost(
        new Request(`http://127.0.0.1:3000${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      );
      expect(response.status, path).toBe(404);
    }
  });
});

describe("the sign-in body", () => {
  const post = (body: string, contentType: string | undefined, ip: string) =>
    app.handleAuthPost(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: fromAddress(ip, { ...(contentType ? { "content-type": contentType } : {}), origin: "http://127.0.0.1:3000" }),
        body,
      }),
    );

  it("is JSON only: a form, text or untyped body is 415 and logs nobody in", async () => {
    const staff = await app.createTestStaff("viewer");
    const form = new URLSearchParams({ email: staff.email, password: staff.password }).toString();
    const json = JSON.stringify({ email: staff.email, password: staff.password });
    for (const [body, type] of [
      [form, "application/x-www-form-urlencoded"],
      [json, "text/plain"],
      [json, "multipart/form-data; boundary=x"],
      [json, undefined],
      [json, "application/jsonx"],
    ] as const) {
      const response = await post(body, type, "198.51.100.150");
      expect(response.status, String(type)).toBe(415);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect((await post(json, "application/json; charset=utf-8", "198.51.100.150")).status).toBe(200);
  });

  it("cannot name a decoy for the limiter while better-auth logs into a locked account", async () => {
    const victim = await app.createTestStaff("viewer");
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await signIn(victim.email, "wrong-password-123", "198.51.100.160")).status).toBe(401);
    // A body that reads as JSON naming a decoy, and as a form naming the victim.
    const decoy = `{"email":"decoy@example.com","x":"=&email=${encodeURIComponent(victim.email)}&password=${encodeURIComponent(victim.password)}"}`;
    for (const type of ["application/x-www-form-urlencoded", "application/json"]) {
      const response = await post(decoy, type, "198.51.100.161");
      expect(response.status, type).not.toBe(200);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect((await signIn(victim.email, victim.password, "198.51.100.162")).status).toBe(429);
    expect(await app.db().session.count({ where: { userId: victim.id, createdAt: { gt: new Date(Date.now() - 60_000) } } })).toBe(1);
  });

  it("is read once: the limiter, the audit log and better-auth see the same e-mail", async () => {
    const staff = await app.createTestStaff("viewer");
    const shouted = `  ${staff.email.toUpperCase()}  `;
    const response = await post(JSON.stringify({ email: shouted, password: staff.password }), "application/json", "198.51.100.170");
    expect(response.status).toBe(200);
    const entry = await app.db().auditLog.findFirst({ where: { action: "login.success", actorId: staff.id }, orderBy: { id: "desc" } });
    expect(entry?.actorEmail).toBe(staff.email);
    expect(entry?.ipAddress).toBe("198.51.100.170");
  });
});

describe("client addresses", () => {
  it("come from the socket: X-Forwarded-For and X-Real-IP from a client are ignored", async () => {
    const staff = await app.createTestStaff("viewer");
    const response = await app.handleAuthPost(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: fromAddress("198.51.100.180", {
          "content-type": "application/json",
          origin: "http://127.0.0.1:3000",
          "x-forwarded-for": "1.2.3.4",
          "x-real-ip": "5.6.7.8",
        }),
        body: JSON.stringify({ email: staff.email, password: staff.password }),
      }),
    );
    expect(response.status).toBe(200);
    const entry = await app.db().auditLog.findFirst({ where: { action: "login.success", actorId: staff.id } });
    expect(entry?.ipAddress).toBe("198.51.100.180");
  });

  it("that are unknown share no bucket: failures from them never lock out the others", async () => {
    const noAddress = (email: string, password: string) =>
      app.handleAuthPost(
        new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
          body: JSON.stringify({ email, password }),
        }),
      );
    // More failures than the per-IP limit (8 here), each on another account so no account locks.
    for (let attempt = 0; attempt < 12; attempt++)
      expect((await noAddress(`nobody-${attempt}@example.com`, "wrong-password-1")).status).toBe(401);
    const admin = await app.createTestStaff("admin");
    expect((await noAddress(admin.email, admin.password)).status).toBe(200);
    expect(await app.db().rateLimitBucket.count({ where: { key: { contains: "unknown" } } })).toBe(0);
  });
});

describe("changing one's password", () => {
  const changePassword = (cookie: string, body: string, contentType = "application/json") =>
    app.handleAuthPost(
      new Request("http://127.0.0.1:3000/api/auth/change-password", {
        method: "POST",
        headers: fromAddress("198.51.100.190", { "content-type": contentType, origin: "http://127.0.0.1:3000", cookie }),
        body,
      }),
    );
  const exchanges = (cookie: string) =>
    app.routes["/api/exchanges"]?.(new NextRequest("http://127.0.0.1:3000/api/exchanges", { headers: { cookie } }));

  it("ends every other session of the account, whatever the request asked", async () => {
    const staff = await app.createTestStaff("viewer");
    const second = await signIn(staff.email, staff.password, "198.51.100.191");
    const otherCookie = second.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; ");
    expect((await exchanges(otherCookie))?.status).toBe(200);

    const newPassword = "a-brand-new-password-42";
    const changed = await changePassword(
      staff.cookie,
      JSON.stringify({ currentPassword: staff.password, newPassword, revokeOtherSessions: false }),
    );
    expect(changed.status).toBe(200);
    expect((await exchanges(otherCookie))?.status).toBe(401);
    // The session that made the change carries on under the cookie it was just given.
    const renewed = changed.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; ");
    expect((await exchanges(renewed))?.status).toBe(200);
    expect((await signIn(staff.email, newPassword, "198.51.100.192")).status).toBe(200);
    const entry = await app.db().auditLog.findFirst({ where: { action: "user.password", actorId: staff.id } });
    expect(entry?.details).toMatchObject({ otherSessionsEnded: true });
  });

  it("takes JSON only", async () => {
    const staff = await app.createTestStaff("viewer");
    const form = new URLSearchParams({ currentPassword: staff.password, newPassword: "another-new-password-1" }).toString();
    expect((await changePassword(staff.cookie, form, "application/x-www-form-urlencoded")).status).toBe(415);
  });
});

describe("disabling an account", () => {
  it("ends its sessions and refuses its next login", async () => {
    const staff = await app.createTestStaff("viewer");
    const before = await app.routes["/api/deliveries"]?.(
      new NextRequest("http://127.0.0.1:3000/api/deliveries", { headers: { cookie: staff.cookie } }),
    );
    expect(before?.status).toBe(200);

    await app.accounts.disableStaffAccount(app.system, staff.id);

    const after = await app.routes["/api/deliveries"]?.(
      new NextRequest("http://127.0.0.1:3000/api/deliveries", { headers: { cookie: staff.cookie } }),
    );
    expect(after?.status).toBe(401);
    const login = await signIn(staff.email, staff.password, "203.0.113.99");
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ code: "BANNED_USER" });
    expect(await app.db().session.count({ where: { userId: staff.id } })).toBe(0);
  });

  it("refuses to disable or demote the last administrator", async () => {
    const admins = await app.db().user.findMany({ where: { role: "admin", banned: { not: true } } });
    for (const admin of admins) await app.db().user.update({ where: { id: admin.id }, data: { role: "viewer" } });
    const last = await app.createTestStaff("admin");
    await expect(app.accounts.setStaffRole(app.system, last.id, "viewer")).rejects.toThrow("last active administrator");
    await expect(app.accounts.disableStaffAccount(app.system, last.id)).rejects.toThrow("last active administrator");
  });
});

describe("the audit log", () => {
  it("cannot be changed or deleted by the application", async () => {
    const entry = await app.db().auditLog.create({ data: { action: "logout", details: {} } });
    await expect(app.db().auditLog.update({ where: { id: entry.id }, data: { action: "login.success" } })).rejects.toThrow(/append-only/);
    await expect(app.db().auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(app.db().$executeRawUnsafe("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    expect(await app.db().auditLog.count({ where: { id: entry.id } })).toBe(1);
  });
});
