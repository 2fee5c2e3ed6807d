// The floor for any CSV export: PostgreSQL writing the rows as CSV itself (`COPY (<select>) TO
// STDOUT WITH CSV`), streamed through pg-copy-streams into a sink that only counts. An export route
// can be compared with this (same select, same data) to see what the app adds.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { type PeakRss, withPeakRss } from "./process-stats";

export interface CopyMeasurement {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  mebibytesPerSecond: number;
  /** Memory of the database backend that ran the COPY (embedded PostgreSQL only). */
  backendMemory: PeakRss;
}

/** Runs `COPY (<select>) TO STDOUT WITH (FORMAT csv, HEADER)` on a connection of its own and measures it. */
export async function measureCopy(
  url: string,
  name: string,
  select: string,
  options: { sampleBackend?: boolean } = {},
): Promise<CopyMeasurement> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backendPid = options.sampleBackend
      ? ((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? undefined)
      : undefined;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const started = performance.now();
    const { result: rows, memory } = await withPeakRss(backendPid, async () => {
      const stream = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER)`));
      await pipeline(stream, sink);
      return stream.rowCount;
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      name,
      rows,
      bytes,
      seconds: Math.round(seconds * 1000) / 1000,
      rowsPerSecond: Math.round(rows / seconds),
      mebibytesPerSecond: Math.round((bytes / 1024 / 1024 / seconds) * 10) / 10,
      backendMemory: memory,
    };
  } finally {
    await client.end();
  }
}
