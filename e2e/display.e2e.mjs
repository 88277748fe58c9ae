// The customer display ("Layar Pelanggan") in the real app: opened from the header, it shows the
// cart as it is built, then the QRIS code of the sale, which decodes (read off a photograph of
// its window on the X screen) to the order total Rust computed, then the green check. The app
// makes that window itself, so WebDriver's screenshot cannot see it: `import` (ImageMagick)
// photographs it by its title, `zbarimg` reads the QR.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { OUT, OWNER_NAME, OWNER_PIN, freePort, launchApp, signIn, sql } from './lib/harness.mjs';
import { parseQris } from './lib/qris.mjs';
import { byTestId, fill, rupiah, until } from './lib/ui.mjs';
import { sleep } from './lib/webdriver.mjs';

const TITLE = 'Layar Pelanggan';
const PROMO = 'Es teh gratis setiap Jumat';
const SHOTS = path.join(OUT, 'display');

/** Photograph the display window (by its title) off the X screen into `name`. */
function photograph(name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  execFileSync('import', ['-window', TITLE, file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
  return file;
}

/** Every QR payload zbarimg finds in the picture (none: []). */
function qrPayloads(file) {
  try {
    const out = execFileSync('zbarimg', ['--raw', '--quiet', '-Sdisable', '-Sqrcode.enable', file], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    return out.split('\n').filter((l) => l.length > 0);
  } catch {
    return []; // exit 4: no symbol found
  }
}

/** Share of the picture's pixels in the SuccessCheck's green (#16a34a), 0..1. */
function greenShare(file) {
  const img = PNG.sync.read(readFileSync(file));
  let green = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    if (Math.abs(r - 0x16) < 24 && Math.abs(g - 0xa3) < 24 && Math.abs(b - 0x4a) < 24) green += 1;
  }
  return green / (img.width * img.height);
}

/** The display's page text, read through WebDriver on its own window. */
async function displayText(s, mainHandle, displayHandle) {
  await s.cmd('POST', '/window', { handle: displayHandle });
  try {
    const root = await s.waitFor(byTestId('display-root'), { timeoutMs: 5_000 });
    // textContent: WebDriver's element text leaves out the truncated line names.
    const text = await s.execute('return arguments[0].textContent;', [
      { 'element-6066-11e4-a52e-4f735466cecf': root },
    ]);
    return { phase: await s.attribute(root, 'data-phase'), text };
  } finally {
    await s.cmd('POST', '/window', { handle: mainHandle });
  }
}

/** The display's WebDriver window handle, once it is among the session's windows. */
async function displayHandleOf(s, mainHandle) {
  const handles = await until(async () => {
    const all = await s.cmd('GET', '/window/handles');
    return all.length >= 2 ? all : null;
  }, 'the display window among the WebDriver windows');
  return handles.find((h) => h !== mainHandle);
}

/** The page closes itself once the script has answered (the answer would go with the page). */
const CLOSE_PAGE = 'setTimeout(() => window.close(), 0); return true;';

export const tests = {
  async 'the customer display shows the cart, a QR that decodes to the order total, then the check'() {
    const port = await freePort();
    const app = await launchApp('display', { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(port) });
    const s = app.session;
    try {
      const mainHandle = await s.cmd('GET', '/window');
      // The owner's promo text for the idle screen (Pengaturan → Toko & Waktu).
      await s.clickReady(byTestId('tab-pengaturan'));
      await s.clickReady(byTestId('settings-section-toko'));
      await fill(s, 'display-promo-input', PROMO);
      await s.clickReady(byTestId('display-promo-save'));
      await until(
        () => sql(app.db, "SELECT value FROM settings WHERE key = 'display.promo_text'")[0]?.[0] === PROMO,
        'the promo text stored',
      );
      await s.clickReady(byTestId('tab-kasir'));
      // Open it from the header (fullscreen by default; the only monitor).
      await s.clickReady(byTestId('display-toggle'));
      await s.waitSettled(byTestId('display-menu'));
      await s.clickReady(byTestId('display-open'));
      await s.waitFor(`${byTestId('display-toggle')}[data-open="true"]`, { timeoutMs: 15_000 });
      await s.waitGone(byTestId('display-menu'));
      await sleep(500);
      await app.shot('display/till-header.png');
      const [[saved]] = sql(app.db, "SELECT value FROM settings WHERE key = 'display.window.KASIR-1'");
      assert.equal(JSON.parse(saved).open, true, 'remembered open for this till');

      const displayHandle = await displayHandleOf(s, mainHandle);

      const idle = await until(async () => {
        const t = await displayText(s, mainHandle, displayHandle);
        return t.phase === 'idle' ? t : null;
      }, 'the idle screen');
      assert.ok(idle.text.includes(PROMO), `the promo text on the idle screen: ${idle.text}`);
      photograph('display-idle.png');

      // The cart as it is built, priced by Rust.
      await s.click(await s.waitFor(byTestId('product-MNM-003')));
      await s.click(await s.waitFor(byTestId('product-CML-001')));
      await s.waitFor(byTestId('cart-total'), { text: rupiah(28_000) });
      const [[teaName], [snackName]] = sql(
        app.db,
        "SELECT name FROM products WHERE sku IN ('MNM-003', 'CML-001') ORDER BY sku = 'CML-001'",
      );
      const cart = await until(async () => {
        const t = await displayText(s, mainHandle, displayHandle);
        return t.phase === 'cart' && t.text.includes(rupiah(28_000)) ? t : null;
      }, 'the cart on the display');
      await sleep(500);
      const cartShot = photograph('display-cart.png');
      assert.ok(cart.text.includes(teaName) && cart.text.includes(snackName), `both lines shown: ${cart.text}`);
      assert.deepEqual(qrPayloads(cartShot), [], 'no QR while the cart is being built');

      // QRIS in Mode Demo: the display shows the QR at full height.
      await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`));
      await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
      await s.waitSettled(byTestId('qris-image')); // the modal's pop-in is over
      const shownAmount = await s.text(
        await s.waitFor(byTestId('qris-amount'), { text: (t) => t.startsWith('Rp') }),
      );
      let payload = null;
      let qrShot = null;
      await until(async () => {
        qrShot = photograph('display-qris.png');
        [payload] = qrPayloads(qrShot);
        return payload ?? null;
      }, 'a readable QR on the display window', 20_000);
      await app.shot('display/till-qris.png');
      const [[orderTotal, attemptAmount, stored]] = sql(
        app.db,
        "SELECT o.total, a.amount, a.qr_string FROM orders o JOIN payment_attempts a ON a.order_id = o.id WHERE a.status = 'pending'",
      );
      const qris = parseQris(payload);
      assert.equal(qris.amount, Number(orderTotal), 'tag 54 of the QR on the display is the order total Rust computed');
      assert.equal(qris.amount, Number(attemptAmount), 'and the amount the gateway was charged');
      assert.equal(rupiah(qris.amount), shownAmount, 'and the amount on the till');
      assert.equal(payload, stored, 'the display shows the payload the gateway returned');
      const qrView = await displayText(s, mainHandle, displayHandle);
      assert.equal(qrView.phase, 'qris');
      assert.ok(qrView.text.includes(rupiah(qris.amount)), `amount on the display: ${qrView.text}`);
      assert.match(qrView.text, /\d\d:\d\d/, 'a countdown');
      const qrHeight = await (async () => {
        await s.cmd('POST', '/window', { handle: displayHandle });
        try {
          return await s.execute(
            "const r = document.querySelector('[data-testid=\"display-qr\"]').getBoundingClientRect(); return [r.height, window.innerHeight];",
          );
        } finally {
          await s.cmd('POST', '/window', { handle: mainHandle });
        }
      })();
      assert.ok(qrHeight[0] >= qrHeight[1] * 0.6, `the QR takes most of the window's height (${qrHeight})`);

      // The customer pays (Mode Demo): the green check on the display.
      await s.clickReady(byTestId('demo-pay-gopay'));
      await s.waitFor(byTestId('qris-success'), { timeoutMs: 15_000 });
      const paid = await until(async () => {
        const t = await displayText(s, mainHandle, displayHandle);
        return t.phase === 'paid' ? t : null;
      }, 'the paid screen', 10_000);
      assert.match(paid.text, /Terima kasih/);
      assert.ok(paid.text.includes(rupiah(Number(orderTotal))), paid.text);
      await sleep(900); // the check's draw animation
      const paidShot = photograph('display-paid.png');
      assert.ok(greenShare(paidShot) > 0.01, 'the green check is painted on the display');
      assert.deepEqual(qrPayloads(paidShot), [], 'the QR is gone once paid');

      // A few seconds later: the idle screen again, and the cart is not shown again.
      await until(async () => {
        const t = await displayText(s, mainHandle, displayHandle);
        return t.phase === 'idle' ? t : null;
      }, 'idle after Terima kasih', 15_000);

      // The next cart, then the till locked: the display goes idle at once (nobody is selling),
      // and shows the cart again when the PIN opens the till.
      await s.click(await s.waitFor(byTestId('product-MNM-003')));
      await until(async () => (await displayText(s, mainHandle, displayHandle)).phase === 'cart', 'the next cart');
      await s.clickReady(byTestId('lock-button'));
      await until(
        async () => (await displayText(s, mainHandle, displayHandle)).phase === 'idle',
        'idle while the till is locked',
        5_000,
      );
      await signIn(s, OWNER_NAME, OWNER_PIN);
      await until(
        async () => (await displayText(s, mainHandle, displayHandle)).phase === 'cart',
        'the cart again once unlocked',
        5_000,
      );

      // Closing it from the header remembers it closed.
      await s.clickReady(byTestId('display-toggle'));
      await s.clickReady(byTestId('display-close'));
      await s.waitFor(`${byTestId('display-toggle')}[data-open="false"]`);
      const [[closed]] = sql(app.db, "SELECT value FROM settings WHERE key = 'display.window.KASIR-1'");
      assert.equal(JSON.parse(closed).open, false, 'remembered closed');
    } finally {
      await app.close();
    }
  },

  async 'a display left open opens again when the till starts'() {
    const first = await launchApp('display-reopen');
    try {
      await first.session.clickReady(byTestId('display-toggle'));
      await first.session.clickReady(byTestId('display-open'));
      await first.session.waitFor(`${byTestId('display-toggle')}[data-open="true"]`);
    } finally {
      // The till goes away with its display open.
      await first.close();
    }
    const again = await launchApp('display-reopen-2', { KASIR_DB: first.db });
    const s = again.session;
    try {
      await until(async () => (await s.cmd('GET', '/window/handles')).length >= 2, 'the display opened at start');
      await s.waitFor(`${byTestId('display-toggle')}[data-open="true"]`);
      const shot = photograph('display-reopened.png');
      assert.deepEqual(qrPayloads(shot), [], 'nothing to pay on a fresh start');
    } finally {
      await again.close();
    }
  },

  async 'a page closed by WebKit takes its window with it, and the till its app'() {
    // WebKit closes a page on the page's window.close() and when a WebDriver session ends; wry
    // then destroys only the view, and the window used to stay open, empty, the app running.
    const app = await launchApp('display-page-closed');
    const s = app.session;
    try {
      const mainHandle = await s.cmd('GET', '/window');
      await s.clickReady(byTestId('display-toggle'));
      await s.clickReady(byTestId('display-open'));
      await s.waitFor(`${byTestId('display-toggle')}[data-open="true"]`);
      const displayHandle = await displayHandleOf(s, mainHandle);
      await s.cmd('POST', '/window', { handle: displayHandle });
      await s.execute(CLOSE_PAGE);
      await s.cmd('POST', '/window', { handle: mainHandle });
      // The display's window is gone, the till sells on.
      await until(
        async () => (await s.cmd('GET', '/window/handles')).length === 1,
        'the display window gone',
      );
      assert.deepEqual(await s.cmd('GET', '/window/handles'), [mainHandle], 'only the till is left');
      await s.clickReady(byTestId('display-toggle'));
      await s.waitFor(`${byTestId('display-toggle')}[data-open="false"]`);

      await s.execute(CLOSE_PAGE);
      assert.ok(await app.exitsWithin(10_000), 'the till exits with its page');
    } finally {
      await app.close();
    }
  },
};
