import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/security-headers';

// The gateway URL is read from the environment at request time (lib/config.ts), never baked into the build.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A workspace package shipped as TypeScript sources in development (its `development` export).
  transpilePackages: ['@mesh/chart-safety'],
  // On every response, static files included; the per-page Content-Security-Policy is set in proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
