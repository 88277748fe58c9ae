/** Pengaturan → Toko & Waktu → "Tampilkan foto barang di kasir" (issue 13). */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Catalog } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { mockBackend, type Args } from '../../test/backend';
import { catalog } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { CatalogDisplayPanel } from './CatalogDisplayPanel';

function installBackend(opts: { showPhotos: boolean; refuse?: string }) {
  const saved: unknown[] = [];
  mockBackend((cmd: string, a: Args) => {
    if (cmd === 'get_catalog') return { ...catalog, showPhotos: opts.showPhotos };
    if (cmd === 'save_catalog_settings') {
      saved.push(a.settings);
      if (opts.refuse) throw { kind: 'not_signed_in', message: opts.refuse };
      return a.settings;
    }
    throw { kind: 'internal', message: `unexpected ${cmd}` };
  });
  return saved;
}

describe('Tampilkan foto barang di kasir', () => {
  it('shows the catalogue switch and saves a toggle at once; the grid reads the new value', async () => {
    const saved = installBackend({ showPhotos: true });
    const { client } = renderWithClient(<CatalogDisplayPanel />);
    const toggle = await screen.findByTestId('show-photos-toggle');
    expect(toggle, 'the stored switch (on)').toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(saved, 'one save with photos off').toEqual([{ showPhotos: false }]));
    await waitFor(() => expect(screen.getByTestId('show-photos-toggle')).not.toBeChecked());
    expect(
      client.getQueryData<Catalog>(queryKeys.catalog)?.showPhotos,
      'the checkout grid shares this query and hides photos',
    ).toBe(false);
  });

  it("a refused save shows Rust's message and keeps the stored value", async () => {
    installBackend({ showPhotos: false, refuse: 'Masuk dulu dengan PIN.' });
    renderWithClient(<CatalogDisplayPanel />);
    const toggle = await screen.findByTestId('show-photos-toggle');
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    expect(await screen.findByRole('alert')).toHaveTextContent('Masuk dulu dengan PIN.');
    expect(screen.getByTestId('show-photos-toggle')).not.toBeChecked();
  });

  it('read only: the switch cannot be changed', async () => {
    installBackend({ showPhotos: true });
    renderWithClient(<CatalogDisplayPanel readOnly />);
    expect(await screen.findByTestId('show-photos-toggle')).toBeDisabled();
  });
});
