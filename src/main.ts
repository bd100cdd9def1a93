// Entry point for `cdk8s synth` (cdk8s.yaml `app:`). `npm run synth` uses the CLI instead,
// which validates first and never leaves a half-written output directory.
import { App } from 'cdk8s';
import { addStarterChart } from './starter';

const app = new App();
addStarterChart(app);
app.synth();
