// The cap on live streams per instance, whoever opens them (its own file: the setting is read once per process).
import { NextRequest } from "next/server";
import { expect, it } from "vitest";
import { LiveEvents } from "@/tooling/testing/live-events";
import { asStaff, createTestStaff } from "@/tooling/testing/staff-session";

// Set before the app's modules load: they read the settings once.
process.env.LIVE_STREAMS_PER_INSTANCE = "3";
const { GET: liveRoute } = await import("@/app/api/live/route");
const { liveStreams } = await import("@/lib/live/live-stream");

it("refuses a stream beyond LIVE_STREAMS_PER_INSTANCE, and takes one again once a stream closes", async () => {
  const staff = await Promise.all([
    createTestStaff("viewer"),
    createTestStaff("viewer"),
    createTestStaff("admin"),
    createTestStaff("viewer"),
  ]);
  const open = async (index: number) => {
    const response = await liveRoute(new NextRequest("http://127.0.0.1/api/live", { headers: asStaff(staff[index] as never) }));
    expect(response.status).toBe(200);
    return new LiveEvents(response.body as ReadableStream<Uint8Array>);
  };
  const first = await Promise.all([open(0), open(1), open(2)]);
  for (const stream of first) await stream.waitFor((event) => event.event === "feed");
  const fourth = await open(3);
  const refused = await fourth.waitFor((event) => event.event === "refused");
  expect(JSON.parse(refused.data)).toEqual({ reason: "too-many-streams-on-server", limit: 3 });
  await fourth.waitForEnd();

  (first[0] as LiveEvents).close();
  await expect.poll(() => liveStreams().all.size).toBe(2);
  const again = await open(3);
  await again.waitFor((event) => event.event === "feed");
  liveStreams().endAll("server-restarting");
});
