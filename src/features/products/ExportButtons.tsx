/**
 * "Ekspor CSV" / "Ekspor Excel": every product (with category, HPP, stock, threshold) written by
 * Rust into the Downloads folder; the saved path is shown so the owner can find the file.
 */
import { Button } from '../../components/Button';
import { useExportProducts } from './api';

export function ExportButtons() {
  const exportProducts = useExportProducts();
  const format = exportProducts.variables;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          testId="products-export-csv"
          disabled={exportProducts.isPending}
          onClick={() => exportProducts.mutate('csv')}
        >
          {exportProducts.isPending && format === 'csv' ? 'Mengekspor…' : 'Ekspor CSV'}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          testId="products-export-xlsx"
          disabled={exportProducts.isPending}
          onClick={() => exportProducts.mutate('xlsx')}
        >
          {exportProducts.isPending && format === 'xlsx' ? 'Mengekspor…' : 'Ekspor Excel'}
        </Button>
      </div>
      {exportProducts.data && (
        <p className="max-w-xs break-all text-right text-xs text-emerald-700" data-testid="products-export-result">
          {exportProducts.data.rows.toLocaleString('id-ID')} barang disimpan ke{' '}
          <span data-testid="saved-path" className="font-mono">
            {exportProducts.data.path}
          </span>
        </p>
      )}
      {exportProducts.error && (
        <p role="alert" className="max-w-xs text-right text-xs text-rose-600" data-testid="products-export-error">
          {exportProducts.error.message}
        </p>
      )}
    </div>
  );
}
