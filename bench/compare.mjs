// Print the benchmark tables of one result file against another:
//   node bench/compare.mjs BEFORE.json AFTER.json
// (`make bench` does this by itself against the previous run; this names the two runs.)
import { readFileSync } from 'node:fs';
import { report } from './lib/report.mjs';

const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node bench/compare.mjs BEFORE.json AFTER.json');
  process.exit(2);
}
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
process.stdout.write(report(read(after), read(before)));
