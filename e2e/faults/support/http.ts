// A plain HTTP client over node:http: exact bytes and headers (no re-encoding, no added headers),
// and every outcome recorded — an answer with its status, or the socket error that replaced it.
import http from "node:http";

export type HttpOutcome =
  | { kind: "answered"; status: number; body: string; headers: http.IncomingHttpHeaders }
  | { kind: "failed"; error: string };

export interface HttpRequest {
  method?: string;
  path: string;
  /** An array sends the header once per value. */
  headers?: Record<string, string | string[]>;
  /** Sent as one piece with a Content-Length. */
  body?: string | Buffer;
  agent?: http.Agent;
  timeoutMs?: number;
}

/** The error code of a failed request (ECONNREFUSED, ECONNRESET …), else its message. */
export function errorName(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

export function httpRequest(baseURL: string, request: HttpRequest): Promise<HttpOutcome> {
  const url = new URL(request.path, baseURL);
  return new Promise((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, "utf8");
    const headers: Record<string, string | string[]> = { ...request.headers };
    if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length")) {
      headers["content-length"] = String(body.length);
    }
    const outgoing = http.request(
      url,
      { method: request.method ?? "POST", headers, agent: request.agent ?? false, timeout: request.timeoutMs ?? 120_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("end", () =>
          resolve({
            kind: "answered",
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: response.headers,
          }),
        );
        response.once("error", (error) => resolve({ kind: "failed", error: errorName(error) }));
      },
    );
    outgoing.once("timeout", () => outgoing.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
    outgoing.once("error", (error) => resolve({ kind: "failed", error: errorName(error) }));
    outgoing.end(body);
  });
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function answerJson(outcome: HttpOutcome): Record<string, unknown> | undefined {
  if (outcome.kind !== "answered") return undefined;
  try {
    const parsed: unknown = JSON.parse(outcome.body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** "200", "503" … or the socket error, for tallies and the hostile-input summary. */
export function describeOutcome(outcome: HttpOutcome): string {
  return outcome.kind === "answered" ? String(outcome.status) : outcome.error;
}
