// HTTP at the socket level, for what a well-behaved client never sends: bodies that trickle in,
// bodies cut short, contradictory framing.
import net from "node:net";
import { sleep } from "./wait";

export interface RawAnswer {
  /** The status of the response, if one arrived. */
  status?: number;
  /** The response as received (headers and body). */
  response: string;
  /** How the exchange ended: the server closed, reset, or our deadline passed. */
  ended: "closed" | "reset" | "deadline";
  /** Body bytes we managed to write before the answer or the end. */
  bytesWritten: number;
}

/**
 * Opens a connection, writes `head`, then `bodyPieces` one by one with `pauseMs` between them,
 * stopping as soon as a response starts or the connection ends; waits for the server to finish.
 * Unlike node:http's client, it keeps what the server answered even when the server then resets
 * the connection (as it does after refusing a body it did not read to the end).
 */
export function rawExchange(
  port: number,
  head: string,
  options: { bodyPieces?: Buffer[]; pauseMs?: number; deadlineMs: number },
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let response = "";
    let bytesWritten = 0;
    let done = false;
    const finish = (ended: RawAnswer["ended"]) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1];
      resolve({ status: status ? Number(status) : undefined, response, ended, bytesWritten });
    };
    const deadline = setTimeout(() => finish("deadline"), options.deadlineMs);
    socket.on("data", (chunk: Buffer) => {
      response += chunk.toString("latin1");
    });
    socket.once("end", () => finish("closed"));
    socket.once("close", () => finish("closed"));
    socket.once("error", (error: NodeJS.ErrnoException) => finish(error.code === "ECONNRESET" ? "reset" : "closed"));
    socket.once("connect", async () => {
      socket.write(head);
      for (const piece of options.bodyPieces ?? []) {
        if (done || response !== "" || socket.destroyed) break;
        if (options.pauseMs) await sleep(options.pauseMs);
        if (done || response !== "" || socket.destroyed) break;
        bytesWritten += piece.length;
        // Backpressure: an answer that arrives meanwhile stops the sending.
        if (!socket.write(piece)) {
          await new Promise((resolve) => {
            socket.once("drain", resolve);
            socket.once("close", resolve);
          });
        }
      }
    });
  });
}

/** The request line and headers of a POST, CRLF-terminated. */
export function requestHead(path: string, headers: Record<string, string | number>): string {
  const lines = [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join("\r\n")}\r\n\r\n`;
}
