// Server-Sent Events framing, in one place: the change feed encodes each event once for every
// stream, the stream its own control events. `data` is one line of JSON (no raw newlines).
const encoder = new TextEncoder();

export function sseEventText(event: string, data: string, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${data}\n\n`;
}

export function sseEvent(event: string, data: string, id?: string): Uint8Array {
  return encoder.encode(sseEventText(event, data, id));
}

/** A comment (heartbeat) or a `retry:` line: anything that is not an event. */
export function sseLine(line: string): Uint8Array {
  return encoder.encode(`${line}\n\n`);
}
