// The `validations:` entry of this repository's cdk8s.yaml: lets `npx cdk8s synth` in a clone
// run the verifier straight from src/ (no compile step). Apps that install the package load
// it from node_modules instead (README, "Verify inside cdk8s synth").
require('tsx/cjs/api').register();
module.exports = require('../src/verify/cdk8s-plugin');
