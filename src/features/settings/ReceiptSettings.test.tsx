/** Pengaturan → Printer (issue 13): serial/Bluetooth connection, receipt logo, lines and fields. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PrinterSettings, ReceiptLogo, ReceiptPreview } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
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
  cancelKanji: false,
  autoPrint: true,
  copies: 1,
  drawerOnCash: true,
  orderCode: 'qr',
  headerText: '',
  footerText: 'Terima kasih',
  storeName: 'Warung Uji',
  storeAddress: 'Jl. Uji 1',
  storePhone: '0812',
  storeNpwp: '01.234.567.8-901.000',
  serialPort: '',
  baudRate: 9600,
  showAddress: true,
  showPhone: true,
  showNpwp: true,
  showCashier: true,
};

/** A 2×1 1-bit PNG (black, white), as Rust would send it. */
const LOGO: ReceiptLogo = {
  dataUrl:
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABAQAAAADcWUInAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==',
  width: 384,
  height: 96,
};

/** The sample receipt laid out from the settings the preview was asked for. */
function preview(s: PrinterSettings, logo: ReceiptLogo | null = null): ReceiptPreview {
  const lines = [s.storeName];
  if (s.showAddress) lines.push(s.storeAddress);
  if (s.showPhone) lines.push(`Telp ${s.storePhone}`);
  if (s.showNpwp) lines.push(`NPWP ${s.storeNpwp}`);
  lines.push(...s.headerText.split('\n').filter(Boolean));
  if (s.showCashier) lines.push('Kasir: Sari');
  lines.push(...s.footerText.split('\n').filter(Boolean));
  return { paper: s.paper, columns: 32, lines, orderNumber: null, bytes: 200, logoDataUrl: logo?.dataUrl ?? null };
}

function installBackend(opts: { logo?: ReceiptLogo | null; pickedPath?: string | null } = {}) {
  let logo = opts.logo ?? null;
  const calls = {
    saved: [] as PrinterSettings[],
    logoPaths: [] as string[],
    removed: 0,
    portListings: 0,
    previews: [] as PrinterSettings[],
  };
  mockBackend((cmd: string, a: Args) => {
    switch (cmd) {
      case 'get_printer_settings':
        return stored;
      case 'preview_receipt': {
        const s = (a.req as { settings: PrinterSettings }).settings;
        calls.previews.push(s);
        return preview(s, logo);
      }
      case 'list_serial_ports':
        calls.portListings += 1;
        return [
          { path: '/dev/ttyUSB0', description: 'CH340 serial converter' },
          { path: '/dev/rfcomm0', description: 'Bluetooth: RPP02N' },
        ];
      case 'get_receipt_logo':
        return logo;
      case 'plugin:dialog|open':
        return opts.pickedPath === undefined ? '/home/sari/logo.png' : opts.pickedPath;
      case 'set_receipt_logo':
        calls.logoPaths.push(a.path as string);
        logo = LOGO;
        return LOGO;
      case 'remove_receipt_logo':
        calls.removed += 1;
        logo = null;
        return null;
      case 'save_printer_settings': {
        const s = a.settings as PrinterSettings;
        calls.saved.push(s);
        return s;
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('Pengaturan → Printer: Serial / Bluetooth', () => {
  it('lists the serial ports with their description and saves the chosen port and baud rate', async () => {
    const calls = installBackend();
    renderWithClient(<SettingsPage />);
    await userEvent.selectOptions(await screen.findByTestId('printer-connection'), 'serial');
    const select = await screen.findByTestId('serial-port-select');
    expect(
      await within(select).findByRole('option', { name: '/dev/rfcomm0 — Bluetooth: RPP02N' }),
    ).toBeInTheDocument();
    expect(within(select).getByRole('option', { name: '/dev/ttyUSB0 — CH340 serial converter' })).toBeInTheDocument();

    await userEvent.selectOptions(select, '/dev/rfcomm0');
    await userEvent.selectOptions(screen.getByTestId('serial-baud'), '115200');
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Pengaturan tersimpan.');
    expect(calls.saved[0], 'the save carries the serial connection as picked').toMatchObject({
      connection: 'serial',
      serialPort: '/dev/rfcomm0',
      baudRate: 115200,
    });
  });

  it('accepts a typed port path that is not listed, and "Muat ulang" asks for the ports again', async () => {
    const calls = installBackend();
    renderWithClient(<SettingsPage />);
    await userEvent.selectOptions(await screen.findByTestId('printer-connection'), 'serial');
    await screen.findByRole('option', { name: '/dev/rfcomm0 — Bluetooth: RPP02N' });
    const before = calls.portListings;
    await userEvent.click(screen.getByTestId('serial-port-refresh'));
    await waitFor(() => expect(calls.portListings, 'the refresh button lists the ports again').toBe(before + 1));

    await userEvent.click(screen.getByTestId('serial-port-path'));
    await userEvent.paste('COM5');
    expect(screen.getByTestId('serial-port-select'), 'the typed port shows as the selection').toHaveValue('COM5');
    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Pengaturan tersimpan.');
    expect(calls.saved[0]).toMatchObject({ connection: 'serial', serialPort: 'COM5', baudRate: 9600 });
  });
});

describe('Pengaturan → Printer: logo', () => {
  it('"Pilih Logo" sends the picked file to Rust and shows the 1-bit logo pixel for pixel; "Hapus Logo" clears it', async () => {
    const calls = installBackend();
    renderWithClient(<SettingsPage />);
    await screen.findByText('Belum ada logo.');
    expect(screen.queryByTestId('logo-preview')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('logo-pick'));
    const img = await screen.findByTestId('logo-preview');
    expect(calls.logoPaths, 'the picked path goes to set_receipt_logo').toEqual(['/home/sari/logo.png']);
    expect(img).toHaveAttribute('src', LOGO.dataUrl);
    expect(img.style.imageRendering, 'no smoothing: every printer dot stays a square').toBe('pixelated');
    expect(img.style.width, 'one printer dot per screen pixel').toBe('384px');
    expect(img.style.height).toBe('96px');
    expect(
      await screen.findByTestId('receipt-preview-logo'),
      'the receipt preview (asked again after the pick) prints the logo above the text',
    ).toHaveAttribute('src', LOGO.dataUrl);

    await userEvent.click(screen.getByTestId('logo-remove'));
    await waitFor(() => expect(screen.queryByTestId('logo-preview')).not.toBeInTheDocument());
    expect(calls.removed).toBe(1);
    expect(screen.queryByTestId('receipt-preview-logo')).not.toBeInTheDocument();
    expect(screen.getByText('Belum ada logo.')).toBeInTheDocument();
  });

  it('a cancelled picker sends nothing to Rust', async () => {
    const calls = installBackend({ pickedPath: null });
    renderWithClient(<SettingsPage />);
    await userEvent.click(await screen.findByTestId('logo-pick'));
    await screen.findByText('Belum ada logo.');
    expect(calls.logoPaths).toEqual([]);
  });

  it("shows Rust's message when the file is not an image", async () => {
    mockBackend((cmd) => {
      if (cmd === 'get_printer_settings') return stored;
      if (cmd === 'preview_receipt') return preview(stored);
      if (cmd === 'get_receipt_logo') return null;
      if (cmd === 'plugin:dialog|open') return '/home/sari/bukan-gambar.png';
      if (cmd === 'set_receipt_logo') throw { kind: 'validation', message: 'Berkas bukan gambar yang dapat dibaca.' };
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<SettingsPage />);
    await userEvent.click(await screen.findByTestId('logo-pick'));
    expect(await screen.findByTestId('logo-error')).toHaveTextContent('Berkas bukan gambar yang dapat dibaca.');
    expect(screen.queryByTestId('logo-preview')).not.toBeInTheDocument();
  });
});

describe('Pengaturan → Printer: header, footer and fields', () => {
  it('multi-line header and footer and the hidden fields reach the preview and the save', async () => {
    const calls = installBackend();
    renderWithClient(<SettingsPage />);
    const footer = await screen.findByTestId('receipt-footer-lines');
    await userEvent.clear(footer);
    await userEvent.paste('Terima kasih\nWi-Fi: warunguji / sandi123\nIG @warunguji');
    await userEvent.click(screen.getByTestId('receipt-header-lines'));
    await userEvent.paste('Buka 07.00-22.00');
    await userEvent.click(screen.getByTestId('show-npwp'));
    await userEvent.click(screen.getByTestId('show-cashier'));

    await waitFor(() => {
      const text = screen.getByTestId('receipt-preview').textContent ?? '';
      expect(text, 'each footer line prints on its own line').toContain('Wi-Fi: warunguji / sandi123\nIG @warunguji');
      expect(text).toContain('Buka 07.00-22.00');
      expect(text, 'NPWP unticked: not on the receipt').not.toContain('NPWP');
      expect(text, 'Kasir unticked: not on the receipt').not.toContain('Kasir:');
    });
    expect(screen.getByTestId('receipt-preview').textContent).toContain('Jl. Uji 1');

    await userEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    await screen.findByText('Pengaturan tersimpan.');
    expect(calls.saved[0]).toMatchObject({
      headerText: 'Buka 07.00-22.00',
      footerText: 'Terima kasih\nWi-Fi: warunguji / sandi123\nIG @warunguji',
      showAddress: true,
      showPhone: true,
      showNpwp: false,
      showCashier: false,
    });
  });
});
