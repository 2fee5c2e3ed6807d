const BASE = "http://dashboard.invalid";

/**
 * Where to go after logging in: a path on this site, or "/". The check is made on the path as the
 * WHATWG URL parser normalises it, because that is what the browser will follow: `/.//evil.example`
 * or `/%2e%2e//evil.example` normalise to `//evil.example`, which a browser reads as another site.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2000) return "/";
  if (!next.startsWith("/") || next.startsWith("//")) return "/";
  if ([...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || char === "\\")) return "/";
  let resolved: URL;
  try {
    resolved = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (resolved.origin !== BASE || resolved.pathname === "/login") return "/";
  const target = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Resolved again, the normalised path must stay here and stay the same.
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  const again = new URL(target, BASE);
  if (again.origin !== BASE || `${again.pathname}${again.search}${again.hash}` !== target) return "/";
  return target;
}
