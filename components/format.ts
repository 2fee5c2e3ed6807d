// Display formats shared by pages and tables: exact decimals, UTC times.

/**
 * An exact decimal string with thousands separators; never converted to a float. With `scale`, the
 * fraction is padded with zeros to that many digits (never cut), so a column of them lines up.
 */
export function formatDecimal(value: string | null | undefined, scale?: number): string {
  if (value === null || value === undefined) return "—";
  const negative = value.startsWith("-");
  const [integer = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const digits = scale !== undefined && fraction.length < scale ? fraction.padEnd(scale, "0") : fraction;
  return `${negative ? "-" : ""}${grouped}${digits ? `.${digits}` : ""}`;
}

/** The most fraction digits among `values`: the scale a column of them is shown at. */
export function scaleOf(values: readonly (string | null | undefined)[]): number {
  return values.reduce((widest, value) => Math.max(widest, value?.split(".")[1]?.length ?? 0), 0);
}

/** The two currencies an asset pair names, e.g. USDC/USD → base USDC, quote USD; none when it is no such pair. */
export function currenciesOf(pair: string | null | undefined): { base: string; quote: string } | undefined {
  const match = /^([A-Za-z0-9]{2,12})\/([A-Za-z0-9]{2,12})$/.exec(pair?.trim() ?? "");
  return match ? { base: (match[1] as string).toUpperCase(), quote: (match[2] as string).toUpperCase() } : undefined;
}

/** An amount with its currency when known: "24.75 USDC". */
export function formatAmount(value: string | null | undefined, currency: string | undefined, scale?: number): string {
  if (value === null || value === undefined) return "—";
  return currency ? `${formatDecimal(value, scale)} ${currency}` : formatDecimal(value, scale);
}

export function formatPercent(value: string | null | undefined): string {
  return value === null || value === undefined ? "—" : `${formatDecimal(value)} %`;
}

/** `2024-07-30 09:00:26` (UTC), the way the CRM writes times. */
export function formatUtc(iso: string | null | undefined, precision: "seconds" | "minutes" = "seconds"): string {
  if (!iso) return "—";
  const text = iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
  return precision === "minutes" ? text.slice(0, 16) : text;
}

/** 3 min 12 s, 2 h 5 min, 4 d 3 h. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "";
  const sign = ms < 0 ? "−" : "";
  let seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${sign}${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days > 0) return `${sign}${days} d ${hours} h`;
  if (hours > 0) return `${sign}${hours} h ${minutes} min`;
  return `${sign}${minutes} min ${seconds} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatCount(count: number, capped = false): string {
  return `${count.toLocaleString("en-US")}${capped ? "+" : ""}`;
}
