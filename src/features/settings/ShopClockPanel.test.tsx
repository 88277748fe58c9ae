import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { ShopClock } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { ShopClockPanel } from './ShopClockPanel';

const LABEL: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

function installBackend() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let clock: ShopClock = { timezone: 'Asia/Jakarta', zoneLabel: 'WIB', businessDayCutoffMinutes: 0 };
  mockBackend((cmd, a) => {
    calls.push({ cmd, args: a });
    switch (cmd) {
      case 'get_shop_profile':
        return { name: 'Warung Uji', address: '', phone: '', timezone: clock.timezone };
      case 'get_shop_clock':
        return clock;
      case 'save_shop_clock': {
        const next = a.clock as ShopClock;
        if (next.timezone === 'Mars/Base') throw { kind: 'validation', message: 'Zona waktu tidak dikenal.' };
        clock = { ...next, zoneLabel: LABEL[next.timezone] ?? next.timezone };
        void emitDomainEvent({ type: 'settingsChanged', section: 'shop' });
        return clock;
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('ShopClockPanel', () => {
  it('shows the current zone and cutoff and saves both', async () => {
    const calls = installBackend();
    const { client } = renderWithClient(<ShopClockPanel />);
    const zone = await screen.findByTestId('shop-timezone');
    expect(zone).toHaveValue('Asia/Jakarta');
    expect(screen.getByTestId('shop-cutoff')).toHaveValue('0');
    expect(screen.getByTestId('shop-clock-save')).toBeDisabled();
    fireEvent.change(zone, { target: { value: 'Asia/Makassar' } });
    fireEvent.change(screen.getByTestId('shop-cutoff'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('shop-clock-save'));
    expect(await screen.findByTestId('shop-clock-saved')).toHaveTextContent('Tersimpan');
    expect(
      calls.filter((c) => c.cmd.startsWith('save_') || c.cmd.startsWith('set_')),
      'the whole form in one command, so a half-saved form cannot exist',
    ).toEqual([
      {
        cmd: 'save_shop_clock',
        args: { clock: { timezone: 'Asia/Makassar', zoneLabel: 'WIB', businessDayCutoffMinutes: 120 } },
      },
    ]);
    await waitFor(() => expect(screen.getByTestId('shop-timezone')).toHaveValue('Asia/Makassar'));
    expect(screen.getByTestId('shop-cutoff')).toHaveValue('120');
    expect(client.getQueryData(queryKeys.shopClock)).toMatchObject({ zoneLabel: 'WITA' });
  });

  it("shows Rust's message when the save is refused and keeps the form as typed", async () => {
    installBackend();
    renderWithClient(<ShopClockPanel />);
    const zone = await screen.findByTestId('shop-timezone');
    // Not one of the offered zones: append one so the select can hold it.
    const option = document.createElement('option');
    option.value = 'Mars/Base';
    zone.appendChild(option);
    fireEvent.change(zone, { target: { value: 'Mars/Base' } });
    fireEvent.click(screen.getByTestId('shop-clock-save'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Zona waktu tidak dikenal.');
    expect(screen.getByTestId('shop-timezone')).toHaveValue('Mars/Base');
  });
});
