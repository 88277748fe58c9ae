// Issue 11 in the real window. A QRIS sale in Mode Demo, one line refunded by the owner from
// Laporan → history → the sale's detail (the amount checked against order_lines.charged), the
// built-in emulator completes it, the refund shows in the chain, Laporan's Pengembalian and Omzet
// bersih follow (computed from SQLite), the NOTA PENGEMBALIAN printed to the TCP test printer is
// decoded and checked, the stock came back. Then a cash sale refunded whole over IPC, the shift
// closed and its report's "Pengembalian tunai" line checked; a cashier's refund_order over IPC is
// refused (owner_pin_required). A second scenario: Cadangan → backup, the file on disk, inspect,
// restore, everyone signed out, sign in again.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  OUT,
  OWNER_NAME,
  OWNER_PIN,
  cliBinary,
  freePort,
  launchApp,
  signIn,
  sql,
} from './lib/harness.mjs';
import { setPrinterRows, startPrinter } from './lib/printer.mjs';
import { parseQris, qrOnScreen } from './lib/qris.mjs';
import {
  assertLines,
  byTestId,
  decodeJob,
  fill,
  rupiah,
  setValue,
  textOf,
  until,
  valueOf,
  waitContent,
} from './lib/ui.mjs';
import { sleep } from './lib/webdriver.mjs';

const ESC = '\uE00C';
const CASHIER = 'Rina';
/** Test data: the cashier's PIN, typed by the owner when adding her. */
const CASHIER_PIN = '802461';
const OPENING_CASH = 100_000;
const REASON = 'salah pesan';

const one = (db, q) => Number(sql(db, q)[0][0]);

/**
 * Tap a product card `times` times, brought to the middle first: the grid scrolls under its
 * sticky search bar and the last sale's "Lunas" note sits over its bottom row.
 */
async function tap(s, sku, times = 1) {
  const card = await s.waitFor(byTestId(`product-${sku}`));
  await s.execute("arguments[0].scrollIntoView({ block: 'center' });", [
    { 'element-6066-11e4-a52e-4f735466cecf': card },
  ]);
  await sleep(150);
  for (let i = 0; i < times; i += 1) await s.click(card);
  await s.waitFor(byTestId(`cart-line-${sku}`));
}

/** Two of MNM-003 and one CML-001 (names from the demo catalogue), paid by QRIS with the demo GoPay button. */
async function qrisSale(app) {
  const s = app.session;
  const prices = Object.fromEntries(
    sql(app.db, "SELECT sku, price FROM products WHERE sku IN ('MNM-003', 'CML-001')").map(
      ([sku, p]) => [sku, Number(p)],
    ),
  );
  const total = 2 * prices['MNM-003'] + prices['CML-001'];
  await tap(s, 'MNM-003', 2);
  await tap(s, 'CML-001');
  await s.waitFor(byTestId('cart-total'), { text: rupiah(total) });
  await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`));
  await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
  await s.waitFor(byTestId('qris-status'), { text: 'Menunggu pembayaran' });
  await s.waitSettled(byTestId('qris-image'));
  const { payload } = await qrOnScreen(s);
  assert.ok(payload, 'a QR code is readable on the screen');
  assert.equal(parseQris(payload).amount, total, 'QR carries the exact cart total');
  await s.clickReady(byTestId('demo-pay-gopay'));
  await s.waitFor(byTestId('qris-success'), { timeoutMs: 10_000 });
  await s.waitGone(byTestId('qris-modal'), 6_000);
  return total;
}

/**
 * A cash sale: tap Es Teh and Nasi Goreng, pay with Rp 50.000. (Scanning is checkout.e2e.mjs's
 * subject; here, right after a refund, the window is busy refetching and WebDriver's key
 * events can arrive further apart than a scanner's, so the items are tapped.)
 */
async function cashSale(s, db) {
  const [[teaPrice]] = sql(db, "SELECT price FROM products WHERE sku = 'MNM-001'");
  const [[ricePrice]] = sql(db, "SELECT price FROM products WHERE sku = 'MKN-001'");
  const total = Number(teaPrice) + Number(ricePrice);
  await tap(s, 'MNM-001');
  await s.waitFor(byTestId('cart-line-MNM-001'));
  await tap(s, 'MKN-001');
  await s.waitFor(byTestId('cart-line-MKN-001'));
  await s.waitFor(byTestId('cart-total'), { text: rupiah(total) });
  await s.click(await s.waitFor(`${byTestId('pay-cash')}:not([disabled])`));
  await s.waitSettled(byTestId('cash-dialog'));
  await s.clickReady(byTestId('cash-quick-50000'));
  await s.waitFor(byTestId('cash-change'), { text: rupiah(50_000 - total) });
  await s.clickReady(byTestId('cash-confirm'));
  await s.waitFor(byTestId('order-paid'), { text: rupiah(50_000 - total) });
  await s.clickReady(byTestId('order-new'));
  await s.waitGone(byTestId('order-paid'));
  return total;
}

/** Pengaturan → a section by its id. */
async function openSettings(s, section) {
  await s.clickReady(byTestId('tab-pengaturan'));
  await s.waitFor(byTestId('settings-page'));
  await s.clickReady(byTestId(`settings-section-${section}`));
}

export const tests = {
  async 'QRIS sale refunded by line as owner: dialog, chain, net omzet, NOTA PENGEMBALIAN, stock; cash refund in the close report; cashier refused'() {
    const cli = cliBinary();
    const printer = await startPrinter();
    const emuPort = await freePort();
    const app = await launchApp(
      'refunds',
      { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(emuPort) },
      { openingCash: OPENING_CASH },
    );
    const s = app.session;
    const db = app.db;
    try {
      setPrinterRows(db, printer.port);
      const [[tehId, stockBefore]] = sql(db, "SELECT id, stock FROM products WHERE sku = 'MNM-003'");

      // 1. The QRIS sale.
      const qrisTotal = await qrisSale(app);
      const [[orderId, orderNumber, status, method, storedTotal]] = sql(
        db,
        "SELECT id, number, status, payment_method, total FROM orders WHERE payment_method = 'qris'",
      );
      assert.deepEqual([status, method, Number(storedTotal)], ['paid', 'qris', qrisTotal]);
      const stockAfterSale = one(db, `SELECT stock FROM products WHERE id = ${tehId}`);
      assert.equal(stockAfterSale, Number(stockBefore) - 2, 'two of MNM-003 left the shelf');
      const [[lineId, lineName, lineQty, charged]] = sql(
        db,
        `SELECT id, name, qty, charged FROM order_lines WHERE order_id = ${orderId} AND sku = 'MNM-003'`,
      );
      assert.equal(lineQty, '2');
      assert.notEqual(charged, '', 'order_lines.charged is stored');
      // One of two: the line's share of what was paid, rounded down as plan_refund does.
      const refundAmount = Math.floor((Number(charged) * 1) / Number(lineQty));
      assert.ok(refundAmount > 0);
      // The receipt of the sale is printed first; wait for it so the slip is a later job.
      await printer.waitJob((j) => decodeJob(cli, j, 'refunds').includes(orderNumber), 15_000, 'the receipt');

      // 2. Laporan → history → the sale → Kembalikan.
      await s.clickReady(byTestId('tab-laporan'));
      const row = byTestId(`history-row-${orderId}`);
      await s.waitFor(row, { timeoutMs: 20_000 });
      // WebKitWebDriver finds a <tr> not interactable: click a cell of the row.
      await s.click(await s.find(`${row} td`));
      await s.waitSettled(byTestId('sale-detail'));
      await s.clickReady(byTestId('refund-open'));
      await s.waitSettled(byTestId('refund-dialog'));
      await s.waitFor(byTestId(`refund-qty-${lineId}`));
      await setValue(s, `refund-qty-${lineId}`, 1);
      await fill(s, 'refund-reason', REASON);
      await s.waitFor(byTestId('refund-amount'), { text: rupiah(refundAmount) });
      assert.equal(await valueOf(s, `refund-qty-${lineId}`), '1');
      await s.waitFor(`${byTestId('refund-submit')}:not([disabled])`);
      await app.shot('refunds-dialog.png');
      await s.clickReady(byTestId('refund-submit'));
      await s
        .waitFor(`${byTestId('refund-result')}[data-refund-status="succeeded"]`, { timeoutMs: 20_000 })
        .catch(async (e) => {
          throw new Error(`${e.message}; dialog says: ${await textOf(s, 'refund-dialog')}`);
        });
      await s.waitFor(`${byTestId('refund-row')}[data-refund-status="succeeded"]`, {
        text: REASON,
      });
      await sleep(400);
      await app.shot('refunds-result.png');
      const refunds = sql(db, `SELECT id, method, amount, status, reason, gateway_refund_id IS NOT NULL FROM refunds WHERE order_id = ${orderId}`);
      assert.equal(refunds.length, 1, 'one refund stored');
      const [refundId, rMethod, rAmount, rStatus, rReason, rGateway] = refunds[0];
      assert.deepEqual(
        [rMethod, Number(rAmount), rStatus, rReason, rGateway],
        ['qris', refundAmount, 'succeeded', REASON, '1'],
      );
      assert.deepEqual(
        sql(db, `SELECT order_line_id, qty, amount, restock FROM refund_lines WHERE refund_id = ${refundId}`),
        [[lineId, '1', String(refundAmount), '1']],
      );

      // The chain on the sale's detail, behind the dialog.
      await s.clickReady(byTestId('refund-done'));
      await s.waitGone(byTestId('refund-dialog'));
      await s.waitFor(`${byTestId('sale-detail')} ${byTestId('refund-row')}[data-refund-status="succeeded"]`);
      await s.waitFor(byTestId('sale-detail-refunded'), { text: rupiah(refundAmount) });
      await s.keys([ESC]);
      await s.waitGone(byTestId('sale-detail'));

      // 3. Laporan: bruto − refunds, from SQLite.
      const bruto = one(db, "SELECT COALESCE(SUM(total), 0) FROM orders WHERE status = 'paid'");
      const refunded = one(db, "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE status = 'succeeded'");
      assert.deepEqual([bruto, refunded], [qrisTotal, refundAmount]);
      await s.waitFor(byTestId('summary-refunds'), { text: `−${rupiah(refunded)}` });
      await s.waitFor(byTestId('summary-net-omzet'), { text: (t) => t.trim() === rupiah(bruto - refunded) });
      await s.waitFor(byTestId('card-omzet-value'), { text: rupiah(bruto) });
      await sleep(300);
      await app.shot('refunds-laporan.png');

      // 4. The NOTA PENGEMBALIAN at the TCP printer.
      const slipJob = await printer.waitJob(
        (j) => decodeJob(cli, j, 'refunds').includes('NOTA PENGEMBALIAN'),
        15_000,
        'the NOTA PENGEMBALIAN',
      );
      const slip = decodeJob(cli, slipJob, 'refunds');
      writeFileSync(path.join(OUT, 'refund-slip.txt'), slip);
      const lines = slip.split('\n');
      for (const l of lines) assert.ok(l.length <= 32, `wider than 58 mm: "${l}"`);
      assertLines(
        lines,
        [
          ['NOTA PENGEMBALIAN'],
          ['No', `#${refundId}`],
          ['Pesanan', orderNumber],
          ['Oleh', OWNER_NAME],
          [lineName],
          ['1 x', rupiah(-refundAmount)],
          ['TOTAL DIKEMBALIKAN', rupiah(refundAmount)],
          ['Dikembalikan', 'QRIS (ke aplikasi pembayar)'],
          [`Alasan: ${REASON}`],
        ],
        slip,
      );
      await until(
        () => sql(db, "SELECT status FROM print_jobs WHERE kind = 'refund'").map((r) => r[0]).join() === 'printed',
        'the refund slip job marked printed',
      );

      // 5. The returned item is back on the shelf (and in the stock ledger).
      await until(
        () => one(db, `SELECT stock FROM products WHERE id = ${tehId}`) === stockAfterSale + 1,
        'the refunded item back in stock',
      );

      // 6. A cash sale refunded whole over IPC (the owner's window).
      await s.clickReady(byTestId('tab-kasir'));
      await s.waitFor(byTestId('product-search'));
      const cashTotal = await cashSale(s, db);
      const [[cashOrderId, cashNumber]] = sql(db, "SELECT id, number FROM orders WHERE payment_method = 'cash'");
      const cashLines = sql(db, `SELECT id, qty FROM order_lines WHERE order_id = ${cashOrderId} ORDER BY id`);
      const stockCash = Object.fromEntries(
        sql(db, "SELECT sku, stock FROM products WHERE sku IN ('MNM-001', 'MKN-001')").map(([k, v]) => [k, Number(v)]),
      );
      const reply = await s.invoke('refund_order', {
        req: {
          orderId: Number(cashOrderId),
          lines: cashLines.map(([id, qty]) => ({ orderLineId: Number(id), qty: Number(qty), restock: true })),
          reason: 'pelanggan batal',
          toCash: false,
          replacesRefundId: null,
        },
      });
      assert.equal(reply.ok, true, `refund_order as the owner: ${JSON.stringify(reply)}`);
      assert.equal(reply.value.status, 'succeeded');
      assert.equal(reply.value.method, 'cash');
      assert.equal(reply.value.amount, cashTotal, 'a whole refund gives back the whole total');
      assert.deepEqual(
        sql(db, `SELECT method, amount, status FROM refunds WHERE order_id = ${cashOrderId}`),
        [['cash', String(cashTotal), 'succeeded']],
      );
      const cashSlip = decodeJob(
        cli,
        await printer.waitJob(
          (j) => {
            const t = decodeJob(cli, j, 'refunds');
            return t.includes('NOTA PENGEMBALIAN') && t.includes(cashNumber);
          },
          15_000,
          'the cash NOTA PENGEMBALIAN',
        ),
        'refunds',
      );
      assertLines(
        cashSlip.split('\n'),
        [['NOTA PENGEMBALIAN'], ['Pesanan', cashNumber], ['TOTAL DIKEMBALIKAN', rupiah(cashTotal)], ['Dikembalikan', 'Tunai']],
        cashSlip,
      );
      const stockCashAfter = Object.fromEntries(
        sql(db, "SELECT sku, stock FROM products WHERE sku IN ('MNM-001', 'MKN-001')").map(([k, v]) => [k, Number(v)]),
      );
      assert.deepEqual(stockCashAfter, { 'MNM-001': stockCash['MNM-001'] + 1, 'MKN-001': stockCash['MKN-001'] + 1 });

      // 7. Tutup kasir: expected = modal + cash sales − cash refunds (the QRIS refund is not cash).
      const [[shiftId]] = sql(db, 'SELECT id FROM shifts WHERE closed_at IS NULL');
      const expected = OPENING_CASH + cashTotal - cashTotal;
      await s.clickReady(byTestId('shift-close-button')).catch(async (e) => {
        if (!/intercepted/.test(e.message)) throw e;
        // Product bug (header since 6ff05fd): at the app's 1280 px window with a shift open in
        // Mode Demo, the squeezed shift buttons sit under the Mode Demo badge, so a real click
        // on "Tutup Kasir" lands on the badge. Reported; pressed through the DOM here.
        console.log('     note: "Tutup Kasir" is covered by the Mode Demo badge; clicked through the DOM');
        await s.execute("document.querySelector('[data-testid=\"shift-close-button\"]').click();");
      });
      await s.waitSettled(byTestId('shift-close-dialog'));
      await fill(s, 'denom-100000', '1');
      await s.waitFor(byTestId('shift-close-counted'), { text: rupiah(expected) });
      await s.clickReady(byTestId('shift-close-submit'));
      await s.waitFor(byTestId('shift-close-report'), { timeoutMs: 15_000 }).catch(async (e) => {
        throw new Error(`${e.message}; dialog says: ${await textOf(s, 'shift-close-error')}`);
      });
      assert.equal(one(db, `SELECT expected_cash FROM shifts WHERE id = ${shiftId}`), expected);
      const report = decodeJob(
        cli,
        await printer.waitJob((j) => decodeJob(cli, j, 'refunds').includes('TUTUP KASIR'), 15_000, 'the close report'),
        'refunds',
      );
      writeFileSync(path.join(OUT, 'refunds-close-report.txt'), report);
      assertLines(
        report.split('\n'),
        [
          ['TUTUP KASIR'],
          ['Modal awal', rupiah(OPENING_CASH)],
          ['Penjualan tunai (1)', rupiah(cashTotal)],
          ['Pengembalian tunai', rupiah(-cashTotal)],
          ['Kas masuk', rupiah(0)],
          ['Kas keluar', rupiah(0)],
          ['Seharusnya', rupiah(expected)],
          ['Dihitung', rupiah(expected)],
        ],
        report,
      );
      await s.clickReady(byTestId('shift-report-done'));
      await s.waitGone(byTestId('shift-close-report'));

      // 8. A cashier calling refund_order straight over IPC is refused, nothing written.
      await openSettings(s, 'pengguna');
      await s.waitFor(byTestId('users-panel'));
      await fill(s, 'user-add-name', CASHIER);
      await setValue(s, 'user-add-role', 'cashier');
      await fill(s, 'user-add-pin', CASHIER_PIN);
      await s.clickReady(byTestId('user-add-submit'));
      await s.waitFor(`${byTestId('user-row')}[data-user-name="${CASHIER}"]`).catch(async (e) => {
        throw new Error(`${e.message}; form says: ${await textOf(s, 'user-add-error')}`);
      });
      await s.clickReady(byTestId('lock-button'));
      await signIn(s, CASHIER, CASHIER_PIN);
      // textContent: WebKitWebDriver reads the truncating name chip as empty text.
      await waitContent(s, byTestId('session-user'), CASHIER);
      const refundsBefore = sql(db, 'SELECT id, order_id, method, amount, status FROM refunds ORDER BY id');
      const [[otherLine]] = sql(db, `SELECT id FROM order_lines WHERE order_id = ${orderId} AND sku = 'CML-001'`);
      for (const toCash of [false, true]) {
        const sneaky = await s.invoke('refund_order', {
          req: {
            orderId: Number(orderId),
            lines: [{ orderLineId: Number(otherLine), qty: 1, restock: true }],
            reason: 'coba-coba',
            toCash,
            replacesRefundId: null,
          },
        });
        assert.equal(sneaky.ok, false, `refund_order as a cashier must fail: ${JSON.stringify(sneaky)}`);
        assert.equal(sneaky.rejection?.kind, 'owner_pin_required', JSON.stringify(sneaky.rejection));
      }
      assert.deepEqual(
        sql(db, 'SELECT id, order_id, method, amount, status FROM refunds ORDER BY id'),
        refundsBefore,
        'the refused calls wrote no refund',
      );
    } finally {
      await app.close();
      printer.close();
    }
  },

  async 'Cadangan: backup now, file on disk, inspect, restore, everyone signed out'() {
    const app = await launchApp('backups');
    const s = app.session;
    const db = app.db;
    try {
      const SHOP = 'Warung Uji Cadangan';
      sql(
        db,
        `INSERT INTO settings (key, value) VALUES ('shop_name', '${SHOP}')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      );
      await cashSale(s, db);
      const ordersAtBackup = one(db, 'SELECT COUNT(*) FROM orders');

      await openSettings(s, 'cadangan');
      await s.waitFor(byTestId('backup-panel'));
      const dir = await until(() => valueOf(s, 'backup-dir'), 'the backup folder is shown');
      const rowsBefore = (await s.findAll(byTestId('backup-row'))).length;
      await s.clickReady(byTestId('backup-now'));
      const result = await s.waitFor(byTestId('backup-now-result'), { text: 'Cadangan tersimpan', timeoutMs: 20_000 });
      await until(async () => (await s.findAll(byTestId('backup-row'))).length === rowsBefore + 1, 'a backup row');
      const okRows = await s.findAll(`${byTestId('backup-row')}[data-backup-ok="true"]`);
      assert.ok(okRows.length >= 1, 'the backup is OK');
      const file = (await s.text(result)).replace(/^.*?\):\s*/, '').trim();
      assert.ok(file.startsWith(dir), `the backup (${file}) is in the folder shown (${dir})`);
      assert.ok(existsSync(file) && statSync(file).size > 0, `backup file on disk: ${file}`);
      assert.ok(readdirSync(dir).includes(path.basename(file)), 'listed in the backup folder');
      assert.equal(
        sql(file, 'PRAGMA integrity_check')[0][0],
        'ok',
        'the backup passes integrity_check',
      );
      await sleep(300);
      await app.shot('backups-panel.png');

      // A change after the backup, which the restore takes away.
      sql(db, "UPDATE settings SET value = 'Nama Setelah Cadangan' WHERE key = 'shop_name'");
      sql(db, "UPDATE products SET price = price + 1 WHERE sku = 'MNM-001'");
      const [[priceAfter]] = sql(db, "SELECT price FROM products WHERE sku = 'MNM-001'");

      await fill(s, 'backup-restore-path', file);
      await s.clickReady(byTestId('backup-inspect'));
      await s.waitFor(byTestId('backup-info'), { timeoutMs: 15_000 }).catch(async (e) => {
        throw new Error(`${e.message}; says: ${await textOf(s, 'backup-inspect-error')}`);
      });
      await s.waitFor(byTestId('backup-info-shop'), { text: SHOP });
      await s.waitFor(byTestId('backup-info-orders'), { text: String(ordersAtBackup) });
      await sleep(300);
      await app.shot('backups-inspect.png');
      await s.clickReady(byTestId('backup-restore-confirm'));
      await s.waitFor(byTestId('backup-restore-done'), { timeoutMs: 30_000 }).catch(async (e) => {
        throw new Error(`${e.message}; says: ${await textOf(s, 'backup-restore-error')}`);
      });
      const safety = await s.text(await s.find(byTestId('backup-restore-safety')));
      const safetyPath = safety.replace(/^.* di /, '').trim();
      assert.ok(existsSync(safetyPath), `the safety copy exists: ${safetyPath}`);
      // Everyone is signed out.
      await s.waitFor(byTestId('pin-pad'), { timeoutMs: 15_000 });
      await sleep(300);
      await app.shot('backups-restored.png');
      assert.equal(sql(db, "SELECT value FROM settings WHERE key = 'shop_name'")[0][0], SHOP);
      assert.equal(
        Number(sql(db, "SELECT price FROM products WHERE sku = 'MNM-001'")[0][0]),
        Number(priceAfter) - 1,
        'the change made after the backup is gone',
      );
      assert.equal(one(db, 'SELECT COUNT(*) FROM orders'), ordersAtBackup);
      assert.equal(sql(safetyPath, "SELECT value FROM settings WHERE key = 'shop_name'")[0][0], 'Nama Setelah Cadangan');

      await signIn(s, OWNER_NAME, OWNER_PIN);
      await waitContent(s, byTestId('session-user'), OWNER_NAME);
    } finally {
      await app.close();
    }
  },
};
