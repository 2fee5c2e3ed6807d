// Nobody reads the console without a session, whatever they send. The pages and routes are found
// on disk at test time (a page added later is covered, or this test fails asking for its
// parameters), every server action is found in the build's manifest, and each is requested
// anonymously — and as a viewer where it is an administrator's — with the headers the Next.js
// router sends, alone and combined. No answer may carry a value that only the database holds.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, type Page, request as playwrightRequest, test } from "@playwright/test";
import { LiveEvents } from "@/tooling/testing/live-events";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";
import { e2eServer } from "./fixtures/server";
import { createStaffThroughAdminScreen, loggedInPage } from "./fixtures/staff";

const projectRoot = path.resolve(import.meta.dirname, "..");
// The router's own computation of the `_rsc` parameter: Next.js redirects an RSC request whose
// `_rsc` does not match its headers before rendering anything, so a test sending a wrong one
// would only ever see that redirect.
const { setCacheBustingSearchParam } = createRequire(import.meta.url)(
  "next/dist/client/components/router-reducer/set-cache-busting-search-param.js",
) as { setCacheBustingSearchParam: (url: URL, headers: Record<string, string>) => Promise<void> };

/** `url` as the router would request it with `headers`: with the matching `_rsc` when it is an RSC request. */
async function asRouterWould(url: string, headers: Record<string, string>): Promise<string> {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (lower.rsc !== "1") return url;
  const full = new URL(url, e2eServer.baseURL);
  await setCacheBustingSearchParam(full, lower);
  return `${full.pathname}${full.search}`;
}
const appDir = path.join(projectRoot, "app");

test.describe.configure({ mode: "serial", timeout: 240_000 });

/** Values that exist only in the database (seeded through the signed intake or by the admin). */
interface Canaries {
  /** Any staff member may read these. */
  staff: string[];
  /** Only administrators may read these (the audit log, the staff accounts). */
  admin: string[];
}

interface Seeded {
  canaries: Canaries;
  crmDeliveryId: string;
  quarantinedDeliveryId: string;
  requestRowId: string;
  exchangeId: string;
  crmUser: string;
  alertId: string;
}

// ── What is on disk ────────────────────────────────────────────────────────────────────────────

interface Entry {
  kind: "page" | "route";
  /** The route pattern, e.g. /deliveries/[id] (route groups removed). */
  pattern: string;
  /** For route handlers, the HTTP methods the file exports. */
  methods: string[];
}

function discover(dir: string, segments: string[] = []): Entry[] {
  const entries: Entry[] = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.isDirectory()) {
      if (item.name.startsWith("_") || item.name === "__tests__") continue;
      // (group) folders do not appear in the URL.
      entries.push(...discover(path.join(dir, item.name), /^\(.*\)$/.test(item.name) ? segments : [...segments, item.name]));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(item.name)) {
      entries.push({ kind: "page", pattern: `/${segments.join("/")}`, methods: ["GET"] });
    } else if (/^route\.(ts|js)$/.test(item.name)) {
      const source = readFileSync(path.join(dir, item.name), "utf8");
      const methods = [
        ...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g),
      ].map((match) => match[1] as string);
      entries.push({ kind: "route", pattern: `/${segments.join("/")}`, methods });
    }
  }
  return entries;
}

/**
 * The concrete URLs to request for each route pattern. A dynamic segment this table does not know
 * fails the test: whoever adds a page or route with parameters adds its values here.
 */
function urlsFor(entry: Entry, seeded: Seeded): string[] {
  const dynamic: Record<string, string[]> = {
    "/deliveries/[id]": [`/deliveries/${seeded.quarantinedDeliveryId}`, `/deliveries/${seeded.crmDeliveryId}`],
    "/exchanges/[id]": [`/exchanges/${seeded.exchangeId}`],
    "/prop-trading/rejected/[id]": [`/prop-trading/rejected/${seeded.requestRowId}`],
    "/alerts/[id]": [`/alerts/${seeded.alertId}`],
    "/managees/[id]": ["/managees/4242"],
    "/api/exchanges/[id]/timeline/export": [`/api/exchanges/${seeded.exchangeId}/timeline/export`],
    "/api/auth/[...all]": ["/api/auth/get-session", "/api/auth/sign-in/email", "/api/auth/change-password", "/api/auth/sign-out"],
  };
  // Lists also with their filters applied: the leak once came with the filtered rows.
  const filtered: Record<string, string[]> = {
    "/prop-trading/rejected": [`?user=${seeded.crmUser}`, `?q=${seeded.crmUser}`],
    "/api/prop-trading/rejected": [`?user=${seeded.crmUser}`],
    "/api/prop-trading/rejected/export": [`?user=${seeded.crmUser}`],
    "/exchanges": [`?status=AwaitingRfi`],
    "/deliveries": [`?outcome=quarantined`],
    "/admin/audit": ["?action=export"],
    "/api/exchanges/changes": [`?ids=${seeded.exchangeId}`, `?ids=${seeded.exchangeId}&status=AwaitingRfi`],
    "/api/deliveries/changes": [`?ids=${seeded.crmDeliveryId},${seeded.quarantinedDeliveryId}`],
    "/api/prop-trading/rejected/changes": [`?ids=${seeded.requestRowId}`, `?ids=${seeded.requestRowId}&user=${seeded.crmUser}`],
  };
  const base = entry.pattern.includes("[") ? dynamic[entry.pattern] : [entry.pattern];
  if (!base) throw new Error(`No request values for ${entry.pattern}: add them to urlsFor() in ${path.basename(import.meta.filename)}.`);
  return base.flatMap((url) => [url, ...(filtered[entry.pattern] ?? []).map((query) => `${url}${query}`)]);
}

/** The router's own request headers, alone and combined, as a prefetching or navigating client sends them. */
const ROUTER_HEADERS: Record<string, string>[] = [
  {},
  { RSC: "1" },
  { "Next-Router-Prefetch": "1" },
  { RSC: "1", "Next-Router-Prefetch": "1" },
  { RSC: "1", "Next-Router-State-Tree": encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }, null, null])) },
  { RSC: "1", "Next-Router-Segment-Prefetch": "/_tree" },
  { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/_tree" },
  { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/__PAGE__" },
  { Purpose: "prefetch" },
  { "Sec-Purpose": "prefetch" },
  { RSC: "1", "Next-Router-Prefetch": "1", Purpose: "prefetch", "Next-Url": "/" },
];

// ── Seeding ────────────────────────────────────────────────────────────────────────────────────

let seeded: Seeded;
let adminPage: Page;
let viewerRequest: APIRequestContext;
let anonymous: APIRequestContext;

test.beforeAll(async ({ browser }) => {
  const adminContext = await browser.newContext({ baseURL: e2eServer.baseURL, storageState: path.join(projectRoot, e2eServer.adminState) });
  adminPage = await adminContext.newPage();
  const request = adminContext.request;
  const token = unique("cnry").toLowerCase();
  // Sent in filters, so it must not contain the token: an answer may echo the address it was asked for.
  const crmUser = unique("u").toLowerCase();
  const exchangeId = String(700_000_000 + Math.floor(Math.random() * 99_999_999));

  const crm = await deliver(
    request,
    "crm",
    crmRejectPayload({ id: `${token}req`, userId: crmUser, group: `${token}grp`, connectionId: `${token}srv`, platform: `${token}pf` }),
  );
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({
      callbackId: `${token}cb`,
      exchangeId: Number(exchangeId),
      status: "AwaitingRfi",
      assetPair: `${token.toUpperCase()}/USD`,
    }),
  );
  // Authentic but invalid: quarantined, with its body kept whole.
  const quarantined = await deliver(request, "banking", {
    ...exchangeCallbackPayload({ callbackId: `${token}bad`, exchangeId: Number(exchangeId) + 1, status: "Pending" }),
    Data: { ...exchangeCallbackPayload({ callbackId: "x", exchangeId: 1, status: "Pending" }).Data, RequestAmount: `${token}amount` },
  });
  expect(quarantined.status).toBe("quarantined");

  const rows = (await (await request.get(`/api/prop-trading/rejected?user=${crmUser}`)).json()) as { rows: { id: string }[] };
  const requestRowId = rows.rows[0]?.id ?? "";
  expect(requestRowId).not.toBe("");

  // Administrator-only data: a staff account, and an audit entry holding a filter only it contains.
  const adminOnly = `${token}adm`;
  const exported = await request.get(`/api/exchanges/export?pair=${adminOnly}`);
  expect(exported.status()).toBe(200);
  await exported.body();
  await adminPage.goto("/admin/users");
  await adminPage.getByLabel("E-mail").fill(`${adminOnly}@example.com`);
  await adminPage.getByRole("button", { name: "Create with a generated password" }).click();
  await expect(adminPage.getByTestId("new-password")).toBeVisible();

  const viewer = await createStaffThroughAdminScreen(adminPage, "viewer");
  viewerRequest = (await loggedInPage(browser, viewer)).request;
  // Explicitly without cookies: a context made in a test inherits the project's signed-in storage state.
  anonymous = await playwrightRequest.newContext({ baseURL: e2eServer.baseURL, storageState: { cookies: [], origins: [] } });

  // The quarantine above raises an alert within seconds (the rule reacts to the delivery's commit).
  const firstAlert = async () =>
    ((await (await request.get("/api/alerts?rule=quarantine")).json()) as { rows: { id: string }[] }).rows[0]?.id;
  await expect.poll(firstAlert, { timeout: 30_000 }).toBeDefined();
  const alertId = (await firstAlert()) as string;

  seeded = {
    alertId,
    canaries: { staff: [token], admin: [adminOnly] },
    crmDeliveryId: crm.deliveryId,
    quarantinedDeliveryId: quarantined.deliveryId,
    requestRowId,
    exchangeId,
    crmUser,
  };
});

test.afterAll(async () => {
  await anonymous?.dispose();
});

// ── Checks ─────────────────────────────────────────────────────────────────────────────────────

async function leaks(response: APIResponse, canaries: string[]): Promise<string[]> {
  const body = (await response.body().catch(() => Buffer.alloc(0))).toString("utf8").toLowerCase();
  // The Location header may repeat the address asked for (the login page's ?next=); nothing else may.
  const headers = Object.entries(response.headers())
    .filter(([name]) => name !== "location")
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n")
    .toLowerCase();
  return canaries.filter((canary) => body.includes(canary.toLowerCase()) || headers.includes(canary.toLowerCase()));
}

function send(client: APIRequestContext, method: string, url: string, headers: Record<string, string>) {
  const options = { headers, maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 };
  if (method === "GET") return client.get(url, options);
  if (method === "HEAD") return client.head(url, options);
  return client.fetch(url, { ...options, method, data: "{}", headers: { ...headers, "content-type": "application/json" } });
}

test("the app's pages and routes are all found (the enumeration itself works)", () => {
  const entries = discover(appDir);
  const patterns = entries.map((entry) => `${entry.kind} ${entry.pattern}`);
  for (const known of ["page /", "page /deliveries/[id]", "page /admin/audit", "route /api/exchanges/export", "route /api/webhooks/crm"])
    expect(patterns).toContain(known);
  for (const entry of entries) expect(urlsFor(entry, seeded).length, entry.pattern).toBeGreaterThan(0);
});

test("an administrator does see the seeded values (so their absence below means something)", async () => {
  const admin = adminPage.request;
  const expectations: [string, string][] = [
    [`/deliveries/${seeded.quarantinedDeliveryId}`, seeded.canaries.staff[0] as string],
    [`/prop-trading/rejected?user=${seeded.crmUser}`, seeded.canaries.staff[0] as string],
    [`/exchanges/${seeded.exchangeId}`, seeded.canaries.staff[0] as string],
    ["/admin/audit?action=export", seeded.canaries.admin[0] as string],
    ["/admin/users", seeded.canaries.admin[0] as string],
  ];
  for (const [url, canary] of expectations) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const response = await send(admin, "GET", await asRouterWould(url, headers), headers);
      expect(response.status(), `${url} ${JSON.stringify(headers)}`).toBe(200);
      expect(await leaks(response, [canary]), `${url} ${JSON.stringify(headers)}`).toEqual([canary]);
    }
  }
});

test("anonymous requests read nothing, with any combination of router headers", async () => {
  const canaries = [...seeded.canaries.staff, ...seeded.canaries.admin];
  const found: string[] = [];
  let requests = 0;
  for (const entry of discover(appDir)) {
    for (const url of urlsFor(entry, seeded)) {
      for (const method of entry.methods) {
        for (const headers of ROUTER_HEADERS) {
          for (const target of new Set([url, await asRouterWould(url, headers), `${url}${url.includes("?") ? "&" : "?"}_rsc=abcde`])) {
            const response = await send(anonymous, method, target, headers);
            requests += 1;
            const leaked = await leaks(response, canaries);
            if (leaked.length > 0)
              found.push(`${method} ${target} ${JSON.stringify(headers)} → ${response.status()} carries ${leaked.join(", ")}`);
            // Nothing is served as if to a staff member: the login page, webhooks and health are public and hold no data.
            if (response.status() === 200 && !/^\/(login|api\/health|api\/auth\/(get-session|sign-out)|icon\.svg)/.test(target))
              found.push(`${method} ${target} ${JSON.stringify(headers)} → 200 without a session`);
          }
        }
      }
    }
  }
  expect(found).toEqual([]);
  expect(requests).toBeGreaterThan(300);
});

test("a viewer reads no administrator's data, with any combination of router headers", async () => {
  const found: string[] = [];
  // The live stream never ends by itself; the next test reads it.
  for (const entry of discover(appDir).filter((entry) => entry.pattern !== LIVE_STREAM)) {
    for (const url of urlsFor(entry, seeded)) {
      for (const method of entry.methods.filter((method) => method === "GET")) {
        for (const headers of ROUTER_HEADERS) {
          const response = await send(viewerRequest, method, await asRouterWould(url, headers), headers);
          const leaked = await leaks(response, seeded.canaries.admin);
          if (leaked.length > 0)
            found.push(`${method} ${url} ${JSON.stringify(headers)} → ${response.status()} carries ${leaked.join(", ")}`);
        }
      }
    }
  }
  expect(found).toEqual([]);
});

const LIVE_STREAM = "/api/live";

test("the live stream carries a viewer the changes staff may see, and no administrator's data", async ({ request }) => {
  const cookies = (await viewerRequest.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  const response = await fetch(`${e2eServer.baseURL}${LIVE_STREAM}`, { headers: { cookie: cookies, accept: "text/event-stream" } });
  expect(response.status).toBe(200);
  const stream = new LiveEvents(response.body as ReadableStream<Uint8Array>);
  try {
    await stream.waitFor((event) => event.event === "feed", 15_000);
    // An administrator's action (audited, with a value only it holds), then a delivery any staff member may see.
    const adminOnly = unique("adm-live-");
    await adminPage.goto("/admin/users");
    await adminPage.getByLabel("E-mail").fill(`${adminOnly}@example.com`);
    await adminPage.getByRole("button", { name: "Create with a generated password" }).click();
    await expect(adminPage.getByTestId("new-password")).toBeVisible();
    const seen = await deliver(request, "crm", crmRejectPayload({ id: unique("live-"), userId: unique("u-") }));
    await stream.waitFor((event) => event.event === "change" && JSON.parse(event.data).delivery.id === seen.deliveryId, 15_000);
    const text = JSON.stringify(stream.events).toLowerCase();
    for (const canary of [...seeded.canaries.admin, adminOnly]) expect(text).not.toContain(canary.toLowerCase());
  } finally {
    stream.close();
  }
});

test("every server action refuses anonymous callers and viewers, even replayed byte for byte", async () => {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const actions = Object.entries(manifest.node).map(([id, action]) => ({ id, name: `${action.filename}#${action.exportedName}` }));
  expect(actions.length).toBeGreaterThan(0);

  // The administrator performs each action once, through the UI; its request is recorded.
  const recorded = new Map<string, { url: string; headers: Record<string, string>; body: Buffer }>();
  const record = async (trigger: () => Promise<void>) => {
    const [request] = await Promise.all([
      adminPage.waitForRequest((candidate) => candidate.method() === "POST" && candidate.headers()["next-action"] !== undefined),
      trigger(),
    ]);
    const headers = { ...request.headers() };
    delete headers.cookie;
    recorded.set(headers["next-action"] as string, { url: request.url(), headers, body: request.postDataBuffer() ?? Buffer.alloc(0) });
  };

  const newcomer = `${seeded.canaries.admin[0]}-new@example.com`;
  const target = await createStaffThroughAdminScreen(adminPage, "viewer");
  await adminPage.goto("/admin/users");
  await record(async () => {
    await adminPage.getByLabel("E-mail").fill(newcomer);
    await adminPage.getByRole("button", { name: "Create with a generated password" }).click();
  });
  await expect(adminPage.getByTestId("new-password")).toBeVisible();
  const row = adminPage.getByRole("row").filter({ hasText: target.email });
  await record(() => row.getByRole("button", { name: "Disable" }).click());
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("active");
  await adminPage.goto(`/deliveries/${seeded.quarantinedDeliveryId}`);
  await record(() => adminPage.getByRole("button", { name: /Reprocess/ }).click());
  await expect(adminPage.getByRole("status")).toBeVisible();

  // Dismissing and restoring: recorded on one quarantined delivery; replayed, the dismissal aims at
  // a second (still quarantined) and the restore at a third (dismissed by the administrator).
  const [dismissTarget, keptQuarantined, keptDismissed] = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const payload = exchangeCallbackPayload({
        callbackId: unique(`dq${n}`),
        exchangeId: 900_000_000 + Math.floor(Math.random() * 1e8),
        status: "Pending",
      });
      const answer = await deliver(adminPage.request, "banking", { ...payload, Data: { ...payload.Data, RequestAmount: "not-a-number" } });
      return answer.deliveryId;
    }),
  );
  await adminPage.goto(`/deliveries/${dismissTarget}`);
  await adminPage.getByLabel(/Not worth reprocessing/).fill("a sender's test message");
  await record(() => adminPage.getByRole("button", { name: "Dismiss" }).click());
  await expect(adminPage.getByRole("status")).toContainText("Dismissed");
  await adminPage.reload();
  await record(() => adminPage.getByRole("button", { name: "Put back into quarantine" }).click());
  await expect(adminPage.getByRole("status")).toContainText("Back in quarantine");
  await adminPage.goto(`/deliveries/${keptDismissed}`);
  await adminPage.getByLabel(/Not worth reprocessing/).fill("set aside before the replays");
  await adminPage.getByRole("button", { name: "Dismiss" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Dismissed");
  const retarget = (call: { body: Buffer }, to: string) => {
    call.body = Buffer.from(
      call.body.toString("latin1").replace(new RegExp(`(name="deliveryId"\r\n\r\n)${dismissTarget}\r\n`), `$1${to}\r\n`),
      "latin1",
    );
  };

  // Alerts: any staff member handles them (so only the anonymous replay must fail), on an alert of
  // its own; rules and channels are the administrator's.
  const failedExchange = 950_000_000 + Math.floor(Math.random() * 1e7);
  await deliver(
    adminPage.request,
    "banking",
    exchangeCallbackPayload({ callbackId: unique("af"), exchangeId: failedExchange, status: "Failed" }),
  );
  const alertOf = async () =>
    ((await (await adminPage.request.get(`/api/alerts?subject=${failedExchange}`)).json()) as { rows: { id: string }[] }).rows[0]?.id;
  await expect.poll(alertOf, { timeout: 30_000 }).toBeDefined();
  const handledAlert = (await alertOf()) as string;
  await adminPage.goto(`/alerts/${handledAlert}`);
  await adminPage.getByLabel(/Note \(optional\)/).fill("looking into it");
  await record(() => adminPage.getByRole("button", { name: "Acknowledge" }).click());
  await expect(adminPage.getByRole("status")).toContainText("Acknowledged");
  await record(() => adminPage.getByRole("button", { name: "Assign" }).click());
  await expect(adminPage.getByRole("status")).toContainText("Assignment saved");
  await adminPage.getByLabel("How it was resolved").fill("refunded by the bank");
  await record(() => adminPage.getByRole("button", { name: "Resolve" }).click());
  await expect(adminPage.getByRole("status")).toContainText("Resolved");
  const alertHistory = async () =>
    ((await (await adminPage.request.get(`/alerts/${handledAlert}`)).text()).match(/refunded by the bank/g) ?? []).length;
  const historyBefore = await alertHistory();

  const channelName = `${seeded.canaries.admin[0]}-channel`;
  await adminPage.goto("/admin/alerts");
  const silentRule = adminPage.getByRole("form", { name: "Sender silent" });
  await record(() => silentRule.getByRole("button", { name: "Save rule" }).click());
  await expect(silentRule.getByRole("status")).toContainText("Saved");
  const creating = adminPage.getByRole("form", { name: "New channel" });
  await creating.getByLabel("Name").fill(channelName);
  await creating.getByLabel("URL or e-mail addresses").fill("http://127.0.0.1:9/never-called");
  await record(() => creating.getByRole("button", { name: "Add channel" }).click());
  await expect(creating.getByRole("status")).toContainText("Channel created");
  const channelForm = adminPage.getByRole("form", { name: `Channel ${channelName}` });
  await record(() => channelForm.getByRole("button", { name: "Save", exact: true }).click());
  await expect(channelForm.getByRole("status")).toContainText("Saved");

  // A staff member's own preference: anyone logged in may set theirs; nobody else's.
  await adminPage.goto("/account");
  await adminPage.getByRole("radio", { name: /^UTC/ }).check();
  await record(() => adminPage.getByRole("button", { name: "Save" }).click());
  await expect(adminPage.getByRole("status")).toContainText("UTC");

  const missing = actions.filter((action) => !recorded.has(action.id)).map((action) => action.name);
  expect(missing, "record an administrator's use of each of these actions in this test").toEqual([]);

  // Replayed, the create would add this account and the disable would disable the target again.
  const again = newcomer.replace("-new@", "-bis@");
  for (const call of recorded.values()) call.body = Buffer.from(call.body.toString("latin1").replace(newcomer, again), "latin1");
  for (const [id, call] of recorded) {
    const name = actions.find((action) => action.id === id)?.name ?? "";
    if (name.endsWith("#dismissAction")) retarget(call, keptQuarantined as string);
    if (name.endsWith("#restoreAction")) retarget(call, keptDismissed as string);
  }
  const reprocessNotes = async () =>
    ((await (await adminPage.request.get(`/deliveries/${seeded.quarantinedDeliveryId}`)).text()).match(/Reprocessed by/g) ?? []).length;
  const notesBefore = await reprocessNotes();

  for (const [id, call] of recorded) {
    // Setting one's own time display and handling alerts are every staff member's right: only the anonymous replay must fail.
    const actionName = actions.find((action) => action.id === id)?.name ?? "";
    const ownPreference =
      actionName.endsWith("#setTimeDisplayAction") || /alerts\/\[id\]\/actions.*#(acknowledge|assign|resolve)Action$/.test(actionName);
    for (const [who, client] of [["anonymous", anonymous], ...(ownPreference ? [] : ([["viewer", viewerRequest]] as const))] as const) {
      // To the page it was recorded on, and to a public page: the action must check for itself.
      for (const url of [call.url, `${e2eServer.baseURL}/login`]) {
        const response = await client.post(url, { headers: call.headers, data: call.body, maxRedirects: 0, failOnStatusCode: false });
        expect(await leaks(response, [...seeded.canaries.admin]), `${who} ${id} at ${url}`).toEqual([]);
        expect(response.status(), `${who} ${id} at ${url}`).toBeLessThan(500);
      }
    }
  }
  // An administrator's own session, but the request comes from another site claiming, through
  // X-Forwarded-Host, to be this one: Next.js compares Origin with that header, which our web
  // server removes unless a trusted proxy sent it. Refused: cross-site request forgery.
  for (const call of recorded.values()) {
    const forged = { ...call.headers, origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    await adminPage.request.post(call.url, { headers: forged, data: call.body, maxRedirects: 0, failOnStatusCode: false });
  }

  // Nothing changed: no account created or disabled, the quarantined delivery not reprocessed again.
  await adminPage.goto("/admin/users");
  await expect(adminPage.getByRole("row").filter({ hasText: target.email })).toContainText("active");
  await expect(adminPage.getByRole("row").filter({ hasText: again })).toHaveCount(0);
  expect(await reprocessNotes()).toBe(notesBefore);
  await adminPage.goto(`/deliveries/${keptQuarantined}`);
  await expect(adminPage.getByRole("button", { name: "Dismiss" })).toBeVisible();
  await adminPage.goto(`/deliveries/${keptDismissed}`);
  await expect(adminPage.getByRole("button", { name: "Put back into quarantine" })).toBeVisible();
  // No second channel, and the alert's history holds the administrator's resolution once.
  await adminPage.goto("/admin/alerts");
  await expect(adminPage.getByRole("form", { name: `Channel ${channelName}` })).toHaveCount(1);
  expect(await alertHistory()).toBe(historyBefore);
});

test("the proxy's exceptions are exact paths: look-alikes of public ones need a session", async () => {
  for (const path of [
    "/api/healthz",
    "/api/health/x",
    "/api/webhooks/crmx",
    "/api/webhooks/crm/x",
    "/api/webhooks",
    "/api/authx",
    "/api/auth/sign-in/emailx",
    "/loginx",
  ]) {
    const response = await send(anonymous, "GET", path, {});
    expect([401, 307], path).toContain(response.status());
  }
  expect((await send(anonymous, "GET", "/api/health", {})).status()).toBe(200);
  expect((await send(anonymous, "GET", "/login", {})).status()).toBe(200);
});
