import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SupportInfo } from '../../lib/ipc';
import { mockBackend } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { formatBytes, SupportPanel } from './SupportPanel';

const info: SupportInfo = {
  appVersion: '0.1.0',
  dataDir: '/home/kasir/.local/share/id.alpiant.kasir',
  database: '/home/kasir/.local/share/id.alpiant.kasir/kasir.db',
  databaseBytes: 3_250_000,
  schemaVersion: 7,
  logDir: '/home/kasir/.local/share/id.alpiant.kasir/logs',
  paymentProvider: 'emulator',
  recentErrors: [
    { at: Date.parse('2026-11-26T03:00:00.000Z'), level: 'WARN', target: 'print', message: 'Printer offline.' },
    { at: Date.parse('2026-11-26T17:30:00.000Z'), level: 'ERROR', target: 'payment', message: 'Gateway 503.' },
  ],
  text: 'Kasir Alpiant 0.1.0\nData: /home/kasir/.local/share/id.alpiant.kasir',
};

function install(answer: SupportInfo) {
  mockBackend((cmd) => {
    if (cmd === 'get_support_info') return answer;
    if (cmd === 'get_shop_profile') return { name: 'Warung Uji', address: '', phone: '', timezone: 'Asia/Makassar' };
    throw { kind: 'internal', message: `unexpected ${cmd}` };
  });
}

describe('Info & Log', () => {
  it('shows where the data lives and the last errors, newest first, in the shop timezone', async () => {
    install(info);
    renderWithClient(<SupportPanel />);
    const page = await screen.findByTestId('support-info');
    expect(page).toHaveTextContent('0.1.0');
    expect(page).toHaveTextContent('kasir.db (3,1 MB, skema 7)');
    expect(page).toHaveTextContent('emulator');
    const items = within(screen.getByTestId('support-errors')).getAllByRole('listitem');
    expect(items[0], 'newest first').toHaveTextContent('Gateway 503.');
    // 17:30 UTC is 01:30 WITA the next day: the shop's zone, not the computer's.
    await waitFor(() => expect(items[0]).toHaveTextContent('27/11/2026, 01.30'));
    expect(items[1]).toHaveTextContent('Printer offline.');
  });

  it('"Salin info" copies the text Rust prepared', async () => {
    install({ ...info, recentErrors: [] });
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithClient(<SupportPanel />);
    expect(await screen.findByTestId('support-no-errors')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('support-copy'));
    expect(await screen.findByTestId('support-copied')).toHaveTextContent('Tersalin');
    expect(writeText).toHaveBeenCalledWith(info.text);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(1536)).toBe('1,5 KB');
  });
});
