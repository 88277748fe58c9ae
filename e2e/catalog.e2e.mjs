// The catalogue in the real window: the owner imports a CSV of products (Indonesian headers, `;`
// delimiter) in "Barang" — preview with counts and mapping, then "Impor" — gives one of them a
// photo, sells it at the till (its tile shows the photo, served by the app's `kasirfoto` scheme),
// and saves the sale's receipt as PNG from Laporan → history ("Simpan Struk"). The PNG is read
// back: its width is the 58 mm printer's, and the order code printed under it (`zbarimg`) is the
// order number. SQLite is checked throughout.
//
// The native file dialog cannot be driven by WebDriver: `answerFileDialogs` answers the dialog
// plugin's `open` in the page with the prepared paths (everything else goes to Rust).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { OUT, launchApp, sql } from './lib/harness.mjs';
import {
  answerFileDialogs,
  byTestId,
  configWithDownloads,
  fileDialogRequests,
  rupiah,
  setValue,
  textOf,
  until,
} from './lib/ui.mjs';
import { sleep } from './lib/webdriver.mjs';

/** A 12-digit body plus its GS1 check digit. */
function ean13(body) {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The products of the CSV; the first gets the photo and is sold. */
const IMPORTED = [
  { sku: 'KPI-BBK-165', name: 'Kopi Bubuk Kapal 165g', price: 14500, cost: 12000, stock: 24, category: 'Kopi & Teh', barcode: ean13('899123400011') },
  { sku: 'BRS-PNR-5', name: 'Beras Pandan Wangi 5 kg', price: 78000, cost: 70000, stock: 10, category: 'Sembako', barcode: ean13('899123400028') },
  { sku: 'GLA-PSR-1', name: 'Gula Pasir 1 kg', price: 17500, cost: 15500, stock: 30, category: 'Sembako', barcode: ean13('899123400035') },
];

function writeCsv(file) {
  const header = 'nama;harga;hpp;stok;kategori;barcode;sku';
  const lines = IMPORTED.map((p) =>
    [p.name, p.price, p.cost, p.stock, p.category, p.barcode, p.sku].join(';'),
  );
  writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`, 'utf8');
}

/** A 320×240 PNG: brown top (a coffee pack), white band, red bottom. */
function writePng(file) {
  const png = new PNG({ width: 320, height: 240 });
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const i = (png.width * y + x) << 2;
      const [r, g, b] = y < 110 ? [111, 78, 55] : y < 130 ? [250, 250, 250] : [200, 30, 40];
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}

/** `<img>` loaded and decoded with real pixels (the scheme served a picture, not an error). */
function imageLoaded(s, css) {
  return s.execute(
    `const img = document.querySelector(arguments[0]);
     return img && img.complete ? img.naturalWidth : 0;`,
    [css],
  );
}

async function openTab(s, id) {
  await s.click(await s.find(byTestId(`tab-${id}`)));
}

export const tests = {
  async 'import a CSV, give a product a photo, sell it, and save its receipt as PNG'() {
    const work = mkdtempSync(path.join(os.tmpdir(), 'kasir-e2e-catalog-files-'));
    const downloads = path.join(work, 'Unduhan');
    const config = configWithDownloads(path.join(work, 'config'), downloads);
    const csv = path.join(work, 'daftar barang.csv');
    const photo = path.join(work, 'kopi.png');
    writeCsv(csv);
    writePng(photo);

    const app = await launchApp('catalog', { XDG_CONFIG_HOME: config });
    const s = app.session;
    const sold = IMPORTED[0];
    try {
      // ---- import ----
      await openTab(s, 'barang');
      await s.waitFor(byTestId('products-page'));
      await answerFileDialogs(s, [csv]);
      await s.clickReady(byTestId('products-import-open'));
      await s.waitSettled(byTestId('import-dialog'));
      const table = await s.waitFor(byTestId('import-preview-table'), { timeoutMs: 20_000 });
      assert.equal(await textOf(s, 'import-count-new'), '3', 'three new products in the preview');
      assert.equal(await textOf(s, 'import-count-updated'), '0');
      assert.equal(await textOf(s, 'import-count-errors'), '0', 'no row in error');
      assert.equal((await s.findAll(byTestId('import-error-row'))).length, 0);
      const tableText = await s.text(table);
      for (const p of IMPORTED) {
        assert.ok(tableText.includes(p.name), `preview lists ${p.name}:\n${tableText}`);
        assert.ok(tableText.includes(rupiah(p.price)), `preview shows ${rupiah(p.price)}`);
      }
      const mapping = await textOf(s, 'import-mapping');
      for (const header of ['nama', 'harga', 'hpp', 'stok', 'kategori', 'barcode', 'sku']) {
        assert.ok(mapping.includes(header), `header ${header} mapped: ${mapping}`);
      }
      const [asked] = await fileDialogRequests(s);
      assert.deepEqual(
        asked.options.filters.flatMap((f) => f.extensions),
        ['csv', 'xlsx'],
        'the import picker offers CSV and Excel',
      );
      await sleep(300);
      await app.shot('catalog-import-preview.png');
      assert.equal(
        sql(app.db, `SELECT COUNT(*) FROM products WHERE sku = '${sold.sku}'`)[0][0],
        '0',
        'the preview wrote nothing',
      );

      const commit = byTestId('import-commit');
      await s.waitFor(commit, { text: 'Impor 3 barang' });
      await s.clickReady(commit);
      await s.waitGone(byTestId('import-dialog'), 20_000).catch(async (e) => {
        throw new Error(`${e.message}; dialog says: ${await textOf(s, 'import-commit-error')}`);
      });
      await s.waitFor(byTestId('toast'), { text: '3 barang baru' });
      for (const p of IMPORTED) {
        assert.deepEqual(
          sql(
            app.db,
            `SELECT p.name, p.price, p.cost_price, p.stock, p.barcode, c.name
             FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.sku = '${p.sku}'`,
          ),
          [[p.name, String(p.price), String(p.cost), String(p.stock), p.barcode, p.category]],
          `${p.sku} stored as the CSV says, in its category`,
        );
      }

      // ---- photo ----
      await s.waitFor(byTestId(`product-row-${sold.sku}`), { text: rupiah(sold.price) });
      await s.clickReady(byTestId(`product-edit-${sold.sku}`));
      await s.waitSettled(byTestId('product-form'));
      await answerFileDialogs(s, [photo]);
      await s.clickReady(byTestId('product-photo-pick'));
      await s.waitFor(byTestId('product-photo-preview'), { timeoutMs: 20_000 }).catch(async (e) => {
        throw new Error(`${e.message}; form says: ${await textOf(s, 'product-photo-error')}`);
      });
      const [[stored]] = sql(app.db, `SELECT photo FROM products WHERE sku = '${sold.sku}'`);
      assert.match(stored, /^[0-9a-f]{64}\.jpg$/, 'the product points at its content-named thumbnail');
      await until(() => imageLoaded(s, byTestId('product-photo-preview')), 'the form preview shows the photo');
      await s.keys(['\uE00C']); // Esc: the photo is already stored
      await s.waitGone(byTestId('product-form'));
      const thumb = byTestId(`product-thumb-${sold.sku}`);
      await s.waitFor(thumb);
      await until(() => imageLoaded(s, thumb), 'the list thumbnail shows the photo');
      await sleep(300);
      await app.shot('catalog-barang-photo.png');

      // ---- labels: an A4 PDF sheet whose barcodes scan back to the imported products ----
      await s.clickReady(byTestId('labels-open'));
      await s.waitSettled(byTestId('labels-dialog'));
      for (const p of IMPORTED) {
        await setValue(s, 'labels-search', p.sku);
        await s.clickReady(byTestId(`labels-add-${p.sku}`));
        await s.waitFor(byTestId(`labels-item-${p.sku}`));
      }
      await setValue(s, 'labels-count-' + IMPORTED[1].sku, '2');
      await s.clickReady(byTestId('labels-target-pdf'));
      await s.waitFor(byTestId('labels-print'), { text: 'Cetak 4 label' });
      await s.clickReady(byTestId('labels-print'));
      const labelResult = await s.waitFor(byTestId('labels-result'), { timeoutMs: 20_000 }).catch(async (e) => {
        throw new Error(`${e.message}; dialog says: ${await textOf(s, 'labels-error')}`);
      });
      const sheet = (await s.text(await s.find(`${byTestId('labels-result')} ${byTestId('saved-path')}`))).trim();
      assert.ok((await s.text(labelResult)).startsWith('4 label di 1 halaman'), await s.text(labelResult));
      assert.equal(path.dirname(sheet), downloads, `the label sheet is in Downloads (${sheet})`);
      await app.shot('catalog-labels.png');
      execFileSync('pdftoppm', ['-r', '300', '-png', sheet, path.join(work, 'labels')]);
      const scanned = execFileSync('zbarimg', ['--raw', '--quiet', path.join(work, 'labels-1.png')], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .sort();
      // zbarimg reports a symbol once per image however often it is printed (the two labels
      // of one product: counted per cell in kasir-printer's labels_pdf test).
      assert.deepEqual(
        [...new Set(scanned)],
        IMPORTED.map((p) => p.barcode).sort(),
        'every printed barcode scans back to its product',
      );
      await s.keys(['\uE00C']);
      await s.waitGone(byTestId('labels-dialog'));

      // ---- sell it ----
      await openTab(s, 'kasir');
      const tile = byTestId(`product-${sold.sku}`);
      await s.waitFor(tile, { text: rupiah(sold.price) });
      const tilePhoto = `${tile} ${byTestId('product-tile-photo')}`;
      await s.waitFor(tilePhoto);
      await until(() => imageLoaded(s, tilePhoto), 'the checkout tile shows the photo');
      const others = await s.findAll(`button[data-testid^="product-"]:not(${tile}) ${byTestId('product-tile-photo')}`);
      assert.equal(others.length, 0, 'only the product with a photo shows one');
      await app.shot('catalog-checkout-photo.png');
      await s.click(await s.find(tile));
      await s.waitFor(byTestId(`cart-line-${sold.sku}`));
      await s.waitFor(byTestId('cart-total'), { text: rupiah(sold.price) });
      await s.clickReady(byTestId('pay-cash'));
      await s.waitSettled(byTestId('cash-dialog'));
      await s.clickReady(byTestId('cash-exact'));
      await s.clickReady(byTestId('cash-confirm'));
      await s.waitSettled(byTestId('order-paid'));
      const [[orderId, orderNumber, total]] = sql(
        app.db,
        "SELECT id, number, total FROM orders WHERE status = 'paid'",
      );
      assert.equal(total, String(sold.price));
      assert.equal(
        sql(app.db, `SELECT stock FROM products WHERE sku = '${sold.sku}'`)[0][0],
        String(sold.stock - 1),
        'the sale took one from the imported stock',
      );
      await s.clickReady(byTestId('order-new'));
      await s.waitGone(byTestId('order-paid'));

      // ---- Simpan Struk (PNG) ----
      await openTab(s, 'laporan');
      const row = byTestId(`history-row-${orderId}`);
      await s.waitFor(row, { timeoutMs: 20_000 });
      // WebKitWebDriver finds a <tr> not interactable: click a cell of the row.
      await s.click(await s.find(`${row} td`));
      await s.waitSettled(byTestId('sale-detail'));
      await s.clickReady(byTestId('history-save-receipt-png'));
      const savedEl = await s.waitFor(`${byTestId('sale-detail')} ${byTestId('saved-path')}`, {
        timeoutMs: 20_000,
      }).catch(async (e) => {
        throw new Error(`${e.message}; detail says: ${await textOf(s, 'history-save-receipt-error')}`);
      });
      const saved = (await s.text(savedEl)).trim();
      assert.equal(path.dirname(saved), downloads, `the receipt is saved in Downloads (${saved})`);
      assert.ok(saved.endsWith('.png') && existsSync(saved), `${saved} exists`);
      const receipt = PNG.sync.read(readFileSync(saved));
      assert.equal(receipt.width, RECEIPT_WIDTH_58MM, 'a 58 mm receipt, at the printer’s dot width');
      assert.ok(receipt.height > receipt.width, 'a receipt is a long strip');
      const decoded = execFileSync('zbarimg', ['--raw', '--quiet', saved], { encoding: 'utf8' }).trim();
      assert.equal(decoded, orderNumber, 'the code printed under the receipt is the order number');
      writeFileSync(path.join(OUT, 'catalog-receipt.png'), readFileSync(saved));
      await sleep(300);
      await app.shot('catalog-history-saved.png');

      // ---- Pengaturan → Label: a size the label printer cannot take is refused ----
      await s.keys(['\uE00C']);
      await s.waitGone(byTestId('sale-detail'));
      await openTab(s, 'pengaturan');
      await s.clickReady(byTestId('settings-section-label'));
      await s.waitFor(byTestId('label-settings'));
      await setValue(s, 'label-target', 'tspl');
      await s.waitFor(byTestId('label-width-mm'));
      await setValue(s, 'label-width-mm', '150');
      await s.clickReady(byTestId('label-settings-save'));
      await s.waitFor(byTestId('label-settings-error'), { text: '150 mm' });
      await app.shot('catalog-label-settings-refused.png');
      assert.equal(
        sql(app.db, "SELECT COUNT(*) FROM settings WHERE key = 'label.width_mm'")[0][0],
        '0',
        'a refused size stores nothing',
      );
      await setValue(s, 'label-width-mm', '50');
      await s.clickReady(byTestId('label-settings-save'));
      await until(
        () => sql(app.db, "SELECT value FROM settings WHERE key = 'label.width_mm'")[0]?.[0] === '50',
        'the 50 mm label is saved',
      );
      assert.equal((await s.findAll(byTestId('label-settings-error'))).length, 0, 'no error once it fits');
      assert.deepEqual(
        sql(app.db, "SELECT value FROM settings WHERE key = 'label.target'"),
        [['tspl']],
        'the label printer is the default target now',
      );
      await s.clickReady(byTestId('settings-section-printer'));
      await s.waitFor(byTestId('receipt-footer-lines'));
      await sleep(300);
      await app.shot('catalog-printer-settings.png');
    } finally {
      await app.close();
    }
  },
};

/** The 58 mm receipt printer's line: 384 dots (48 mm at 8 dots/mm). */
const RECEIPT_WIDTH_58MM = 384;
