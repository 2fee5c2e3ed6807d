// Request headers as the web server (scripts/web-server.mjs) hands them to Next.js for a client at
// `address` talking to it directly: its own stamp of the address, and no forwarding headers.
import type { IncomingMessage } from "node:http";
import { stampClientAddress, trustFunction } from "@/lib/http/client-address.mjs";

export function fromAddress(address: string, headers: Record<string, string> = {}): Record<string, string> {
  const request = {
    socket: { remoteAddress: address },
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  };
  stampClientAddress(request as unknown as IncomingMessage, trustFunction(undefined));
  return request.headers as Record<string, string>;
}
