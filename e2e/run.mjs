// End-to-end runner: drives the real Kasir Alpiant window through tauri-driver under Xvfb.
// Usage: node e2e/run.mjs [filter]. Needs the debug app built with the bundled frontend
// (`npx tauri build --debug --no-bundle`). Prints "N passed, M failed" last. A failed test
// leaves the screen and page text of each of its windows in test-output/e2e/failures/.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDisplay, saveFailure, stopDisplay, takeLaunched } from './lib/harness.mjs';

const dir = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.e2e.mjs') && f.includes(filter))
  .sort();

await ensureDisplay();
let passed = 0;
let failed = 0;
for (const file of files) {
  const mod = await import(path.join(dir, file));
  for (const [name, fn] of Object.entries(mod.tests)) {
    const started = Date.now();
    takeLaunched();
    let apps = [];
    try {
      await fn();
      // An app still running after its session closed is a till nobody can reach: a failure.
      apps = takeLaunched();
      const outlived = apps.filter((app) => app.outlived);
      if (outlived.length > 0) {
        throw new Error(`outlived its session: ${outlived.map((app) => app.name).join(', ')}`);
      }
      passed += 1;
      console.log(`ok   ${file} › ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${file} › ${name} (${Date.now() - started} ms)\n     ${error?.stack ?? error}`);
      apps = [...apps, ...takeLaunched()];
      const saved = await saveFailure(`${file}-${name}`, apps);
      for (const app of apps) if (!app.closed) await app.close().catch(() => {});
      for (const f of saved) console.log(`     saved ${path.relative(process.cwd(), f)}`);
    }
  }
}
stopDisplay();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
