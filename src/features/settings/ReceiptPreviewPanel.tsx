/** On-screen receipt: the lines decoded from the exact ESC/POS bytes, in a monospace column
 * exactly `columns` characters wide, under the 1-bit logo exactly as it prints, at the same
 * scale as the text (Font A is 12 dots per character, so a logo of `w` dots spans `w / 12`
 * characters; its dots stay square, never smoothed). */
import { useState } from 'react';
import type { ReceiptPreview } from '../../lib/ipc';
import { DOTS_PER_COLUMN } from './ReceiptLogoPanel';

function PreviewLogo({ dataUrl }: { dataUrl: string }) {
  // The PNG is one pixel per printer dot; its width is known once it has loaded.
  const [dots, setDots] = useState<{ url: string; width: number } | null>(null);
  const width = dots && dots.url === dataUrl ? `${dots.width / DOTS_PER_COLUMN}ch` : undefined;
  return (
    <img
      src={dataUrl}
      alt="Logo struk"
      data-testid="receipt-preview-logo"
      className="mx-auto mb-1 block max-w-full"
      style={{ imageRendering: 'pixelated', width, height: 'auto' }}
      onLoad={(e) => setDots({ url: dataUrl, width: e.currentTarget.naturalWidth })}
    />
  );
}

export function ReceiptPreviewPanel({ preview }: { preview: ReceiptPreview }) {
  return (
    <figure className="flex flex-col items-center gap-2">
      <div
        className="overflow-x-auto rounded-md bg-white px-3 py-4 font-mono text-[13px] shadow-md ring-1 ring-slate-200"
        style={{ width: `calc(${preview.columns}ch + 1.5rem)` }}
      >
        {preview.logoDataUrl && <PreviewLogo dataUrl={preview.logoDataUrl} />}
        <pre
          data-testid="receipt-preview"
          aria-label="Pratinjau struk"
          className="font-mono text-[13px] leading-snug text-slate-900"
        >
          {preview.lines.join('\n')}
        </pre>
      </div>
      <figcaption className="text-xs text-slate-500">
        Kertas {preview.paper === '42' ? '42 kolom' : `${preview.paper} mm`} · {preview.columns}{' '}
        kolom · {preview.orderNumber ? `pesanan ${preview.orderNumber}` : 'contoh struk'} ·{' '}
        {preview.bytes} byte
      </figcaption>
    </figure>
  );
}
