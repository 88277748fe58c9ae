/**
 * "Stok Menipis" on the Laporan dashboard: how many active products are at or under their own
 * threshold right now (not a figure of the period) and the ones furthest under it, from Rust.
 */
import type { Dashboard } from '../../lib/ipc';

export function LowStockCard({ card }: { card: Dashboard['lowStock'] }) {
  const more = card.count - card.items.length;
  return (
    <section
      className={`rounded-xl p-4 shadow-sm ring-1 ${card.count > 0 ? 'bg-amber-50 ring-amber-200' : 'bg-white ring-slate-200'}`}
      data-testid="low-stock-card"
    >
      <div className="flex items-baseline justify-between gap-3">
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Stok Menipis · saat ini</p>
        <p
          className={`text-2xl font-bold ${card.count > 0 ? 'text-amber-800' : 'text-slate-900'}`}
          data-testid="low-stock-count"
        >
          {card.count.toLocaleString('id-ID')} barang
        </p>
      </div>
      {card.count === 0 ? (
        <p className="mt-1 text-xs text-slate-500">Semua barang di atas batas stok menipisnya.</p>
      ) : (
        <ul className="mt-2 flex flex-wrap gap-2 text-sm">
          {card.items.map((p) => (
            <li
              key={p.id}
              data-testid={`low-stock-item-${p.sku}`}
              className="rounded-lg bg-white px-2.5 py-1 ring-1 ring-amber-200"
            >
              <span className="font-medium text-slate-800">{p.name}</span>{' '}
              <span className="text-amber-800">
                stok {p.stock}
                {p.lowStockThreshold !== null && ` / batas ${p.lowStockThreshold}`}
              </span>
            </li>
          ))}
          {more > 0 && <li className="px-1 py-1 text-xs text-slate-500">dan {more} lainnya (lihat Barang → Stok Menipis)</li>}
        </ul>
      )}
    </section>
  );
}
