/**
 * Pengaturan → Printer Dapur & Bar: the kitchen and bar printers (each of any connection kind,
 * with the shared connection controls, and its paper), "Tes Cetak" on each, and which category
 * prints where ("tidak dicetak": nowhere). When an order is sent or paid, Rust queues one ticket
 * per printer with only its lines; a ticket that fails shows in the "Struk belum tercetak" badge.
 */
import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass as input } from '../../components/styles';
import type { PaperChoice } from '../../bindings/PaperChoice';
import type { CategoryRoute, PrepPrinter, PrepPrinterInput } from '../../lib/ipc';
import { CONNECTIONS, ConnectionFields, type ConnectionDraft } from './ConnectionFields';
import {
  useCategoryRoutes,
  usePrepPrinters,
  useRemovePrepPrinter,
  useSaveCategoryRoutes,
  useSavePrepPrinter,
  useTestPrintPrepPrinter,
} from './api';

const PAPERS: { value: PaperChoice; label: string }[] = [
  { value: '58', label: '58 mm (32 kolom)' },
  { value: '80', label: '80 mm (48 kolom)' },
  { value: '42', label: '42 kolom' },
];

/** A new printer: on the network (most kitchen printers), port 9100, 58 mm. */
const NEW_PRINTER: PrepPrinterInput = {
  id: null,
  name: '',
  paper: '58',
  connection: 'network',
  host: '',
  port: 9100,
  devicePath: '',
  usbDevice: '',
  windowsPrinter: '',
  serialPort: '',
  baudRate: 9600,
};

/** The form of a saved printer (everything but `active`). */
function inputOf(p: PrepPrinter): PrepPrinterInput {
  return {
    id: p.id,
    name: p.name,
    paper: p.paper,
    connection: p.connection,
    host: p.host,
    port: p.port,
    devicePath: p.devicePath,
    usbDevice: p.usbDevice,
    windowsPrinter: p.windowsPrinter,
    serialPort: p.serialPort,
    baudRate: p.baudRate,
  };
}

/** Where a printer is, in a few words ("Jaringan 192.168.1.50:9100"). */
export function connectionSummary(c: ConnectionDraft): string {
  switch (c.connection) {
    case 'network':
      return `Jaringan ${c.host}:${c.port}`;
    case 'usb':
      return `USB ${c.usbDevice}`;
    case 'serial':
      return `Serial ${c.serialPort} (${c.baudRate})`;
    case 'device':
      return `Perangkat ${c.devicePath}`;
    case 'windows':
      return `Printer Windows ${c.windowsPrinter}`;
    case 'preview':
      return CONNECTIONS.find((k) => k.value === 'preview')?.label ?? 'Tanpa printer';
  }
}

function paperLabel(paper: PaperChoice): string {
  return PAPERS.find((p) => p.value === paper)?.label ?? paper;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

type TestPrint = ReturnType<typeof useTestPrintPrepPrinter>;

/** The outcome of the last "Tes Cetak" when it was for `id` (`null`: an unsaved new printer). */
function TestPrintOutcome({ test, id }: { test: TestPrint; id: number | null }) {
  if (test.variables === undefined || test.variables.id !== id || test.isPending) return null;
  if (test.error) {
    return (
      <p role="alert" data-testid="prep-test-print-error" className={errorBox}>
        Tes cetak gagal: {test.error.message}
      </p>
    );
  }
  if (!test.data) return null;
  return (
    <p role="status" data-testid="prep-test-print-ok" className="text-sm font-medium text-emerald-700">
      Halaman tes terkirim ke {test.data.target} ({test.data.bytes} byte).
    </p>
  );
}

function PrinterForm({
  initial,
  test,
  onDone,
}: {
  initial: PrepPrinterInput;
  test: TestPrint;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState<PrepPrinterInput>(initial);
  const save = useSavePrepPrinter();
  const patch = (changes: Partial<PrepPrinterInput>) => setDraft((d) => ({ ...d, ...changes }));
  return (
    <form
      className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
      data-testid="prep-printer-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft, { onSuccess: onDone });
      }}
    >
      <div className="grid grid-cols-[1fr_12rem] gap-3">
        <Field label="Nama printer" hint="Dicetak di atas tiket, mis. Dapur atau Bar.">
          <input
            className={input}
            value={draft.name}
            placeholder="Dapur"
            data-testid="prep-printer-name"
            onChange={(e) => patch({ name: e.target.value })}
          />
        </Field>
        <Field label="Lebar kertas">
          <select
            className={input}
            value={draft.paper}
            aria-label="Lebar kertas printer dapur"
            data-testid="prep-printer-paper"
            onChange={(e) => patch({ paper: e.target.value as PaperChoice })}
          >
            {PAPERS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ConnectionFields value={draft} onChange={patch} enabled testIdPrefix="prep-" />
      {save.error && (
        <p role="alert" data-testid="prep-printer-error" className={errorBox}>
          {save.error.message}
        </p>
      )}
      <TestPrintOutcome test={test} id={draft.id} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" testId="prep-printer-save" disabled={save.isPending}>
          {save.isPending ? 'Menyimpan…' : 'Simpan'}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          testId="prep-printer-test"
          disabled={test.isPending}
          onClick={() => test.mutate(draft)}
        >
          {test.isPending && test.variables?.id === draft.id ? 'Mencetak…' : 'Tes Cetak'}
        </Button>
        <Button variant="secondary" size="sm" testId="prep-printer-cancel" onClick={onDone}>
          Batal
        </Button>
      </div>
    </form>
  );
}

function PrinterRow({
  printer,
  readOnly,
  test,
  onEdit,
}: {
  printer: PrepPrinter;
  readOnly: boolean;
  test: TestPrint;
  onEdit: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const remove = useRemovePrepPrinter();
  return (
    <li className="space-y-2 py-3" data-testid={`prep-printer-${printer.id}`}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="font-semibold text-slate-900">{printer.name}</p>
          <p className="text-sm text-slate-500">
            {connectionSummary(printer)} · {paperLabel(printer.paper)}
          </p>
        </div>
        {!readOnly && !confirming && (
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              testId={`prep-printer-test-${printer.id}`}
              disabled={test.isPending}
              onClick={() => test.mutate(inputOf(printer))}
            >
              {test.isPending && test.variables?.id === printer.id ? 'Mencetak…' : 'Tes Cetak'}
            </Button>
            <Button variant="secondary" size="sm" testId={`prep-printer-edit-${printer.id}`} onClick={onEdit}>
              Ubah
            </Button>
            <Button
              variant="danger"
              size="sm"
              testId={`prep-printer-remove-${printer.id}`}
              onClick={() => setConfirming(true)}
            >
              Hapus
            </Button>
          </div>
        )}
      </div>
      {confirming && (
        <div className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
          <span className="flex-1">
            Hapus {printer.name}? Kategorinya tidak dicetak lagi sampai diarahkan ke printer lain.
          </span>
          <Button
            variant="danger"
            size="sm"
            testId={`prep-printer-remove-confirm-${printer.id}`}
            disabled={remove.isPending}
            onClick={() => remove.mutate(printer.id, { onSuccess: () => setConfirming(false) })}
          >
            {remove.isPending ? 'Menghapus…' : 'Ya, hapus'}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>
            Batal
          </Button>
        </div>
      )}
      {remove.error && (
        <p role="alert" className={errorBox}>
          {remove.error.message}
        </p>
      )}
      <TestPrintOutcome test={test} id={printer.id} />
    </li>
  );
}

function PrintersSection({ readOnly }: { readOnly: boolean }) {
  const printers = usePrepPrinters();
  const test = useTestPrintPrepPrinter();
  // The printer being edited: its id, 'new', or none.
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const list = printers.data ?? [];
  return (
    <Section title="Printer dapur & bar">
      <p className="text-sm text-slate-600">
        Setiap pesanan yang dikirim (tagihan) atau dibayar mencetak tiket di printer ini, hanya berisi barang dari
        kategori yang diarahkan ke sana. Tiket yang gagal muncul di tanda “Struk belum tercetak”.
      </p>
      {printers.isPending && <p className="text-sm text-slate-500">Memuat printer…</p>}
      {printers.error && (
        <p role="alert" className={errorBox}>
          {printers.error.message}
        </p>
      )}
      {printers.data && list.length === 0 && (
        <p className="text-sm text-slate-500" data-testid="prep-printers-empty">
          Belum ada printer dapur atau bar.
        </p>
      )}
      <ul className="divide-y divide-slate-100">
        {list.map((p) =>
          editing === p.id && !readOnly ? (
            <li key={p.id} className="py-3">
              <PrinterForm initial={inputOf(p)} test={test} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <PrinterRow key={p.id} printer={p} readOnly={readOnly} test={test} onEdit={() => setEditing(p.id)} />
          ),
        )}
      </ul>
      {!readOnly &&
        (editing === 'new' ? (
          <PrinterForm initial={NEW_PRINTER} test={test} onDone={() => setEditing(null)} />
        ) : (
          <Button size="sm" testId="prep-printer-add" onClick={() => setEditing('new')}>
            Tambah Printer
          </Button>
        ))}
    </Section>
  );
}

/** The select value of "tidak dicetak". */
const NOWHERE = '';

type SaveRoutes = ReturnType<typeof useSaveCategoryRoutes>;

function RoutesForm({
  routes,
  printers,
  readOnly,
  save,
}: {
  routes: CategoryRoute[];
  printers: PrepPrinter[];
  readOnly: boolean;
  save: SaveRoutes;
}) {
  const [draft, setDraft] = useState<Record<number, number | null>>(() =>
    Object.fromEntries(routes.map((r) => [r.categoryId, r.prepPrinterId])),
  );
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(routes.map((r) => ({ categoryId: r.categoryId, prepPrinterId: draft[r.categoryId] ?? null })));
      }}
    >
      <fieldset disabled={readOnly}>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1 font-medium">Kategori</th>
              <th className="py-1 font-medium">Dicetak di</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {routes.map((r) => (
              <tr key={r.categoryId}>
                <td className="py-2 pr-3 font-medium text-slate-800">{r.categoryName}</td>
                <td className="py-2">
                  <select
                    className={input}
                    aria-label={`Printer untuk ${r.categoryName}`}
                    data-testid={`route-${r.categoryId}`}
                    value={String(draft[r.categoryId] ?? NOWHERE)}
                    onChange={(e) =>
                      setDraft((d) => ({
                        ...d,
                        [r.categoryId]: e.target.value === NOWHERE ? null : Number(e.target.value),
                      }))
                    }
                  >
                    <option value={NOWHERE}>— tidak dicetak —</option>
                    {printers.map((p) => (
                      <option key={p.id} value={String(p.id)}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      {save.error && (
        <p role="alert" data-testid="routes-error" className={errorBox}>
          {save.error.message}
        </p>
      )}
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" size="sm" testId="routes-save" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan Rute'}
          </Button>
          {save.isSuccess && !save.isPending && (
            <span role="status" className="text-sm font-medium text-emerald-700">
              Rute tersimpan.
            </span>
          )}
        </div>
      )}
    </form>
  );
}

function RoutesSection({ readOnly }: { readOnly: boolean }) {
  const routes = useCategoryRoutes();
  const printers = usePrepPrinters();
  const save = useSaveCategoryRoutes();
  return (
    <Section title="Kategori ke printer">
      {(routes.isPending || printers.isPending) && <p className="text-sm text-slate-500">Memuat rute…</p>}
      {routes.error && (
        <p role="alert" className={errorBox}>
          {routes.error.message}
        </p>
      )}
      {routes.data && routes.data.length === 0 && (
        <p className="text-sm text-slate-500">Belum ada kategori. Buat kategori di Barang.</p>
      )}
      {routes.data && printers.data && routes.data.length > 0 && (
        // Read again (a save, a removed printer, a new category): the table starts from Rust's.
        <RoutesForm
          key={routes.dataUpdatedAt}
          routes={routes.data}
          printers={printers.data}
          readOnly={readOnly}
          save={save}
        />
      )}
    </Section>
  );
}

export function KitchenPrintersPanel({ readOnly = false }: { readOnly?: boolean }) {
  return (
    <div className="max-w-3xl space-y-4 overflow-y-auto p-5" data-testid="kitchen-printers">
      <PrintersSection readOnly={readOnly} />
      <RoutesSection readOnly={readOnly} />
    </div>
  );
}
