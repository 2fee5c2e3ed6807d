// @ts-check
// Who is on the other end of a request. The web server (scripts/web-server.mjs) works it out once,
// from the socket, and from X-Forwarded-For only when the socket belongs to a trusted reverse proxy
// (TRUSTED_PROXIES); it writes the answer into a header of its own, replacing whatever the client
// sent under that name. Plain JavaScript: the web server runs it before Next.js is loaded.
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";

export const CLIENT_ADDRESS_HEADER = "x-webhook-ops-client-address";

/** Set by the web server: without it, the header above could have come from the client. */
const BEHIND_OUR_WEB_SERVER = Symbol.for("webhook-ops.client-address-stamped");

/**
 * Headers a client could use to claim another address or host. Kept only when the request comes
 * from a trusted proxy, which overwrites them; otherwise removed, so neither our code nor Next.js
 * (its server-action origin check reads X-Forwarded-Host) ever reads a client's claim.
 */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** @typedef {{ hops: number } | { addresses: string[] } | undefined} TrustedProxies */

/**
 * @param {TrustedProxies} trusted
 * @returns {(address: string, hop: number) => boolean}
 */
export function trustFunction(trusted) {
  if (!trusted) return () => false;
  if ("hops" in trusted) return (_address, hop) => hop < trusted.hops;
  return proxyaddr.compile(trusted.addresses);
}

/**
 * An address in one canonical text form (IPv4-mapped IPv6 as IPv4), or null if it is not an address.
 * @param {string | undefined | null} address
 */
export function canonicalAddress(address) {
  if (!address || !ipaddr.isValid(address)) return null;
  return ipaddr.process(address).toString();
}

/**
 * The client's address: the socket's peer, or — when that peer is a trusted proxy — the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy.
 * @param {{ socket: { remoteAddress?: string }, headers: import("node:http").IncomingHttpHeaders }} request
 * @param {(address: string, hop: number) => boolean} trust
 * @returns {{ address: string | null, fromTrustedProxy: boolean }}
 */
export function resolveClientAddress(request, trust) {
  const peer = canonicalAddress(request.socket.remoteAddress);
  if (!peer) return { address: null, fromTrustedProxy: false };
  if (!trust(peer, 0)) return { address: peer, fromTrustedProxy: false };
  // proxy-addr walks X-Forwarded-For from the right, skipping trusted hops.
  const claimed = canonicalAddress(proxyaddr(/** @type {import("node:http").IncomingMessage} */ (request), trust));
  // A malformed entry where the client's address should be: the proxy's own address is all we know.
  return { address: claimed ?? peer, fromTrustedProxy: true };
}

/**
 * Called by the web server for every request, before Next.js sees it.
 * @param {import("node:http").IncomingMessage} request
 * @param {(address: string, hop: number) => boolean} trust
 */
export function stampClientAddress(request, trust) {
  /** @type {Record<symbol, boolean>} */ (/** @type {unknown} */ (globalThis))[BEHIND_OUR_WEB_SERVER] = true;
  const { address, fromTrustedProxy } = resolveClientAddress(request, trust);
  if (!fromTrustedProxy) for (const name of FORWARDING_HEADERS) delete request.headers[name];
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete request.headers[CLIENT_ADDRESS_HEADER];
}

/**
 * The address the web server stamped on this request, or null when it is unknown (no socket
 * address, or the app is not running behind scripts/web-server.mjs — then the header is not ours).
 * @param {Headers} headers
 * @returns {string | null}
 */
export function clientAddress(headers) {
  if (!(/** @type {Record<symbol, boolean>} */ (/** @type {unknown} */ (globalThis))[BEHIND_OUR_WEB_SERVER])) return null;
  return canonicalAddress(headers.get(CLIENT_ADDRESS_HEADER));
}
