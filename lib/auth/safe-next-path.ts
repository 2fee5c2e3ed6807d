/**
 * Where to go after logging in: a path on this site, or "/". Anything that could leave the site —
 * `//evil.example`, `/\\evil.example`, `https://…`, control characters — falls back to "/".
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2000) return "/";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if ([...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || char === "\\")) return "/";
  try {
    const resolved = new URL(next, "http://dashboard.invalid");
    if (resolved.origin !== "http://dashboard.invalid") return "/";
    if (resolved.pathname === "/login") return "/";
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return "/";
  }
}
