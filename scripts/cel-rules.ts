/**
 * Writes generated/cel/parsed-rules.json: every `x-kubernetes-validations` rule and
 * messageExpression of every schema file under schemas/ (all stored schema sets), parsed once
 * here so verify never parses them at run time (see src/verify/schema/cel-parsed.ts).
 *
 *   npm run cel-rules                  # also the last step of `npm run import`
 *   npm run cel-rules -- --out <dir>   # write <dir>/generated/cel/parsed-rules.json instead (tests)
 *
 * Same schemas give byte-identical output: texts are sorted, nothing depends on time or the
 * order of the file system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@bufbuild/cel';
import { PARSED_RULES_FILE, parsedRulesFile, parsedRulesText } from '../src/verify/schema/cel-parsed';
import { MAX_CEL_EXPRESSION_LENGTH } from '../src/verify/schema/cel-limits';

const ROOT = path.resolve(__dirname, '..');

/** Every rule and messageExpression text in the JSON files under `dir`, in no particular order. */
export function storedRuleTexts(dir: string): Set<string> {
  const texts = new Set<string>();
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name)).sort();
  for (const file of files) {
    const stack: unknown[] = [JSON.parse(fs.readFileSync(file, 'utf8'))];
    while (stack.length) {
      const node = stack.pop();
      if (!node || typeof node !== 'object') continue;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'x-kubernetes-validations' && Array.isArray(v)) {
          for (const rule of v) {
            // Rules over the length limit are refused before any parse; transition rules are skipped.
            for (const text of [rule?.rule, rule?.messageExpression]) {
              if (typeof text === 'string' && text.length <= MAX_CEL_EXPRESSION_LENGTH) texts.add(text);
            }
          }
        }
        stack.push(v);
      }
    }
  }
  return texts;
}

/** The file's text for the schemas under `schemasDir`. */
export function parsedRulesFor(schemasDir: string): string {
  return parsedRulesText(parsedRulesFile(storedRuleTexts(schemasDir), parse));
}

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? path.resolve(process.argv[i + 1] ?? '') : ROOT;
  const text = parsedRulesFor(path.join(ROOT, 'schemas'));
  const target = path.join(out, PARSED_RULES_FILE);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  process.stdout.write(`${path.relative(process.cwd(), target) || target}: ${Object.keys(JSON.parse(text).rules).length} rules, ${(text.length / 1024).toFixed(0)} KiB\n`);
}
