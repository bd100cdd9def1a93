import { Construct } from 'constructs';
import * as agentgateway from '../../imports/agentgateway.dev';
import { patchedLast } from './final-patches';
import { Platform } from './platform';
import { DataPlaneFacts, DataPlaneSecurity, GatewayServiceType } from '../profiles/data-plane';

/** The data plane as a Gateway's settings and profile decide it. */
export interface DataPlaneChoice {
  /** How the data plane gets past restricted-v2; undefined off OpenShift. */
  readonly security?: DataPlaneSecurity;
  /** The data-plane Service type. */
  readonly serviceType: GatewayServiceType;
}

/**
 * The data-plane choice of a gateway: the given values, else on OpenShift the profile's
 * security and a ClusterIP Service (the Route fronts the gateway; a LoadBalancer would expose it
 * a second time, around the Route's TLS, and stays pending on bare metal), else the
 * controller's own LoadBalancer.
 */
export function dataPlaneChoice(facts: DataPlaneFacts, platform: Platform, security?: DataPlaneSecurity, serviceType?: GatewayServiceType): DataPlaneChoice {
  const openshift = platform === Platform.OPENSHIFT;
  return {
    ...(openshift ? { security: security ?? facts.defaultSecurity } : {}),
    serviceType: serviceType ?? (openshift ? GatewayServiceType.CLUSTER_IP : facts.defaultServiceType),
  };
}

/** Whether `choice` needs an AgentgatewayParameters object (anything the controller would not do by itself). */
export function needsParameters(facts: DataPlaneFacts, choice: DataPlaneChoice): boolean {
  return choice.security === DataPlaneSecurity.RESTRICTED_V2 || choice.serviceType !== facts.defaultServiceType;
}

/**
 * The Deployment overlay that lets `restricted-v2` admit the proxy: the proxy container's
 * security context replaced (`$patch: replace`) by the controller's own settings without
 * `runAsUser`, plus the RuntimeDefault seccomp profile restricted-v2 sets anyway. Both
 * controllers apply `spec.deployment.spec` to the generated Deployment's spec as a Kubernetes
 * strategic merge patch (containers merge by name; `$patch: replace` replaces the map), read in
 * agentgateway/agentgateway controller/pkg/deployer/strategicpatch/strategicpatch.go
 * @163ea2146acb and kgateway-dev/kgateway pkg/kgateway/deployer/agentgateway_parameters.go.
 * A `null` would delete the field too, but kubectl's client-side apply strips nulls before the
 * object is stored (the upstream CRD's own description says so), so it is not used. The pod's
 * `net.ipv4.ip_unprivileged_port_start` sysctl is a safe sysctl and stays.
 */
export function restrictedOverlay(facts: DataPlaneFacts): Record<string, unknown> {
  return {
    template: {
      spec: {
        containers: [{
          name: facts.container,
          securityContext: {
            '$patch': 'replace',
            'allowPrivilegeEscalation': false,
            'capabilities': { drop: ['ALL'] },
            'readOnlyRootFilesystem': true,
            'runAsNonRoot': true,
            'seccompProfile': { type: 'RuntimeDefault' },
          },
        }],
      },
    },
  };
}

/** Properties of a {@link GatewayParameters}. */
export interface GatewayParametersProps {
  readonly name: string;
  readonly namespace: string;
  readonly facts: DataPlaneFacts;
  readonly choice: DataPlaneChoice;
  readonly labels?: Record<string, string>;
}

/**
 * The AgentgatewayParameters a Gateway references (`spec.infrastructure.parametersRef`) when
 * its data plane differs from what the controller generates: the restricted-v2 overlay and the
 * Service type. Named after the Gateway, in its namespace (the controller resolves the
 * reference there).
 */
export class GatewayParameters extends Construct {
  /** The object. */
  public readonly resource: agentgateway.AgentgatewayParameters;
  /** The reference the Gateway carries. */
  public readonly parametersRef: { group: string; kind: string; name: string };

  constructor(scope: Construct, id: string, props: GatewayParametersProps) {
    super(scope, id);
    const { choice, facts } = props;
    const restricted = choice.security === DataPlaneSecurity.RESTRICTED_V2;
    this.resource = new (patchedLast(agentgateway.AgentgatewayParameters))(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
      spec: {
        ...(restricted ? { deployment: { spec: restrictedOverlay(facts) } } : {}),
        ...(choice.serviceType !== facts.defaultServiceType ? { service: { spec: { type: choice.serviceType } } } : {}),
      },
    });
    this.parametersRef = GatewayParameters.refTo(props.name);
  }

  /** The `parametersRef` naming AgentgatewayParameters `name` (in the Gateway's namespace). */
  public static refTo(name: string): { group: string; kind: string; name: string } {
    return { group: 'agentgateway.dev', kind: 'AgentgatewayParameters', name };
  }
}
