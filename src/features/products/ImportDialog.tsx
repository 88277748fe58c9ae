/**
 * "Impor barang": the file the owner picked (CSV or Excel) as Rust reads it — how many products
 * are new, updated or in error, which column went to which field, warnings (unknown columns…),
 * the first rows with their status and every row in error with its messages. "Impor N barang"
 * writes all of it in one transaction, or nothing: it stays disabled while any row is in error,
 * and a refusal from Rust (the file changed since the preview, …) is shown as Rust said it.
 */
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { errorBox } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah } from '../../lib/format';
import {
  pickFile,
  toAppError,
  type ImportField,
  type ImportResult,
  type ImportRowStatus,
} from '../../lib/ipc';
import { useCommitImport, useImportPreview } from './api';

interface ImportDialogProps {
  path: string;
  onPickAgain: (path: string) => void;
  onClose: () => void;
  onImported: (result: ImportResult) => void;
}

const STATUS: Record<ImportRowStatus, { label: string; tone: string }> = {
  new: { label: 'Baru', tone: 'bg-emerald-100 text-emerald-800' },
  update: { label: 'Diperbarui', tone: 'bg-sky-100 text-sky-800' },
  unchanged: { label: 'Sama', tone: 'bg-slate-100 text-slate-600' },
  error: { label: 'Galat', tone: 'bg-red-100 text-red-800' },
};

/** The field a column went to, as the owner reads it. */
const FIELD_LABEL: Record<ImportField, string> = {
  name: 'Nama',
  price: 'Harga',
  costPrice: 'HPP',
  stock: 'Stok',
  category: 'Kategori',
  barcode: 'Barcode',
  sku: 'SKU',
  lowStockThreshold: 'Batas stok menipis',
};

const money = (n: number | null) => (n === null ? '—' : formatRupiah(n));

export function ImportDialog({ path, onPickAgain, onClose, onImported }: ImportDialogProps) {
  const preview = useImportPreview(path);
  const commit = useCommitImport();
  useEscape(onClose, { enabled: !commit.isPending });
  const p = preview.data;
  const total = p ? p.newCount + p.updateCount : 0;
  const blocked = !p || p.errorCount > 0 || total === 0;

  const pickAgain = async () => {
    commit.reset();
    const next = await pickFile('import').catch(() => null);
    if (next !== null) {
      onPickAgain(next);
      // The same path picked again: read it again (the owner may have fixed the file).
      if (next === path) void preview.refetch();
    }
  };

  return (
    <Modal title="Impor Barang" testId="import-dialog" onClose={onClose} width="max-w-5xl">
      <div className="space-y-4 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          <p className="mr-auto min-w-0 truncate text-slate-600" title={path}>
            File: <span className="font-mono text-slate-800">{p?.fileName ?? path}</span>
          </p>
          <Button size="sm" variant="secondary" testId="import-pick-again" onClick={() => void pickAgain()}>
            Pilih file lain
          </Button>
        </div>

        {preview.isFetching && !p && <p className="text-slate-500">Membaca file…</p>}
        {preview.error && (
          <p role="alert" data-testid="import-preview-error" className={errorBox}>
            {toAppError(preview.error).message}
          </p>
        )}

        {p && (
          <>
            <div className="grid grid-cols-4 gap-3" data-testid="import-counts">
              <Count testId="import-count-new" label="Barang baru" value={p.newCount} tone="text-emerald-700" />
              <Count testId="import-count-updated" label="Diperbarui" value={p.updateCount} tone="text-sky-700" />
              <Count testId="import-count-unchanged" label="Tidak berubah" value={p.unchangedCount} tone="text-slate-500" />
              <Count
                testId="import-count-errors"
                label="Baris bergalat"
                value={p.errorCount}
                tone={p.errorCount > 0 ? 'text-red-700' : 'text-slate-400'}
              />
            </div>

            <div data-testid="import-mapping">
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Kolom</p>
              <ul className="flex flex-wrap gap-2">
                {p.columns.map((c) => (
                  <li
                    key={c.header}
                    className={`rounded-md px-2 py-1 text-xs ring-1 ${
                      c.field === null
                        ? 'bg-amber-50 text-amber-800 ring-amber-200'
                        : 'bg-slate-50 text-slate-700 ring-slate-200'
                    }`}
                  >
                    <span className="font-mono">{c.header}</span> →{' '}
                    <span className="font-semibold">{c.field === null ? 'diabaikan' : FIELD_LABEL[c.field]}</span>
                  </li>
                ))}
              </ul>
            </div>

            {p.categoriesToCreate.length > 0 && (
              <p className="text-slate-600" data-testid="import-new-categories">
                Kategori baru: {p.categoriesToCreate.join(', ')}
              </p>
            )}
            {p.warnings.length > 0 && (
              <ul className="space-y-1 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900" data-testid="import-warnings">
                {p.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}

            <div className="max-h-80 overflow-auto rounded-lg ring-1 ring-slate-200">
              <table className="w-full text-left text-xs" data-testid="import-preview-table">
                <thead className="sticky top-0 bg-slate-50 uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Baris</th>
                    <th className="px-3 py-2">Status</th>
                    <th className="px-3 py-2">SKU</th>
                    <th className="px-3 py-2">Nama</th>
                    <th className="px-3 py-2">Kategori</th>
                    <th className="px-3 py-2">Barcode</th>
                    <th className="px-3 py-2 text-right">Harga</th>
                    <th className="px-3 py-2 text-right">HPP</th>
                    <th className="px-3 py-2 text-right">Stok</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {p.rows.map((r) => {
                    const error = r.status === 'error';
                    return (
                      <tr
                        key={r.line}
                        data-testid={error ? 'import-error-row' : 'import-row'}
                        data-line={r.line}
                        className={error ? 'bg-red-50 align-top' : 'align-top'}
                      >
                        <td className="px-3 py-1.5 font-mono text-slate-500">{r.line}</td>
                        <td className="px-3 py-1.5">
                          <span className={`rounded px-1.5 py-0.5 font-semibold ${STATUS[r.status].tone}`}>
                            {STATUS[r.status].label}
                          </span>
                        </td>
                        <td className="px-3 py-1.5 font-mono">
                          {r.sku ?? <span className="font-sans italic text-slate-400">dibuat otomatis</span>}
                        </td>
                        <td className="px-3 py-1.5">
                          <span className="font-medium text-slate-800">{r.name || '—'}</span>
                          {error && (
                            <ul className="mt-1 list-disc pl-4 text-red-800" data-testid="import-error-messages">
                              {r.errors.map((m) => (
                                <li key={m}>{m}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td className="px-3 py-1.5">{r.category ?? '—'}</td>
                        <td className="px-3 py-1.5 font-mono">{r.barcode ?? '—'}</td>
                        <td className="whitespace-nowrap px-3 py-1.5 text-right">{money(r.price)}</td>
                        <td className="whitespace-nowrap px-3 py-1.5 text-right">{money(r.costPrice)}</td>
                        <td className="px-3 py-1.5 text-right">{r.stock ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {p.rowsNotShown > 0 && (
              <p className="text-xs text-slate-500" data-testid="import-rows-not-shown">
                Ditampilkan {p.rows.length.toLocaleString('id-ID')} dari {p.totalRows.toLocaleString('id-ID')} baris; semua baris bergalat ikut ditampilkan.
              </p>
            )}
          </>
        )}

        {p && p.errorCount > 0 && (
          <p className="text-red-800" data-testid="import-blocked">
            Perbaiki {p.errorCount} baris bergalat di file, simpan, lalu pilih file lagi. Impor hanya berjalan bila semua baris benar.
          </p>
        )}
        {p && p.errorCount === 0 && total === 0 && (
          <p className="text-slate-600" data-testid="import-blocked">
            {p.unchangedCount > 0
              ? 'Semua barang di file ini sudah sama dengan yang tersimpan.'
              : 'Tidak ada barang untuk diimpor di file ini.'}
          </p>
        )}
        {commit.error && (
          <p role="alert" data-testid="import-commit-error" className={errorBox}>
            {commit.error.message}
          </p>
        )}

        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose} disabled={commit.isPending}>
            Batal
          </Button>
          <Button
            size="sm"
            testId="import-commit"
            disabled={blocked || commit.isPending || preview.isFetching}
            onClick={() => p && commit.mutate({ path, fileHash: p.fileHash }, { onSuccess: onImported })}
          >
            {commit.isPending ? 'Mengimpor…' : `Impor ${total.toLocaleString('id-ID')} barang`}
          </Button>
        </div>
      </div>
    </Modal>
  );
}

function Count({ testId, label, value, tone }: { testId: string; label: string; value: number; tone: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{label}</p>
      <p className={`text-xl font-bold ${tone}`} data-testid={testId}>
        {value.toLocaleString('id-ID')}
      </p>
    </div>
  );
}
