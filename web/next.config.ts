import type { NextConfig } from 'next';

// The gateway URL is read from the environment at request time (lib/config.ts), never baked into the build.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
