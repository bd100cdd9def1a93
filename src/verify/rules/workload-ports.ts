import { isAssumed } from '../model/assume';
import { SERVICE } from '../model/model';
import { list } from '../model/object-access';
import { PodTemplate } from '../model/object-index';
import { templateContainers } from '../model/containers';
import { finding, Rule } from './rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;
const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

/** Port names a container declares. */
function portNames(c: any): string[] {
  return list(c?.ports).map((p: any) => p?.name).filter((n: unknown): n is string => typeof n === 'string');
}

/**
 * Probes whose `httpGet.port` or `tcpSocket.port` is a name: the kubelet looks the name up in
 * the ports of the probed container only (not its pod's other containers); a name it does not
 * declare fails the probe on every try, so the pod never becomes ready, or is restarted forever.
 * (`grpc.port` is a number by schema.)
 */
export const CONTAINER_PROBE_PORT_NAME_RULE: Rule = {
  id: 'container-probe-port-name',
  summary: 'A probe that names its port names a port its own container declares.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'LeaderWorkerSet'],
  remediation: 'Name a port the container declares in ports[].name, or give the port number.',
  rationale: 'The kubelet resolves a named probe port in the probed container\'s own ports; an undeclared name fails every probe, so the pod never turns ready (readiness) or restarts forever (liveness, startup).',
  *check(ctx) {
    for (const t of ctx.model.index.podTemplates) {
      if (ctx.rejected(t.owner)) continue;
      for (const { container: c, path } of templateContainers(t, CONTAINER_LISTS)) {
        for (const probe of PROBES) {
          for (const handler of HANDLERS) {
            const port = c?.[probe]?.[handler]?.port;
            if (typeof port !== 'string' || /^\d+$/.test(port)) continue;
            const names = portNames(c);
            if (names.includes(port)) continue;
            yield finding(t.owner, `${path}.${probe}.${handler}.port`,
              `names port '${port}', which container '${c?.name}' does not declare (${names.length ? `its port names: ${names.join(', ')}` : 'it names no port'}), so the ${probe.replace('Probe', '')} probe always fails`,
              names.length ? `use ${names.length === 1 ? `'${names[0]}'` : `one of ${names.join(', ')}`}, or the port number` : `add a port named '${port}' to the container's ports, or give the port number`);
          }
        }
      }
    }
  },
};

/**
 * Services whose `targetPort` is a name: the endpoints controller resolves it in each selected
 * pod's containers; a pod that declares no port of that name gets no endpoint, so the Service
 * sends nothing there. Services without a selector (endpoints managed by hand) are skipped.
 */
export const SERVICE_TARGET_PORT_NAME_RULE: Rule = {
  id: 'service-target-port-name',
  summary: 'A Service targetPort that is a name is declared by a container of every pod the Service selects.',
  severity: 'error',
  category: 'wiring',
  appliesTo: ['Service'],
  remediation: 'Use a port name the selected pods\' containers declare, or the port number.',
  rationale: 'Pods that do not declare the named port get no endpoint for it: the Service sends that port\'s traffic nowhere.',
  *check(ctx) {
    for (const svc of ctx.model.index.all(SERVICE)) {
      if (ctx.rejected(svc) || isAssumed(svc)) continue;
      const selector = svc.spec?.selector;
      if (!selector || typeof selector !== 'object' || Array.isArray(selector)) continue;
      const pods = ctx.model.index.selectPods(svc.metadata?.namespace ?? '', selector);
      if (!pods.length) continue;
      for (const [i, p] of list(svc.spec?.ports).entries()) {
        const target = p?.targetPort;
        if (typeof target !== 'string' || /^\d+$/.test(target)) continue;
        const lacking = pods.filter((t) => !declaresName(t, target));
        if (!lacking.length) continue;
        const names = [...new Set(lacking.flatMap((t) => t.containers.flatMap(portNames)))].sort();
        yield finding(svc, `spec.ports[${i}].targetPort`,
          `names container port '${target}', which the pods of ${lacking.map((t) => t.label).join(', ')} do not declare (${names.length ? `their port names: ${names.join(', ')}` : 'they name no port'}), so they get no endpoint for Service port ${p?.port}`,
          names.length ? `use ${names.length === 1 ? `'${names[0]}'` : `one of ${names.join(', ')}`}, or the port number` : `name the container port '${target}', or give the port number`);
      }
    }
  },
};

function declaresName(t: PodTemplate, name: string): boolean {
  return t.containers.some((c) => portNames(c).includes(name));
}
