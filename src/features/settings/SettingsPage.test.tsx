import { mockIPC } from '@tauri-apps/api/mocks';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PrinterSettings, ReceiptPreview } from '../../lib/ipc';
import { renderWithClient } from '../../test/render';
import { SettingsPage } from './SettingsPage';

const stored: PrinterSettings = {
  connection: 'preview',
  host: '',
  port: 9100,
  devicePath: '/dev/usb/lp0',
  usbDevice: '',
  windowsPrinter: '',
  paper: '58',
  codePage: 'pc437',
  cancelKanji: true,
  autoPrint: true,
  copies: 1,
  drawerOnCash: true,
  orderCode: 'qr',
  headerText: '',
  footerText: 'Terima kasih',
  storeName: 'Warung Uji',
  storeAddress: 'Jl. Uji 1',
  storePhone: '0812',
  storeNpwp: '',
  serialPort: '',
  baudRate: 9600,
  showAddress: true,
  showPhone: true,
  showNpwp: true,
  showCashier: true,
};

function preview(settings: PrinterSettings): ReceiptPreview {
  const columns = settings.paper === '80' ? 48 : settings.paper === '42' ? 42 : 32;
  return {
    paper: settings.paper,
    columns,
    lines: [settings.storeName, '-'.repeat(columns), `TOTAL${' '.repeat(columns - 14)}Rp 30.000`],
    orderNumber: 'INV-261126-0001',
    bytes: 321,
    logoDataUrl: null,
  };
}

function installBackend() {
  const calls = { saved: [] as PrinterSettings[], tested: [] as PrinterSettings[] };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'get_printer_settings':
        return stored;
      case 'preview_receipt':
        return preview((a.req as { settings: PrinterSettings }).settings);
      case 'list_usb_printers':
        return [{ id: '04b8:0202', name: 'EPSON TM-T82 (04b8:0202)', serial: null }];
      case 'save_printer_settings': {
        const s = a.settings as PrinterSettings;
        calls.saved.push(s);
        return s;
      }
      case 'test_print': {
        calls.tested.push(a.settings as PrinterSettings);
        throw {
          kind: 'printer_offline',
          message: 'Printer tidak dapat dihubungi (offline). Periksa kabel/jaringan.',
        };
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('SettingsPage (Pengaturan → Printer)', () => {
  it('shows the stored settings and a monospace preview with exact columns', async () => {
    installBackend();
    renderWithClient(<SettingsPage />);
    expect(await screen.findByDisplayValue('Warung Uji')).toBeInTheDocument();
    const pre = await screen.findByTestId('receipt-preview');
    expect(pre.textContent).toContain('Warung Uji');
    expect(pre.textContent?.split('\n').every((l) => l.length <= 32)).toBe(true);
    expect(pre.className).toContain('font-mono');
  });

  it('switching to 80 mm re-renders the preview at 48 columns', async () => {
    installBackend();
    renderWithClient(<SettingsPage />);
    const paper = await screen.findByLabelText('Lebar kertas');
    await userEvent.selectOptions(paper, '80');
    await waitFor(() =>
      expect(screen.getByTestId('receipt-preview').textContent).toContain('-'.repeat(48)),
    );
  });

  it('Cetak Tes shows the real printer error, and Simpan sends the network settings', async () => {
    const calls = installBackend();
    renderWithClient(<SettingsPage />);
    await userEvent.selectOptions(await screen.findByLabelText('Jenis koneksi'), 'network');
    await userEvent.type(screen.getByPlaceholderText('192.168.1.50'), '10.0.0.9');
    await userEvent.click(screen.getByRole('button', { name: 'Cetak Tes' }));
    const alert = await screen.findByTestId('test-print-error');
    expect(alert).toHaveTextContent('Printer tidak dapat dihubungi (offline)');
    expect(calls.tested[0]).toMatchObject({ connection: 'network', host: '10.0.0.9', port: 9100 });
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Pengaturan tersimpan.');
    expect(calls.saved[0]).toMatchObject({ connection: 'network', host: '10.0.0.9' });
  });

  it('lists detected USB printers', async () => {
    installBackend();
    renderWithClient(<SettingsPage />);
    await userEvent.selectOptions(await screen.findByLabelText('Jenis koneksi'), 'usb');
    expect(await screen.findByRole('option', { name: 'EPSON TM-T82 (04b8:0202)' })).toBeInTheDocument();
  });
});
