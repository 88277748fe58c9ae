// Owner's report in the real window: after a cash sale and a QRIS sale, "Laporan" shows both
// with the right totals, methods and issuer.
import assert from 'node:assert/strict';
import { launchApp, sql } from './lib/harness.mjs';
import { sleep } from './lib/webdriver.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;

export const tests = {
  async 'report tab shows a cash and a QRIS sale with totals, methods and issuer'() {
    const app = await launchApp('reports', { PAYMENT_PROVIDER: 'emulator' });
    const s = app.session;
    try {
      // Cash: Es Teh Manis 5.000 + Nasi Goreng Spesial 25.000, exact money.
      await s.click(await s.waitFor(byTestId('product-MNM-001')));
      await s.click(await s.waitFor(byTestId('product-MKN-001')));
      await s.waitFor(byTestId('cart-total'), { text: 'Rp 30.000' });
      await s.click(await s.waitFor(`${byTestId('pay-cash')}:not([disabled])`));
      await s.clickReady(byTestId('cash-exact'));
      await s.clickReady(byTestId('cash-confirm'));
      await s.clickReady(byTestId('order-new'));
      await s.waitGone(byTestId('order-paid'));

      // QRIS: Kopi Susu 18.000 + Pisang Goreng 10.000, the customer pays with OVO (demo panel).
      await s.click(await s.waitFor(byTestId('product-MNM-003')));
      await s.click(await s.waitFor(byTestId('product-CML-001')));
      await s.waitFor(byTestId('cart-total'), { text: 'Rp 28.000' });
      await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`));
      // Once the modal's pop-in is over: a click while it still scales in can land beside the
      // small demo button (seen once in CI: no payment, no green check).
      await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
      await s.clickReady(byTestId('demo-pay-ovo'));
      await s.waitFor(byTestId('qris-success'), { timeoutMs: 10_000 });
      await s.waitGone(byTestId('qris-modal'), 6_000);

      await s.click(await s.find(byTestId('tab-laporan')));
      await s.waitFor(byTestId('card-omzet-value'), { text: 'Rp 58.000' });
      assert.equal(await s.text(await s.find(byTestId('card-transactions-value'))), '2');
      await s.waitFor(byTestId('method-cash'), { text: 'Rp 30.000' });
      await s.waitFor(byTestId('method-qris'), { text: 'Rp 28.000' });
      await s.waitFor(byTestId('payment-breakdown'), { text: 'OVO' });
      await s.waitFor(byTestId('history'), { text: 'Rp 28.000' });
      await sleep(800); // charts animate in
      await app.shot('reports-dashboard.png');

      // The owner moves the shop to WITA with business days starting at 02:00.
      await s.click(await s.find(byTestId('tab-pengaturan')));
      await s.click(await s.waitFor(byTestId('settings-section-toko')));
      await s.waitFor(byTestId('shop-clock'));
      await s.execute(
        `const set = (id, v) => { const el = document.querySelector('[data-testid="' + id + '"]');
           const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
           setter.call(el, v); el.dispatchEvent(new Event('change', { bubbles: true })); };
         set('shop-timezone', 'Asia/Makassar'); set('shop-cutoff', '120');`,
      );
      await s.click(await s.waitFor(`${byTestId('shop-clock-save')}:not([disabled])`));
      await s.waitFor(byTestId('shop-clock-saved'));
      await app.shot('settings-shop-clock.png');
      assert.deepEqual(
        sql(
          app.db,
          "SELECT key, value FROM settings WHERE key IN ('shop_timezone', 'business_day_cutoff_minutes') ORDER BY key",
        ),
        [
          ['business_day_cutoff_minutes', '120'],
          ['shop_timezone', 'Asia/Makassar'],
        ],
      );

      // Back to the till: the checkout is still there and usable.
      await s.click(await s.find(byTestId('tab-kasir')));
      await s.waitFor(byTestId('product-search'));
    } finally {
      await app.close();
    }
  },
};
