// A café's table bill in the real window (issue 14): a bar and a kitchen printer (TCP listeners
// standing in for 9100 printers) with Minuman → Bar and Makanan → Dapur, a coffee with option
// groups. The cashier opens "Meja 4", adds the coffee as a variant with a note and a fried rice,
// sends it (each printer gets exactly its lines, decoded with `kasir-cli decode`), adds another
// fried rice and sends again (only the kitchen gets a TAMBAHAN ticket), prints the bill (BILL -
// BELUM LUNAS on the receipt printer), then pays by QRIS with the customer display open: the QR
// photographed off the display window decodes to the bill's total, computed in Rust. The paid
// receipt carries the options and the note.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OUT, cliBinary, emulatorControl, freePort, launchApp, sql } from './lib/harness.mjs';
import { setPrinterRows, startPrinter } from './lib/printer.mjs';
import { parseQris } from './lib/qris.mjs';
import { byTestId, decodeJob, fill, rupiah, until, waitContent } from './lib/ui.mjs';
import { sleep } from './lib/webdriver.mjs';

const SHOTS = path.join(OUT, 'counter');

/** Photograph the customer display window (by its title) off the X screen. */
function photographDisplay(name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  execFileSync('import', ['-window', 'Layar Pelanggan', file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
  return file;
}

function qrPayloads(file) {
  try {
    const out = execFileSync('zbarimg', ['--raw', '--quiet', '-Sdisable', '-Sqrcode.enable', file], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    return out.split('\n').filter((l) => l.length > 0);
  } catch {
    return [];
  }
}

/** An IPC call that must succeed (set-up through the same gate the UI uses). */
async function ok(s, command, args) {
  const r = await s.invoke(command, args);
  assert.ok(r.ok, `${command}: ${JSON.stringify(r.rejection)}`);
  return r.value;
}

const network = (name, port) => ({
  id: null,
  name,
  paper: '58',
  connection: 'network',
  host: '127.0.0.1',
  port,
  devicePath: '',
  usbDevice: '',
  windowsPrinter: '',
  serialPort: '',
  baudRate: 9600,
});

/** The item lines of a decoded ticket ("1 x Nasi Goreng Spesial" and what is indented under it). */
const ticketText = (text) => text.split('\n').map((l) => l.trimEnd());
const squash = (lines) => lines.join('').replace(/\s+/g, '');

export const tests = {
  async 'a table bill: variant with a note, kitchen and bar tickets, TAMBAHAN, the bill, QRIS read off the customer display'() {
    const cli = cliBinary();
    mkdirSync(SHOTS, { recursive: true });
    const [bar, dapur, receipts] = await Promise.all([startPrinter(), startPrinter(), startPrinter()]);
    const emuPort = await freePort();
    const base = `http://127.0.0.1:${emuPort}`;
    const app = await launchApp('counter', { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(emuPort) });
    const s = app.session;
    try {
      setPrinterRows(app.db, receipts.port);
      // The catalogue: Kopi Hitam Tubruk (Minuman, Rp 8.000) gets its option groups; kitchen and
      // bar printers and the routes, all through the app's own commands.
      const [[kopiId]] = sql(app.db, "SELECT id FROM products WHERE sku = 'MNM-004'");
      const groups = await ok(s, 'save_product_options', {
        productId: Number(kopiId),
        groups: [
          {
            name: 'Ukuran',
            required: true,
            multiple: false,
            options: [
              { name: 'Regular', priceDelta: 0 },
              { name: 'Large', priceDelta: 5000 },
            ],
          },
          {
            name: 'Tambahan',
            required: false,
            multiple: true,
            options: [
              { name: 'Extra shot', priceDelta: 4000 },
              { name: 'Susu oat', priceDelta: 6000 },
            ],
          },
        ],
      });
      const optionId = (group, name) => groups.find((g) => g.name === group).options.find((o) => o.name === name).id;
      const barPrinter = await ok(s, 'save_prep_printer', { printer: network('Bar', bar.port) });
      const dapurPrinter = await ok(s, 'save_prep_printer', { printer: network('Dapur', dapur.port) });
      const cats = Object.fromEntries(sql(app.db, 'SELECT name, id FROM categories'));
      await ok(s, 'save_category_routes', {
        routes: [
          { categoryId: Number(cats.Minuman), prepPrinterId: barPrinter.id },
          { categoryId: Number(cats.Makanan), prepPrinterId: dapurPrinter.id },
        ],
      });

      // The customer display, from the header.
      await s.clickReady(byTestId('display-toggle'));
      await s.clickReady(byTestId('display-open'));
      await s.waitFor(`${byTestId('display-toggle')}[data-open="true"]`, { timeoutMs: 15_000 });
      await s.waitGone(byTestId('display-menu'));

      // Tagihan Baru: Meja 4.
      await s.clickReady(byTestId('bills-button'));
      await s.clickReady(byTestId('bill-new'));
      await fill(s, 'bill-name-input', 'Meja 4');
      await s.clickReady(byTestId('bill-create'));
      await waitContent(s, byTestId('bill-title'), 'Meja 4');

      // The coffee as a variant: Large + extra shot, "tanpa gula". Tambah waits for Ukuran.
      await s.clickReady(byTestId('product-MNM-004'));
      await s.waitSettled(byTestId('option-dialog'));
      assert.equal(await s.attribute(await s.waitFor(byTestId('option-add')), 'disabled'), 'true', 'Ukuran is wajib');
      await s.click(await s.waitFor(byTestId(`option-${optionId('Ukuran', 'Large')}`)));
      await s.click(await s.waitFor(byTestId(`option-${optionId('Tambahan', 'Extra shot')}`)));
      await fill(s, 'option-note', 'tanpa gula');
      await s.waitFor(byTestId('option-price'), { text: (t) => t.includes(rupiah(17_000)) });
      await app.shot('counter/options-dialog.png');
      await s.clickReady(`${byTestId('option-add')}:not([disabled])`);
      await s.waitGone(byTestId('option-dialog'));
      await s.clickReady(byTestId('product-MKN-001'));
      // 8.000 + 5.000 + 4.000 = 17.000 and Nasi Goreng Spesial 25.000.
      await s.waitFor(byTestId('cart-total'), { text: rupiah(42_000) });

      // Kirim ke Dapur: each printer gets only its lines.
      await s.clickReady(byTestId('bill-send'));
      const barTicket = ticketText(decodeJob(cli, await bar.next(15_000), 'counter-bar'));
      const dapurTicket = ticketText(decodeJob(cli, await dapur.next(15_000), 'counter-dapur'));
      console.log(`     bar ticket:\n${barTicket.map((l) => `       | ${l}`).join('\n')}`);
      console.log(`     kitchen ticket:\n${dapurTicket.map((l) => `       | ${l}`).join('\n')}`);
      // Double-size text decodes with a space after each letter and wraps: compare squashed.
      const barFlat = squash(barTicket);
      const dapurFlat = squash(dapurTicket);
      for (const want of ['BAR', 'Meja4', '1xKopiHitamTubruk', '-Ukuran:Large', '-Tambahan:Extrashot', 'Catatan:tanpagula']) {
        assert.ok(barFlat.includes(want), `${want} on the bar ticket:\n${barTicket.join('\n')}`);
      }
      assert.ok(barFlat.startsWith('BARMeja4'), 'station, then the table, at the top');
      assert.ok(!barFlat.includes('NasiGoreng'), 'the bar gets no food');
      assert.ok(!barFlat.includes('Rp'), 'no prices on a ticket');
      assert.ok(!barFlat.includes('TAMBAHAN'), 'the first send is not an addition');
      for (const want of ['DAPUR', 'Meja4', '1xNasiGorengSpesial']) {
        assert.ok(dapurFlat.includes(want), `${want} on the kitchen ticket:\n${dapurTicket.join('\n')}`);
      }
      assert.ok(!dapurFlat.includes('Kopi'), 'the kitchen gets no drinks');
      assert.ok(!dapurFlat.includes('TAMBAHAN'));
      await s.waitFor(byTestId('bill-line-sent'));

      // Later: one more fried rice, sent as TAMBAHAN to the kitchen only.
      await s.clickReady(byTestId('product-MKN-001'));
      await s.waitFor(byTestId('cart-total'), { text: rupiah(67_000) });
      await s.clickReady(byTestId('bill-send'));
      const extra = ticketText(decodeJob(cli, await dapur.waitJob((j) => j !== dapur.jobs[0], 15_000, 'the TAMBAHAN ticket'), 'counter-dapur'));
      console.log(`     TAMBAHAN ticket:\n${extra.map((l) => `       | ${l}`).join('\n')}`);
      assert.ok(squash(extra).includes('TAMBAHAN'), extra.join('\n'));
      assert.ok(squash(extra).includes('1xNasiGorengSpesial'), extra.join('\n'));
      assert.equal(squash(extra).split('NasiGoreng').length, 2, 'only the new line');
      await sleep(1_000);
      assert.equal(bar.jobs.length, 1, 'nothing new for the bar');

      // Cetak Bill: BILL - BELUM LUNAS on the receipt printer, priced by Rust.
      await s.clickReady(byTestId('bill-print'));
      const billText = decodeJob(cli, await receipts.next(15_000), 'counter-bill');
      console.log(`     bill:\n${billText.split('\n').map((l) => `       | ${l}`).join('\n')}`);
      assert.match(billText, /BILL - BELUM LUNAS/);
      assert.match(billText, /Meja 4/);
      assert.match(billText, /\+ Large \(\+Rp 5\.000\)/);
      assert.match(billText, /Catatan: tanpa gula/);
      assert.match(billText, /2 x Rp 25\.000/);
      assert.match(billText, /TOTAL +Rp 67\.000/);
      await app.shot('counter/bill-panel.png');

      // The list of open bills shows it.
      await s.clickReady(byTestId('bill-exit'));
      await s.clickReady(byTestId('bills-button'));
      await s.waitFor(byTestId('bill-row-Meja 4'), { text: (t) => t.includes(rupiah(67_000)) });
      await app.shot('counter/bill-list.png');
      await s.clickReady(byTestId('bill-row-Meja 4'));
      await waitContent(s, byTestId('bill-title'), 'Meja 4');

      // Split payment: Rp 20.000 in cash (out of Rp 50.000), the rest by QRIS. The QR on the
      // customer display decodes to the remaining amount Rust computed.
      await s.clickReady(`${byTestId('bill-pay-split')}:not([disabled])`);
      await s.waitFor(byTestId('split-dialog'));
      await s.waitFor(byTestId('split-due'), { text: rupiah(67_000) });
      await s.clickReady(byTestId('split-plan-amount'));
      await fill(s, 'split-amount', '20000');
      await fill(s, 'split-tendered', '50000');
      await s.clickReady(`${byTestId('split-pay-cash')}:not([disabled])`);
      await s.waitFor(byTestId('split-due'), { text: rupiah(47_000) });
      await s.waitFor(byTestId('split-last-change'), { text: (t) => t.includes(rupiah(30_000)) });
      await app.shot('counter/split-cash-part.png');
      await s.clickReady(byTestId('split-plan-rest'));
      await s.waitFor(byTestId('split-part'), { text: rupiah(47_000) });
      await s.clickReady(`${byTestId('split-pay-qris')}:not([disabled])`);
      await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
      let payload;
      let shot;
      await until(async () => {
        shot = photographDisplay('display-qris.png');
        [payload] = qrPayloads(shot);
        return payload ?? null;
      }, 'a readable QR on the customer display', 20_000);
      const [[orderTotal, attemptAmount, gid]] = sql(
        app.db,
        `SELECT o.total, a.amount, a.gateway_order_id FROM orders o
         JOIN payment_attempts a ON a.order_id = o.id WHERE a.status = 'pending'`,
      );
      const qris = parseQris(payload);
      console.log(`     display QR: tag 54 = ${qris.amount}, order total ${orderTotal}, attempt ${attemptAmount} (${shot})`);
      assert.equal(Number(orderTotal), 67_000);
      assert.equal(qris.amount, 47_000, 'the QR is for what is left after the cash part');
      assert.equal(qris.amount, Number(attemptAmount));
      await app.shot('counter/till-qris.png');

      // The customer pays the rest at the gateway: Lunas, the bill is closed, the receipt prints
      // both tenders.
      await emulatorControl(base, 'POST', '/_emulator/pay', { id: gid, issuer: 'gopay' });
      await s.waitFor(byTestId('qris-success'), { timeoutMs: 20_000 });
      await s.waitFor(byTestId('order-tenders'), { timeoutMs: 15_000 });
      await app.shot('counter/split-paid.png');
      const receipt = decodeJob(cli, await receipts.waitJob((j) => j !== receipts.jobs[0], 15_000, 'the receipt'), 'counter-receipt');
      assert.match(receipt, /\+ Large \(\+Rp 5\.000\)/);
      assert.match(receipt, /\+ Extra shot \(\+Rp 4\.000\)/);
      assert.match(receipt, /Catatan: tanpa gula/);
      assert.match(receipt, /Pembayaran +Terpisah/);
      assert.match(receipt, /Tunai +Rp 20\.000/);
      assert.match(receipt, /Kembalian +Rp 30\.000/);
      assert.match(receipt, /QRIS \(GoPay\) +Rp 47\.000/);
      const tenders = sql(app.db, 'SELECT method, amount FROM order_tenders ORDER BY id');
      assert.deepEqual(tenders.map(([m, a]) => [m, Number(a)]), [['cash', 20_000], ['qris', 47_000]]);
      const [[billStatus, paidBy]] = sql(app.db, "SELECT status, order_id FROM bills WHERE name = 'Meja 4'");
      assert.equal(billStatus, 'paid');
      const [[paidStatus, payMethod]] = sql(app.db, `SELECT status, payment_method FROM orders WHERE id = ${paidBy}`);
      assert.deepEqual([paidStatus, payMethod], ['paid', 'qris']);
      await sleep(900);
      photographDisplay('display-paid.png');
      assert.equal(bar.jobs.length, 1, 'paying the bill prints no second ticket');
      assert.equal(dapur.jobs.length, 2);
    } finally {
      bar.close();
      dapur.close();
      receipts.close();
      await app.close();
    }
  },
};
