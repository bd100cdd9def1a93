import { Duration } from 'cdk8s';
import type { GatewayOptions } from '../inference-gateway';
import { isLabelValue } from '../ownership';
import { Names } from '../names';
import { Platform } from '../platform';
import { Problem, problem, quoted } from './problem';

/** Listener ports agentgateway uses itself. */
export const RESERVED_PORTS: readonly number[] = [15000, 15020, 15021];

/** Longest request or router timeout: a day. */
export const MAX_TIMEOUT = Duration.hours(24);

/** A DNS-1123 label, as messages describe it. */
export const NAMESPACE_RULE = "must be a DNS-1123 label (lowercase letters, digits, '-', at most 63)";

/** A DNS subdomain (Secret names, host names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `name` is a lowercase DNS subdomain of at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Problems of a namespace option at `path`. */
export function checkNamespace(path: string, namespace: string): Problem[] {
  return Names.isNamespace(namespace) ? [] : [problem(path, quoted(namespace), `${NAMESPACE_RULE}, got ${quoted(namespace)}`)];
}

/** The gateway settings when none are given (the GatewayClass is the profile's). */
export const GATEWAY_DEFAULTS = {
  name: 'inference-gateway',
  namespace: 'agentgateway-system',
  port: 8080,
  requestTimeout: Duration.seconds(300),
} as const;

/** The gateway settings of `options`, defaults applied (an absent router timeout stays absent: it follows the request timeout). */
export function gatewaySettings(options: GatewayOptions = {}): GatewaySettings {
  return {
    name: options.name ?? GATEWAY_DEFAULTS.name,
    namespace: options.namespace ?? GATEWAY_DEFAULTS.namespace,
    port: options.port ?? GATEWAY_DEFAULTS.port,
    requestTimeout: options.requestTimeout ?? GATEWAY_DEFAULTS.requestTimeout,
    routeTimeout: options.routeTimeout,
    routeHost: options.routeHost,
  };
}

/** The gateway settings {@link checkGatewayOptions} checks, defaults applied. */
export interface GatewaySettings {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly requestTimeout: Duration;
  /** The OpenShift router timeout; absent, it is the request timeout. */
  readonly routeTimeout?: Duration;
  readonly routeHost?: string;
}

/** Problems of the shared gateway's settings: names, port, timeouts and route host. */
export function checkGatewayOptions(s: GatewaySettings): Problem[] {
  const problems: Problem[] = [];
  if (!Names.isDns1035(s.name, Names.MAX_GATEWAY_LENGTH)) {
    problems.push(problem('name', quoted(s.name), `must be a DNS-1035 label of at most ${Names.MAX_GATEWAY_LENGTH} characters (room for '-bbr'/'-scc'), got ${quoted(s.name)}`));
  }
  problems.push(...checkNamespace('namespace', s.namespace));
  problems.push(...checkPort(s.port));
  problems.push(...checkTimeouts(s.requestTimeout, s.routeTimeout));
  if (s.routeHost !== undefined && !isDnsSubdomain(s.routeHost)) {
    problems.push(problem('routeHost', quoted(s.routeHost), `must be a DNS name (lowercase, dot-separated labels, at most 253), got ${quoted(s.routeHost)}`, 'leave it out to let the router assign one'));
  }
  return problems;
}

/** Problems of the listener port: a whole number from 1 to 65535 that agentgateway does not reserve. */
export function checkPort(port: number): Problem[] {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return [problem('port', String(port), `must be a whole number from 1 to 65535, got ${port}`)];
  }
  if (RESERVED_PORTS.includes(port)) {
    return [problem('port', String(port), `${port} is reserved by agentgateway (${RESERVED_PORTS.join(', ')})`, 'choose another, e.g. 8080')];
  }
  return [];
}

/**
 * Problems of the request and router timeouts: the request timeout greater than 0, both at
 * most {@link MAX_TIMEOUT} and whole milliseconds, and the router's never below the request's.
 * An absent router timeout is the request timeout, and its problems are the request timeout's.
 */
export function checkTimeouts(request: Duration, route?: Duration): Problem[] {
  const requestMs = millis(request);
  const routeMs = route === undefined ? requestMs : millis(route);
  const maxMs = millis(MAX_TIMEOUT);
  if (requestMs <= 0) {
    return [problem('requestTimeout', showMillis(requestMs), `must be greater than 0s, got ${showMillis(requestMs)}`)];
  }
  const both = route === undefined ? [['requestTimeout', requestMs] as const] : [['requestTimeout', requestMs], ['routeTimeout', routeMs]] as const;
  const tooLong = both.filter(([, ms]) => ms > maxMs);
  if (tooLong.length) {
    return tooLong.map(([key, ms]) => problem(key, showMillis(ms), `must be at most ${showMillis(maxMs)} (24h), got ${showMillis(ms)}`, 'no chat completion should hold a connection longer; lower it'));
  }
  const fractional = both.filter(([, ms]) => !Number.isInteger(ms));
  if (fractional.length) {
    return fractional.map(([key, ms]) => problem(key, `${ms}ms`, `must be whole milliseconds, got ${ms}ms`, `round it, e.g. to ${Math.ceil(ms)}ms`));
  }
  if (routeMs < requestMs) {
    return [problem('routeTimeout', showMillis(routeMs), `${showMillis(routeMs)} is below 'requestTimeout' ${showMillis(requestMs)}`, `the OpenShift router would cut responses the HTTPRoute still allows; raise it to at least ${showMillis(requestMs)}`)];
  }
  return [];
}

/** Milliseconds of `d`, fractions kept (cdk8s throws on them by default). */
export function millis(d: Duration): number {
  return d.toMilliseconds({ integral: false });
}

/** Milliseconds as messages show them: `300s`, `1500ms`, `0.5ms`. */
function showMillis(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The composition settings {@link checkCompositionOptions} checks, defaults applied. */
export interface CompositionSettings {
  readonly platform: string;
  readonly namespace: string;
  readonly partOf: string;
}

/** Problems of a model gateway's own settings: platform, models' namespace and part-of label value. */
export function checkCompositionOptions(s: CompositionSettings): Problem[] {
  const problems: Problem[] = [];
  const platforms = Object.values(Platform) as string[];
  if (!platforms.includes(s.platform)) {
    problems.push(problem('platform', quoted(s.platform), `must be one of ${platforms.join(', ')}, got ${quoted(s.platform)}`));
  }
  problems.push(...checkNamespace('namespace', s.namespace));
  if (!s.partOf || !isLabelValue(s.partOf)) {
    problems.push(problem('partOf', quoted(s.partOf), `must be a label value (letters, digits, '-', '_', '.', alphanumeric at both ends, at most 63), got ${quoted(s.partOf)}`));
  }
  return problems;
}
