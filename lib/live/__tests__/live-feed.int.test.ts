// The live console's change feed and stream against a real PostgreSQL: what the intake's commit
// announces, how two listeners (as two app instances would) both hear it, resuming, the gap after
// a lost connection, and the stream's session checks, caps and shutdown.
import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { GET as exchangeChanges } from "@/app/api/exchanges/changes/route";
import { GET as liveRoute } from "@/app/api/live/route";
import { systemActor } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { dismissDelivery } from "@/lib/ingest/dismiss-delivery";
import { ChangeFeed, type FeedEvent } from "@/lib/live/change-feed";
import type { LiveChange } from "@/lib/live/live-change";
import { liveStreams } from "@/lib/live/live-stream";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { LiveEvents } from "@/tooling/testing/live-events";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { asStaff, createTestStaff, type TestStaff } from "@/tooling/testing/staff-session";
import { webhookRequest } from "@/tooling/testing/webhook-requests";

const feeds: ChangeFeed[] = [];
const streams: LiveEvents[] = [];

afterAll(() => {
  for (const stream of streams) stream.close();
  for (const feed of feeds) feed.stop();
});

/** A feed of its own, as another app instance would hold, with everything it hands its streams. */
async function listeningFeed(): Promise<{
  feed: ChangeFeed;
  events: FeedEvent[];
  next: (test: (event: FeedEvent) => boolean) => Promise<FeedEvent>;
}> {
  const feed = new ChangeFeed(() => process.env.DATABASE_URL);
  feeds.push(feed);
  const events: FeedEvent[] = [];
  const waiters: (() => void)[] = [];
  feed.subscribe((event) => {
    events.push(event);
    for (const waiter of waiters.splice(0)) waiter();
  });
  const next = async (test: (event: FeedEvent) => boolean) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = events.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`not heard; heard: ${JSON.stringify(events).slice(0, 800)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  await next((event) => event.kind === "state" && event.state === "live");
  return { feed, events, next };
}

let exchangeId = 930_000;
async function deliverExchange(status: string, options: { pair?: string; managee?: number; id?: number } = {}) {
  const id = options.id ?? ++exchangeId;
  const response = await receiveWebhook(
    "banking",
    webhookRequest(
      "banking",
      exchangeCallbackPayload({
        callbackId: `live-${id}-${status}-${Math.random()}`,
        exchangeId: id,
        status,
        assetPair: options.pair ?? "EUR/USDC",
        manageesId: options.managee ?? 4242,
      }),
    ),
  );
  expect(response.status).toBe(200);
  return { exchangeId: String(id), deliveryId: String(((await response.json()) as { deliveryId: string }).deliveryId) };
}

const changeOf = (event: FeedEvent) => (event.kind === "change" ? (JSON.parse(event.data) as LiveChange) : undefined);

describe("the change feed", () => {
  it("two listeners on one database both hear a committed exchange callback, with its list fields and no body", async () => {
    const [a, b] = await Promise.all([listeningFeed(), listeningFeed()]);
    const sent = await deliverExchange("AwaitingRfi", { pair: "GBP/USDT", managee: 777 });
    for (const listener of [a, b]) {
      const event = await listener.next((candidate) => changeOf(candidate)?.exchange?.exchangeId === sent.exchangeId);
      const change = changeOf(event) as LiveChange;
      expect(change.delivery).toMatchObject({ id: sent.deliveryId, sender: "banking", outcome: "projected" });
      expect(change.exchange).toMatchObject({ status: "AwaitingRfi", assetPair: "GBP/USDT", manageesId: "777" });
      expect(change.exchange?.stepId).toMatch(/^\d+$/);
      expect(JSON.stringify(change)).not.toContain("ExchangeId");
    }
  });

  it("announces a rejection with the request's filter fields, a duplicate, a quarantine and an administrator's dismissal", async () => {
    const { next } = await listeningFeed();
    const payload = crmRejectPayload({ id: `live-req-${Date.now()}`, userId: "live-user-1" });
    const first = await receiveWebhook("crm", webhookRequest("crm", payload));
    const firstId = String(((await first.json()) as { deliveryId: string }).deliveryId);
    const rejected = changeOf(await next((event) => changeOf(event)?.delivery.id === firstId)) as LiveChange;
    expect(rejected.request).toMatchObject({ stage: "live", userId: "live-user-1" });

    const repeat = await receiveWebhook("crm", webhookRequest("crm", payload));
    const repeatId = String(((await repeat.json()) as { deliveryId: string }).deliveryId);
    expect((changeOf(await next((event) => changeOf(event)?.delivery.id === repeatId)) as LiveChange).delivery.outcome).toBe("duplicate");

    const bad = await receiveWebhook("crm", webhookRequest("crm", { ...payload, data: "not an object" }));
    const badId = String(((await bad.json()) as { deliveryId: string }).deliveryId);
    expect((changeOf(await next((event) => changeOf(event)?.delivery.id === badId)) as LiveChange).delivery.outcome).toBe("quarantined");

    await dismissDelivery(systemActor("test"), badId, "a test message");
    await next((event) => changeOf(event)?.delivery.id === badId && changeOf(event)?.delivery.outcome === "dismissed");
  });

  it("numbers events for resuming: a known position replays what came after it; another instance's or a lost one says refetch", async () => {
    const { feed, next } = await listeningFeed();
    const before = feed.position();
    const sent = await deliverExchange("Pending");
    await next((event) => changeOf(event)?.exchange?.exchangeId === sent.exchangeId);
    const replay = feed.resume(before);
    expect(replay.kind).toBe("replay");
    expect(replay.kind === "replay" && replay.events.some((event) => changeOf(event)?.exchange?.exchangeId === sent.exchangeId)).toBe(true);
    expect(feed.resume(feed.position())).toEqual({ kind: "replay", events: [] });
    expect(feed.resume("0badf00d:1").kind).toBe("refetch");
    expect(feed.resume(`${feed.boot}:999999`).kind).toBe("refetch");
    expect(feed.resume("nonsense").kind).toBe("refetch");
  });

  it("a lost LISTEN connection is reported, then reconnected with a gap that tells browsers to refetch", async () => {
    const { feed, events, next } = await listeningFeed();
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const position = feed.position();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE 'LISTEN%' AND datname = current_database()",
    );
    await admin.end();
    await next((event) => event.kind === "state" && event.state === "down");
    const gapAt = events.length;
    await next((event) => events.indexOf(event) >= gapAt && event.kind === "gap");
    await next((event) => events.indexOf(event) >= gapAt && event.kind === "state" && event.state === "live");
    const resumed = feed.resume(position);
    expect(resumed.kind === "replay" && resumed.events.some((event) => event.kind === "gap")).toBe(true);
    // And it hears again.
    const sent = await deliverExchange("Completed");
    await next((event) => changeOf(event)?.exchange?.exchangeId === sent.exchangeId);
  });
});

function liveRequest(staff: TestStaff, query = "", headers: Record<string, string> = {}) {
  return new NextRequest(`http://127.0.0.1/api/live${query}`, { headers: asStaff(staff, { accept: "text/event-stream", ...headers }) });
}

async function openStream(staff: TestStaff, query = "", headers: Record<string, string> = {}) {
  const response = await liveRoute(liveRequest(staff, query, headers));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const events = new LiveEvents(response.body as ReadableStream<Uint8Array>);
  streams.push(events);
  return events;
}

describe("GET /api/live", () => {
  it("needs a session", async () => {
    const response = await liveRoute(new NextRequest("http://127.0.0.1/api/live"));
    expect(response.status).toBe(401);
  });

  it("streams committed changes to a signed-in viewer and resumes from Last-Event-ID", async () => {
    const viewer = await createTestStaff("viewer");
    const stream = await openStream(viewer);
    await stream.waitFor((event) => event.event === "feed" && JSON.parse(event.data).state === "live");
    const first = await deliverExchange("WaitingForApproval");
    const heard = await stream.waitFor(
      (event) => event.event === "change" && JSON.parse(event.data).exchange?.exchangeId === first.exchangeId,
    );
    expect(heard.id).toMatch(/^[0-9a-f]{8}:\d+$/);
    stream.close();

    const missed = await deliverExchange("WaitingForConfirmation");
    const resumed = await openStream(viewer, "", { "last-event-id": heard.id as string });
    await resumed.waitFor((event) => event.event === "change" && JSON.parse(event.data).exchange?.exchangeId === missed.exchangeId);
    expect(resumed.data<LiveChange>("change").some((change) => change.exchange?.exchangeId === first.exchangeId)).toBe(false);

    const elsewhere = await openStream(viewer, "?since=0badf00d:12");
    await elsewhere.waitFor((event) => event.event === "refetch");
    resumed.close();
    elsewhere.close();
  });

  it("ends the stream when its session ends (sign-out anywhere), and refuses more streams than the cap", async () => {
    const viewer = await createTestStaff("viewer");
    const stream = await openStream(viewer);
    await stream.waitFor((event) => event.event === "feed");
    const session = await db().session.findFirstOrThrow({ where: { user: { email: viewer.email } } });
    await db().session.delete({ where: { id: session.id } });
    const ended = await stream.waitFor((event) => event.event === "ended");
    expect(JSON.parse(ended.data)).toEqual({ reason: "signed-out" });
    await stream.waitForEnd();

    const busy = await createTestStaff("viewer");
    const limit = Number(process.env.LIVE_STREAMS_PER_USER ?? 12);
    const open = await Promise.all(Array.from({ length: limit }, () => openStream(busy)));
    const refused = await openStream(busy);
    const refusal = await refused.waitFor((event) => event.event === "refused");
    expect(JSON.parse(refusal.data)).toEqual({ reason: "too-many-streams-for-user", limit });
    for (const one of open) one.close();
  });

  it("shutdown ends every stream at once, telling browsers to come back", async () => {
    const viewer = await createTestStaff("viewer");
    const stream = await openStream(viewer);
    await stream.waitFor((event) => event.event === "feed");
    expect(liveStreams().endAll("server-restarting")).toBeGreaterThanOrEqual(1);
    const ended = await stream.waitFor((event) => event.event === "ended");
    expect(JSON.parse(ended.data)).toEqual({ reason: "server-restarting" });
    await stream.waitForEnd();
  });
});

describe("GET /api/<list>/changes", () => {
  it("says which changed rows match the page's filters, with their current values", async () => {
    const viewer = await createTestStaff("viewer");
    const usdt = await deliverExchange("Pending", { pair: "ZZZ/USDT" });
    const eur = await deliverExchange("Pending", { pair: "ZZZ/EUR" });
    const response = await exchangeChanges(
      new NextRequest(`http://127.0.0.1/api/exchanges/changes?ids=${usdt.exchangeId},${eur.exchangeId},1&pair=ZZZ/USDT`, {
        headers: asStaff(viewer),
      }),
    );
    expect(response.status).toBe(200);
    const { rows } = (await response.json()) as { rows: { id: string; matches: boolean; row: { status: string } }[] };
    expect(rows.map(({ id, matches }) => ({ id, matches })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: usdt.exchangeId, matches: true },
        { id: eur.exchangeId, matches: false },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(rows[0]?.row.status).toBe("Pending");
  });

  it("refuses malformed ids with 400 and anonymous callers with 401", async () => {
    const viewer = await createTestStaff("viewer");
    for (const ids of ["", "abc", "1,,2;", Array.from({ length: 201 }, (_, i) => i + 1).join(",")]) {
      const response = await exchangeChanges(
        new NextRequest(`http://127.0.0.1/api/exchanges/changes?ids=${ids}`, { headers: asStaff(viewer) }),
      );
      expect(response.status, ids.slice(0, 20)).toBe(400);
    }
    expect((await exchangeChanges(new NextRequest("http://127.0.0.1/api/exchanges/changes?ids=1"))).status).toBe(401);
  });
});

describe("a live stream and its session's end", () => {
  it("ends when the session reaches its absolute limit, without waiting for the next periodic check", async () => {
    const viewer = await createTestStaff("viewer");
    const maxHours = Number(process.env.SESSION_MAX_HOURS ?? 12);
    await db().session.updateMany({
      where: { user: { email: viewer.email } },
      data: { createdAt: new Date(Date.now() - maxHours * 3_600_000 + 1_500) },
    });
    const stream = await openStream(viewer);
    const ended = await stream.waitFor((event) => event.event === "ended", 10_000);
    expect(JSON.parse(ended.data)).toEqual({ reason: "signed-out" });
  });
});
