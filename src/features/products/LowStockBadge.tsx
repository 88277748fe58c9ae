/** "Stok Menipis": the product's stock is at or under its own threshold (Rust's `lowStock`). */
export function LowStockBadge() {
  return (
    <span
      data-testid="low-stock-badge"
      className="ml-2 whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-800 ring-1 ring-amber-200"
    >
      Stok Menipis
    </span>
  );
}
