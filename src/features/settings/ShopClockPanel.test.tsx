import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithClient } from '../../test/render';
import { ShopClockPanel } from './ShopClockPanel';

function installBackend() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let timezone = 'Asia/Jakarta';
  let cutoff = 0;
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    switch (cmd) {
      case 'get_shop_profile':
        return { name: 'Warung Uji', address: '', phone: '', timezone };
      case 'get_report_settings':
        return { timezone, zoneLabel: 'WIB', businessDayCutoffMinutes: cutoff };
      case 'set_shop_timezone':
        if (a.timezone === 'Mars/Base') throw { kind: 'validation', message: 'Zona waktu tidak dikenal.' };
        timezone = a.timezone as string;
        return { name: 'Warung Uji', address: '', phone: '', timezone };
      case 'set_business_day_cutoff':
        cutoff = a.minutes as number;
        return { timezone, zoneLabel: 'WITA', businessDayCutoffMinutes: cutoff };
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('ShopClockPanel', () => {
  it('shows the current zone and cutoff and saves both', async () => {
    const calls = installBackend();
    renderWithClient(<ShopClockPanel />);
    const zone = await screen.findByTestId('shop-timezone');
    expect(zone).toHaveValue('Asia/Jakarta');
    expect(screen.getByTestId('shop-cutoff')).toHaveValue('0');
    expect(screen.getByTestId('shop-clock-save')).toBeDisabled();
    fireEvent.change(zone, { target: { value: 'Asia/Makassar' } });
    fireEvent.change(screen.getByTestId('shop-cutoff'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('shop-clock-save'));
    expect(await screen.findByTestId('shop-clock-saved')).toHaveTextContent('Tersimpan');
    expect(calls.filter((c) => c.cmd.startsWith('set_'))).toEqual([
      { cmd: 'set_shop_timezone', args: { timezone: 'Asia/Makassar' } },
      { cmd: 'set_business_day_cutoff', args: { minutes: 120 } },
    ]);
    await waitFor(() => expect(screen.getByTestId('shop-timezone')).toHaveValue('Asia/Makassar'));
    expect(screen.getByTestId('shop-cutoff')).toHaveValue('120');
  });
});
