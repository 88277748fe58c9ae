import type { CartLineInput, Catalog, PricedCart } from '../../lib/ipc';
import { formatRupiah } from '../../lib/format';
import type { CartAction } from './cart';

interface CartPanelProps {
  cart: CartLineInput[];
  catalog: Catalog;
  priced: PricedCart | undefined;
  pricing: boolean;
  pricingError: string | null;
  dispatch: (action: CartAction) => void;
  onPayCash: () => void;
  onPayQris: () => void;
  qrisAvailable: boolean;
  /** Why QRIS is off (a broken .env), shown under the buttons. */
  qrisNote?: string | null;
}

export function CartPanel({
  cart,
  catalog,
  priced,
  pricing,
  pricingError,
  dispatch,
  onPayCash,
  onPayQris,
  qrisAvailable,
  qrisNote = null,
}: CartPanelProps) {
  const productById = new Map(catalog.products.map((p) => [p.id, p]));
  const pricedById = new Map((priced?.lines ?? []).map((l) => [l.productId, l]));
  const canPay = cart.length > 0 && !pricing && priced !== undefined && pricingError === null;

  return (
    <aside className="flex w-[26rem] shrink-0 flex-col rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex items-center justify-between border-b border-slate-200 px-5 py-4">
        <h2 className="text-lg font-semibold">Keranjang</h2>
        <button
          type="button"
          data-testid="cart-clear"
          disabled={cart.length === 0}
          onClick={() => dispatch({ type: 'clear' })}
          className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50 disabled:text-slate-300 disabled:hover:bg-transparent"
        >
          Kosongkan
        </button>
      </header>
      <ul className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto px-5">
        {cart.length === 0 && (
          <li className="py-16 text-center text-sm text-slate-400">
            Belum ada barang. Pilih dari daftar atau scan barcode.
          </li>
        )}
        {cart.map((line) => {
          const product = productById.get(line.productId);
          const pricedLine = pricedById.get(line.productId);
          const sku = product?.sku ?? pricedLine?.sku ?? String(line.productId);
          return (
            <li key={line.productId} data-testid={`cart-line-${sku}`} className="py-3">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-800">
                    {pricedLine?.name ?? product?.name ?? '…'}
                  </p>
                  <p className="text-xs text-slate-500">
                    {pricedLine ? formatRupiah(pricedLine.unitPrice) : '…'} / pcs
                  </p>
                </div>
                <p className="shrink-0 font-semibold tabular-nums" data-testid={`cart-line-total-${sku}`}>
                  {pricedLine ? formatRupiah(pricedLine.lineTotal) : '…'}
                </p>
              </div>
              <div className="mt-2 flex items-center gap-2">
                <button
                  type="button"
                  aria-label={`Kurangi ${product?.name ?? ''}`}
                  data-testid={`cart-dec-${sku}`}
                  onClick={() => dispatch({ type: 'decrement', productId: line.productId })}
                  className="h-8 w-8 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
                >
                  −
                </button>
                <input
                  aria-label={`Jumlah ${product?.name ?? ''}`}
                  data-testid={`cart-qty-${sku}`}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={line.qty}
                  onChange={(e) =>
                    dispatch({
                      type: 'set',
                      productId: line.productId,
                      qty: Number.parseInt(e.target.value, 10),
                    })
                  }
                  className="h-8 w-16 rounded-lg border border-slate-300 text-center tabular-nums"
                />
                <button
                  type="button"
                  aria-label={`Tambah ${product?.name ?? ''}`}
                  data-testid={`cart-inc-${sku}`}
                  onClick={() => dispatch({ type: 'increment', productId: line.productId })}
                  className="h-8 w-8 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
                >
                  +
                </button>
                {pricedLine && pricedLine.qty > pricedLine.stock && (
                  <span className="text-xs font-medium text-amber-600">
                    Stok {pricedLine.stock}
                  </span>
                )}
                <button
                  type="button"
                  data-testid={`cart-remove-${sku}`}
                  onClick={() => dispatch({ type: 'remove', productId: line.productId })}
                  className="ml-auto rounded-lg px-2 py-1 text-xs text-slate-500 hover:bg-red-50 hover:text-red-600"
                >
                  Hapus
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <footer className="space-y-3 border-t border-slate-200 px-5 py-4">
        {pricingError && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {pricingError}
          </p>
        )}
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between text-slate-600">
            <dt>Subtotal ({priced?.itemCount ?? 0} barang)</dt>
            <dd className="tabular-nums" data-testid="cart-subtotal">
              {formatRupiah(priced?.subtotal ?? 0)}
            </dd>
          </div>
          <div className="flex items-baseline justify-between pt-1">
            <dt className="text-base font-semibold">Total</dt>
            <dd
              className={`text-3xl font-extrabold tabular-nums text-slate-900 ${pricing ? 'opacity-50' : ''}`}
              data-testid="cart-total"
            >
              {formatRupiah(cart.length === 0 ? 0 : (priced?.total ?? 0))}
            </dd>
          </div>
        </dl>
        <div className="grid grid-cols-2 gap-3">
          <button
            type="button"
            data-testid="pay-cash"
            disabled={!canPay}
            onClick={onPayCash}
            className="rounded-xl bg-brand-700 py-4 text-lg font-bold text-white shadow hover:bg-brand-800 disabled:bg-slate-300"
          >
            Tunai <span className="text-xs font-medium opacity-80">F8</span>
          </button>
          <button
            type="button"
            data-testid="pay-qris"
            disabled={!canPay || !qrisAvailable}
            onClick={onPayQris}
            title={qrisAvailable ? 'Bayar dengan QRIS' : 'QRIS belum diaktifkan'}
            className="rounded-xl bg-slate-900 py-4 text-lg font-bold text-white shadow hover:bg-black disabled:bg-slate-300"
          >
            QRIS <span className="text-xs font-medium opacity-80">F9</span>
          </button>
        </div>
        {qrisNote && (
          <p className="text-xs text-amber-700" data-testid="qris-unavailable">
            {qrisNote}
          </p>
        )}
      </footer>
    </aside>
  );
}
