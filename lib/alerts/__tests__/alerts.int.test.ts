// Alerts against real PostgreSQL and real receivers: each rule fires, de-duplicates, reminds and
// resolves as the evaluator's clock moves (no sleeping); two evaluators never open the same alert
// twice; notifications leave through the outbox to a Slack-compatible receiver, a Standard Webhooks
// receiver that checks the signature with its own code, and a real SMTP server; a receiver that
// fails, then recovers, gets each notification exactly once per idempotency key.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { createTestStaff, sessionOf } from "@/tooling/testing/staff-session";
import { webhookRequest } from "@/tooling/testing/webhook-requests";

// ── Real receivers, started before the app's modules read their settings ─────────────────────────

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** Answer 503 to this many requests before answering 200 again. */
let failNext = 0;
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (failNext > 0) {
      failNext -= 1;
      response.writeHead(503).end("down for maintenance");
    } else response.writeHead(200).end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const mails: { to: string[]; data: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((to) => to.address), data: Buffer.concat(chunks).toString("utf8") });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String((smtp.server.address() as AddressInfo).port);
process.env.SMTP_SECURE = "false";
process.env.ALERTS_MAX_ATTEMPTS = "4";

const { db } = await import("@/lib/db/client");
const { evaluateAlerts } = await import("@/lib/alerts/evaluate");
const { dispatchNotifications } = await import("@/lib/alerts/dispatch");
const { createChannel, updateRule, testChannel } = await import("@/lib/alerts/admin");
const { acknowledgeAlert, assignAlert, resolveAlert } = await import("@/lib/alerts/lifecycle");
const { receiveWebhook } = await import("@/lib/webhooks/receive");
const { systemActor } = await import("@/lib/auth/staff-session");
const { RULES } = await import("@/lib/alerts/rules");

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const admin = systemActor("test");
const HOUR = 3_600_000;
const later = (ms: number) => new Date(Date.now() + ms);

/** Only `rule` on, with `params` and `channels`; every other rule off, so each test sees its own alerts. */
async function onlyRule(
  rule: string,
  options: { params?: Record<string, unknown>; channels?: string[]; reminderMinutes?: number | null } = {},
) {
  // Off first, so the rule is switched on anew: rules about events look back no further than that.
  for (const other of RULES)
    await updateRule(admin, other.id, { enabled: false, params: other.defaults, channelIds: [], reminderMinutes: null });
  for (const other of RULES) {
    const result = await updateRule(admin, other.id, {
      enabled: other.id === rule,
      params: { ...other.defaults, ...(other.id === rule ? options.params : {}) },
      channelIds: other.id === rule ? (options.channels ?? []) : [],
      reminderMinutes: other.id === rule ? (options.reminderMinutes ?? null) : null,
    });
    expect(result.outcome).toBe("saved");
  }
}

async function alertsOf(rule: string) {
  return db().alert.findMany({ where: { ruleId: rule }, orderBy: { id: "asc" }, include: { events: { orderBy: { id: "asc" } } } });
}

let exchangeId = 770_000;
async function exchange(status: string, id = ++exchangeId) {
  const response = await receiveWebhook(
    "banking",
    webhookRequest("banking", exchangeCallbackPayload({ callbackId: `alert-${id}-${status}-${Math.random()}`, exchangeId: id, status })),
  );
  expect(response.status).toBe(200);
  return id;
}

beforeEach(async () => {
  received.length = 0;
  mails.length = 0;
  failNext = 0;
  await db().notificationAttempt.deleteMany();
  await db().notification.deleteMany();
  await db().alertEvent.deleteMany();
  await db().alert.deleteMany();
});

describe("rules", () => {
  it("a stuck exchange fires once past its status's threshold, reminds while unacknowledged, and resolves when it moves on", async () => {
    const channel = await createChannel(admin, { kind: "slack", name: "ops room", target: `${receiverUrl}/slack` });
    if (channel.outcome !== "created") throw new Error(channel.outcome);
    await onlyRule("exchange-stuck", { channels: [channel.id], reminderMinutes: 60 });
    const id = await exchange("Pending");

    await evaluateAlerts(later(1 * HOUR));
    expect(await alertsOf("exchange-stuck")).toHaveLength(0);

    await evaluateAlerts(later(3 * HOUR));
    await evaluateAlerts(later(3 * HOUR + 60_000));
    const [alert] = await alertsOf("exchange-stuck");
    expect(alert).toMatchObject({ subjectKey: `exchange:${id}`, state: "firing", occurrences: 1 });
    expect(alert?.summary).toContain(`#${id} has been Pending for 3 h`);

    // An hour on, still firing and nobody acknowledged it: one reminder.
    await evaluateAlerts(later(4 * HOUR + 1000));
    await evaluateAlerts(later(4 * HOUR + 2000));
    expect((await alertsOf("exchange-stuck"))[0]?.reminders).toBe(1);

    await exchange("Completed", id);
    await evaluateAlerts(later(5 * HOUR));
    const [done] = await alertsOf("exchange-stuck");
    expect(done?.state).toBe("resolved");
    expect(done?.events.map((event) => event.kind)).toEqual(["fired", "reminded", "resolved"]);

    await dispatchNotifications(later(5 * HOUR));
    const slack = received.filter((request) => request.path === "/slack").map((request) => JSON.parse(request.body) as { text: string });
    expect(slack.map((message) => message.text.split("\n")[0])).toEqual([
      "*Alert: Exchange stuck in a status*",
      "*Still firing: Exchange stuck in a status*",
      "*Resolved: Exchange stuck in a status*",
    ]);
    expect(slack[0]?.text).toContain(`/alerts/${alert?.id}`);
    expect(slack[0]?.text).toContain(`/exchanges/${id}`);
  });

  it("an acknowledged alert is not reminded of; resolved by hand it stays resolved while the condition holds", async () => {
    await onlyRule("exchange-stuck", { reminderMinutes: 30 });
    const id = await exchange("WaitingForConfirmation");
    await evaluateAlerts(later(2 * HOUR));
    const [alert] = await alertsOf("exchange-stuck");
    const staff = await sessionOf(await createTestStaff("viewer"));
    expect((await acknowledgeAlert(staff, String(alert?.id), "calling the bank")).outcome).toBe("done");
    // A viewer takes the alert or gives it up; handing it to someone else is an administrator's call.
    expect((await assignAlert(staff, String(alert?.id), "someone.else@test.example")).outcome).toBe("forbidden");
    expect((await assignAlert(staff, String(alert?.id), staff.user.email)).outcome).toBe("done");
    await evaluateAlerts(later(3 * HOUR));
    expect((await alertsOf("exchange-stuck"))[0]).toMatchObject({ state: "acknowledged", reminders: 0, acknowledgedBy: staff.user.email });

    expect((await resolveAlert(staff, String(alert?.id), "the bank says it is a test exchange")).outcome).toBe("done");
    await evaluateAlerts(later(4 * HOUR));
    expect(await alertsOf("exchange-stuck")).toHaveLength(1);
    // Once the condition has cleared, a new episode is a new alert.
    await exchange("Pending", id);
    // Judged just after that callback: not stuck (yet), so the condition has cleared…
    await evaluateAlerts(later(1000));
    // …and hours later the exchange is stuck again: a new alert.
    await evaluateAlerts(later(8 * HOUR));
    const alerts = await alertsOf("exchange-stuck");
    expect(alerts.map((one) => one.state)).toEqual(["resolved", "firing"]);
    expect(alerts[0]?.events.map((event) => [event.kind, event.actor, event.note])).toEqual([
      ["fired", null, `Exchange #${id} has been WaitingForConfirmation for 2 h (threshold 1 h).`],
      ["acknowledged", staff.user.email, "calling the bank"],
      ["assigned", staff.user.email, `Assigned to ${staff.user.email}.`],
      ["resolved", staff.user.email, "the bank says it is a test exchange"],
    ]);
  });

  it("an open RFI older than the threshold fires, and resolves when the RFI closes", async () => {
    await onlyRule("rfi-open", { params: { minutes: 60 } });
    const id = ++exchangeId;
    await exchangeStatusWithRfi(id);
    await exchangeStatusWithRfi(id);
    await evaluateAlerts(later(2 * HOUR));
    expect((await alertsOf("rfi-open")).map((alert) => alert.subjectKey)).toEqual([`exchange:${id}`]);
    await exchange("Completed", id);
    await evaluateAlerts(later(3 * HOUR));
    expect((await alertsOf("rfi-open"))[0]?.state).toBe("resolved");
  });

  it("an exchange that fails fires once, and is resolved only by hand", async () => {
    await onlyRule("exchange-failed");
    const id = await exchange("Failed");
    await evaluateAlerts(later(1000));
    await evaluateAlerts(later(2000));
    const [alert] = await alertsOf("exchange-failed");
    expect(alert).toMatchObject({ subjectKey: `exchange:${id}`, state: "firing" });
    await evaluateAlerts(later(10 * HOUR));
    expect((await alertsOf("exchange-failed"))[0]?.state).toBe("firing");
    await resolveAlert(await sessionOf(await createTestStaff("viewer")), String(alert?.id), "refunded");
    await evaluateAlerts(later(11 * HOUR));
    expect(await alertsOf("exchange-failed")).toHaveLength(1);
  });

  it("a silent sender fires within its active hours only, and resolves with its next delivery", async () => {
    // Active only on Sundays from 03:00 to 06:00 UTC: judge a moment outside, then one inside — two
    // hours into the window, so past the hour's threshold counted from the window's start.
    await onlyRule("sender-silent", {
      params: { crm: 60, banking: 60, activeFrom: "03:00", activeTo: "06:00", weekdays: "Sun", timeZone: "UTC" },
    });
    const sunday = nextUtc(0, 5, 0);
    await evaluateAlerts(new Date(sunday.getTime() - 4 * HOUR));
    expect(await alertsOf("sender-silent")).toHaveLength(0);
    // 30 minutes into the window: the weekend's silence does not count, so not yet.
    await evaluateAlerts(new Date(sunday.getTime() - 90 * 60_000));
    expect(await alertsOf("sender-silent")).toHaveLength(0);
    await evaluateAlerts(sunday);
    expect((await alertsOf("sender-silent")).map((alert) => alert.subjectKey).sort()).toEqual(["sender:banking", "sender:crm"]);
    expect((await alertsOf("sender-silent"))[0]?.summary).toContain("within active hours");
    // Outside the hours nothing new opens; still silent, still firing.
    await evaluateAlerts(new Date(sunday.getTime() + 2 * HOUR));
    expect((await alertsOf("sender-silent")).every((alert) => alert.state === "firing")).toBe(true);
    // The CRM speaks again: judged outside the active hours, its alert still resolves (and no new one opens).
    await receiveWebhook("crm", webhookRequest("crm", crmRejectPayload({ id: `silent-${Date.now()}`, userId: "quiet" })));
    const quietMonday = new Date(Date.now() + 1000);

    await evaluateAlerts(quietMonday);
    const states = Object.fromEntries((await alertsOf("sender-silent")).map((alert) => [alert.subjectKey, alert.state]));
    expect(states["sender:crm"]).toBe("resolved");
  });

  it("refused signatures over the hourly threshold fire per sender, counting, and resolve when the hour is quiet again", async () => {
    await onlyRule("refused-signatures", { params: { perHour: 3 } });
    const now = new Date();
    // As the intake tallies refusals per sender and hour (the samples it keeps are capped; the tallies are not).
    const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    await db().signatureFailure.upsert({
      where: { sender_hour: { sender: "crm", hour } },
      create: { sender: "crm", hour, count: 500, lastAt: now, lastReason: "signature_mismatch" },
      update: { count: 500, lastAt: now, lastReason: "signature_mismatch" },
    });
    await evaluateAlerts(later(1000));
    expect((await alertsOf("refused-signatures")).map((alert) => [alert.subjectKey, alert.occurrences])).toEqual([["sender:crm", 500]]);
    await evaluateAlerts(later(3 * HOUR));
    expect((await alertsOf("refused-signatures"))[0]?.state).toBe("resolved");
  });

  it("quarantined deliveries make one alert per sender and reason, counted, resolved once none is left in quarantine", async () => {
    await onlyRule("quarantine");
    const bad = async (n: number) => {
      const payload = exchangeCallbackPayload({ callbackId: `q-${n}-${Math.random()}`, exchangeId: 990_000 + n, status: "Pending" });
      const response = await receiveWebhook(
        "banking",
        webhookRequest("banking", { ...payload, Data: { ...payload.Data, RequestAmount: "lots" } }),
      );
      return String(((await response.json()) as { deliveryId: string }).deliveryId);
    };
    const first = await bad(1);
    await evaluateAlerts(later(1000));
    const second = await bad(2);
    await evaluateAlerts(later(2000));
    const [alert] = await alertsOf("quarantine");
    expect(alert).toMatchObject({ occurrences: 2, state: "firing" });
    expect(alert?.events.map((event) => event.kind)).toEqual(["fired", "occurred"]);
    const { dismissDelivery } = await import("@/lib/ingest/dismiss-delivery");
    await dismissDelivery(admin, first, "test");
    await dismissDelivery(admin, second, "test");
    await evaluateAlerts(later(3000));
    expect((await alertsOf("quarantine"))[0]?.state).toBe("resolved");
  });

  it("the same CRM user rejected N times within D days fires", async () => {
    await onlyRule("repeated-rejections", { params: { count: 3, days: 7 } });
    const user = `repeat-${Date.now()}`;
    for (let n = 0; n < 3; n++) await receiveWebhook("crm", webhookRequest("crm", crmRejectPayload({ id: `${user}-${n}`, userId: user })));
    await evaluateAlerts(later(1000));
    expect((await alertsOf("repeated-rejections")).map((alert) => [alert.subjectKey, alert.occurrences])).toEqual([
      [`crm-user:${user}`, 3],
    ]);
    await evaluateAlerts(later(8 * 24 * HOUR));
    expect((await alertsOf("repeated-rejections"))[0]?.state).toBe("resolved");
  });

  it("the live feed hears alerts open and change state, once per statement", async () => {
    const { ChangeFeed } = await import("@/lib/live/change-feed");
    const feed = new ChangeFeed(() => process.env.DATABASE_URL);
    const heard: string[] = [];
    feed.subscribe((event) => {
      if (event.kind === "alerts") heard.push(event.data);
    });
    try {
      await waitFor(() => feed.state === "live");
      await onlyRule("exchange-failed");
      await Promise.all([exchange("Failed"), exchange("Failed")]);
      await evaluateAlerts(later(1000));
      await waitFor(() => heard.length >= 1);
      expect(JSON.parse(heard[0] as string)).toEqual({ opened: 2 });
      const [alert] = await alertsOf("exchange-failed");
      await resolveAlert(await sessionOf(await createTestStaff("viewer")), String(alert?.id), "seen");
      await waitFor(() => heard.length >= 2);
      expect(JSON.parse(heard[1] as string)).toEqual({ changed: 1 });
    } finally {
      feed.stop();
    }
  });

  it("two evaluators at the same moment open each alert once", async () => {
    await onlyRule("exchange-failed");
    await Promise.all([exchange("Failed"), exchange("Rejected"), exchange("Failed")]);
    await Promise.all([evaluateAlerts(later(1000)), evaluateAlerts(later(1000)), evaluateAlerts(later(1000))]);
    const alerts = await alertsOf("exchange-failed");
    expect(alerts).toHaveLength(3);
    expect(new Set(alerts.map((alert) => alert.subjectKey)).size).toBe(3);
  });
});

describe("channels", () => {
  it("signs generic webhooks in the Standard Webhooks format, which an independent implementation verifies", async () => {
    const channel = await createChannel(admin, { kind: "webhook", name: "ticketing", target: `${receiverUrl}/hook` });
    if (channel.outcome !== "created" || !channel.secret) throw new Error("no secret");
    await onlyRule("exchange-failed", { channels: [channel.id] });
    await exchange("Failed");
    await evaluateAlerts(later(1000));
    await dispatchNotifications(later(1000));
    const [request] = received.filter((one) => one.path === "/hook");
    if (!request) throw new Error("nothing received");
    // Standard Webhooks: HMAC-SHA256 over "id.timestamp.body" with the base64 key after "whsec_".
    const id = String(request.headers["webhook-id"]);
    const timestamp = String(request.headers["webhook-timestamp"]);
    const expected = createHmac("sha256", Buffer.from(channel.secret.slice("whsec_".length), "base64"))
      .update(`${id}.${timestamp}.${request.body}`)
      .digest();
    const signatures = String(request.headers["webhook-signature"])
      .split(" ")
      .map((entry) => Buffer.from(entry.split(",")[1] ?? "", "base64"));
    expect(signatures.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))).toBe(true);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(request.body) as { type: string; idempotencyKey: string; alert: { summary: string } };
    expect(body).toMatchObject({ type: "alert.fired", idempotencyKey: id });
    expect(body.alert.summary).toContain("ended Failed");
  });

  it("e-mails through a real SMTP server", async () => {
    const channel = await createChannel(admin, { kind: "email", name: "on-call", target: "oncall@ops.example" });
    if (channel.outcome !== "created") throw new Error(channel.outcome);
    await onlyRule("exchange-failed", { channels: [channel.id] });
    const id = await exchange("Rejected");
    await evaluateAlerts(later(1000));
    const report = await dispatchNotifications(later(1000));
    expect(report.delivered).toBe(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(["oncall@ops.example"]);
    expect(mails[0]?.data).toMatch(/Subject: \[Alert\] Exchange #\d+/);
    expect(mails[0]?.data).toContain(`/exchanges/${id}`);
    expect(mails[0]?.data).toMatch(/X-Idempotency-Key: alert-\d+-fired-first-channel-\d+/);
  });

  it("a receiver that fails twice, then recovers, gets the notification exactly once per key; one that never does is given up", async () => {
    const channel = await createChannel(admin, { kind: "webhook", name: "flaky", target: `${receiverUrl}/flaky` });
    if (channel.outcome !== "created") throw new Error(channel.outcome);
    await onlyRule("exchange-failed", { channels: [channel.id] });
    await exchange("Failed");
    await evaluateAlerts(later(1000));
    failNext = 2;
    let clock = Date.now() + 1000;
    for (let round = 0; round < 6; round++) {
      await dispatchNotifications(new Date(clock));
      clock += 10 * 60_000;
    }
    const deliveredOk = received.filter((request) => request.path === "/flaky");
    expect(deliveredOk).toHaveLength(3);
    expect(new Set(deliveredOk.map((request) => request.headers["webhook-id"])).size).toBe(1);
    const [notification] = await db().notification.findMany({ include: { attemptLog: { orderBy: { id: "asc" } } } });
    expect(notification?.state).toBe("delivered");
    expect(notification?.attemptLog.map((attempt) => [attempt.ok, attempt.status])).toEqual([
      [false, 503],
      [false, 503],
      [true, 200],
    ]);

    // Down for good: after ALERTS_MAX_ATTEMPTS (4 here) it is given up, each try recorded.
    await exchange("Failed");
    await evaluateAlerts(new Date(clock));
    failNext = 1_000;
    for (let round = 0; round < 8; round++) {
      await dispatchNotifications(new Date(clock));
      clock += 2 * HOUR;
    }
    const given = await db().notification.findFirstOrThrow({ where: { state: "gave_up" }, include: { attemptLog: true } });
    expect(given.attemptLog).toHaveLength(4);
  });

  it("'send test' reaches the channel at once and says how it went", async () => {
    const channel = await createChannel(admin, { kind: "slack", name: "test room", target: `${receiverUrl}/test` });
    if (channel.outcome !== "created") throw new Error(channel.outcome);
    const result = await testChannel(admin, channel.id);
    expect(result.outcome === "sent" && result.report.delivered).toBe(1);
    expect(received.filter((request) => request.path === "/test")).toHaveLength(1);
    failNext = 1;
    const failed = await testChannel(admin, channel.id);
    expect(failed.outcome === "sent" && failed.report.failed).toBe(1);
  });
});

/** A second AwaitingRfi callback, so the RFI's start is the earlier one. */
async function exchangeStatusWithRfi(id: number) {
  await receiveWebhook(
    "banking",
    webhookRequest(
      "banking",
      exchangeCallbackPayload({ callbackId: `rfi-${id}-${Math.random()}`, exchangeId: id, status: "AwaitingRfi", hasOpenRfi: true }),
    ),
  );
}

/** The next moment at `hour`:`minute` UTC on weekday `day` (0 = Sunday). */
function nextUtc(day: number, hour: number, minute: number): Date {
  const moment = new Date();
  moment.setUTCHours(hour, minute, 0, 0);
  while (moment.getUTCDay() !== day || moment.getTime() <= Date.now() + 3 * HOUR) moment.setUTCDate(moment.getUTCDate() + 1);
  return moment;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
