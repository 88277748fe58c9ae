// Starts what an end-to-end scenario needs: an X display (Xvfb when none), tauri-driver (which
// drives WebKitWebDriver), and the real app binary with a fresh database.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

async function waitPort(port, timeoutMs) {
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
 * Launch the app under tauri-driver with its own temp dir and database.
 * `env` is passed to the app (through tauri-driver and WebKitWebDriver, which inherit it).
 */
export async function launchApp(name, env = {}) {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), `kasir-e2e-${name}-`));
  const db = path.join(dir, 'kasir.db');
  const driverLog = path.join(OUT, `${name}.tauri-driver.log`);
  const logChunks = [];
  const driverEnv = {
    ...process.env,
    KASIR_DB: db,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    ...env,
  };
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
      if (attempt >= 3) throw error;
      await sleep(500);
    }
  }
  // The window is up when React rendered the catalogue.
  const app = {
    name,
    closed: false,
    session,
    db,
    dir,
    async shot(file) {
      // WebKit may hand back the previous frame right after a change: let it paint first.
      await sleep(300);
      const png = await session.screenshot();
      const target = path.join(OUT, file);
      writeFileSync(target, png);
      return target;
    },
    async close() {
      if (app.closed) return;
      // Keep the last screen: if the test is failing, the runner reports it.
      mkdirSync(LAST, { recursive: true });
      await capture(session, path.join(LAST, name));
      app.closed = true;
      await session.delete();
      driver.kill('SIGTERM');
      await sleep(300);
      writeFileSync(driverLog, Buffer.concat(logChunks));
    },
  };
  launched.push(app);
  await session.waitFor('[data-testid="product-search"]', { timeoutMs: 30_000 });
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
