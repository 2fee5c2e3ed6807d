/**
 * The client's address as the reverse proxy in front reports it (`X-Real-IP`, else the first
 * `X-Forwarded-For` entry). Without such a proxy a client can claim any address, so the per-account
 * login limit — which does not depend on it — is the one that always holds.
 */
export function clientIp(headers: Headers): string {
  const real = headers.get("x-real-ip")?.trim();
  if (real) return real.slice(0, 64);
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded ? forwarded.slice(0, 64) : "unknown";
}
