import { firstFreePort } from "@/tooling/ports";

const SLOTS = ["hostile-bodies", "hostile-requests", "concurrency", "outage", "crash", "graceful", "soak", "live", "alerts"] as const;
export type SlotName = (typeof SLOTS)[number];

export function slot(name: SlotName): { webPort: number; pgPorts: number[]; dataDir: string } {
  const index = SLOTS.indexOf(name);
  return {
    webPort: 3400 + index * 10,
    pgPorts: Array.from({ length: 10 }, (_, offset) => 54500 + index * 10 + offset),
    dataDir: `.data/faults-${name}`,
  };
}

/**
 * The first free port among `ports`. The PostgreSQL ports lie inside Linux's ephemeral range
 * (32768–60999), so any client connection on the machine — the app's own pool included — may be
 * using one of them as its local port for a while.
 */
export async function freePortAmong(ports: readonly number[]): Promise<number> {
  const port = await firstFreePort(ports);
  if (port !== undefined) return port;
  throw new Error(`None of the ports ${ports[0]}–${ports[ports.length - 1]} is free`);
}
