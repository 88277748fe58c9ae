/** Pengaturan → Printer Dapur & Bar (issue 14): printers, Tes Cetak, category routing. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CategoryRoute, CategoryRouteInput, PrepPrinter, PrepPrinterInput } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { KitchenPrintersPanel } from './KitchenPrintersPanel';
import { SettingsPage } from './SettingsPage';

const bar: PrepPrinter = {
  id: 2,
  name: 'Bar',
  active: true,
  paper: '58',
  connection: 'usb',
  host: '',
  port: 9100,
  devicePath: '',
  usbDevice: '0416:5011',
  windowsPrinter: '',
  serialPort: '',
  baudRate: 9600,
};

const OFFLINE = 'Printer tidak dapat dihubungi (offline). Periksa kabel dan daya printer.';

/** A small Rust: printers and routes kept across calls, names unique, what was sent recorded. */
function installBackend() {
  const state = {
    printers: [bar] as PrepPrinter[],
    routes: [
      { categoryId: 10, categoryName: 'Makanan', prepPrinterId: null },
      { categoryId: 11, categoryName: 'Minuman', prepPrinterId: 2 },
    ] as CategoryRoute[],
    saved: [] as PrepPrinterInput[],
    tested: [] as PrepPrinterInput[],
    removed: [] as number[],
    routed: [] as CategoryRouteInput[][],
  };
  mockBackend((cmd: string, a: Args) => {
    switch (cmd) {
      case 'list_prep_printers':
        return state.printers;
      case 'list_category_routes':
        return state.routes;
      case 'list_usb_printers':
        return [{ id: '0416:5011', name: 'POS-58 (0416:5011)', serial: null }];
      case 'list_serial_ports':
        return [];
      case 'save_prep_printer': {
        const input = a.printer as PrepPrinterInput;
        state.saved.push(input);
        if (state.printers.some((p) => p.name.toLowerCase() === input.name.trim().toLowerCase() && p.id !== input.id)) {
          throw { kind: 'validation', message: `Input tidak valid: sudah ada printer dapur/bar bernama ${input.name.trim()}.` };
        }
        const saved: PrepPrinter = { ...input, id: input.id ?? 1, name: input.name.trim(), active: true };
        state.printers = [...state.printers.filter((p) => p.id !== saved.id), saved];
        return saved;
      }
      case 'remove_prep_printer': {
        const id = a.printerId as number;
        state.removed.push(id);
        state.printers = state.printers.filter((p) => p.id !== id);
        state.routes = state.routes.map((r) => (r.prepPrinterId === id ? { ...r, prepPrinterId: null } : r));
        return null;
      }
      case 'save_category_routes': {
        const routes = a.routes as CategoryRouteInput[];
        state.routed.push(routes);
        state.routes = state.routes.map((r) => ({
          ...r,
          prepPrinterId: routes.find((x) => x.categoryId === r.categoryId)?.prepPrinterId ?? null,
        }));
        return state.routes;
      }
      case 'test_print_prep_printer': {
        const input = a.printer as PrepPrinterInput;
        state.tested.push(input);
        if (input.connection === 'network') throw { kind: 'printer_offline', message: OFFLINE };
        return { target: `USB ${input.usbDevice}`, bytes: 412 };
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return state;
}

async function openSection() {
  renderWithClient(<SettingsPage />);
  await userEvent.click(screen.getByTestId('settings-section-dapur'));
  return screen.findByTestId('prep-printer-2');
}

describe('Pengaturan → Printer Dapur & Bar', () => {
  it('adds a network kitchen printer with the shared connection controls; a taken name shows Rust\'s message', async () => {
    const state = installBackend();
    const row = await openSection();
    expect(row).toHaveTextContent('Bar');
    expect(row).toHaveTextContent('USB 0416:5011 · 58 mm (32 kolom)');

    await userEvent.click(screen.getByTestId('prep-printer-add'));
    const form = screen.getByTestId('prep-printer-form');
    await userEvent.type(within(form).getByTestId('prep-printer-name'), 'bar');
    await userEvent.click(within(form).getByTestId('prep-printer-save'));
    expect(await screen.findByTestId('prep-printer-error')).toHaveTextContent('sudah ada printer dapur/bar bernama bar');

    const name = within(form).getByTestId('prep-printer-name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Dapur');
    expect(within(form).getByTestId('prep-printer-connection'), 'a new printer starts on the network').toHaveValue('network');
    await userEvent.type(within(form).getByPlaceholderText('192.168.1.50'), '192.168.1.60');
    await userEvent.selectOptions(within(form).getByTestId('prep-printer-paper'), '80');
    await userEvent.click(within(form).getByTestId('prep-printer-save'));

    const added = await screen.findByTestId('prep-printer-1');
    expect(added).toHaveTextContent('Dapur');
    expect(added).toHaveTextContent('Jaringan 192.168.1.60:9100 · 80 mm (48 kolom)');
    expect(screen.queryByTestId('prep-printer-form'), 'the form closes after a save').toBeNull();
    expect(state.saved[1]).toMatchObject({
      id: null,
      name: 'Dapur',
      paper: '80',
      connection: 'network',
      host: '192.168.1.60',
      port: 9100,
    });
  });

  it('Tes Cetak prints on that printer, or shows the real printer error', async () => {
    const state = installBackend();
    await openSection();
    await userEvent.click(screen.getByTestId('prep-printer-test-2'));
    expect(await screen.findByTestId('prep-test-print-ok')).toHaveTextContent('Halaman tes terkirim ke USB 0416:5011 (412 byte).');
    expect(state.tested[0], 'the saved printer as it is').toMatchObject({ id: 2, name: 'Bar', connection: 'usb' });

    // Editing: the test uses the unsaved form.
    await userEvent.click(screen.getByTestId('prep-printer-edit-2'));
    const form = screen.getByTestId('prep-printer-form');
    await userEvent.selectOptions(within(form).getByTestId('prep-printer-connection'), 'network');
    await userEvent.type(within(form).getByPlaceholderText('192.168.1.50'), '10.0.0.9');
    await userEvent.click(within(form).getByTestId('prep-printer-test'));
    expect(await screen.findByTestId('prep-test-print-error')).toHaveTextContent(`Tes cetak gagal: ${OFFLINE}`);
    expect(state.tested[1]).toMatchObject({ id: 2, connection: 'network', host: '10.0.0.9' });
    expect(state.saved, 'a test print saves nothing').toEqual([]);
  });

  it('routes categories to printers or "tidak dicetak" and saves the whole table at once', async () => {
    const state = installBackend();
    await openSection();
    const makanan = await screen.findByTestId('route-10');
    const minuman = screen.getByTestId('route-11');
    expect(makanan).toHaveValue('');
    expect(within(makanan).getByRole('option', { name: '— tidak dicetak —' })).toBeInTheDocument();
    expect(minuman).toHaveValue('2');
    await userEvent.selectOptions(makanan, '2');
    await userEvent.selectOptions(minuman, '');
    await userEvent.click(screen.getByTestId('routes-save'));
    await screen.findByText('Rute tersimpan.');
    expect(state.routed).toEqual([
      [
        { categoryId: 10, prepPrinterId: 2 },
        { categoryId: 11, prepPrinterId: null },
      ],
    ]);
    expect(screen.getByTestId('route-10'), 'the table shows what Rust stored').toHaveValue('2');
  });

  it('removing a printer asks first; its categories then show "tidak dicetak"', async () => {
    const state = installBackend();
    await openSection();
    expect(await screen.findByTestId('route-11')).toHaveValue('2');
    await userEvent.click(screen.getByTestId('prep-printer-remove-2'));
    expect(state.removed, 'nothing removed before the confirmation').toEqual([]);
    await userEvent.click(screen.getByTestId('prep-printer-remove-confirm-2'));
    await waitFor(() => expect(screen.queryByTestId('prep-printer-2')).toBeNull());
    expect(state.removed).toEqual([2]);
    expect(screen.getByTestId('prep-printers-empty')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('route-11')).toHaveValue(''));
  });

  it('read only (a cashier): the printers and routes are shown without any way to change them', async () => {
    installBackend();
    renderWithClient(<KitchenPrintersPanel readOnly />);
    expect(await screen.findByTestId('prep-printer-2')).toHaveTextContent('Bar');
    expect(screen.queryByTestId('prep-printer-add')).toBeNull();
    expect(screen.queryByTestId('prep-printer-test-2')).toBeNull();
    expect(screen.queryByTestId('prep-printer-remove-2')).toBeNull();
    expect(await screen.findByTestId('route-10')).toBeDisabled();
    expect(screen.queryByTestId('routes-save')).toBeNull();
  });
});
