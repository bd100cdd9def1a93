/** Writes RULES.md from the rule registry (`npm run rules-doc`). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown } from '../src/verify/report/rules-list';

fs.writeFileSync(path.join(__dirname, '..', 'RULES.md'), rulesMarkdown());
