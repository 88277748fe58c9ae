/** Pengaturan → Label (issue 13): target, label-printer connection, size in mm, A4 sheet. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LabelSettings } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { SettingsPage } from './SettingsPage';

const stored: LabelSettings = {
  target: 'tspl',
  connection: 'usb',
  host: '',
  port: 9100,
  devicePath: '',
  usbDevice: '',
  windowsPrinter: '',
  serialPort: '',
  baudRate: 9600,
  widthMm: 50,
  heightMm: 30,
  gapMm: 2,
  sheet: 'a4_3x8',
  showShopName: true,
};

/** Rust's rule for the test: a TSPL label wider than the 4-inch head (104 mm) is refused. */
const TOO_WIDE = 'Lebar label 120 mm tidak bisa dipakai printer label: harus 20–104 mm (kepala cetak 4 inci).';

function installBackend() {
  const calls = { saved: [] as LabelSettings[] };
  mockBackend((cmd: string, a: Args) => {
    switch (cmd) {
      case 'get_label_settings':
        return stored;
      case 'list_serial_ports':
        return [{ path: '/dev/ttyUSB1', description: 'Xprinter XP-365B' }];
      case 'list_usb_printers':
        return [];
      case 'save_label_settings': {
        const s = a.settings as LabelSettings;
        calls.saved.push(s);
        if (s.target === 'tspl' && s.widthMm > 104) throw { kind: 'validation', message: TOO_WIDE };
        return s;
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

async function openLabel() {
  renderWithClient(<SettingsPage />);
  await userEvent.click(screen.getByTestId('settings-section-label'));
  return screen.findByTestId('label-target');
}

describe('Pengaturan → Label', () => {
  it("shows Rust's message for a label size the printer cannot take, then saves a valid one", async () => {
    const calls = installBackend();
    await openLabel();
    const width = screen.getByTestId('label-width-mm');
    expect(width).toHaveValue('50');
    await userEvent.clear(width);
    await userEvent.type(width, '120');
    await userEvent.click(screen.getByTestId('label-settings-save'));
    expect(await screen.findByTestId('label-settings-error'), 'the backend message is shown as it came').toHaveTextContent(
      TOO_WIDE,
    );
    expect(calls.saved[0]).toMatchObject({ target: 'tspl', widthMm: 120, heightMm: 30, gapMm: 2 });

    await userEvent.clear(width);
    await userEvent.type(width, '40');
    await userEvent.click(screen.getByTestId('label-settings-save'));
    await screen.findByText('Pengaturan label tersimpan.');
    expect(screen.queryByTestId('label-settings-error'), 'a good save clears the old message').not.toBeInTheDocument();
    expect(calls.saved[1], 'the corrected width is sent').toMatchObject({ widthMm: 40 });
  });

  it('a size that is not a whole number of mm is not sent', async () => {
    const calls = installBackend();
    await openLabel();
    const gap = screen.getByTestId('label-gap-mm');
    await userEvent.clear(gap);
    await userEvent.type(gap, '2,5');
    await userEvent.click(screen.getByTestId('label-settings-save'));
    expect(await screen.findByTestId('label-settings-error')).toHaveTextContent('Jarak antar label (mm): isi bilangan bulat');
    expect(calls.saved, 'nothing reaches Rust').toEqual([]);
  });

  it('the label printer uses the shared connection controls (serial ports with their description)', async () => {
    const calls = installBackend();
    await openLabel();
    await userEvent.selectOptions(screen.getByTestId('label-printer-connection'), 'serial');
    const ports = await screen.findByTestId('label-serial-port-select');
    await within(ports).findByRole('option', { name: '/dev/ttyUSB1 — Xprinter XP-365B' });
    await userEvent.selectOptions(ports, '/dev/ttyUSB1');
    await userEvent.selectOptions(screen.getByTestId('label-serial-baud'), '19200');
    await userEvent.click(screen.getByTestId('label-settings-save'));
    await screen.findByText('Pengaturan label tersimpan.');
    expect(calls.saved[0]).toMatchObject({ connection: 'serial', serialPort: '/dev/ttyUSB1', baudRate: 19200 });
  });

  it('PDF: picks the A4 layout, without a printer connection or label size', async () => {
    const calls = installBackend();
    const target = await openLabel();
    await userEvent.selectOptions(target, 'pdf');
    expect(screen.queryByTestId('label-printer-connection')).not.toBeInTheDocument();
    expect(screen.queryByTestId('label-width-mm')).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByTestId('label-sheet'), 'a4_4x10');
    await userEvent.click(screen.getByTestId('label-show-shop-name'));
    await userEvent.click(screen.getByTestId('label-settings-save'));
    await waitFor(() => expect(calls.saved).toHaveLength(1));
    expect(calls.saved[0]).toMatchObject({ target: 'pdf', sheet: 'a4_4x10', showShopName: false });
  });
});
