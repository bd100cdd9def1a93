import { CelScalar, celFunc, celMethod } from '@bufbuild/cel';

/**
 * The parts of the Kubernetes CEL URL and quantity libraries that pinned CRD rules use
 * (agentgateway v1.4.1: `isURL(s)`, `url(s).getScheme()`, `quantity(s).isLessThan(q)`).
 *
 * A URL is carried as its string and a quantity as its value (a double), with the library's
 * methods declared on those types: the rules come from CRDs the API server has type-checked,
 * so the looser typing accepts no rule the API server would refuse to evaluate. Values that
 * are not a URL or a quantity raise a CEL error, as on the API server.
 */

/** Longest URL and quantity strings parsed (hostile input is bounded). */
export const K8S_LIB_LIMITS = { maxUrlLength: 4096, maxQuantityLength: 64 };

interface ParsedUrl {
  readonly scheme: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
}

/**
 * A URL the way Go's url.ParseRequestURI splits it (what the library's `isURL`/`url` use):
 * `scheme:` then either `//authority/path`, a path, or opaque text; or an absolute path alone.
 * Undefined when it is none (bad scheme, whitespace, a port that is not a number).
 */
function parseUrl(s: string): ParsedUrl | undefined {
  if (s.length > K8S_LIB_LIMITS.maxUrlLength || /[\s\u0000-\u001f\u007f]/.test(s)) return undefined;
  const noQuery = s.split(/[?#]/, 1)[0];
  if (noQuery.startsWith('/')) return { scheme: '', host: '', hostname: '', port: '', path: noQuery };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(noQuery);
  if (!m) return undefined;
  const [, scheme, rest] = m;
  if (!rest.startsWith('//')) return { scheme, host: '', hostname: '', port: '', path: rest.startsWith('/') ? rest : '' };
  const slash = rest.indexOf('/', 2);
  const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[^\[\]:]*)(?::(\d*))?$/.exec(host);
  if (!hp) return undefined;
  return { scheme, host, hostname: hp[1].replace(/^\[(.*)\]$/, '$1'), port: hp[2] ?? '', path: slash < 0 ? '' : rest.slice(slash) };
}

function urlOf(s: string): ParsedUrl {
  const u = parseUrl(s);
  if (!u) throw new Error(`'${s.slice(0, 80)}' is not a URL`);
  return u;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

/** The value of a Kubernetes quantity (`1Gi`, `500m`, `1e3`), or undefined when `s` is none. */
export function quantityValue(s: string): number | undefined {
  if (s.length > K8S_LIB_LIMITS.maxQuantityLength) return undefined;
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * DECIMAL[m[3]];
  if (m[4]) return n * 10 ** Number(m[4]);
  return n;
}

function quantityOf(s: string): number {
  const v = quantityValue(s);
  if (v === undefined) throw new Error(`'${s.slice(0, 80)}' is not a quantity`);
  return v;
}

const urlMethod = (name: string, part: keyof ParsedUrl) =>
  celMethod(name, CelScalar.STRING, [], CelScalar.STRING, function get(this: string) {
    return urlOf(this)[part];
  });

/** The CEL functions above, for the evaluator's environment. */
export const K8S_CEL_LIBS = [
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => parseUrl(s) !== undefined),
  celFunc('url', [CelScalar.STRING], CelScalar.STRING, (s: string) => (urlOf(s), s)),
  urlMethod('getScheme', 'scheme'),
  urlMethod('getHost', 'host'),
  urlMethod('getHostname', 'hostname'),
  urlMethod('getPort', 'port'),
  urlMethod('getEscapedPath', 'path'),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s: string) => quantityValue(s) !== undefined),
  celFunc('quantity', [CelScalar.STRING], CelScalar.DOUBLE, (s: string) => quantityOf(s)),
  celMethod('isLessThan', CelScalar.DOUBLE, [CelScalar.DOUBLE], CelScalar.BOOL, function lt(this: number, q: number) {
    return this < q;
  }),
  celMethod('isGreaterThan', CelScalar.DOUBLE, [CelScalar.DOUBLE], CelScalar.BOOL, function gt(this: number, q: number) {
    return this > q;
  }),
  celMethod('compareTo', CelScalar.DOUBLE, [CelScalar.DOUBLE], CelScalar.INT, function cmp(this: number, q: number) {
    return BigInt(Math.sign(this - q));
  }),
];
