// @ts-check
import { env } from "./lib/env.mjs";

// Fail the build or the start-up at once, with the variable's name, if a setting is malformed.
env();

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: {
    // `npm test` runs `tsc --noEmit` over the whole project, scripts and tests included.
    ignoreBuildErrors: true,
  },
};

export default nextConfig;
