// Is a TCP port free, and which one to take: the one probe the start-up, the embedded PostgreSQL,
// the tests, the fault suite and the benchmark all use.
import net from "node:net";

/** Whether nothing listens on `port` at `host` right now (exclusive: a cluster-shared listener counts as taken). */
export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The first free port among `ports`, or undefined. Ports inside Linux's ephemeral range
 * (32768–60999) may be held for a while by any client connection on the machine as its local port.
 */
export async function firstFreePort(ports: readonly number[]): Promise<number | undefined> {
  for (const port of ports) if (await portIsFree(port)) return port;
  return undefined;
}
