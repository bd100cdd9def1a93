// Entry point for `cdk8s synth` (cdk8s.yaml `app:`): the default catalog as one chart.
// `npm run synth` uses the CLI instead, which validates everything first, writes one file
// per namespace plus the routing report, and never leaves a half-written output directory.
import { App } from 'cdk8s';
import { Catalog } from './catalog';
import { defaultCatalogFile } from './synth';

const app = new App();
Catalog.fromFile(defaultCatalogFile()).addTo(app, 'model-gateway');
app.synth();
