/**
 * The product's photo in the form: "Pilih Foto" opens the system file dialog (PNG/JPG) and Rust
 * copies the image into the app's photos as a thumbnail; "Hapus Foto" takes it off. For a saved
 * product both take effect at once (and are audited); a new product's pick is only remembered
 * and set right after the product is saved (the form does that).
 *
 * A file that is not an image, or is too big, is refused by Rust with its Indonesian message,
 * shown here; the product keeps the photo it had.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { errorBox } from '../../components/styles';
import { hideMissingPhoto } from '../../components/photo';
import { photoUrl, pickFile, toAppError, type ProductRow } from '../../lib/ipc';
import { useRemoveProductPhoto, useSetProductPhoto } from './api';

interface PhotoFieldProps {
  /** null: a new product, not saved yet. */
  productId: number | null;
  /** The file name of the current photo (`ProductRow.photo`). */
  photo: string | null;
  /** A new product's picked file, set after saving. */
  pending: string | null;
  onPending: (path: string | null) => void;
  /** A saved product's photo changed: the row as Rust stored it. */
  onChanged: (row: ProductRow) => void;
  disabled?: boolean;
}

/** The last part of a path, for "foto.png akan dipasang". */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function PhotoField({ productId, photo, pending, onPending, onChanged, disabled }: PhotoFieldProps) {
  const setPhoto = useSetProductPhoto();
  const removePhoto = useRemoveProductPhoto();
  const [pickError, setPickError] = useState<string | null>(null);
  const busy = setPhoto.isPending || removePhoto.isPending;

  const pick = async () => {
    setPickError(null);
    setPhoto.reset();
    removePhoto.reset();
    let path: string | null;
    try {
      path = await pickFile('image');
    } catch (e) {
      setPickError(toAppError(e).message);
      return;
    }
    if (path === null) return;
    if (productId === null) onPending(path);
    else setPhoto.mutate({ productId, path }, { onSuccess: onChanged });
  };

  const remove = () => {
    setPhoto.reset();
    if (productId === null) onPending(null);
    else removePhoto.mutate(productId, { onSuccess: onChanged });
  };

  const error = pickError ?? setPhoto.error?.message ?? removePhoto.error?.message ?? null;
  const hasPhoto = photo !== null || pending !== null;
  return (
    <div className="flex items-start gap-4" data-testid="product-photo">
      <div className="flex h-24 w-24 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200">
        {photo !== null && pending === null ? (
          <img
            data-testid="product-photo-preview"
            onError={hideMissingPhoto}
            src={photoUrl(photo)}
            alt="Foto barang"
            width={96}
            height={96}
            className="h-24 w-24 object-cover"
          />
        ) : (
          <span className="px-2 text-center text-xs text-slate-400">
            {pending !== null ? 'Dipasang saat disimpan' : 'Belum ada foto'}
          </span>
        )}
      </div>
      <div className="min-w-0 flex-1 space-y-2">
        <p className="text-sm font-medium text-slate-700">Foto barang (opsional)</p>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="secondary"
            testId="product-photo-pick"
            disabled={disabled || busy}
            onClick={() => void pick()}
          >
            {setPhoto.isPending ? 'Memasang…' : hasPhoto ? 'Ganti Foto' : 'Pilih Foto'}
          </Button>
          {hasPhoto && (
            <Button
              size="sm"
              variant="secondary"
              testId="product-photo-remove"
              disabled={disabled || busy}
              onClick={remove}
            >
              {removePhoto.isPending ? 'Menghapus…' : 'Hapus Foto'}
            </Button>
          )}
        </div>
        <p className="text-xs text-slate-500">
          {pending !== null
            ? `${fileName(pending)} dipasang setelah barang disimpan.`
            : 'PNG atau JPG, maks 10 MB; disimpan sebagai gambar kecil.'}
        </p>
        {error && (
          <p role="alert" data-testid="product-photo-error" className={errorBox}>
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
