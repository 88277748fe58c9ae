// Starts what an end-to-end scenario needs: an X display (Xvfb when none), tauri-driver (which
// drives WebKitWebDriver), and the real app binary with a fresh database.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Session, sleep } from './webdriver.mjs';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const OUT = path.join(ROOT, 'test-output', 'e2e');
/** The last screen of every app a test launched, kept for the failure report. */
const LAST = path.join(OUT, 'last');

/** Apps launched since the runner last asked (see `takeLaunched`). */
let launched = [];

/** The apps launched during the current test, and forget them. */
export function takeLaunched() {
  const apps = launched;
  launched = [];
  return apps;
}

/** Screenshot and page text of a live session into `base`.png/.txt; never throws. */
async function capture(session, base) {
  try {
    writeFileSync(`${base}.png`, await session.screenshot());
  } catch (e) {
    writeFileSync(`${base}.png.error.txt`, String(e));
  }
  try {
    writeFileSync(`${base}.txt`, String(await session.pageText()));
  } catch (e) {
    writeFileSync(`${base}.txt`, `(page text unavailable: ${e})`);
  }
}

/**
 * Save the screen and page text of every app of a failed test under test-output/e2e/failures/:
 * a live app is captured now, a closed one contributes the last screen it showed.
 */
export async function saveFailure(testLabel, apps) {
  const dir = path.join(OUT, 'failures');
  mkdirSync(dir, { recursive: true });
  const slug = testLabel.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
  const saved = [];
  for (const app of apps) {
    const base = path.join(dir, `${slug}--${app.name}`);
    if (app.closed) {
      for (const ext of ['png', 'txt']) {
        const last = path.join(LAST, `${app.name}.${ext}`);
        if (existsSync(last)) copyFileSync(last, `${base}.${ext}`);
      }
    } else {
      await capture(app.session, base);
    }
    saved.push(`${base}.png`, `${base}.txt`);
  }
  return saved;
}

function targetDir() {
  return process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'src-tauri', 'target');
}

/** The `kasir-cli` binary `cargo test --workspace` built. */
export function cliBinary() {
  const bin = path.join(targetDir(), 'debug', 'kasir-cli');
  if (!existsSync(bin)) throw new Error(`kasir-cli not built at ${bin}`);
  return bin;
}

/**
 * A separate `kasir-cli emulator` process on a free port, accepting the Midtrans `key`.
 * Resolves to `{ base, stop }` once it printed its address.
 */
export async function startCliEmulator(key) {
  const emu = spawn(cliBinary(), ['emulator', '--port', '0'], {
    env: { ...process.env, MIDTRANS_SERVER_KEY: key },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const stop = () => emu.kill('SIGTERM');
  try {
    const first = await new Promise((resolve, reject) => {
      createInterface({ input: emu.stdout }).once('line', resolve);
      emu.once('exit', () => reject(new Error('kasir-cli emulator exited')));
    });
    return { base: JSON.parse(first).emulator, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

export function appBinary() {
  const bin = path.join(targetDir(), 'debug', 'kasir-alpiant');
  if (!existsSync(bin)) throw new Error(`app binary not found at ${bin}; run the tauri build first`);
  return bin;
}

/**
 * The pids of the app processes launched with this `dataHome` in their environment (each
 * launch has its own), found in /proc: WebKitWebDriver starts the app, so the harness never
 * holds its pid.
 */
function appProcesses(dataHome) {
  const bin = appBinary();
  const marker = `XDG_DATA_HOME=${dataHome}\0`;
  const pids = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== bin) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) pids.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/**
 * Wait until the app of this launch has exited. A closed session does not mean a gone app:
 * a restart that starts while the old till still has its window is sent to it (one till per
 * database) and never opens a window of its own. An app still there after `timeoutMs` is
 * described (its threads, the windows on the screen) in the returned text and killed, so the
 * next test starts clean; the caller writes the text into the launch's driver log, and the
 * runner fails the test (the till must end with its window: see `prepare_webview` in lib.rs).
 */
/** The app processes of this launch still there after up to `timeoutMs` (none: all gone). */
async function stillRunning(dataHome, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let alive = appProcesses(dataHome);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = appProcesses(dataHome);
  }
  return alive;
}

async function waitExited(dataHome, timeoutMs = 15_000) {
  const alive = await stillRunning(dataHome, timeoutMs);
  if (alive.length === 0) return '';
  const threads = alive.flatMap((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`).map((t) => {
        const read = (f) => readFileSync(`/proc/${pid}/task/${t}/${f}`, 'latin1').trim();
        return `${read('comm')}:${read('wchan')}`;
      });
    } catch {
      return [];
    }
  });
  let windows;
  try {
    windows = execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /Kasir|Layar|Pelanggan/.test(l))
      .map((l) => l.trim())
      .join(' | ');
  } catch {
    windows = '(xwininfo failed)';
  }
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  const note = `[harness] the app (pid ${alive.join(', ')}) was still running ${timeoutMs} ms after its session closed; killed. Threads: ${threads.join(' ')}. Windows: ${windows || '-'}`;
  console.log(`     ${note}`);
  // SIGKILL is not refused; its /proc entry goes once the kernel has reaped it.
  await stillRunning(dataHome, 5_000);
  return `\n${note}\n`;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Resolves once something listens on 127.0.0.1:`port`; throws after `timeoutMs`. */
export async function waitPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open`);
    await sleep(100);
  }
}

let xvfb = null;

export async function ensureDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  // Skip displays another X server (or a stale lock) holds; wait for the socket to appear.
  for (let n = 90; n < 130; n += 1) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const display = `:${n}`;
    const server = spawn('Xvfb', [display, '-screen', '0', '1366x820x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    let exited = false;
    server.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 5_000;
    while (!exited && !existsSync(`/tmp/.X11-unix/X${n}`) && Date.now() < deadline) {
      await sleep(50);
    }
    if (!exited && existsSync(`/tmp/.X11-unix/X${n}`)) {
      xvfb = server;
      process.env.DISPLAY = display;
      return display;
    }
    server.kill('SIGKILL');
  }
  throw new Error('no free X display for Xvfb');
}

export function stopDisplay() {
  if (xvfb) xvfb.kill('SIGTERM');
}

/**
 * The owner every launch signs in as. The PIN exists only here, for tests: the shipped app has
 * none, the owner is created before launch with `kasir-cli user create-owner` (PIN from the
 * environment) or on the first-run screen.
 */
export const OWNER_NAME = 'Pemilik';
export const OWNER_PIN = '135790';

const byTestId = (id) => `[data-testid="${id}"]`;

/** Create the owner in `db` (a new or existing database) unless a user already exists. */
export function createOwner(db, env = {}, name = OWNER_NAME, pin = OWNER_PIN) {
  execFileSync(cliBinary(), ['--db', db, 'user', 'create-owner', '--name', name, '--if-none'], {
    env: { ...process.env, ...env, KASIR_OWNER_PIN: pin },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * Sign in on the PIN pad (start-up, lock screen or switching cashier): pick `name`'s tile when
 * the pad offers tiles and it is not already picked, then tap the six digits (the pad submits
 * by itself) and wait for the pad to go.
 */
export async function signIn(session, name, pin) {
  await session.waitSettled(byTestId('pin-pad'), { timeoutMs: 30_000 });
  const tile = `${byTestId('pin-user')}[data-user-name="${name}"]`;
  const tiles = await session.findAll(tile);
  if (tiles.length > 0 && (await session.attribute(tiles[0], 'aria-pressed')) !== 'true') {
    await session.click(tiles[0]);
  }
  for (const digit of pin) await session.clickReady(byTestId(`pin-key-${digit}`));
  await session.waitGone(byTestId('pin-pad'), 15_000).catch(async (e) => {
    const err = await session.findAll(byTestId('pin-error'));
    throw new Error(`${e.message}; PIN pad says: ${err.length ? await session.text(err[0]) : '-'}`);
  });
}

/** Buka kasir on the checkout's "Buka Kasir" panel with `amount` rupiah of opening cash. */
export async function openShift(session, amount) {
  await session.waitSettled(byTestId('shift-open-panel'), { timeoutMs: 20_000 });
  const input = await session.find(byTestId('shift-opening-cash'));
  await session.cmd('POST', `/element/${input}/clear`, {});
  await session.type(input, String(amount));
  // The field shows the amount grouped as rupiah while it is typed.
  const shown = await session.execute('return arguments[0].value;', [
    { 'element-6066-11e4-a52e-4f735466cecf': input },
  ]);
  if (shown.replace(/\D/g, '') !== String(amount)) {
    throw new Error(`modal awal field shows "${shown}" after typing ${amount}`);
  }
  await session.clickReady(byTestId('shift-open-submit'));
  await session.waitGone(byTestId('shift-open-panel'), 15_000).catch(async (e) => {
    const err = await session.findAll(byTestId('shift-open-error'));
    throw new Error(`${e.message}; panel says: ${err.length ? await session.text(err[0]) : '-'}`);
  });
}

/**
 * Launch the app under tauri-driver with its own temp dir and database.
 * `env` is passed to the app (through tauri-driver and WebKitWebDriver, which inherit it).
 * By default the owner is created before launch, signs in on the PIN pad and opens a shift
 * (unless one is already open on the database, e.g. a restart), so the checkout is ready to
 * sell. `opts.firstRun`: no owner, the app shows its first-run screen and the test goes on from
 * there. `opts.noShift`: sign in but open no shift. `opts.openingCash`: the shift's modal awal.
 */
export async function launchApp(name, env = {}, opts = {}) {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), `kasir-e2e-${name}-`));
  // A restart passes the first launch's database in `env`.
  const db = env.KASIR_DB ?? path.join(dir, 'kasir.db');
  const driverLog = path.join(OUT, `${name}.tauri-driver.log`);
  const logChunks = [];
  const driverEnv = {
    ...process.env,
    KASIR_DB: db,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    ...env,
  };
  // The app would also create an owner from KASIR_OWNER_PIN in its own environment: only a
  // test that asks for it gets that.
  if (!('KASIR_OWNER_PIN' in env)) delete driverEnv.KASIR_OWNER_PIN;
  if (!opts.firstRun) createOwner(db, driverEnv);
  // Ports are picked free, then bound by tauri-driver and WebKitWebDriver a moment later; if
  // another process grabs one in between the session cannot start, so try again on new ports.
  let driver;
  let session;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const nativePort = await freePort();
    driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      env: driverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    driver.stdout.on('data', (c) => logChunks.push(c));
    driver.stderr.on('data', (c) => logChunks.push(c));
    try {
      await waitPort(port, 15_000);
      session = await Session.create(`http://127.0.0.1:${port}`, {
        alwaysMatch: { 'tauri:options': { application: appBinary() } },
      });
      break;
    } catch (error) {
      driver.kill('SIGTERM');
      logChunks.push(Buffer.from(`\n[harness] session attempt ${attempt} failed: ${error}\n`));
      if (attempt >= 3) {
        writeFileSync(driverLog, Buffer.concat(logChunks));
        throw error;
      }
      await sleep(500);
    }
  }
  const app = {
    name,
    closed: false,
    /** Set by close(): the app was still running 15 s after its session closed (and killed). */
    outlived: false,
    session,
    db,
    dir,
    async shot(file) {
      // WebKit may hand back the previous frame right after a change: let it paint first.
      await sleep(300);
      const png = await session.screenshot();
      const target = path.join(OUT, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, png);
      return target;
    },
    /** Whether the app process ends by itself within `timeoutMs` (nothing is killed). */
    async exitsWithin(timeoutMs) {
      return (await stillRunning(driverEnv.XDG_DATA_HOME, timeoutMs)).length === 0;
    },
    async close() {
      if (app.closed) return;
      // Keep the last screen: if the test is failing, the runner reports it.
      mkdirSync(LAST, { recursive: true });
      await capture(session, path.join(LAST, name));
      app.closed = true;
      await session.delete();
      driver.kill('SIGTERM');
      const survived = await waitExited(driverEnv.XDG_DATA_HOME);
      app.outlived = survived !== '';
      writeFileSync(driverLog, Buffer.concat([...logChunks, Buffer.from(survived)]));
    },
  };
  launched.push(app);
  if (opts.firstRun) {
    await session.waitFor(byTestId('first-run'), { timeoutMs: 30_000 });
    return app;
  }
  await signIn(session, OWNER_NAME, OWNER_PIN);
  if (opts.noShift) {
    await session.waitFor(`${byTestId('shift-open-panel')}, ${byTestId('product-search')}`);
    return app;
  }
  const [[open]] = sql(db, 'SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL');
  if (open === '0') await openShift(session, opts.openingCash ?? 0);
  // The window is ready to sell when React rendered the catalogue.
  await session.waitFor(byTestId('product-search'), { timeoutMs: 30_000 });
  return app;
}

/** Run SQL on the app's database file with the sqlite3 CLI; rows as arrays of strings. */
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-batch', '-separator', '|', db, query], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('|'));
}

/** Call the gateway emulator's control API (`/_emulator/...`); throws on a non-2xx reply. */
export async function emulatorControl(base, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json().catch(() => ({}));
}
