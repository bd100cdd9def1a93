// Entry point for `cdk8s synth` (cdk8s.yaml `app:`): the default catalog as one chart, in
// cdk8s's own layout, into cdk8s.yaml's `output:` folder (cdk8s.out/, which cdk8s deletes and
// recreates on every run, so it holds nothing else). The chart is verified first, exactly as
// the CLI verifies it: on a problem this throws and cdk8s writes nothing.
// `npm run synth` (the CLI) writes dist/ instead: one file per namespace plus ROUTING.md,
// replacing only the files it wrote there.
import { App } from 'cdk8s';
import { Catalog } from './catalog/catalog';
import { defaultCatalogFile, render } from './cli/synth';

const app = new App();
render(Catalog.fromFile(defaultCatalogFile()).addTo(app, 'model-gateway'));
app.synth();
