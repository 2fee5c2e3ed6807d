// Who the client is: the socket's peer, unless that peer is a proxy TRUSTED_PROXIES names; then the
// right-most X-Forwarded-For entry that is not itself trusted. Never an address the client chose.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { addressBucket } from "@/lib/auth/login-rate-limit";
import { parseTrustedProxies } from "@/lib/env.mjs";
import { CLIENT_ADDRESS_HEADER, clientAddress, resolveClientAddress, stampClientAddress, trustFunction } from "../client-address.mjs";

function request(peer: string | undefined, headers: Record<string, string> = {}) {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

const trust = (setting?: string) => trustFunction(setting === undefined ? undefined : parseTrustedProxies(setting));

describe("without TRUSTED_PROXIES", () => {
  it.each([
    ["203.0.113.7", {}, "203.0.113.7"],
    ["203.0.113.7", { "x-forwarded-for": "1.2.3.4" }, "203.0.113.7"],
    ["203.0.113.7", { "x-real-ip": "1.2.3.4", forwarded: "for=1.2.3.4" }, "203.0.113.7"],
    ["::ffff:198.51.100.9", {}, "198.51.100.9"],
    ["2001:db8::1", { "x-forwarded-for": "127.0.0.1" }, "2001:db8::1"],
  ])("a client at %s sending %j is %s", (peer, headers, expected) => {
    expect(resolveClientAddress(request(peer, headers), trust()).address).toBe(expected);
  });

  it("has no address for a socket that has none (never a shared 'unknown')", () => {
    expect(resolveClientAddress(request(undefined, { "x-forwarded-for": "1.2.3.4" }), trust()).address).toBeNull();
  });

  it("removes every forwarding header before Next.js sees the request, and stamps the address", () => {
    const incoming = request("203.0.113.7", {
      "x-forwarded-for": "1.2.3.4",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-real-ip": "1.2.3.4",
      forwarded: "for=1.2.3.4;host=evil.example",
      [CLIENT_ADDRESS_HEADER]: "9.9.9.9",
    });
    stampClientAddress(incoming, trust());
    expect(incoming.headers).toEqual({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" });
    expect(clientAddress(new Headers(incoming.headers as Record<string, string>))).toBe("203.0.113.7");
  });
});

describe("with TRUSTED_PROXIES naming the proxies", () => {
  it.each([
    // The proxy at 10.0.0.2 appended the real peer; anything left of it is the client's own claim.
    ["10.0.0.0/8", "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["10.0.0.0/8", "10.0.0.2", "203.0.113.7, 10.0.0.9", "203.0.113.7"],
    ["10.0.0.0/8, 192.168.1.1", "192.168.1.1", "6.6.6.6, 203.0.113.7, 10.1.1.1", "203.0.113.7"],
    ["loopback", "127.0.0.1", "203.0.113.7", "203.0.113.7"],
    ["loopback", "::1", "2001:db8::5", "2001:db8::5"],
    // Not from a trusted proxy: the header is the client's own, and ignored.
    ["10.0.0.0/8", "203.0.113.7", "1.2.3.4", "203.0.113.7"],
    // A malformed entry where the client should be: the proxy itself is all that is known.
    ["10.0.0.0/8", "10.0.0.2", "not-an-address", "10.0.0.2"],
  ])("TRUSTED_PROXIES=%s, peer %s, X-Forwarded-For %s → %s", (setting, peer, forwarded, expected) => {
    expect(resolveClientAddress(request(peer, { "x-forwarded-for": forwarded }), trust(setting)).address).toBe(expected);
  });

  it("keeps the forwarding headers a trusted proxy set, and only then", () => {
    const fromProxy = request("10.0.0.2", { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "ops.example.com" });
    stampClientAddress(fromProxy, trust("10.0.0.0/8"));
    expect(fromProxy.headers["x-forwarded-host"]).toBe("ops.example.com");
    const direct = request("203.0.113.7", { "x-forwarded-for": "1.1.1.1", "x-forwarded-host": "evil.example" });
    stampClientAddress(direct, trust("10.0.0.0/8"));
    expect(direct.headers["x-forwarded-host"]).toBeUndefined();
  });
});

describe("with TRUSTED_PROXIES as a hop count", () => {
  it.each([
    ["1", "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7"],
    ["2", "10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"],
    ["2", "10.0.0.2", "203.0.113.7", "203.0.113.7"],
  ])("%s hop(s), peer %s, X-Forwarded-For %s → %s", (setting, peer, forwarded, expected) => {
    expect(resolveClientAddress(request(peer, { "x-forwarded-for": forwarded }), trust(setting)).address).toBe(expected);
  });
});

describe("the setting", () => {
  it.each(["0", "11", "10.0.0.0/33", "example.com", ",", "1.2.3.4/8/9"])("refuses %s", (value) => {
    expect(parseTrustedProxies(value)).toBeUndefined();
  });
  it.each([
    ["1", { hops: 1 }],
    ["10.0.0.0/8, ::1", { addresses: ["10.0.0.0/8", "::1"] }],
    ["loopback,uniquelocal", { addresses: ["loopback", "uniquelocal"] }],
  ])("reads %s", (value, expected) => {
    expect(parseTrustedProxies(value)).toEqual(expected);
  });
});

describe("login buckets", () => {
  it("count IPv4 per address and IPv6 per /64, so one subscriber cannot rotate addresses past the limit", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe(addressBucket("2001:db8:1:2:bbbb::9"));
    expect(addressBucket("2001:db8:1:2::1")).not.toBe(addressBucket("2001:db8:1:3::1"));
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
});
