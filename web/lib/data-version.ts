const SHORT_LENGTH = 12;

/** `sha256:e030c9ff5cbb2122…` → `e030c9ff5cbb`: enough to tell snapshots apart at a glance. */
export function shortDataVersion(dataVersion: string): string {
  const digest = /^sha256:([0-9a-f]+)$/i.exec(dataVersion)?.[1] ?? dataVersion;
  return digest.slice(0, SHORT_LENGTH);
}
