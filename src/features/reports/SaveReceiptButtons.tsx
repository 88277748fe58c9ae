/**
 * "Simpan Struk" in a paid sale's detail: the receipt exactly as the printer prints it, saved by
 * Rust as a PNG (to send by WhatsApp) or a PDF into the Downloads folder; the path is shown.
 */
import { Button } from '../../components/Button';
import { useSaveDigitalReceipt } from './api';

export function SaveReceiptButtons({ orderId }: { orderId: number }) {
  const save = useSaveDigitalReceipt();
  const format = save.variables?.format;
  return (
    <div className="mt-2 space-y-1" data-testid="history-save-receipt">
      <div className="flex items-center gap-2">
        <span className="text-xs font-semibold text-slate-600">Simpan Struk:</span>
        <Button
          size="sm"
          variant="secondary"
          testId="history-save-receipt-png"
          disabled={save.isPending}
          onClick={() => save.mutate({ orderId, format: 'png' })}
        >
          {save.isPending && format === 'png' ? 'Menyimpan…' : 'Gambar (PNG)'}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          testId="history-save-receipt-pdf"
          disabled={save.isPending}
          onClick={() => save.mutate({ orderId, format: 'pdf' })}
        >
          {save.isPending && format === 'pdf' ? 'Menyimpan…' : 'PDF'}
        </Button>
      </div>
      {save.data && (
        <p className="text-xs text-emerald-700" data-testid="history-save-receipt-done">
          Struk {format === 'pdf' ? 'PDF' : 'PNG'} disimpan ke{' '}
          <span data-testid="saved-path" className="break-all font-mono">
            {save.data.path}
          </span>
        </p>
      )}
      {save.error && (
        <p role="alert" className="text-xs text-rose-600" data-testid="history-save-receipt-error">
          {save.error.message}
        </p>
      )}
    </div>
  );
}
