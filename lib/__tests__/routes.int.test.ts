// Every route handler under app/, found on disk (a route added later is covered without editing
// this file), called once without a session: staff routes answer 401, public ones answer without
// error, and none answers 500. With the e2e suite's enumeration (every page, route and server
// action through the real server), this is what guarantees each route module is exercised.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** The URL path of a route file, with a sample value for each dynamic segment. */
function urlOf(file: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const segments = path
    .relative(path.join(root, "app"), path.dirname(file))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => {
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
      if (catchAll) {
        params[catchAll[1] as string] = ["get-session"];
        return "get-session";
      }
      const dynamic = /^\[(\w+)\]$/.exec(segment);
      if (dynamic) {
        params[dynamic[1] as string] = "11669";
        return "11669";
      }
      return segment;
    });
  return { url: `/${segments.join("/")}`, params };
}

/** Answer without a session; anything else must refuse. */
const PUBLIC = new Set(["/api/health", "/api/webhooks/crm", "/api/webhooks/banking", "/api/auth/get-session", "/api/metrics"]);

const routes = routeFiles(path.join(root, "app")).map((file) => {
  const source = readFileSync(file, "utf8");
  const methods = [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map(
    (match) => match[1] as string,
  );
  return { file: path.relative(root, file), methods, ...urlOf(file) };
});

describe("every route handler", () => {
  it("is found on disk", () => {
    expect(routes.map((route) => route.url)).toEqual(expect.arrayContaining(["/api/exchanges", "/api/webhooks/crm", "/api/health"]));
  });

  for (const route of routes) {
    for (const method of route.methods) {
      it(`${method} ${route.url} (${route.file}) without a session: ${PUBLIC.has(route.url) ? "answers, never 500" : "401"}`, async () => {
        const module = (await import(path.join(root, route.file))) as Record<
          string,
          (request: NextRequest, context: unknown) => Promise<Response>
        >;
        const handler = module[method];
        expect(handler, `${route.file} exports ${method}`).toBeTypeOf("function");
        const request = new NextRequest(`http://127.0.0.1:3000${route.url}?user=u1`, {
          method,
          headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
          body: method === "GET" ? undefined : "{}",
        });
        const response = await handler?.(request, { params: Promise.resolve(route.params) });
        expect(response?.status).toBeLessThan(500);
        if (!PUBLIC.has(route.url)) expect(response?.status).toBe(401);
      });
    }
  }
});
