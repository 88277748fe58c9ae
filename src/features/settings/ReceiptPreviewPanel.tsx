/** On-screen receipt: the lines decoded from the exact ESC/POS bytes, in a monospace column
 * exactly `columns` characters wide. */
import type { ReceiptPreview } from '../../lib/ipc';

export function ReceiptPreviewPanel({ preview }: { preview: ReceiptPreview }) {
  return (
    <figure className="flex flex-col items-center gap-2">
      <pre
        data-testid="receipt-preview"
        aria-label="Pratinjau struk"
        className="overflow-x-auto rounded-md bg-white px-3 py-4 font-mono text-[13px] leading-snug text-slate-900 shadow-md ring-1 ring-slate-200"
        style={{ width: `calc(${preview.columns}ch + 1.5rem)` }}
      >
        {preview.lines.join('\n')}
      </pre>
      <figcaption className="text-xs text-slate-500">
        Kertas {preview.paper === '42' ? '42 kolom' : `${preview.paper} mm`} · {preview.columns}{' '}
        kolom · {preview.orderNumber ? `pesanan ${preview.orderNumber}` : 'contoh struk'} ·{' '}
        {preview.bytes} byte
      </figcaption>
    </figure>
  );
}
