/**
 * "Katalog demo": shown while the demo catalogue is still in place. Removing it needs a second,
 * explicit confirmation; past sales keep their receipts and reports.
 */
import { useState } from 'react';
import { Modal } from '../../components/Modal';
import { useRemoveDemoCatalog } from './api';
import { Button } from '../../components/Button';
import { errorBox } from '../../components/styles';
import { useEscape } from '../../components/useEscape';

export function DemoCatalogBox({ onRemoved }: { onRemoved: (text: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useRemoveDemoCatalog();
  const close = () => {
    if (!remove.isPending) setConfirming(false);
  };
  useEscape(close, { enabled: confirming });

  return (
    <section
      data-testid="demo-catalog"
      className="space-y-3 rounded-xl border-2 border-dashed border-amber-300 bg-amber-50 p-4"
    >
      <h3 className="text-sm font-bold uppercase tracking-wide text-amber-800">Katalog demo</h3>
      <p className="text-sm text-amber-900">
        Barang dan kategori contoh masih ada. Setelah barang toko Anda sendiri siap, hapus katalog
        demo. Penjualan yang sudah tercatat tidak berubah.
      </p>
      <button
        type="button"
        data-testid="demo-remove"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
        className="rounded-lg bg-amber-500 px-4 py-2 text-sm font-semibold text-amber-950 shadow-sm hover:bg-amber-400"
      >
        Hapus katalog demo
      </button>
      {confirming && (
        <Modal title="Hapus katalog demo?" testId="demo-remove-dialog" onClose={close}>
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              Semua barang demo dan kategori demo yang kosong akan dihapus permanen dan tidak akan
              muncul lagi. Barang yang Anda tambahkan sendiri tetap ada. Riwayat penjualan tetap
              tersimpan.
            </p>
            {remove.error && (
              <p role="alert" className={errorBox}>
                {remove.error.message}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" size="sm" onClick={close}>
                Batal
              </Button>
              <Button
                variant="danger"
                size="sm"
                testId="demo-remove-confirm"
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: (r) => {
                      setConfirming(false);
                      onRemoved(
                        `Katalog demo dihapus: ${r.productsRemoved} barang, ${r.categoriesRemoved} kategori.`,
                      );
                    },
                  })
                }
              >
                {remove.isPending ? 'Menghapus…' : 'Ya, hapus katalog demo'}
              </Button>
            </div>
          </div>
        </Modal>
      )}
    </section>
  );
}
