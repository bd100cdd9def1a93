/** Release versions as in image tags (`v0.13.0`, `0.26.1-cu129`): parsed and compared. */

/** A `major.minor.patch` version. */
export type Version = readonly [number, number, number];

/** The version a tag or version string starts with (`v0.13.0`, `0.26`, `v1.2.3-rc1`), or undefined. */
export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(?![\d.])/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** `v1.2.3`. */
export function formatVersion(v: Version): string {
  return `v${v[0]}.${v[1]}.${v[2]}`;
}
