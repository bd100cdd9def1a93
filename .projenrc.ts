import { cdk8s, DependencyType, javascript, typescript } from 'projen';

// Every tool and library version lives here (container images live in src/constructs/versions.ts).
// Exact pins: jsii wants the peer libraries pinned exactly in devDependencies, and the
// lockfile is committed, so a fresh `npm ci` reproduces this set.
const V = {
  cdk8s: '2.70.106',
  cdk8sPlus30: '2.4.10',
  constructs: '10.8.1',
  cdk8sCli: '2.207.60',
  jsii: '6.0.16',
  jsiiRosetta: '6.0.17',
  jsiiPacmak: '1.140.0',
  typescript: '6.0.3',
  typesNode: '20.19.43',
  vitest: '4.1.12',
  tsx: '4.23.15',
  // Writes output (stringify) only; every YAML text is read with js-yaml (kubectl's resolution, fast).
  yaml: '2.9.1',
  jsYaml: '4.1.1',
  typesJsYaml: '4.0.9',
  ajv: '8.20.0',
  ajvFormats: '3.0.1',
  celJs: '8.0.0',
  fastCheck: '4.10.2',
  bufbuildCel: '0.6.1',
  bufbuildProtobuf: '2.17.0',
  // Pure-JS port of RE2: Gateway API regular expressions are RE2, matched in linear time.
  re2js: '2.10.0',
  // API.md generator; 10.12 accepts jsii-rosetta ~6.0 as its peer.
  jsiiDocgen: '10.12.6',
  // CommonMark parser: tests check that ROUTING.md renders names as text, never markup.
  commonmark: '0.31.2',
  // Bundles the CLI into lib/*.bundle.js (scripts/bundle-cli.ts); the release tsx already uses.
  esbuild: '0.28.2',
};

// Output folders. `cdk8s synth` wipes its output folder (cdk8s.yaml `output:`), so it gets its
// own; the CLI writes dist/ and owns only its files there; packages go to neither.
const SYNTH_DIR = 'dist';
const CDK8S_OUT_DIR = 'cdk8s.out';
const PACKAGE_DIR = 'artifacts';
const QUIET = {
  CDK8S_CHECK_UPGRADE: 'false',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
};

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-model-gateway',
  description: 'Model-as-a-Service on Kubernetes and OpenShift: many vLLM models behind one OpenAI-compatible endpoint, as typed cdk8s constructs whose wiring is checked before apply',
  author: 'cdk8s-model-gateway maintainers',
  authorAddress: 'maintainers@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-model-gateway/cdk8s-model-gateway.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'openshift', 'llm', 'vllm', 'gateway-api', 'inference', 'agentgateway'],
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.16.0',

  cdk8sVersion: V.cdk8s,
  constructsVersion: V.constructs,
  cdk8sVersionPinning: false,
  jsiiVersion: V.jsii,
  typescriptVersion: V.typescript,
  artifactsDirectory: PACKAGE_DIR,
  publishToPypi: { distName: 'cdk8s-model-gateway', module: 'cdk8s_model_gateway' },

  // projenrc runs with tsx: ts-node is slow and breaks on newer TypeScript.
  projenrcTs: true,
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },

  // Trimmed to what this repository uses: no GitHub workflows, no release tooling
  // (its packages need Node 22), no jest (vitest below), no lint step in the test task.
  github: false,
  release: false,
  jest: false,
  eslint: false,
  docgen: false,
  sampleCode: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  vscode: false,

  // The generated CRD classes live in the top-level `imports/` folder, next to `src/`.
  // jsii compiles from the repository root so both are part of the assembly.
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
  tsconfig: {
    // No source maps in the shipped JavaScript: inline maps (projen's default) were three
    // quarters of lib/'s bytes, read and compiled by node on every start of the CLI.
    compilerOptions: { rootDir: '.', inlineSourceMap: false, inlineSources: false },
    include: ['imports/**/*.ts'],
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['imports/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'vitest.config.mts'],
    exclude: ['node_modules', 'lib', 'artifacts', 'dist', 'generated'],
    compilerOptions: { noEmit: true },
  },

  // Non-jsii runtime libraries are bundled into the package and stay out of the public API.
  bundledDeps: [`yaml@${V.yaml}`, `js-yaml@${V.jsYaml}`, `ajv@${V.ajv}`, `ajv-formats@${V.ajvFormats}`, `@bufbuild/cel@${V.bufbuildCel}`, `@bufbuild/protobuf@${V.bufbuildProtobuf}`, `re2js@${V.re2js}`],
  devDeps: [
    `cdk8s-cli@${V.cdk8sCli}`,
    `jsii-rosetta@${V.jsiiRosetta}`,
    `jsii-pacmak@${V.jsiiPacmak}`,
    `@types/node@${V.typesNode}`,
    `@types/js-yaml@${V.typesJsYaml}`,
    `vitest@${V.vitest}`,
    `tsx@${V.tsx}`,
    `@marcbachmann/cel-js@${V.celJs}`,
    `fast-check@${V.fastCheck}`,
    `jsii-docgen@${V.jsiiDocgen}`,
    `commonmark@${V.commonmark}`,
    `esbuild@${V.esbuild}`,
    'projen@0.103.25',
  ],
  peerDeps: [`cdk8s-plus-30@^${V.cdk8sPlus30}`],

  gitignore: [
    `/${SYNTH_DIR}/`,
    `/${CDK8S_OUT_DIR}/`,
    `/${PACKAGE_DIR}/`,
    '/test-reports/',
    // Local experiments (profiling scripts and the like) never land.
    '/.scratch/',
    '/.jsii',
    '*.tsbuildinfo',
  ],
  npmignoreEnabled: true,
});

// jsii pins the peer libraries exactly in devDependencies.
project.deps.addDependency(`cdk8s-plus-30@${V.cdk8sPlus30}`, DependencyType.BUILD);

for (const [k, v] of Object.entries(QUIET)) project.tasks.addEnvironment(k, v);

// ajv standalone code written by `npm run validators` (scripts/validators.ts): reviewed through its generator.
project.gitattributes.addAttributes('/generated/validators/**', 'linguist-generated', '-diff');

// The command is the bundled CLI (scripts/bundle-cli.ts, built by `compile` after jsii); the
// library (`main`) stays jsii's lib/src/index.js.
project.addBins({ 'cdk8s-model-gateway': 'lib/cli.bundle.js' });

// Publish only the compiled library and its assembly.
project.package.addField('types', 'lib/src/index.d.ts');
project.package.addField('files', ['lib/*.bundle.js', 'lib/src/**/*.js', 'lib/src/**/*.d.ts', 'lib/imports/**/*.js', 'lib/imports/**/*.d.ts', 'schemas/**/*.json', 'generated/validators/*.js', 'generated/validators/*.json', 'generated/cel/*.json', 'catalog/*.json', 'catalog/*.yaml', 'verify/*.json', '.jsii', 'README.md', 'LICENSE']);

// ---- tests: vitest, never updating snapshots as a side effect -------------------------
project.testTask.reset('vitest run', { receiveArgs: true });
project.addTask('test:update', {
  description: 'Run the tests and rewrite snapshots (review the diff before committing)',
  exec: 'vitest run --update',
  receiveArgs: true,
});
project.addTask('test:watch', { exec: 'vitest', receiveArgs: true });
project.addTask('typecheck', {
  description: 'Type-check library, imports, scripts and tests without emitting',
  exec: 'tsc -p tsconfig.dev.json',
});

// ---- CRD import: explicit, offline-capable, never part of build ----------------------

project.addTask('rules-doc', {
  description: 'Regenerate RULES.md from the verify rule registry in src/verify/rules/registry.ts',
  exec: 'tsx scripts/rules-doc.ts',
});
const celRules = project.addTask('cel-rules', {
  description: 'Regenerate generated/cel/parsed-rules.json: the CEL rules of every stored schema set, parsed at build time',
  exec: 'tsx scripts/cel-rules.ts',
});
const validators = project.addTask('validators', {
  description: 'Regenerate generated/validators/ (ajv standalone validators of every schema set under schemas/ and of the catalog schema)',
  exec: 'tsx scripts/validators.ts',
  receiveArgs: true,
});
const importTask = project.addTask('import', {
  description: 'Regenerate imports/ and schemas/ from the CRDs pinned in cdk8s.yaml (mirror: $CRD_MIRROR, default ../shared/crds), then generated/cel/ and generated/validators/',
  steps: [{ exec: 'tsx scripts/import-crds.ts', receiveArgs: true }, { spawn: celRules.name }],
});
const catalogSchema = project.addTask('catalog-schema', {
  description: 'Regenerate catalog/catalog.schema.json from the catalog interfaces in src/catalog/catalog-spec.ts, then generated/validators/ (its validator)',
  exec: 'tsx scripts/catalog-schema.ts',
});
catalogSchema.spawn(validators);
// With --out <dir> the import writes elsewhere and the repository's schemas/ are unchanged, so
// regenerating the validators from them is a no-op there.
importTask.spawn(validators);

// ---- synthesis ------------------------------------------------------------------------
project.addTask('synth', {
  description: `Synthesize the default catalog into ${SYNTH_DIR}/`,
  exec: `tsx src/cli.ts synth --out ${SYNTH_DIR}`,
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Benchmark the CLI as whole processes (synth and verify of the default catalog and 1, 100, 1,000 models; more as arguments) against node -e 0 and a plain cdk8s app',
  exec: 'tsx bench/synth.ts',
  receiveArgs: true,
});

project.addTask('bench:routing', {
  description: 'Benchmark routing at 2, 1000 and 10000 public names: synth, verify, peak memory, per-request CEL cost of each routing mode',
  exec: 'tsx bench/routing.ts',
  receiveArgs: true,
});

// ---- packaging: JS tarball and Python bindings (code only: PyPI is unreachable) -----------
project.compileTask.reset('rm -rf lib .jsii tsconfig.tsbuildinfo');
project.compileTask.exec('jsii --silence-warnings=reserved-word');
project.compileTask.exec('tsx scripts/bundle-cli.ts');
// Each package task compiles first, so it works on a fresh clone (jsii-pacmak reads .jsii and lib/).
const pkgJs = project.tasks.tryFind('package:js') ?? project.addTask('package:js');
pkgJs.reset();
pkgJs.spawn(project.compileTask);
pkgJs.exec(`jsii-pacmak --target js --outdir ${PACKAGE_DIR}`);
const pkgPy = project.tasks.tryFind('package:python') ?? project.addTask('package:python');
pkgPy.reset();
pkgPy.spawn(project.compileTask);
pkgPy.exec(`jsii-pacmak --target python --code-only --outdir ${PACKAGE_DIR}`);

// `--submodule root`: the constructs and their structs; the generated CRD classes (one submodule
// per API group, 3 MB of Markdown) are documented by their upstream CRDs.
const DOCGEN = 'jsii-docgen --submodule root --output API.md';
// ---- API reference: API.md from the jsii assembly; a test fails when it is stale ----------
project.addTask('docgen', {
  description: 'Regenerate API.md (the library API, without the generated CRD submodules) from the jsii assembly; compiles first',
  steps: [{ spawn: project.compileTask.name }, { exec: DOCGEN }],
});

project.synth();
