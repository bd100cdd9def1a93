import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { captureStdio, errorOf, ROOT, sharedValidator } from './helpers';
import { main } from '../src/cli';
import { parseManifests } from '../src/verify/input/manifests';
import { Model } from '../src/verify/model/model';
import { ObjectIndex } from '../src/verify/model/object-index';
import { HTTPROUTE_REGEX } from '../src/verify/rules/httproute-regex';
import {
  configBytes, configKeyProblem, isDns1035Label, isDns1123Label, isDns1123Subdomain, labelValueProblem, METADATA_RULES, nameRuleOf, qualifiedNameProblem,
} from '../src/verify/rules/metadata';
import { Rule } from '../src/verify/rules/rule';
import { chooseStack } from '../src/verify/model/stack';
import { Verifier } from '../src/verify/verifier';
import { checkNamespace, verifyPaths } from '../src/verify/verify-paths';

const FIXTURES = path.join(ROOT, 'test', 'rules');
const check = (rule: Rule, objects: any[]) => [...rule.check({ model: new Model(new ObjectIndex(objects)), rejected: () => false, input: { objects }, validator: sharedValidator(), simulations: () => [], ruleIds: [], stack: chooseStack(new ObjectIndex(objects)) })];
const fixture = (id: string, file: string) => parseManifests(fs.readFileSync(path.join(FIXTURES, id, file), 'utf8'), file).map((m) => m.obj);
const summary = (rule: Rule, file: string) => check(rule, fixture(rule.id, file)).map((f) => `${f.object.kind} ${f.object.metadata?.name ?? '-'} ${f.field}: ${f.message}`);

describe('rule fixtures of this family', () => {
  for (const rule of [...METADATA_RULES, HTTPROUTE_REGEX]) {
    it(`${rule.id}: every fail fixture has a finding of it, every pass fixture none`, () => {
      const files = fs.readdirSync(path.join(FIXTURES, rule.id));
      expect(files.some((f) => f.startsWith('fail-')) && files.some((f) => f.startsWith('pass-'))).toBe(true);
      for (const f of files) {
        const findings = check(rule, fixture(rule.id, f));
        if (f.startsWith('fail-')) expect(findings.length, f).toBeGreaterThan(0);
        else expect(findings, f).toEqual([]);
      }
      expect(rule).toMatchObject({ category: 'input', phase: 'object' });
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });
  }
});

describe('metadata-name', () => {
  const rule = METADATA_RULES.find((r) => r.id === 'metadata-name')!;
  it('applies the name rule of each kind', () => {
    expect(summary(rule, 'fail-invalid-names.yaml')).toEqual([
      `ConfigMap Model-Config metadata.name: "Model-Config" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      `Service 7b-model metadata.name: "7b-model" is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63 characters)`,
      `HTTPRoute route_qwen metadata.name: "route_qwen" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      'ServiceAccount - metadata.name: has no name: the API server needs one to create the object',
    ]);
  });
  it('knows the name rules: Service DNS-1035, Namespace DNS-1123 label, RBAC path segments, the rest subdomains', () => {
    expect(nameRuleOf('v1', 'Service').valid('a.b')).toBe(false);
    expect(nameRuleOf('v1', 'Namespace').valid('a.b')).toBe(false);
    expect(nameRuleOf('v1', 'ConfigMap').valid('a.b')).toBe(true);
    expect(nameRuleOf('rbac.authorization.k8s.io/v1', 'Role').valid('system:x')).toBe(true);
    expect(nameRuleOf('rbac.authorization.k8s.io/v1', 'Role').valid('a/b')).toBe(false);
    expect(nameRuleOf('example.com/v1', 'Service').valid('1a')).toBe(true); // a custom kind named Service is not the core one
  });
});

describe('metadata-namespace', () => {
  it('reports placeholders with the fix of filling them in, and Namespace objects by their name rule', () => {
    const ns = METADATA_RULES.find((r) => r.id === 'metadata-namespace')!;
    const findings = check(ns, fixture('metadata-namespace', 'fail-placeholder.yaml'));
    expect(findings.map((f) => [f.object.metadata.name, f.field, f.fix])).toEqual([
      ['epp', 'metadata.namespace', 'replace the placeholder "<application-namespace>" with the real namespace'],
      ['epp2', 'metadata.namespace', 'set a valid namespace name'],
    ]);
    expect(findings[0].message).toBe(`"<application-namespace>" is not a namespace name (lowercase letters, digits and '-', at most 63 characters)`);
    const name = METADATA_RULES.find((r) => r.id === 'metadata-name')!;
    expect(check(name, fixture('metadata-namespace', 'fail-placeholder.yaml')).map((f) => f.object.metadata.name)).toEqual(['LLM-D']);
  });
});

describe('metadata-labels and metadata-annotations-size', () => {
  it('names each bad label key and value, on the object and its pod template', () => {
    const rule = METADATA_RULES.find((r) => r.id === 'metadata-labels')!;
    expect(check(rule, fixture('metadata-labels', 'fail-labels.yaml')).map((f) => `${f.field}: ${f.message}`)).toEqual([
      'metadata.labels.model: the value of label "model" is 64 characters long, over the limit of 63',
      `metadata.labels.Example.COM/model: the label key "Example.COM/model" has the prefix "Example.COM", which is not a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      `metadata.labels.tier: the value of label "tier" holds characters other than letters, digits, '-', '_' and '.', or is not alphanumeric at both ends`,
      `spec.template.metadata.labels.-bad: the label key "-bad" has a name part with characters other than letters, digits, '-', '_' and '.', or not alphanumeric at both ends`,
      `spec.selector.app: the value of label "app" holds characters other than letters, digits, '-', '_' and '.', or is not alphanumeric at both ends`,
    ]);
  });
  it('sums annotation bytes over keys and values', () => {
    const rule = METADATA_RULES.find((r) => r.id === 'metadata-annotations-size')!;
    expect(check(rule, fixture('metadata-annotations-size', 'fail-too-large.yaml')).map((f) => `${f.object.metadata.name} ${f.field}: ${f.message}`)).toEqual([
      `c metadata.annotations: the annotations total ${17 * 16 * 1024 + 10 * 2 + 7 * 3} bytes, over the limit of 262144 (256 KiB)`,
      'd metadata.annotations.bad key: the annotation key "bad key" has a name part with characters other than letters, digits, \'-\', \'_\' and \'.\', or not alphanumeric at both ends',
    ]);
  });
  it('has pure helpers for the DNS and label rules', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Label('-a')).toBe(false);
    expect(isDns1035Label('a1')).toBe(true);
    expect(isDns1035Label('1a')).toBe(false);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}`)).toBe(true);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
    expect(qualifiedNameProblem('a/b/c')).toBe('has more than one "/"');
    expect(qualifiedNameProblem('example.com/')).toBe('has an empty name part');
    expect(qualifiedNameProblem(`x/${'a'.repeat(64)}`)).toBe('has a name part of 64 characters, over the limit of 63');
    expect(qualifiedNameProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem(true)).toBe('is boolean, not a string');
  });
});

describe('configmap-size', () => {
  it('counts ConfigMap data as text, binaryData and Secret data decoded from base64, stringData as text', () => {
    const rule = METADATA_RULES.find((r) => r.id === 'configmap-size')!;
    expect(summary(rule, 'fail-over-1mib.yaml')).toEqual([
      `ConfigMap big data: the ConfigMap's data totals ${64 * 16 * 1024 + 1} bytes, over the limit of 1048576 (1 MiB)`,
      `Secret big data: the Secret's data totals ${86 * 12 * 1024} bytes, over the limit of 1048576 (1 MiB)`,
    ]);
    expect(configBytes({ kind: 'ConfigMap', data: { a: 'é' }, binaryData: { b: 'QUFB' } })).toBe(2 + 3);
    expect(configBytes({ kind: 'Secret', data: { a: 'QUFB' }, stringData: { b: 'xy' } })).toBe(3 + 2);
  });
});

describe('configmap-keys', () => {
  it('names each key the API server rejects, in data, binaryData and stringData', () => {
    const rule = METADATA_RULES.find((r) => r.id === 'configmap-keys')!;
    expect(summary(rule, 'fail-path-keys.yaml')).toEqual([
      `ConfigMap c data.config/plugins.yaml: the key "config/plugins.yaml" holds characters other than letters, digits, '-', '_' and '.'`,
      `ConfigMap c data.my key: the key "my key" holds characters other than letters, digits, '-', '_' and '.'`,
      `Secret s stringData...data: the key "..data" is '.' or starts with '..'`,
    ]);
    expect(configKeyProblem('a'.repeat(254))).toBe('is 254 characters long, over the limit of 253');
    expect(configKeyProblem('.')).toBe("is '.' or starts with '..'");
  });
});

describe('--namespace', () => {
  it('an empty namespace is a clear error on every path in (CLI, verifyPaths, the Verifier API)', () => {
    expect(errorOf(() => checkNamespace(''))).toBe("namespace: '' is empty (an unset variable?): give a namespace name such as llm-d, or leave the option out for 'default'");
    expect(errorOf(() => verifyPaths([path.join(FIXTURES, 'metadata-name')], { namespace: '' }))).toMatch(/^namespace: '' is empty/);
    expect(errorOf(() => Verifier.verifyManifests([], { namespace: '' }))).toMatch(/^namespace: '' is empty/);
    expect(errorOf(() => checkNamespace('<application-namespace>'))).toBe("namespace: '<application-namespace>' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63 characters)");
    expect(checkNamespace('llm-d')).toBe('llm-d');
    const io = captureStdio();
    try {
      expect(main(['verify', path.join(FIXTURES, 'metadata-name'), '--namespace', ''])).toBe(2);
      expect(io.stderr).toMatch(/^error: option '--namespace' got an empty value \(an unset shell variable\?\): give a value, e.g. --namespace llm-d\n/);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
