import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockBackend } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { CustomerDisplayPanel } from './CustomerDisplayPanel';

describe('CustomerDisplayPanel', () => {
  it('saves the promo text and shows Rust’s refusal', async () => {
    const saved: unknown[] = [];
    let refuse = false;
    mockBackend((cmd, args) => {
      if (cmd === 'get_customer_display_settings') return { promoText: 'Lama' };
      if (cmd === 'save_customer_display_settings') {
        if (refuse) throw { kind: 'validation', message: 'teks promo maks. 200 huruf' };
        saved.push(args.settings);
        return { promoText: 'Es teh gratis setiap Jumat' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    renderWithClient(<CustomerDisplayPanel />);
    const input = await screen.findByTestId('display-promo-input');
    expect(input).toHaveValue('Lama');
    fireEvent.change(input, { target: { value: '  Es teh gratis setiap Jumat ' } });
    fireEvent.click(screen.getByTestId('display-promo-save'));
    await waitFor(() => expect(saved).toEqual([{ promoText: '  Es teh gratis setiap Jumat ' }]));
    await waitFor(() => expect(input).toHaveValue('Es teh gratis setiap Jumat'));
    refuse = true;
    fireEvent.change(input, { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('display-promo-save'));
    expect(await screen.findByRole('alert')).toHaveTextContent('teks promo maks. 200 huruf');
  });

  it('is read only for a cashier', async () => {
    mockBackend((cmd) => {
      if (cmd === 'get_customer_display_settings') return { promoText: 'Promo' };
      throw new Error(`unexpected ${cmd}`);
    });
    renderWithClient(<CustomerDisplayPanel readOnly />);
    expect(await screen.findByTestId('display-promo-input')).toBeDisabled();
    expect(screen.queryByTestId('display-promo-save')).toBeNull();
  });
});
