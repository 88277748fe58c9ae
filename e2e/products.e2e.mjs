// Product management in the real window: add a product with an EAN-13 barcode in "Barang", sell
// it at the till by a scanner burst, see a duplicate SKU refused in Indonesian, then remove the
// demo catalogue and see the till hold only the shop's own product. Checks SQLite throughout.
import assert from 'node:assert/strict';
import { launchApp, sql } from './lib/harness.mjs';
import { ENTER, sleep } from './lib/webdriver.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;

/** A 12-digit body plus its GS1 check digit. */
function ean13(body) {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

async function fill(s, field, value) {
  const el = await s.find(byTestId(`product-field-${field}`));
  await s.cmd('POST', `/element/${el}/clear`, {});
  await s.type(el, value);
}

/** Wait for a dialog and the end of its pop-in: a click while it scales can miss its button. */
function waitDialog(s, id) {
  return s.waitSettled(byTestId(id));
}

async function openTab(s, id) {
  await s.click(await s.find(byTestId(`tab-${id}`)));
}

export const tests = {
  async 'owner adds a product, sells it, is told about a duplicate SKU and removes the demo'() {
    const app = await launchApp('products');
    const s = app.session;
    const sku = 'KPI-SCH-01';
    const barcode = ean13('899777000123');
    try {
      await openTab(s, 'barang');
      await s.waitFor(byTestId('products-page'));
      await s.waitFor(byTestId('product-row-MNM-001'), { text: 'Rp 5.000' });

      // Add the product.
      await s.click(await s.find(byTestId('product-new')));
      await waitDialog(s, 'product-form');
      await fill(s, 'name', 'Kopi Kapal Api Sachet');
      await fill(s, 'sku', sku);
      await fill(s, 'barcode', barcode);
      await fill(s, 'price', '2500');
      await fill(s, 'stock', '40');
      await s.click(await s.find(byTestId('product-save')));
      await s.waitGone(byTestId('product-form')).catch(async (e) => {
        await app.shot('products-save-failed.png');
        const err = await s.findAll(byTestId('product-error'));
        throw new Error(`${e.message}; form says: ${err.length ? await s.text(err[0]) : '-'}`);
      });
      await s.waitFor(byTestId(`product-row-${sku}`), { text: 'Rp 2.500' });
      assert.deepEqual(
        sql(
          app.db,
          `SELECT name, barcode, price, stock, active, is_demo FROM products WHERE sku = '${sku}'`,
        ),
        [['Kopi Kapal Api Sachet', barcode, '2500', '40', '1', '0']],
        'the product is stored as typed, active and not a demo row',
      );

      // A duplicate SKU is refused with a message naming the field.
      await s.click(await s.find(byTestId('product-new')));
      await waitDialog(s, 'product-form');
      await fill(s, 'name', 'Teh Tiruan');
      await fill(s, 'sku', 'MNM-001');
      await fill(s, 'price', '1000');
      await s.click(await s.find(byTestId('product-save')));
      await s.waitFor(byTestId('product-error'), {
        text: 'SKU MNM-001 sudah dipakai barang lain',
      });
      await sleep(300); // let the dialog settle before the picture
      await app.shot('products-duplicate-sku.png');
      await s.waitFor(byTestId('product-error'), { text: 'sudah dipakai' });
      assert.equal(
        sql(app.db, "SELECT COUNT(*) FROM products WHERE name = 'Teh Tiruan'")[0][0],
        '0',
        'nothing stored for the refused product',
      );
      await s.keys(['\uE00C']); // Esc closes the form
      await s.waitGone(byTestId('product-form'));

      // Sell it at the till: tap a demo product, scan the new one, pay exact cash.
      await openTab(s, 'kasir');
      await s.waitFor(byTestId(`product-${sku}`), { text: 'Rp 2.500' });
      await s.click(await s.find(byTestId('product-MNM-001')));
      await s.waitFor(byTestId('cart-line-MNM-001'));
      await s.keys([...barcode, ENTER]);
      await s.waitFor(byTestId(`cart-line-${sku}`));
      await s.waitFor(byTestId('cart-total'), { text: 'Rp 7.500' });
      await s.click(await s.waitFor(`${byTestId('pay-cash')}:not([disabled])`));
      await waitDialog(s, 'cash-dialog');
      await s.clickReady(byTestId('cash-exact'));
      await s.waitFor(byTestId('cash-change'), { text: 'Rp 0' });
      await s.clickReady(byTestId('cash-confirm'));
      await waitDialog(s, 'order-paid');
      assert.deepEqual(
        sql(app.db, 'SELECT sku, qty, line_total FROM order_lines ORDER BY sku'),
        [
          [sku, '1', '2500'],
          ['MNM-001', '1', '5000'],
        ],
        'the sale holds the new product at its price',
      );
      assert.equal(
        sql(app.db, `SELECT stock FROM products WHERE sku = '${sku}'`)[0][0],
        '39',
        'stock of the new product went down by one',
      );

      await s.click(await s.find(byTestId('order-new'))); // next customer
      await s.waitGone(byTestId('order-paid'));

      // Remove the demo catalogue.
      await openTab(s, 'barang');
      await s.click(await s.waitFor(byTestId('demo-remove')));
      await waitDialog(s, 'demo-remove-dialog');
      await s.click(await s.find(byTestId('demo-remove-confirm')));
      await s.waitGone(byTestId('demo-catalog'));
      await s.waitFor(byTestId('products-notice'), { text: 'Katalog demo dihapus' });
      await s.waitGone(byTestId('product-row-MNM-001'));
      await s.waitFor(byTestId(`product-row-${sku}`));
      await sleep(300);
      await app.shot('products.png');

      assert.deepEqual(
        sql(app.db, 'SELECT sku FROM products'),
        [[sku]],
        'only the shop’s own product is left',
      );
      assert.equal(sql(app.db, 'SELECT COUNT(*) FROM categories')[0][0], '0');
      assert.deepEqual(
        sql(app.db, 'SELECT sku, product_id IS NULL FROM order_lines ORDER BY sku'),
        [
          [sku, '0'],
          ['MNM-001', '1'],
        ],
        'the sold demo line keeps its snapshot and lets go of the deleted product',
      );
      assert.equal(
        sql(app.db, "SELECT COUNT(*) FROM settings WHERE key IN ('demo_seeded', 'demo_removed_at')")[0][0],
        '2',
        'the removal is recorded so the demo never comes back',
      );

      // The till now shows only the new product.
      await openTab(s, 'kasir');
      await s.waitGone(byTestId('product-MNM-001'));
      const tiles = await s.findAll('button[data-testid^="product-"]');
      const ids = [];
      for (const el of tiles) ids.push(await s.attribute(el, 'data-testid'));
      assert.deepEqual(ids, [`product-${sku}`], 'the checkout grid holds only the new product');
      await app.shot('products-checkout.png');
    } finally {
      await app.close();
    }
  },
};
