// Two tills on one database would race: a second launch must hand over to the running window
// and exit. The running till answers on an abstract Unix socket named after its database
// (kasir-support single_instance); the scenario runs in a `dbus-run-session` of its own, as a
// desktop session would provide, so GLib does not try to start a bus for each launch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appBinary, OUT } from './lib/harness.mjs';

const SCRIPT = `
set -u
"$APP" > "$DIR/first.log" 2>&1 &
first=$!
for i in $(seq 1 100); do
  [ "$(sqlite3 "$KASIR_DB" 'SELECT COUNT(*) FROM products' 2>/dev/null)" = "30" ] && break
  sleep 0.1
done
sleep 1
start=$(date +%s%N)
timeout 20 "$APP" > "$DIR/second.log" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
alive=0; kill -0 "$first" 2>/dev/null && alive=1
echo "second_rc=$rc second_ms=$ms first_alive=$alive"
kill "$first" 2>/dev/null; wait "$first" 2>/dev/null
exit 0
`;

export const tests = {
  async 'a second launch hands over to the running window and exits'() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kasir-e2e-single-'));
    const out = execFileSync('dbus-run-session', ['--', 'bash', '-c', SCRIPT], {
      env: {
        ...process.env,
        APP: appBinary(),
        DIR: dir,
        KASIR_DB: path.join(dir, 'kasir.db'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        PAYMENT_PROVIDER: 'emulator',
      },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    writeFileSync(path.join(OUT, 'single-instance.txt'), out);
    const line = out.trim().split('\n').pop() ?? '';
    const fields = Object.fromEntries(line.split(' ').map((kv) => kv.split('=')));
    assert.equal(fields.first_alive, '1', `the first window keeps running (${line})`);
    assert.equal(fields.second_rc, '0', `the second launch exits by itself (${line})`);
    assert.ok(Number(fields.second_ms) < 10_000, `and promptly (${line})`);
  },
};
