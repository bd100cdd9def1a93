/**
 * The flag a command-line argument names (`--a=b` → `--a`, `-tp` → `-tp`), or undefined when it
 * is a value, negative numbers (`-1`, `-.5`) included.
 */
export function flagOf(arg: string): string | undefined {
  if (!/^-[^0-9.]/.test(arg)) return undefined;
  const eq = arg.indexOf('=');
  return eq < 0 ? arg : arg.slice(0, eq);
}
