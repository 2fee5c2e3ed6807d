import { stringify } from "lossless-json";
import { readJson } from "@/lib/ingest/json";

/**
 * A delivery's body: indented for reading (numbers keep their exact text), and byte for byte as
 * received. Rendered as text, so markup inside a payload is shown, never executed.
 */
export function RawPayload({ body, notUtf8 = false }: { body: string; notUtf8?: boolean }) {
  const parsed = notUtf8 ? undefined : readJson(Buffer.from(body, "utf8"));
  const pretty = parsed?.ok ? (stringify(parsed.value, null, 2) ?? body) : undefined;
  const preClass =
    "max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100";
  return (
    <div className="space-y-2">
      {pretty && pretty !== body ? (
        <details open>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Payload (indented)</summary>
          <pre className={preClass}>{pretty}</pre>
        </details>
      ) : null}
      <details open={!pretty || pretty === body}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700">
          Exactly as received{notUtf8 ? " (not valid UTF-8: invalid bytes shown as �; the stored bytes are unchanged)" : ""}
        </summary>
        <pre className={preClass}>{body}</pre>
      </details>
    </div>
  );
}
