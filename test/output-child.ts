// Child process for test/output-kill.test.ts. `loop`: writes file set A, then B, then A, ...
// into <dir> until killed, printing `ready` after its first attempt. `once`: writes B once
// (the test sets the crash hook to kill it at a given step).
import { ownedSet } from './output-helpers';
import { writeOutput } from '../src/cli/output';

const [dir, mode] = process.argv.slice(2);
const options = { generator: 'kill-test', version: '0' };
if (mode === 'once') {
  writeOutput(dir, ownedSet('B'), options);
} else {
  for (let i = 0; ; i++) {
    try {
      writeOutput(dir, ownedSet(i % 2 === 0 ? 'A' : 'B'), options);
    } catch (err) {
      if (!/^another synth/.test((err as Error).message)) throw err;
    }
    if (i === 0) process.stdout.write('ready\n');
  }
}
