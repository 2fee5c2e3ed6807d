// A worker-scoped app for specs that inspect the intake without killing it: the web server on the
// production build against a PostgreSQL the spec owns. After every test the server must still be
// the same process and answer /api/health with 200 — a hostile input may never take it down.
import { expect, test } from "@playwright/test";
import { signedHeaders } from "@/tooling/testing/webhook-requests";
import { type AppServer, isRunning, startNextServer, stopGracefully } from "./app-server";
import { startTestDatabase, type TestDatabase } from "./database";
import { validPayload } from "./hostile";
import { httpRequest } from "./http";
import { type SlotName, slot } from "./slots";

export interface IntakeApp {
  server: AppServer;
  database: TestDatabase;
  baseURL: string;
}

export function intakeAppTest(slotName: SlotName) {
  return test.extend<{ stillHealthy: undefined }, { app: IntakeApp }>({
    app: [
      // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
      async ({}, use) => {
        const { webPort, pgPorts, dataDir } = slot(slotName);
        const database = await startTestDatabase(dataDir, pgPorts);
        const server = await startNextServer({ name: slotName, port: webPort, databaseUrl: database.url });
        // The first request to each route loads its code and opens database connections: not what
        // the answer-time bound on hostile inputs measures. Wrongly signed, so nothing is stored (the
        // specs account for every stored row); the health check opens the database connection.
        for (const sender of ["crm", "banking"] as const) {
          const body = JSON.stringify(validPayload(sender));
          await httpRequest(server.baseURL, {
            path: `/api/webhooks/${sender}`,
            headers: signedHeaders(sender, body, "not-the-secret-0123456789"),
            body,
          });
        }
        await httpRequest(server.baseURL, { method: "GET", path: "/api/health" });
        try {
          await use({ server, database, baseURL: server.baseURL });
        } finally {
          await stopGracefully(server);
          await database.close();
        }
      },
      { scope: "worker", timeout: 300_000 },
    ],
    stillHealthy: [
      async ({ app }, use) => {
        await use(undefined);
        expect(isRunning(app.server), `the app server exited; its output:\n${app.server.output().slice(-2_000)}`).toBe(true);
        const health = await httpRequest(app.baseURL, { method: "GET", path: "/api/health", timeoutMs: 30_000 });
        expect(health.kind === "answered" ? health.status : health.error, "GET /api/health after the test").toBe(200);
      },
      { auto: true },
    ],
  });
}
