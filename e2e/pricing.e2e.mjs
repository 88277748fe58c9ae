// Issue 12 in the real window: the owner sets Pajak & Harga (PBJT 10 %, service 5 % taxed, cash
// rounded down to Rp 500, non-cash to the nearest Rp 100) and adds an automatic "Happy Hour" 20 %
// on drinks for hours around now (WIB) through the UI; a café-style sale (two drinks and a snack)
// shows the breakdown Rust returns from price_cart, which is also checked against a hand
// computation in the documented order of operations; paid by QRIS in Mode Demo, the QR read off
// the screen carries the non-cash rounded total and the receipt from the TCP test printer prints
// the same breakdown. The same cart paid in cash shows the cash-rounded total.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUT, cliBinary, freePort, launchApp, sql } from './lib/harness.mjs';
import { setPrinterRows, startPrinter } from './lib/printer.mjs';
import { parseQris, qrOnScreen } from './lib/qris.mjs';
import { assertLines, byTestId, decodeJob, fill, rupiah, textOf, until, waitContent } from './lib/ui.mjs';
import { sleep } from './lib/webdriver.mjs';

const PROMO = 'Happy Hour';
/** Minuman in the demo catalogue. */
const DRINKS = 1;
/** Kopi Susu Gula Aren ×2 and Es Teh Manis (drinks), Roti Bakar Coklat Keju (Camilan). */
const CART = [
  ['MNM-003', 2],
  ['MNM-001', 1],
  ['CML-004', 1],
];

/**
 * Set a form control by its test id, whatever it is: a checkbox (checked or not), a <select>
 * (by option value, else by option text), a group of buttons/radios (by its value, its test id
 * suffix or its text), or a text/number/time input (native setter + input event, as React reads it).
 */
async function setField(s, id, value, aliases = []) {
  const res = await s.execute(
    `const [id, value, aliases] = arguments;
     const el = document.querySelector('[data-testid="' + id + '"]');
     if (!el) return 'missing';
     const wanted = [String(value), ...aliases].map((x) => x.toLowerCase());
     const fire = (e) => {
       e.dispatchEvent(new Event('input', { bubbles: true }));
       e.dispatchEvent(new Event('change', { bubbles: true }));
     };
     if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
       if (el.checked !== Boolean(value)) el.click();
       return 'checked=' + el.checked;
     }
     if (el instanceof HTMLSelectElement) {
       const opts = [...el.options];
       const opt = opts.find((o) => o.value.toLowerCase() === wanted[0])
         ?? opts.find((o) => wanted.some((w) => o.value.toLowerCase() === w))
         ?? opts.find((o) => wanted.some((w) => o.textContent.toLowerCase().includes(w)));
       if (!opt) return 'no option ' + value + ' in ' + opts.map((o) => o.value + '=' + o.textContent).join(', ');
       Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(el, opt.value);
       fire(el);
       return 'select=' + el.value;
     }
     if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
       const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
       Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, String(value));
       fire(el);
       return 'value=' + el.value;
     }
     // A group of buttons or radios.
     const choices = [...el.querySelectorAll('button, input[type="radio"], [role="radio"]')];
     const pick = choices.find((c) => wanted.some((w) =>
         (c.value ?? '').toLowerCase() === w
         || (c.getAttribute('data-testid') ?? '').toLowerCase().endsWith('-' + w)
         || (c.getAttribute('data-value') ?? '').toLowerCase() === w))
       ?? choices.find((c) => wanted.some((w) => c.textContent.toLowerCase().includes(w)));
     if (!pick) return 'no choice ' + value + ' in ' + choices.map((c) => c.textContent.trim()).join(', ');
     pick.click();
     return 'clicked=' + pick.textContent.trim();`,
    [id, value, aliases],
  );
  assert.ok(!/^(missing|no )/.test(res), `${id} ← ${value}: ${res}`);
  await sleep(80);
  return res;
}

/** HH:MM in Asia/Jakarta, `offsetMin` from now. */
function wibClock(offsetMin) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Jakarta',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() + offsetMin * 60_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute}`;
}

/** The textContent of the element with test id `id`. */
function content(s, id) {
  return s.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]'); return el ? el.textContent : '';`,
    [id],
  );
}

/** Half up, as kasir-pricing rounds every percentage. */
const pct = (amount, bps) => Math.floor((amount * bps + 5_000) / 10_000);

/** The order of operations of kasir-pricing's docs, by hand, for CART. */
function handPrice(prices) {
  const gross = CART.map(([sku, qty]) => ({ sku, gross: prices[sku].price * qty, drink: prices[sku].category === DRINKS }));
  const subtotal = gross.reduce((t, l) => t + l.gross, 0);
  const promo = gross.filter((l) => l.drink).reduce((t, l) => t + pct(l.gross, 2_000), 0);
  const net = subtotal - promo;
  const service = pct(net, 500);
  const tax = pct(net + service, 1_000); // PBJT 10 %, the service charge taxed
  const before = net + service + tax;
  const cashTotal = Math.floor(before / 500) * 500; // down to Rp 500
  const nonCashTotal = Math.floor((before + 50) / 100) * 100; // nearest Rp 100, half up
  return {
    subtotal,
    promo,
    net,
    service,
    tax,
    before,
    cash: { total: cashTotal, rounding: cashTotal - before },
    nonCash: { total: nonCashTotal, rounding: nonCashTotal - before },
  };
}

async function addCart(s) {
  for (const [sku, qty] of CART) {
    // The grid scrolls under its sticky search bar, and the "Lunas" note of the last sale sits
    // over its bottom row: bring each card to the middle before tapping it.
    const card = await s.waitFor(byTestId(`product-${sku}`));
    await s.execute("arguments[0].scrollIntoView({ block: 'center' });", [
      { 'element-6066-11e4-a52e-4f735466cecf': card },
    ]);
    await sleep(150);
    for (let i = 0; i < qty; i += 1) await s.click(card);
    await s.waitFor(byTestId(`cart-line-${sku}`));
  }
}

export const tests = {
  async 'café sale: PBJT + taxed service + Happy Hour promo, QRIS total on the QR and the receipt, cash rounded apart'() {
    const cli = cliBinary();
    const printer = await startPrinter();
    const emuPort = await freePort();
    const app = await launchApp('pricing', { PAYMENT_PROVIDER: 'emulator', KASIR_EMULATOR_PORT: String(emuPort) });
    const s = app.session;
    const db = app.db;
    try {
      setPrinterRows(db, printer.port);
      const prices = Object.fromEntries(
        sql(db, `SELECT sku, id, price, category_id FROM products WHERE sku IN (${CART.map(([k]) => `'${k}'`).join(', ')})`).map(
          ([sku, id, price, category]) => [sku, { id: Number(id), price: Number(price), category: Number(category) }],
        ),
      );
      assert.equal(prices['CML-004'].category === DRINKS, false, 'one product outside the promo category');
      const hand = handPrice(prices);

      // 1. Pengaturan → Pajak & Harga.
      await s.clickReady(byTestId('tab-pengaturan'));
      await s.waitFor(byTestId('settings-page'));
      await s.clickReady(byTestId('settings-section-pajak'));
      await s.waitFor(byTestId('pricing-tax-mode'), { timeoutMs: 15_000 });
      await setField(s, 'pricing-tax-mode', 'pbjt', ['PBJT']);
      await s.waitFor(byTestId('pricing-tax-rate'));
      await setField(s, 'pricing-tax-rate', '10');
      if ((await s.findAll(byTestId('pricing-include-tax'))).length > 0) {
        await setField(s, 'pricing-include-tax', false);
      }
      await setField(s, 'pricing-service', '5');
      await setField(s, 'pricing-service-taxed', true);
      await setField(s, 'pricing-cash-step', '500', ['Rp 500']);
      await setField(s, 'pricing-cash-mode', 'down', ['bawah']);
      await setField(s, 'pricing-noncash-step', '100', ['Rp 100']);
      await setField(s, 'pricing-noncash-mode', 'nearest', ['terdekat']);
      await s.execute(
        "document.querySelector('[data-testid=\"pricing-tax-mode\"]').scrollIntoView({ block: 'start' });",
      );
      await sleep(500);
      await app.shot('pricing-pajak-form.png');
      await s.clickReady(byTestId('pricing-save'));
      const saved = await until(async () => {
        const r = await s.invoke('get_pricing_settings');
        return r.ok && r.value.tax?.mode === 'pbjt' && r.value.serviceBps === 500 ? r.value : null;
      }, 'Pajak & Harga saved').catch(async (e) => {
        throw new Error(`${e.message}; page: ${(await s.pageText()).slice(0, 600)}`);
      });
      assert.deepEqual(
        {
          tax: saved.tax,
          pricesIncludeTax: saved.pricesIncludeTax,
          serviceBps: saved.serviceBps,
          serviceTaxed: saved.serviceTaxed,
          cashRounding: saved.cashRounding,
          nonCashRounding: saved.nonCashRounding,
        },
        {
          tax: { mode: 'pbjt', rateBps: 1_000 },
          pricesIncludeTax: false,
          serviceBps: 500,
          serviceTaxed: true,
          cashRounding: { step: '500', mode: 'down' },
          nonCashRounding: { step: '100', mode: 'nearest' },
        },
        'the form saved what it shows',
      );
      assert.ok(
        sql(db, "SELECT COUNT(*) FROM settings WHERE key = 'pricing.settings'")[0][0] === '1',
        'stored in the settings table',
      );
      // The live example cart is priced by Rust with the saved settings (read as textContent:
      // WebDriver's text leaves out what the sticky panel has scrolled away).
      await until(
        () =>
          s.execute(
            `const el = document.querySelector('[data-testid="pricing-example"]');
             return el ? el.textContent : '';`,
          ).then((t) => t.includes('PBJT 10%') && t.includes('Service 5%')),
        'the example cart shows PBJT 10% and Service 5%',
      );
      await sleep(400);
      await app.shot('pricing-pajak-saved.png');

      // 2. A promo: Happy Hour 20 % on drinks, automatic, for hours around now (WIB).
      if ((await s.findAll(byTestId('promos-panel'))).length === 0) {
        const other = await s.findAll(byTestId('settings-section-promo'));
        if (other.length > 0) await s.click(other[0]);
      }
      await s.waitFor(byTestId('promos-panel'), { timeoutMs: 10_000 });
      await s.clickReady(byTestId('promo-add'));
      await s.waitFor(byTestId('promo-name'));
      await fill(s, 'promo-name', PROMO);
      await setField(s, 'promo-kind', 'percent', ['persen', '%']);
      await setField(s, 'promo-value', '20');
      await setField(s, 'promo-target', 'lines', ['barang', 'baris']);
      await setField(s, 'promo-activation', 'automatic', ['otomatis']);
      await setField(s, `promo-category-${DRINKS}`, true);
      const start = wibClock(-60);
      const end = wibClock(120);
      await setField(s, 'promo-hours-start', start);
      await setField(s, 'promo-hours-end', end);
      await sleep(300);
      await app.shot('pricing-promo-form.png');
      // At the harness's 800 px window the promo form is taller than the screen and its
      // buttons sit at the clipped bottom edge: bring Simpan into view first.
      await s.execute(
        "document.querySelector('[data-testid=\"promo-save\"]').scrollIntoView({ block: 'center' });",
      );
      await sleep(200);
      await s.clickReady(byTestId('promo-save'));
      await waitContent(s, byTestId('promo-row'), PROMO).catch(async (e) => {
        throw new Error(`${e.message}; page: ${(await s.pageText()).slice(-800)}`);
      });
      const promos = await s.invoke('list_promos');
      assert.equal(promos.ok, true, JSON.stringify(promos));
      assert.equal(promos.value.length, 1, 'one promo saved');
      const [{ rule, active }] = promos.value;
      const minutes = (hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
      assert.deepEqual(
        {
          name: rule.name,
          value: rule.value,
          target: rule.target,
          activation: rule.activation,
          categoryIds: rule.conditions.categoryIds,
          hours: rule.conditions.hours,
          active,
        },
        {
          name: PROMO,
          value: { type: 'percent', bps: 2_000 },
          target: 'lines',
          activation: 'automatic',
          categoryIds: [DRINKS],
          hours: { startMinute: minutes(start), endMinute: minutes(end) },
          active: true,
        },
      );

      // 3. The café sale: what Rust prices, by hand, and on screen.
      await s.clickReady(byTestId('tab-kasir'));
      await s.waitFor(byTestId('product-search'));
      await addCart(s);
      const priced = await s.invoke('price_cart', {
        req: { lines: CART.map(([sku, qty]) => ({ productId: prices[sku].id, qty })) },
      });
      assert.equal(priced.ok, true, JSON.stringify(priced));
      const b = priced.value.breakdown;
      assert.deepEqual(
        {
          subtotal: b.subtotal,
          discounts: b.discounts.map((d) => [d.label, d.amount]),
          hemat: b.hemat,
          netSales: b.netSales,
          serviceLabel: b.serviceLabel,
          serviceCharge: b.serviceCharge,
          taxLabel: b.taxLabel,
          tax: b.tax,
          totalBeforeRounding: b.totalBeforeRounding,
          cash: [priced.value.cash.total, priced.value.cash.rounding],
          nonCash: [priced.value.nonCash.total, priced.value.nonCash.rounding],
        },
        {
          subtotal: hand.subtotal,
          discounts: [[PROMO, hand.promo]],
          hemat: hand.promo,
          netSales: hand.net,
          serviceLabel: 'Service 5%',
          serviceCharge: hand.service,
          taxLabel: 'PBJT 10%',
          tax: hand.tax,
          totalBeforeRounding: hand.before,
          cash: [hand.cash.total, hand.cash.rounding],
          nonCash: [hand.nonCash.total, hand.nonCash.rounding],
        },
        'price_cart agrees with the hand computation',
      );
      // 57.000 − 8.200 = 48.800; +2.440 service; +5.124 PBJT → 56.364; cash 56.000, QRIS 56.400.
      assert.deepEqual([hand.before, hand.cash.total, hand.nonCash.total], [56_364, 56_000, 56_400]);
      assert.notEqual(hand.cash.total, hand.nonCash.total, 'cash and non-cash round apart');

      await s.waitFor(byTestId('cart-total'), { text: (t) => t.trim() === rupiah(hand.nonCash.total) });
      assert.equal((await s.text(await s.find(byTestId('cart-subtotal')))).trim(), rupiah(hand.subtotal));
      // Read as textContent: WebDriver's element text leaves out the label's truncating <dt>.
      const discountRows = await s.execute(
        `return [...document.querySelectorAll('[data-testid="cart-discount-row"]')].map((e) => e.textContent);`,
      );
      assert.equal(discountRows.length, 1, 'one discount row');
      const discountText = discountRows[0];
      assert.ok(discountText.includes(PROMO) && discountText.includes(rupiah(hand.promo)), discountText);
      await s.waitFor(byTestId('cart-hemat'), { text: rupiah(hand.promo) });
      const service = await content(s, 'cart-service');
      assert.ok(service.includes('Service 5%') && service.includes(rupiah(hand.service)), service);
      const tax = await content(s, 'cart-tax');
      assert.ok(tax.includes('PBJT 10%') && tax.includes(rupiah(hand.tax)), tax);
      const rounding = await content(s, 'cart-rounding');
      assert.ok(
        rounding.includes(rupiah(hand.nonCash.rounding)) && rounding.includes(rupiah(hand.cash.rounding)),
        `Pembulatan shows both tenders: ${rounding}`,
      );
      await s.waitFor(byTestId('cart-total-cash'), { text: rupiah(hand.cash.total) });
      await sleep(300);
      await app.shot('pricing-cart.png');

      // 4. Pay by QRIS in Mode Demo: the QR carries the non-cash rounded total.
      await s.click(await s.waitFor(`${byTestId('pay-qris')}:not([disabled])`));
      await s.waitFor(byTestId('qris-image'), { timeoutMs: 20_000 });
      await s.waitFor(byTestId('qris-status'), { text: 'Menunggu pembayaran' });
      await s.waitSettled(byTestId('qris-image'));
      const { payload, png } = await qrOnScreen(s);
      writeFileSync(path.join(OUT, 'pricing-qris.png'), png);
      assert.ok(payload, 'a QR code is readable on the screen');
      const qris = parseQris(payload);
      assert.equal(qris.pointOfInitiation, '12', 'dynamic QRIS');
      assert.equal(qris.amount, hand.nonCash.total, 'the QR carries the non-cash rounded total');
      await s.clickReady(byTestId('demo-pay-gopay'));
      await s.waitFor(byTestId('qris-success'), { timeoutMs: 10_000 });
      await s.waitGone(byTestId('qris-modal'), 6_000);
      const [[orderId, number, status, total, subtotal, discountTotal, serviceTotal, taxTotal, roundingDb, taxLabel]] = sql(
        db,
        "SELECT id, number, status, total, subtotal, discount_total, service_total, tax_total, rounding, tax_label FROM orders WHERE payment_method = 'qris'",
      );
      assert.deepEqual(
        [status, total, subtotal, discountTotal, serviceTotal, taxTotal, roundingDb, taxLabel].map(String),
        ['paid', hand.nonCash.total, hand.subtotal, hand.promo, hand.service, hand.tax, hand.nonCash.rounding, 'PBJT 10%'].map(String),
        'the stored order carries the breakdown',
      );
      assert.equal(sql(db, `SELECT amount FROM payment_attempts WHERE order_id = ${orderId}`)[0]?.[0], String(hand.nonCash.total));

      // 5. The receipt at the TCP printer, with the same breakdown.
      const job = await printer.waitJob((j) => decodeJob(cli, j, 'pricing').includes(number), 15_000, 'the receipt');
      const text = decodeJob(cli, job, 'pricing');
      writeFileSync(path.join(OUT, 'pricing-receipt.txt'), text);
      const lines = text.split('\n');
      for (const l of lines) assert.ok(l.length <= 32, `wider than 58 mm: "${l}"`);
      // The service charge prints with the label it was priced with ("Service 5%").
      const serviceLine = lines.find((l) => /^Service 5%\s/.test(l.trim()));
      assert.ok(serviceLine, `a service line in:\n${text}`);
      assertLines(
        lines,
        [
          ['Subtotal', rupiah(hand.subtotal)],
          [PROMO, rupiah(-hand.promo)],
          [serviceLine.trim().replace(/ +Rp.*$/, ''), rupiah(hand.service)],
          ['PBJT 10%', rupiah(hand.tax)],
          ['Pembulatan', rupiah(hand.nonCash.rounding)],
          ['TOTAL', rupiah(hand.nonCash.total)],
          ['Pembayaran', 'QRIS (GoPay)'],
        ],
        text,
      );

      // 6. The same cart in cash: rounded down to Rp 500 in the cash dialog.
      await addCart(s);
      await s.waitFor(byTestId('cart-total-cash'), { text: rupiah(hand.cash.total) });
      await s.click(await s.waitFor(`${byTestId('pay-cash')}:not([disabled])`));
      await s.waitSettled(byTestId('cash-dialog'));
      await s.waitFor(byTestId('cash-total'), { text: (t) => t.trim() === rupiah(hand.cash.total) });
      await fill(s, 'cash-tendered', '60000');
      await s.waitFor(byTestId('cash-change'), { text: rupiah(60_000 - hand.cash.total) });
      await sleep(300);
      await app.shot('pricing-cash-dialog.png');
      await s.clickReady(byTestId('cash-confirm'));
      await s.waitFor(byTestId('order-paid'), { text: rupiah(60_000 - hand.cash.total) }).catch(async (e) => {
        throw new Error(`${e.message}; page: ${(await s.pageText()).slice(-600)} / ${await textOf(s, 'cash-dialog')}`);
      });
      assert.deepEqual(
        sql(db, "SELECT total, rounding, cash_tendered, cash_change FROM orders WHERE payment_method = 'cash'"),
        [[hand.cash.total, hand.cash.rounding, 60_000, 60_000 - hand.cash.total].map(String)],
        'the cash order is stored with the cash rounding',
      );
    } finally {
      await app.close();
      printer.close();
    }
  },
};
