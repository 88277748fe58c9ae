/**
 * Pengaturan → Printer → Logo struk: "Pilih Logo" hands the picked file to Rust, which dithers it
 * to 1-bit at the paper's width; what comes back is exactly what the printer prints, shown one
 * printer dot per screen pixel (no smoothing) on a strip as wide as the paper. "Hapus Logo"
 * removes it. Both take effect at once (not part of the form's "Simpan").
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { errorBox } from '../../components/styles';
import { pickFile, toAppError, type ReceiptLogo } from '../../lib/ipc';
import type { PaperChoice } from '../../bindings/PaperChoice';
import { useReceiptLogo, useRemoveReceiptLogo, useSetReceiptLogo } from './api';

/** Printable dots per line (kasir-printer `PaperWidth::dots`). */
export function paperDots(paper: PaperChoice): number {
  return paper === '80' ? 576 : paper === '42' ? 512 : 384;
}

/** Font A is 12 dots wide: a logo of `width` dots spans `width / 12` characters of the preview. */
export const DOTS_PER_COLUMN = 12;


/** The 1-bit logo, one printer dot per screen pixel (`pixelated` keeps every dot square). */
function LogoImage({ logo }: { logo: ReceiptLogo }) {
  return (
    <img
      src={logo.dataUrl}
      alt="Logo struk"
      data-testid="logo-preview"
      width={logo.width}
      height={logo.height}
      className="mx-auto block"
      style={{ imageRendering: 'pixelated', width: `${logo.width}px`, height: `${logo.height}px` }}
    />
  );
}

/** `savedPaper`: the stored paper width, the one Rust returns the logo for. */
export function ReceiptLogoPanel({ savedPaper, readOnly }: { savedPaper: PaperChoice; readOnly: boolean }) {
  const logo = useReceiptLogo();
  const setLogo = useSetReceiptLogo();
  const removeLogo = useRemoveReceiptLogo();
  const dots = paperDots(savedPaper);
  const busy = setLogo.isPending || removeLogo.isPending;
  const [dialogError, setDialogError] = useState<string | null>(null);
  const failure = dialogError ?? setLogo.error?.message ?? removeLogo.error?.message ?? null;

  const pick = async () => {
    setDialogError(null);
    setLogo.reset();
    removeLogo.reset();
    try {
      const path = await pickFile('logo');
      if (path) setLogo.mutate(path);
    } catch (error) {
      setDialogError(toAppError(error).message);
    }
  };

  return (
    <div className="space-y-3">
      {logo.data ? (
        <div className="space-y-1">
          <div
            className="overflow-x-auto rounded-md bg-white py-2 ring-1 ring-slate-200"
            style={{ width: `${dots}px`, maxWidth: '100%' }}
          >
            <LogoImage logo={logo.data} />
          </div>
          <p className="text-xs text-slate-500">
            Ukuran cetak {logo.data.width} × {logo.data.height} titik (kertas {savedPaper === '42' ? '42 kolom' : `${savedPaper} mm`}:
            {' '}{dots} titik), hitam-putih seperti hasil printer. Untuk lebar kertas lain logo disesuaikan otomatis.
          </p>
        </div>
      ) : (
        logo.isSuccess && <p className="text-sm text-slate-500">Belum ada logo.</p>
      )}
      {logo.error && <p className={errorBox}>{logo.error.message}</p>}
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" testId="logo-pick" disabled={busy} onClick={() => void pick()}>
            {setLogo.isPending ? 'Memproses…' : 'Pilih Logo'}
          </Button>
          {logo.data && (
            <Button
              size="sm"
              variant="secondary"
              testId="logo-remove"
              disabled={busy}
              onClick={() => {
                setDialogError(null);
                setLogo.reset();
                removeLogo.mutate();
              }}
            >
              {removeLogo.isPending ? 'Menghapus…' : 'Hapus Logo'}
            </Button>
          )}
        </div>
      )}
      <p className="text-xs text-slate-500">
        PNG, JPG atau BMP. Logo langsung tersimpan dan dicetak di atas nama toko; warna diubah menjadi titik
        hitam-putih.
      </p>
      {failure && (
        <p role="alert" data-testid="logo-error" className={errorBox}>
          {failure}
        </p>
      )}
    </div>
  );
}
