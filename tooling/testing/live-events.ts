// Reads a live console stream (/api/live) the way a browser's EventSource would, for tests and the
// benchmark: every event parsed, kept in order, and waited for.
import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface LiveEventRecord extends EventSourceMessage {
  /** When it was parsed (performance.now()). */
  at: number;
}

export class LiveEvents {
  readonly events: LiveEventRecord[] = [];
  private waiters: (() => void)[] = [];
  ended = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly done: Promise<void>;

  /** `keep: false` keeps no events (only `onEvent` sees them): for the benchmark's hundreds of streams. */
  constructor(body: ReadableStream<Uint8Array>, options: { keep?: boolean; onEvent?: (event: LiveEventRecord) => void } = {}) {
    const reader = body.getReader();
    this.reader = reader;
    const parser = createParser({
      onEvent: (event) => {
        const record = { ...event, at: performance.now() };
        options.onEvent?.(record);
        if (options.keep === false) return;
        this.events.push(record);
        this.wake();
      },
    });
    const decoder = new TextDecoder();
    this.done = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // The connection broke: the same as the end for a reader.
      } finally {
        this.ended = true;
        this.wake();
      }
    })();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** The parsed `data` of every event named `name`. */
  data<T = unknown>(name: string): T[] {
    return this.events.filter((event) => event.event === name).map((event) => JSON.parse(event.data) as T);
  }

  /** Waits for the first event (from `from` on) that satisfies `test`; fails after `timeoutMs`. */
  async waitFor(test: (event: LiveEventRecord) => boolean, timeoutMs = 10_000, from = 0): Promise<LiveEventRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(test);
      if (found) return found;
      if (this.ended) throw new Error(`The stream ended without the awaited event; it had: ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No awaited event within ${timeoutMs} ms; the stream had: ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the stream ends (the server closed it). */
  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    await Promise.race([
      this.done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`The stream did not end within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  close(): void {
    void this.reader.cancel().catch(() => undefined);
  }

  private describe(): string {
    return (
      this.events.map((event) => `${event.event ?? "message"}${event.id ? `#${event.id}` : ""} ${event.data.slice(0, 120)}`).join(" | ") ||
      "(nothing)"
    );
  }
}
