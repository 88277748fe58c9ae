// Cash sale in the real window: two products (one by a keyboard-wedge barcode scan), pay
// Rp 50.000, see the change, then check the order and stock in the SQLite file.
import assert from 'node:assert/strict';
import { launchApp, sql } from './lib/harness.mjs';
import { ENTER, sleep } from './lib/webdriver.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;

export const tests = {
  async 'cash sale with a scanned item is stored with change and stock taken'() {
    const app = await launchApp('checkout');
    const s = app.session;
    try {
      const [[teaId, teaPrice, teaStock]] = sql(
        app.db,
        "SELECT id, price, stock FROM products WHERE sku = 'MNM-001'",
      );
      const [[riceId, ricePrice, riceStock, riceBarcode]] = sql(
        app.db,
        "SELECT id, price, stock, barcode FROM products WHERE sku = 'MKN-001'",
      );
      const expectedTotal = Number(teaPrice) + Number(ricePrice);

      await s.click(await s.waitFor(byTestId('product-MNM-001')));
      await s.waitFor(byTestId('cart-line-MNM-001'));

      // Scanner: digits then Enter, fast, with nothing focused in particular.
      await s.keys([...riceBarcode, ENTER]);
      await s.waitFor(byTestId('cart-line-MKN-001'));
      const totalText = `Rp ${expectedTotal.toLocaleString('de-DE')}`;
      await s.waitFor(byTestId('cart-total'), { text: totalText });
      await app.shot('checkout-cart.png');

      await s.click(await s.waitFor(`${byTestId('pay-cash')}:not([disabled])`));
      await s.waitSettled(byTestId('cash-dialog'));
      await s.clickReady(byTestId('cash-quick-50000'));
      const change = 50_000 - expectedTotal;
      await s.waitFor(byTestId('cash-change'), {
        text: `Rp ${change.toLocaleString('de-DE')}`,
      });
      await app.shot('checkout-cash-dialog.png');
      await s.clickReady(byTestId('cash-confirm'));
      await s.waitFor(byTestId('order-paid'), {
        text: `Rp ${change.toLocaleString('de-DE')}`,
      });
      await sleep(800); // let the success animation finish before the picture
      await app.shot('checkout-paid.png');
      assert.equal((await s.findAll(byTestId('order-paid'))).length, 1, 'confirmation stays up');
      assert.equal(
        await s.text(await s.find(byTestId('cart-total'))),
        'Rp 0',
        'checkout resets for the next customer',
      );

      const orders = sql(
        app.db,
        'SELECT status, payment_method, total, cash_tendered, cash_change FROM orders',
      );
      assert.deepEqual(
        orders,
        [['paid', 'cash', String(expectedTotal), '50000', String(change)]],
        'exactly one paid cash order with tendered and change',
      );
      const lines = sql(app.db, 'SELECT sku, qty, line_total FROM order_lines ORDER BY sku');
      assert.deepEqual(lines, [
        ['MKN-001', '1', ricePrice],
        ['MNM-001', '1', teaPrice],
      ]);
      const stock = sql(
        app.db,
        `SELECT id, stock FROM products WHERE id IN (${teaId}, ${riceId}) ORDER BY id`,
      );
      assert.deepEqual(
        Object.fromEntries(stock),
        { [teaId]: String(Number(teaStock) - 1), [riceId]: String(Number(riceStock) - 1) },
        'stock of both products went down by one',
      );
    } finally {
      await app.close();
    }
  },
};
