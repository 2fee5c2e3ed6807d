// A load balancer in front of several app instances, as production would have: each request goes
// to the first instance that accepts the connection. A browser behind it that loses its instance
// (SIGKILL) reaches the next one on its next request — its live stream's reconnect included.
import http from "node:http";

export interface FailoverProxy {
  baseURL: string;
  /** Requests forwarded, per upstream. */
  forwarded: Map<string, number>;
  close: () => Promise<void>;
}

export async function startFailoverProxy(port: number, upstreams: string[]): Promise<FailoverProxy> {
  const forwarded = new Map(upstreams.map((upstream) => [upstream, 0]));
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const attempt = (index: number) => {
        const target = new URL(upstreams[index] as string);
        const upstream = http.request(
          { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent: false },
          (answer) => {
            forwarded.set(upstreams[index] as string, (forwarded.get(upstreams[index] as string) ?? 0) + 1);
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            answer.on("error", () => response.destroy());
          },
        );
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          // Refused: that instance is down; the next one takes it. Anything later breaks the answer, as a dead server would.
          if (!response.headersSent && error.code === "ECONNREFUSED" && index + 1 < upstreams.length) attempt(index + 1);
          else if (!response.headersSent) response.writeHead(502).end();
          else response.destroy();
        });
        response.on("close", () => upstream.destroy());
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
