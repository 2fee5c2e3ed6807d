// HTTP load with autocannon, fed with pre-built requests (nothing is signed on the client's
// critical path). Latencies are taken from every response as autocannon measures it, to the
// microsecond (its own histogram keeps whole milliseconds, too coarse for sub-millisecond p50s),
// and several runs can be pooled into one figure.
import { setMaxListeners } from "node:events";
import autocannon from "autocannon";

export interface RequestSpec {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadSummary {
  connections: number;
  /** Requests per second asked for, when the load was rate-limited. */
  rate?: number;
  seconds: number;
  responses: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Connection errors and timeouts (no HTTP answer at all). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** `status` field of the 2xx answers ("accepted", "duplicate", …), when answers were collected. */
  answerStatuses: Record<string, number>;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  /** Stop after this many requests instead of after the duration. */
  amount?: number;
  /** Total requests per second (autocannon `overallRate`); unlimited when absent. */
  overallRate?: number;
  next: () => RequestSpec;
  signal?: AbortSignal;
}

/** Everything a series of runs measured; `summary()` pools them. */
export class LoadRecorder {
  readonly latencies: number[] = [];
  /** `deliveryId` of every 2xx answer, when collected: to check that each is in the database. */
  readonly deliveryIds: string[] = [];
  readonly answerStatuses: Record<string, number> = {};
  private readonly results: autocannon.Result[] = [];
  private seconds = 0;

  constructor(readonly collectAnswers = false) {}

  onAnswer = (status: number, body: string) => {
    if (status < 200 || status >= 300) return;
    try {
      const answer = JSON.parse(body) as { status?: string; deliveryId?: string };
      if (answer.deliveryId) this.deliveryIds.push(answer.deliveryId);
      const key = answer.status ?? "(none)";
      this.answerStatuses[key] = (this.answerStatuses[key] ?? 0) + 1;
    } catch {
      this.answerStatuses["(unparseable)"] = (this.answerStatuses["(unparseable)"] ?? 0) + 1;
    }
  };

  add(result: autocannon.Result, seconds: number) {
    this.results.push(result);
    this.seconds += seconds;
  }

  summary(connections: number, rate?: number): LoadSummary {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (fraction: number) =>
      sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number);
    const round = (value: number) => Math.round(value * 100) / 100;
    const statusCodes: Record<string, number> = {};
    for (const result of this.results) {
      for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
        statusCodes[code] = (statusCodes[code] ?? 0) + (stats as { count: number }).count;
      }
    }
    const sum = (pick: (result: autocannon.Result) => number) => this.results.reduce((total, result) => total + pick(result), 0);
    return {
      connections,
      rate,
      seconds: round(this.seconds),
      responses: sorted.length,
      requestsPerSecond: Math.round(sorted.length / Math.max(this.seconds, 0.001)),
      latencyMs: {
        p50: round(at(0.5)),
        p90: round(at(0.9)),
        p99: round(at(0.99)),
        max: round(sorted[sorted.length - 1] ?? Number.NaN),
        mean: round(sorted.reduce((total, value) => total + value, 0) / Math.max(1, sorted.length)),
      },
      errors: sum((result) => result.errors),
      timeouts: sum((result) => result.timeouts),
      non2xx: sum((result) => result.non2xx),
      statusCodes,
      answerStatuses: this.answerStatuses,
    };
  }
}

function oneInstance(options: LoadOptions, recorder: LoadRecorder): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationSeconds,
        amount: options.amount,
        overallRate: options.overallRate,
        timeout: 10,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({ ...request, ...options.next(), method: "POST" }),
            onResponse: recorder.collectAnswers ? recorder.onAnswer : undefined,
          },
        ],
      },
      (error, result) => {
        options.signal?.removeEventListener("abort", stop);
        if (error) reject(error);
        else resolve(result);
      },
    );
    const stop = () => instance.stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      recorder.latencies.push(responseTime);
    });
  });
}

/** Closed-loop load (each connection sends its next request as soon as the previous is answered), or autocannon's `overallRate`. */
export async function runLoad(options: LoadOptions, recorder = new LoadRecorder()): Promise<LoadRecorder> {
  const started = performance.now();
  const result = await oneInstance(options, recorder);
  recorder.add(result, (performance.now() - started) / 1000);
  return recorder;
}

/**
 * A steady rate. autocannon's `overallRate` releases each connection's share at the start of every
 * second, so one instance at 500/s is a burst at full concurrency followed by silence. Here the rate
 * is split over `instances` one-connection instances started evenly over the first second, so
 * requests arrive spread out, as independent senders' do.
 */
export async function runSteadyRate(
  options: Omit<LoadOptions, "connections" | "overallRate"> & { rate: number; instances: number },
  recorder = new LoadRecorder(),
): Promise<LoadRecorder> {
  const local = new AbortController();
  // One listener per instance on this signal: more than Node's default warning threshold.
  setMaxListeners(options.instances + 1, local.signal);
  const stopAll = () => local.abort();
  options.signal?.addEventListener("abort", stopAll, { once: true });
  const perInstance = Math.max(1, Math.round(options.rate / options.instances));
  try {
    const results = await Promise.all(
      Array.from({ length: options.instances }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, (index * 1000) / options.instances));
        return oneInstance({ ...options, connections: 1, overallRate: perInstance, signal: local.signal }, recorder);
      }),
    );
    // Each instance ran for the duration, the last starting a second after the first.
    for (const [index, result] of results.entries()) recorder.add(result, index === 0 ? options.durationSeconds : 0);
    return recorder;
  } finally {
    options.signal?.removeEventListener("abort", stopAll);
  }
}
