// Who is at the till, in the real window (issue 10): first run → the owner adds cashier Rina in
// Pengaturan → Pengguna → Kunci → Rina signs in on the PIN pad → buka kasir with Rp 200.000 → a
// cash sale and a QRIS sale (Mode Demo) → kas keluar Rp 20.000 "beli es batu" → tutup kasir
// counted by denomination → the close report the TCP test printer received is decoded and
// checked line by line against figures computed from the SQLite file → the owner signs in and
// sees the shift and its difference in Laporan. On the way, Rina calls an owner-only command
// straight over IPC and is refused with `owner_pin_required`, and nothing is written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  OUT,
  OWNER_NAME,
  OWNER_PIN,
  cliBinary,
  freePort,
  launchApp,
  openShift,
  signIn,
  sql,
} from './lib/harness.mjs';
import { decode, setPrinterRows, startPrinter } from './lib/printer.mjs';
import { parseQris, qrOnScreen } from './lib/qris.mjs';
import { ENTER, sleep } from './lib/webdriver.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;
const rupiah = (n) => `${n < 0 ? '-' : ''}Rp ${Math.abs(n).toLocaleString('de-DE')}`;
const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SHOP = 'Warung Uji Shift';
const CASHIER = 'Rina';
/** Test data: the cashier's PIN, typed by the owner when adding her. */
const CASHIER_PIN = '802461';
const OPENING_CASH = 200_000;
const CASH_OUT = 20_000;
const CASH_OUT_REASON = 'beli es batu';
/** The drawer as counted at the close: Rp 209.500. */
const COUNTED = { 100000: 2, 5000: 1, 2000: 2, 500: 1 };
const CLOSE_NOTE = 'receh kurang';

/** The text of an error element when it is shown ('-' when not), for failure messages. */
async function textOf(s, id) {
  const els = await s.findAll(byTestId(id)).catch(() => []);
  return els.length ? s.text(els[0]) : '-';
}

/**
 * Type into a field at a person's pace. The checkout's barcode-scanner hook listens on the whole
 * window (also under the Kas Masuk/Keluar and Tutup Kasir dialogs) and keeps keys closer than
 * 50 ms out of the focused field as a scan, so WebDriver's burst would lose all but the first.
 */
async function fill(s, id, value) {
  const el = await s.waitFor(byTestId(id));
  await s.cmd('POST', `/element/${el}/clear`, {});
  for (const ch of value) {
    await s.type(el, ch);
    await sleep(80);
  }
}

/** Set a React-controlled <select> (WebDriver cannot pick an option of a styled select). */
async function choose(s, id, value) {
  const ok = await s.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]');
     if (!el) return false;
     const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
     setter.call(el, arguments[1]);
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return el.value === arguments[1];`,
    [id, value],
  );
  assert.ok(ok, `select ${id} has the option ${value}`);
}

/** Pengaturan → Pengguna (the section button by its id, or by its label). */
async function openUsers(s) {
  await s.clickReady(byTestId('tab-pengaturan'));
  await s.waitFor(byTestId('settings-page'));
  const byId = await s.findAll(byTestId('settings-section-pengguna'));
  if (byId.length > 0) {
    await s.click(byId[0]);
  } else {
    const clicked = await s.execute(`
      const b = [...document.querySelectorAll('[data-testid="settings-page"] button')]
        .find((e) => e.textContent.trim() === 'Pengguna');
      if (b) b.click();
      return Boolean(b);`);
    assert.ok(clicked, 'Pengaturan has a "Pengguna" section');
  }
  await s.waitFor(byTestId('users-panel'));
}

/** The cash flow of checkout.e2e.mjs: tap Es Teh, scan Nasi Goreng, pay with Rp 50.000. */
async function cashSale(s, db) {
  const [[teaPrice]] = sql(db, "SELECT price FROM products WHERE sku = 'MNM-001'");
  const [[ricePrice, riceBarcode]] = sql(
    db,
    "SELECT price, barcode FROM products WHERE sku = 'MKN-001'",
  );
  const total = Number(teaPrice) + Number(ricePrice);
  await s.click(await s.waitFor(byTestId('product-MNM-001')));
  await s.waitFor(byTestId('cart-line-MNM-001'));
  await s.keys([...riceBarcode, ENTER]);
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

/** The QRIS flow of qris.e2e.mjs in Mode Demo: QR read off the screen, paid with GoPay. */
async function qrisSale(app) {
  const s = app.session;
  await s.click(await s.waitFor(byTestId('product-MNM-003')));
  await s.click(await s.waitFor(byTestId('product-CML-001')));
  await s.waitFor(byTestId('cart-total'), { text: rupiah(28_000) });
  await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`));
  await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
  await s.waitFor(byTestId('qris-status'), { text: 'Menunggu pembayaran' });
  await s.waitSettled(byTestId('qris-image'));
  const { payload } = await qrOnScreen(s);
  assert.ok(payload, 'a QR code is readable on the screen');
  assert.equal(parseQris(payload).amount, 28_000, 'QR carries the exact cart total');
  await s.clickReady(byTestId('demo-pay-gopay'));
  await s.waitFor(byTestId('qris-success'), { timeoutMs: 10_000 });
  await s.waitGone(byTestId('qris-modal'), 6_000);
  return 28_000;
}

/**
 * Each `[label, value]` is printed as `label … value` on one line (or, when both do not fit the
 * paper, the label on one line and the value right-aligned on the next), in this order;
 * `[text]` is a line of its own.
 */
function assertLines(lines, expected, text) {
  let from = 0;
  for (const [label, value] of expected) {
    const oneLine =
      value === undefined
        ? new RegExp(`^${escape(label)}$`)
        : new RegExp(`^${escape(label)} +${escape(value)}$`);
    const at = lines.findIndex(
      (l, i) =>
        i >= from &&
        (oneLine.test(l.trim()) ||
          (value !== undefined && l.trim() === label && lines[i + 1]?.trim() === value)),
    );
    const what = `${label}${value === undefined ? '' : ` … ${value}`}`;
    assert.ok(at >= 0, `line "${what}" (after line ${from}) in:\n${text}`);
    from = at + (oneLine.test(lines[at].trim()) ? 1 : 2);
  }
}

/** As the slip prints a time: 02/12/2026 13:22 WIB (the shop's default zone, Asia/Jakarta). */
function wib(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Jakarta',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute} WIB`;
}

export const tests = {
  async 'first run, cashier PIN sign-in, shift with cash+QRIS+kas keluar, close report printed and in Laporan'() {
    const cli = cliBinary();
    const printer = await startPrinter();
    const emuPort = await freePort();
    const app = await launchApp(
      'shifts',
      { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(emuPort) },
      { firstRun: true },
    );
    const s = app.session;
    const db = app.db;
    try {
      // First run: shop, owner, PIN twice.
      assert.equal(sql(db, 'SELECT COUNT(*) FROM users')[0][0], '0', 'no user before first run');
      await s.waitSettled(byTestId('first-run'));
      await fill(s, 'first-run-shop', SHOP);
      await fill(s, 'first-run-owner', OWNER_NAME);
      await fill(s, 'first-run-pin', OWNER_PIN);
      await fill(s, 'first-run-pin-confirm', OWNER_PIN);
      await s.clickReady(byTestId('first-run-submit'));
      await s.waitGone(byTestId('first-run'), 15_000).catch(async (e) => {
        throw new Error(`${e.message}; form says: ${await textOf(s, 'first-run-error')}`);
      });
      await s.waitFor(byTestId('session-user'), { text: OWNER_NAME });
      assert.deepEqual(sql(db, 'SELECT name, role, active FROM users'), [[OWNER_NAME, 'owner', '1']]);
      const [[pinHash]] = sql(db, 'SELECT pin_hash FROM users');
      assert.match(pinHash, /^\$argon2id\$/, 'the PIN is stored as an argon2id hash');
      assert.ok(!pinHash.includes(OWNER_PIN));
      setPrinterRows(db, printer.port);

      // The owner adds cashier Rina.
      await openUsers(s);
      await fill(s, 'user-add-name', CASHIER);
      await choose(s, 'user-add-role', 'cashier');
      await fill(s, 'user-add-pin', CASHIER_PIN);
      await s.clickReady(byTestId('user-add-submit'));
      await s.waitFor(`${byTestId('user-row')}[data-user-name="${CASHIER}"]`).catch(async (e) => {
        throw new Error(`${e.message}; form says: ${await textOf(s, 'user-add-error')}`);
      });
      const [[rinaId, rinaRole, rinaActive]] = sql(
        db,
        `SELECT id, role, active FROM users WHERE name = '${CASHIER}'`,
      );
      assert.deepEqual([rinaRole, rinaActive], ['cashier', '1']);

      // Kunci: the PIN pad offers both users; Rina signs in.
      await s.clickReady(byTestId('lock-button'));
      await s.waitSettled(byTestId('pin-pad'));
      await s.waitFor(`${byTestId('pin-user')}[data-user-name="${CASHIER}"]`);
      await s.waitFor(`${byTestId('pin-user')}[data-user-name="${OWNER_NAME}"]`);
      await app.shot('shifts-pin-pad.png');
      await signIn(s, CASHIER, CASHIER_PIN);
      await s.waitFor(byTestId('session-user'), { text: `${CASHIER} · Kasir` });

      // A cashier calling an owner-only command straight over IPC is refused, nothing written.
      const productsBefore = sql(db, 'SELECT id, sku, name, price, stock, active FROM products ORDER BY id');
      const [[teaId]] = sql(db, "SELECT id FROM products WHERE sku = 'MNM-001'");
      const sneaky = [
        { id: null, sku: 'E2E-SELUNDUP', barcode: null, name: 'Barang Selundupan', categoryId: null, price: 1_000, stock: 5, active: true },
        { id: Number(teaId), sku: 'MNM-001', barcode: null, name: 'Es Teh Manis', categoryId: null, price: 1, stock: 999, active: true },
      ];
      for (const req of sneaky) {
        const reply = await s.invoke('save_product', { req });
        assert.equal(reply.ok, false, `save_product as a cashier must fail: ${JSON.stringify(reply)}`);
        assert.equal(reply.rejection?.kind, 'owner_pin_required', JSON.stringify(reply.rejection));
        assert.ok(String(reply.rejection?.message ?? '').length > 0, 'with a message');
      }
      assert.deepEqual(
        sql(db, 'SELECT id, sku, name, price, stock, active FROM products ORDER BY id'),
        productsBefore,
        'the refused calls changed no product',
      );

      // Buka kasir with Rp 200.000.
      await s.clickReady(byTestId('tab-kasir'));
      await openShift(s, OPENING_CASH);
      await s.waitFor(byTestId('shift-status'));
      const [[shiftId, shiftUser, opening]] = sql(
        db,
        'SELECT id, user_id, opening_cash FROM shifts WHERE closed_at IS NULL',
      );
      assert.deepEqual([shiftUser, opening], [rinaId, String(OPENING_CASH)], 'Rina’s shift with modal awal');

      // A cash sale and a QRIS sale.
      await s.waitFor(byTestId('product-search'));
      const cashTotal = await cashSale(s, db);
      const qrisTotal = await qrisSale(app);
      assert.deepEqual(
        sql(db, 'SELECT payment_method, status, cashier_id, shift_id FROM orders ORDER BY id'),
        [
          ['cash', 'paid', rinaId, shiftId],
          ['qris', 'paid', rinaId, shiftId],
        ],
        'both sales are Rina’s, in her shift',
      );

      // Kas keluar Rp 20.000 "beli es batu".
      await s.clickReady(byTestId('cash-move-button'));
      await s.waitSettled(byTestId('cash-move-dialog'));
      await s.clickReady(byTestId('cash-move-kind-out'));
      await fill(s, 'cash-move-amount', String(CASH_OUT));
      await fill(s, 'cash-move-reason', CASH_OUT_REASON);
      await s.clickReady(byTestId('cash-move-submit'));
      await s.waitGone(byTestId('cash-move-dialog')).catch(async (e) => {
        throw new Error(`${e.message}; dialog says: ${await textOf(s, 'cash-move-error')}`);
      });
      assert.deepEqual(
        sql(db, 'SELECT shift_id, kind, amount, reason, user_id FROM cash_movements'),
        [[shiftId, 'out', String(CASH_OUT), CASH_OUT_REASON, rinaId]],
      );
      const slip = await printer.waitJob(
        (j) => decodeJob(cli, j).includes('KAS KELUAR'),
        15_000,
        'the kas keluar slip',
      );
      assert.ok(decodeJob(cli, slip).includes(CASH_OUT_REASON), 'the slip names the reason');

      // Tutup kasir, counted by denomination.
      await s.clickReady(byTestId('shift-close-button'));
      await s.waitSettled(byTestId('shift-close-dialog'));
      const counted = Object.entries(COUNTED).reduce((t, [v, n]) => t + Number(v) * n, 0);
      for (const [value, count] of Object.entries(COUNTED)) {
        await fill(s, `denom-${value}`, String(count));
      }
      await s.waitFor(byTestId('shift-close-counted'), { text: rupiah(counted) });
      if ((await s.findAll(byTestId('shift-close-note'))).length > 0) {
        await fill(s, 'shift-close-note', CLOSE_NOTE);
      }
      await app.shot('shifts-close-dialog.png');
      await s.clickReady(byTestId('shift-close-submit'));
      await s.waitFor(byTestId('shift-close-report'), { timeoutMs: 15_000 }).catch(async (e) => {
        throw new Error(`${e.message}; dialog says: ${await textOf(s, 'shift-close-error')}`);
      });

      // Figures from the SQLite file.
      const one = (q) => Number(sql(db, q)[0][0]);
      const [[openedAt, closedAt, expectedDb, countedDb, noteDb, till]] = sql(
        db,
        `SELECT opened_at, COALESCE(closed_at, ''), expected_cash, counted_cash, COALESCE(close_note, ''), till FROM shifts WHERE id = ${shiftId}`,
      );
      assert.notEqual(closedAt, '', 'the shift is closed');
      const cashSales = one(`SELECT COALESCE(SUM(total), 0) FROM orders WHERE shift_id = ${shiftId} AND status = 'paid' AND payment_method = 'cash'`);
      const cashCount = one(`SELECT COUNT(*) FROM orders WHERE shift_id = ${shiftId} AND status = 'paid' AND payment_method = 'cash'`);
      const qrisSum = one(`SELECT COALESCE(SUM(total), 0) FROM orders WHERE shift_id = ${shiftId} AND status = 'paid' AND payment_method = 'qris'`);
      const qrisCount = one(`SELECT COUNT(*) FROM orders WHERE shift_id = ${shiftId} AND status = 'paid' AND payment_method = 'qris'`);
      const txnCount = one(`SELECT COUNT(DISTINCT gateway_txn_id) FROM orders WHERE shift_id = ${shiftId} AND status = 'paid' AND payment_method = 'qris' AND gateway_txn_id IS NOT NULL`);
      const cashIn = one(`SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = ${shiftId} AND kind = 'in'`);
      const cashOut = one(`SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = ${shiftId} AND kind = 'out'`);
      const expected = OPENING_CASH + cashSales + cashIn - cashOut;
      const difference = counted - expected;
      // Hand-computed: 200.000 + 30.000 (Es Teh 5.000 + Nasi Goreng 25.000) − 20.000.
      assert.deepEqual(
        { cashSales, cashCount, qrisSum, qrisCount, txnCount, cashIn, cashOut, expected, counted, difference },
        { cashSales: cashTotal, cashCount: 1, qrisSum: qrisTotal, qrisCount: 1, txnCount: 1, cashIn: 0, cashOut: CASH_OUT, expected: 210_000, counted: 209_500, difference: -500 },
      );
      assert.equal(Number(expectedDb), expected, 'stored expected cash');
      assert.equal(Number(countedDb), counted, 'stored counted cash');

      // The report on screen.
      await s.waitFor(byTestId('shift-report-expected'), { text: rupiah(expected) });
      await s.waitFor(byTestId('shift-report-counted'), { text: rupiah(counted) });
      await s.waitFor(byTestId('shift-report-difference'), { text: rupiah(Math.abs(difference)) });
      await s.waitFor(byTestId('shift-report-qris-total'), { text: rupiah(qrisSum) });
      await sleep(500);
      await app.shot('shifts-close-report.png');

      // The close report at the TCP printer, decoded, line by line.
      const job = await printer.waitJob(
        (j) => decodeJob(cli, j).includes('TUTUP KASIR'),
        15_000,
        'the close report',
      );
      const text = decodeJob(cli, job);
      writeFileSync(path.join(OUT, 'shift-close-report.txt'), text);
      const lines = text.split('\n');
      for (const line of lines) assert.ok(line.length <= 32, `wider than 58 mm: "${line}"`);
      const rows = [
        ['TUTUP KASIR'],
        ['Shift', `#${shiftId} ${till}`],
        ['Kasir', CASHIER],
        ['Buka', wib(Number(openedAt))],
        ['Tutup', wib(Number(closedAt))],
        ['TUNAI'],
        ['Modal awal', rupiah(OPENING_CASH)],
        [`Penjualan tunai (${cashCount})`, rupiah(cashSales)],
        ['Kas masuk', rupiah(cashIn)],
        ['Kas keluar', rupiah(-cashOut)],
        ['Seharusnya', rupiah(expected)],
        ['Dihitung', rupiah(counted)],
        [difference < 0 ? 'Selisih (kurang)' : difference > 0 ? 'Selisih (lebih)' : 'Selisih', rupiah(difference)],
        ['Rincian hitungan:'],
        ...(noteDb ? [[`Catatan: ${noteDb}`]] : []),
        ['QRIS (terverifikasi gateway)'],
        [`Transaksi (${qrisCount})`, rupiah(qrisSum)],
        ['ID transaksi gateway', String(txnCount)],
        ['GoPay (1)', rupiah(qrisSum)],
        [`TOTAL PENJUALAN (${cashCount + qrisCount})`, rupiah(cashSales + qrisSum)],
        ['KAS MASUK/KELUAR'],
        [`Kas Keluar ${CASH_OUT_REASON}`, rupiah(-cashOut)],
      ];
      assertLines(lines, rows, text);
      // The count by denomination, one line per note/coin kind that was counted (in any order).
      const start = lines.findIndex((l) => l.trim() === 'Rincian hitungan:');
      const end = lines.findIndex((l, i) => i > start && /^(Catatan:|-{8,})/.test(l.trim()));
      const detail = lines.slice(start + 1, end).map((l) => l.trim().replace(/ {2,}/g, ' | '));
      assert.deepEqual(
        detail.sort(),
        Object.entries(COUNTED)
          .map(([v, n]) => `${rupiah(Number(v))} x ${n} | ${rupiah(Number(v) * n)}`)
          .sort(),
        `the count by denomination in:\n${text}`,
      );
      assert.equal(
        sql(db, `SELECT status FROM print_jobs WHERE kind = 'shift_close' AND shift_id = ${shiftId}`)[0][0],
        'printed',
      );

      await s.clickReady(byTestId('shift-report-done'));
      await s.waitGone(byTestId('shift-close-report'));

      // The owner signs in and sees the shift with its difference in Laporan.
      await s.clickReady(byTestId('lock-button'));
      await signIn(s, OWNER_NAME, OWNER_PIN);
      await s.waitFor(byTestId('session-user'), { text: OWNER_NAME });
      await s.clickReady(byTestId('tab-laporan'));
      await s.clickReady(byTestId('report-tab-shifts'));
      await s.waitFor(byTestId('shifts-panel'));
      const row = `${byTestId('shift-row')}[data-shift-id="${shiftId}"]`;
      await s.waitFor(row, { text: CASHIER });
      await s.waitFor(`${row} ${byTestId('shift-row-difference')}`, {
        text: rupiah(Math.abs(difference)),
      });
      await sleep(500);
      await app.shot('shifts-laporan.png');
      // WebKitWebDriver finds a <tr> not interactable: click a cell of the row.
      await s.click(await s.find(`${row} td`));
      await s.waitFor(byTestId('shift-detail'), { text: rupiah(expected) });
      await s.waitFor(byTestId('shift-reprint'));
      await sleep(500);
      await app.shot('shifts-laporan-detail.png');
    } finally {
      await app.close();
      printer.close();
    }
  },
};

let printed = 0;

/** Decode a print job's bytes (58 mm) once, cached on the job; the bytes are kept in OUT. */
function decodeJob(cli, job) {
  if (job.text === undefined) {
    printed += 1;
    const file = path.join(OUT, `shifts-print-${printed}.bin`);
    writeFileSync(file, job.bytes);
    try {
      job.text = decode(cli, file, 32);
    } catch (e) {
      job.text = `(undecodable: ${e.message})`;
    }
  }
  return job.text;
}
