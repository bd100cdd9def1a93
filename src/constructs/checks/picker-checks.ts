import { quantityBytes } from '../units';
import { checkSize } from './server-checks';
import { Problem, problem, quoted } from './problem';

/** Smallest endpoint picker memory request or limit. */
export const MIN_PICKER_MEMORY = '64Mi';
/** Largest endpoint picker memory request or limit. */
export const MAX_PICKER_MEMORY = '1Ti';
/** Most CPU cores an endpoint picker may request. */
export const MAX_PICKER_CPU = 1024;

/** A CPU quantity: whole or decimal cores (`8`, `0.5`) or millicores (`500m`). */
const CPU = /^([0-9]{1,4}(\.[0-9]{1,3})?|[0-9]{1,7}m)$/;

/** The endpoint picker container sizes {@link checkPickerResources} checks. */
export interface PickerResourceSettings {
  readonly cpu?: string;
  readonly memory?: string;
  readonly memoryLimit?: string;
  readonly replicas?: number;
}

/** Most replicas of one endpoint picker: one leader and standbys; more only add Lease traffic. */
export const MAX_PICKER_REPLICAS = 5;

/** Cores of a CPU quantity (`500m` → 0.5); undefined when it is not one. */
export function cpuCores(text: string): number | undefined {
  if (!CPU.test(text)) return undefined;
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

/**
 * Problems of the endpoint picker's container sizes: a CPU request above 0 and at most
 * {@link MAX_PICKER_CPU} cores, memory sizes from {@link MIN_PICKER_MEMORY} to
 * {@link MAX_PICKER_MEMORY}, and a memory limit no lower than the request.
 */
export function checkPickerResources(s: PickerResourceSettings): Problem[] {
  const problems: Problem[] = [];
  if (s.cpu !== undefined) {
    const cores = cpuCores(s.cpu);
    if (cores === undefined || cores <= 0 || cores > MAX_PICKER_CPU) {
      problems.push(problem('cpu', quoted(s.cpu), `must be a CPU quantity above 0 and at most ${MAX_PICKER_CPU} cores, such as 8, 0.5 or 500m, got ${quoted(s.cpu)}`));
    }
  }
  for (const key of ['memory', 'memoryLimit'] as const) {
    const value = s[key];
    if (value !== undefined) problems.push(...checkSize(key, value, MIN_PICKER_MEMORY, MAX_PICKER_MEMORY));
  }
  const request = s.memory === undefined ? undefined : quantityBytes(s.memory);
  const limit = s.memoryLimit === undefined ? undefined : quantityBytes(s.memoryLimit);
  if (request !== undefined && limit !== undefined && limit < request && problems.length === 0) {
    problems.push(problem('memoryLimit', quoted(s.memoryLimit!), `${quoted(s.memoryLimit!)} is below 'memory' ${quoted(s.memory!)}`, `the kubelet would refuse the pod; raise it to at least ${s.memory}`));
  }
  if (s.replicas !== undefined && !(Number.isInteger(s.replicas) && s.replicas >= 1 && s.replicas <= MAX_PICKER_REPLICAS)) {
    problems.push(problem('replicas', String(s.replicas), `must be a whole number from 1 to ${MAX_PICKER_REPLICAS}, got ${String(s.replicas)}`, 'use 1, or 2 or more for a standby picker that takes over when the leader goes'));
  }
  return problems;
}
