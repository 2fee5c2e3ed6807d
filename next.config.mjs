// @ts-check
import { env } from "./lib/env.mjs";

// Fail the build or the start-up at once, with the variable's name, if a setting is malformed.
const settings = env();
const https = settings.APP_URL?.startsWith("https://") ?? false;

/** Headers every response gets, pages and API alike (pages also get a nonce CSP from proxy.ts). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // API answers are data, never documents to render or frame.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
  typescript: {
    // `npm test` runs `tsc --noEmit` over the whole project, scripts and tests included.
    ignoreBuildErrors: true,
  },
};

export default nextConfig;
