// The till benchmark (`make bench`, scripts/bench.sh builds what it needs and calls this):
// Kasir Alpiant against an empty Tauri window of the same Tauri/wry versions (bench/empty-window),
// launched the same way (tauri-driver + WebKitWebDriver under Xvfb), interleaved launch by launch.
//
//   node bench/run.mjs --app BIN --empty BIN --profile release|debug
//                      [--app-deb FILE --empty-deb FILE] [--before BIN [--before-deb FILE]] [--out DIR]
// --before adds an earlier build of the app as a third window, interleaved with the other two,
// so a before/after comparison is made under the same machine load (it must accept the app's
// database: same migrations).
// Environment: KASIR_BENCH_N (launches of each, default 15), KASIR_BENCH_IDLE_S (idle before a
// memory reading, default 10), KASIR_BENCH_PSS_SAMPLES (launches with memory readings, default 3).
//
// What it measures, per launch:
// - launch → first button in the DOM: from the WebDriver "new session" request (which starts
//   the binary) until a <button> exists, polled every 20 ms (the same poll for both windows);
// - PIN entered → grid painted: page time from the click on the sixth PIN key to the frame
//   that shows the product grid (the shift is already open); "launch → usable checkout" is the
//   sum of the two, i.e. without the time a person takes to type the PIN;
// - QRIS click → QR painted, page time; settlement at the emulator → green check painted
//   (wall clocks of this process and the window, same machine);
// - tab click → tab content painted for Barang, Laporan (the report) and Pengaturan;
// - on the first KASIR_BENCH_PSS_SAMPLES launches: process-tree PSS after idling on the
//   checkout, and again after every tab was opened once (and one QRIS sale was made).
// Results go to OUT/latest.json (the run before becomes previous.json, and every run is kept in
// OUT/runs/); the tables are printed and written to OUT/latest.md. Benchmarks are not tests:
// the "target" column is information, nothing here fails on a figure.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ROOT,
  OWNER_NAME,
  OWNER_PIN,
  emulatorControl,
  ensureDisplay,
  freePort,
  openShift,
  signIn,
  sql,
  stopDisplay,
  waitPort,
} from '../e2e/lib/harness.mjs';
import { Session, sleep } from '../e2e/lib/webdriver.mjs';
import { arm, instrument, lastClick, paintTiming, stampOf } from './lib/page.mjs';
import { alive, findUnder, treePss } from './lib/proc.mjs';
import { report } from './lib/report.mjs';

const { values: args } = parseArgs({
  options: {
    app: { type: 'string' },
    empty: { type: 'string' },
    'app-deb': { type: 'string' },
    'empty-deb': { type: 'string' },
    before: { type: 'string' },
    'before-deb': { type: 'string' },
    profile: { type: 'string', default: 'release' },
    out: { type: 'string' },
  },
});
if (!args.app || !args.empty) {
  console.error('usage: node bench/run.mjs --app BIN --empty BIN [--profile P] [--app-deb F --empty-deb F]');
  process.exit(2);
}
const int = (name, fallback) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const N = int('KASIR_BENCH_N', 15);
const IDLE_S = int('KASIR_BENCH_IDLE_S', 10);
const PSS_SAMPLES = Math.min(int('KASIR_BENCH_PSS_SAMPLES', 3), N);
const OUT = args.out ?? path.join(ROOT, 'test-output', 'bench', args.profile);
const byTestId = (id) => `[data-testid="${id}"]`;
/** A product of the demo catalogue, as the e2e tests use it. */
const PRODUCT = 'MNM-003';
const TABS = [
  { id: 'barang', label: 'Barang', css: '[data-testid^="product-row-"]' },
  { id: 'laporan', label: 'Laporan', css: byTestId('card-omzet-value') },
  { id: 'pengaturan', label: 'Pengaturan', css: byTestId('settings-page') },
];

/**
 * Start `binary` under tauri-driver with `env`; resolves once a <button> is in its DOM, with
 * the launch figures and a `close()` that waits until the process tree is gone.
 */
async function launch(binary, env) {
  const driverEnv = { ...process.env, ...env };
  delete driverEnv.KASIR_OWNER_PIN;
  if (env.KASIR_OWNER_PIN) driverEnv.KASIR_OWNER_PIN = env.KASIR_OWNER_PIN;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const nativePort = await freePort();
    const log = [];
    const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      env: driverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    driver.stdout.on('data', (c) => log.push(c));
    driver.stderr.on('data', (c) => log.push(c));
    try {
      // tauri-driver listens before its WebKitWebDriver does; on a busy machine a session asked
      // for in between fails to connect. The launch starts once both are up.
      await waitPort(port, 15_000);
      await waitPort(nativePort, 15_000);
      const t0 = Date.now();
      const session = await Session.create(`http://127.0.0.1:${port}`, {
        alwaysMatch: { 'tauri:options': { application: binary } },
      });
      const sessionMs = Date.now() - t0;
      let firstButtonMs;
      for (const deadline = Date.now() + 30_000; ; ) {
        if ((await session.findAll('button')).length > 0) {
          firstButtonMs = Date.now() - t0;
          break;
        }
        if (Date.now() > deadline) throw new Error('no <button> within 30 s of launch');
        await sleep(20);
      }
      const pid = findUnder(driver.pid, binary);
      const paint = await paintTiming(session);
      const fcpMs = paint.fcp === null ? null : paint.origin + paint.fcp - t0;
      return {
        session,
        pid,
        sessionMs,
        firstButtonMs,
        fcpMs,
        async close() {
          await session.delete();
          driver.kill('SIGTERM');
          // The next launch must not meet this one (single instance, CPU, memory).
          for (let i = 0; pid !== null && alive(pid) && i < 100; i += 1) await sleep(50);
          if (pid !== null && alive(pid)) process.kill(pid, 'SIGKILL');
        },
      };
    } catch (error) {
      await killLeftOf(driver.pid, binary);
      driver.kill('SIGTERM');
      if (attempt >= 3) {
        const cause = error.cause ? ` (${error.cause.message ?? error.cause})` : '';
        throw new Error(`${error.message}${cause}\n${Buffer.concat(log).toString().slice(-2000)}`, {
          cause: error,
        });
      }
      await sleep(1000);
    }
  }
}

/** After a failed start: the window must not outlive its driver (it would meet the next launch). */
async function killLeftOf(driverPid, binary) {
  const pid = findUnder(driverPid, binary);
  if (pid !== null && alive(pid)) process.kill(pid, 'SIGKILL');
  await sleep(200);
}

/** A new temp dir for one launch: its own data/config dirs, and the database when given. */
function launchDir(label, templateDb) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kasir-bench-${label}-`));
  const env = {
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    KASIR_DB: path.join(dir, 'kasir.db'),
  };
  if (templateDb) copyFileSync(templateDb, env.KASIR_DB);
  return { dir, env };
}

/** The emulator settings of one app launch (Mode Demo on a port we know). */
async function demoEnv() {
  const port = await freePort();
  return { env: { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(port) }, base: `http://127.0.0.1:${port}` };
}

/**
 * The database every measured launch starts from: a first start of the app on a new database
 * (migrations, demo catalogue, the owner from KASIR_OWNER_PIN), signed in, a shift opened.
 * Returns its path and the first start's figure.
 */
async function prepareTemplate(work) {
  const { dir, env } = launchDir('template');
  const demo = await demoEnv();
  const app = await launch(args.app, { ...env, ...demo.env, KASIR_OWNER_PIN: OWNER_PIN });
  try {
    await signIn(app.session, OWNER_NAME, OWNER_PIN);
    await openShift(app.session, 0);
    await app.session.waitFor(byTestId(`product-${PRODUCT}`), { timeoutMs: 30_000 });
  } finally {
    await app.close();
  }
  const template = path.join(work, 'template.db');
  sql(env.KASIR_DB, 'PRAGMA wal_checkpoint(TRUNCATE);');
  copyFileSync(env.KASIR_DB, template);
  rmSync(dir, { recursive: true, force: true });
  return { template, firstStartButtonMs: app.firstButtonMs };
}

async function idlePss(pid) {
  await sleep(IDLE_S * 1000);
  return treePss(pid);
}

/** One QRIS sale: the QR's paint after the click, the green check's after the settlement. */
async function qrisSale(s, db, base) {
  await arm(s, 'qris-painted', byTestId('qris-image'));
  await arm(s, 'qris-success', byTestId('qris-success'));
  await s.click(await s.waitFor(byTestId(`product-${PRODUCT}`)));
  await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`, { timeoutMs: 10_000 }));
  const painted = await stampOf(s, 'qris-painted');
  const qrisMs = painted.at - (await lastClick(s, 'pay-qris'));
  const [[gid]] = sql(db, "SELECT gateway_order_id FROM payment_attempts WHERE status = 'pending'");
  const settledAt = Date.now();
  await emulatorControl(base, 'POST', '/_emulator/pay', { id: gid, issuer: 'gopay' });
  const success = await stampOf(s, 'qris-success', 15_000);
  const settleMs = success.wall - settledAt;
  await s.waitGone(byTestId('qris-modal'), 10_000);
  return { qrisMs, settleMs };
}

/** Open every tab once (then back to Kasir): click → content painted, per tab. */
async function visitTabs(s) {
  const out = {};
  for (const tab of TABS) {
    await arm(s, `tab-${tab.id}`, tab.css);
    await s.click(await s.waitFor(byTestId(`tab-${tab.id}`)));
    const shown = await stampOf(s, `tab-${tab.id}`);
    out[tab.id] = shown.at - (await lastClick(s, `tab-${tab.id}`));
  }
  await s.click(await s.waitFor(byTestId('tab-kasir')));
  await s.waitFor(byTestId(`product-${PRODUCT}`));
  return out;
}

async function runApp(binary, template, i) {
  const { dir, env } = launchDir('app', template);
  const demo = await demoEnv();
  let app = null;
  try {
    app = await launch(binary, { ...env, ...demo.env });
    const s = app.session;
    await instrument(s, { grid: byTestId(`product-${PRODUCT}`) });
    await signIn(s, OWNER_NAME, OWNER_PIN);
    const grid = await stampOf(s, 'grid', 30_000);
    const pinToGridMs = grid.at - (await lastClick(s, 'pin-key-*'));
    const row = {
      firstButtonMs: app.firstButtonMs,
      fcpMs: app.fcpMs,
      sessionMs: app.sessionMs,
      pinToGridMs,
      usableMs: app.firstButtonMs + pinToGridMs,
    };
    if (i < PSS_SAMPLES && app.pid !== null) row.pssIdle = await idlePss(app.pid);
    Object.assign(row, await qrisSale(s, env.KASIR_DB, demo.base));
    row.tabs = await visitTabs(s);
    if (i < PSS_SAMPLES && app.pid !== null) row.pssTabs = await idlePss(app.pid);
    return row;
  } finally {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runEmpty(i) {
  const { dir, env } = launchDir('empty');
  let win = null;
  try {
    win = await launch(args.empty, env);
    const row = { firstButtonMs: win.firstButtonMs, fcpMs: win.fcpMs, sessionMs: win.sessionMs };
    if (i < PSS_SAMPLES && win.pid !== null) row.pssIdle = await idlePss(win.pid);
    return row;
  } finally {
    await win?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sizes(binary, deb) {
  const stripped = path.join(os.tmpdir(), `kasir-bench-strip-${process.pid}`);
  execFileSync('strip', ['-o', stripped, binary]);
  const out = {
    binaryBytes: statSync(binary).size,
    strippedBytes: statSync(stripped).size,
    debBytes: deb && existsSync(deb) ? statSync(deb).size : null,
  };
  rmSync(stripped, { force: true });
  return out;
}

/** The machine's load when the measuring began (other builds on the 2 cores skew the figures). */
const loadAvgStart = os.loadavg().map((l) => l.toFixed(2));

function meta() {
  const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  let webkit = '?';
  try {
    webkit = execFileSync('pkg-config', ['--modversion', 'webkit2gtk-4.1'], { encoding: 'utf8' }).trim();
  } catch {
    // Shown as "?".
  }
  return {
    date: new Date().toISOString(),
    commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`,
    profile: args.profile,
    n: N,
    idleSeconds: IDLE_S,
    pssSamples: PSS_SAMPLES,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    loadAvg: os.loadavg().map((l) => l.toFixed(2)),
    loadAvgStart,
    webkit,
    qrisPollSeconds: 3,
    sessionBus: Boolean(process.env.DBUS_SESSION_BUS_ADDRESS),
  };
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  await ensureDisplay();
  const work = mkdtempSync(path.join(os.tmpdir(), 'kasir-bench-'));
  const started = Date.now();
  try {
    const { template, firstStartButtonMs } = await prepareTemplate(work);
    const runs = { app: [], empty: [], ...(args.before ? { before: [] } : {}) };
    const subjects = Object.keys(runs);
    const failed = [];
    for (let i = 0; i < N; i += 1) {
      // Interleaved, and the order flips every launch: neither window always goes first.
      const order = i % 2 === 0 ? subjects : [...subjects].reverse();
      for (const who of order) {
        // A launch that fails (e.g. WebKitWebDriver refusing a session on a busy machine) is
        // counted and done again; its partial figures are dropped.
        for (let tries = 1; ; tries += 1) {
          try {
            runs[who].push(who === 'empty' ? await runEmpty(i) : await runApp(args[who], template, i));
            break;
          } catch (error) {
            failed.push(`${who} #${i + 1}: ${String(error?.message ?? error).split('\n')[0]}`);
            if (tries >= 3) throw error;
          }
        }
      }
      process.stdout.write(`\rbench: ${i + 1}/${N} launches of each`);
    }
    process.stdout.write('\n');
    const result = {
      meta: { ...meta(), seconds: Math.round((Date.now() - started) / 1000), failedLaunches: failed },
      firstStartButtonMs,
      runs,
      sizes: Object.fromEntries(subjects.map((w) => [w, sizes(args[w], args[`${w}-deb`])])),
    };
    const latest = path.join(OUT, 'latest.json');
    const previous = existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')) : null;
    if (previous) renameSync(latest, path.join(OUT, 'previous.json'));
    writeFileSync(latest, `${JSON.stringify(result, null, 2)}\n`);
    mkdirSync(path.join(OUT, 'runs'), { recursive: true });
    writeFileSync(path.join(OUT, 'runs', `${result.meta.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(result));
    const text = report(result, previous);
    writeFileSync(path.join(OUT, 'latest.md'), text);
    console.log(text);
    console.log(`results: ${path.relative(ROOT, latest)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    stopDisplay();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error?.stack ?? error}`);
  stopDisplay();
  process.exit(1);
});
