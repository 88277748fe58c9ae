import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Order, OrderTender } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { paidOrder } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { SplitDialog } from './SplitDialog';

/** A fake Rust side for one split order of Rp 51.000: it keeps the parts and what is due. */
function installBackend() {
  const calls: { cmd: string; args: Args }[] = [];
  const tenders: OrderTender[] = [];
  const order = (): Order => {
    const paid = tenders.reduce((s, t) => s + t.amount, 0);
    return {
      ...paidOrder([], 0),
      id: 5,
      total: 51_000,
      status: paid === 51_000 ? 'paid' : 'awaiting_payment',
      split: true,
      tenders: [...tenders],
      due: 51_000 - paid,
      lines: [
        { productId: 1, sku: 'KOPI', name: 'Kopi', unitPrice: 18_000, qty: 2, lineTotal: 36_000, options: [], note: null },
        { productId: 2, sku: 'ROTI', name: 'Roti', unitPrice: 15_000, qty: 1, lineTotal: 15_000, options: [], note: null },
      ],
    };
  };
  mockBackend((cmd, args) => {
    calls.push({ cmd, args });
    const due = order().due;
    switch (cmd) {
      case 'get_order':
        return order();
      case 'get_part_amount': {
        const plan = args.plan as { kind: string; people?: number; lines?: number[] };
        if (plan.kind === 'equal') return Math.ceil(due / (plan.people ?? 1));
        if (plan.kind === 'items') return (plan.lines ?? []).reduce((s, i) => s + [36_000, 15_000][i], 0);
        return due;
      }
      case 'pay_part_cash': {
        const req = args.req as { amount?: number; plan?: { kind: string }; tendered: number };
        const amount = req.amount ?? due;
        tenders.push({
          method: 'cash',
          amount,
          tendered: req.tendered,
          change: req.tendered - amount,
          issuer: null,
          issuerLabel: null,
          label: 'Tunai',
          gatewayTxnId: null,
          paidAt: 1,
        });
        return order();
      }
      case 'cancel_split':
        return { ...order(), status: 'cancelled' };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return { calls, of: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args), tenders };
}

describe('Bayar Terpisah', () => {
  it('takes a typed cash part, then asks Rust for the rest and hands that plan to the QR', async () => {
    const b = installBackend();
    const onQr = vi.fn();
    const onPaid = vi.fn();
    renderWithClient(
      <SplitDialog orderId={5} qrisAvailable onQr={onQr} onPaid={onPaid} onCancelled={vi.fn()} onVoid={vi.fn()} />,
    );
    expect(await screen.findByTestId('split-due')).toHaveTextContent('Rp 51.000');
    // Nothing paid yet: "Batal" gives the split up; no void needed.
    expect(screen.getByTestId('split-cancel')).toBeEnabled();

    await userEvent.click(screen.getByTestId('split-plan-amount'));
    await userEvent.type(screen.getByTestId('split-amount'), '20000');
    expect(screen.getByTestId('split-part')).toHaveTextContent('Rp 20.000');
    // A typed amount is cash only.
    expect(screen.getByTestId('split-pay-qris')).toBeDisabled();
    await userEvent.type(screen.getByTestId('split-tendered'), '10000');
    expect(screen.getByTestId('split-pay-cash')).toBeDisabled();
    await userEvent.clear(screen.getByTestId('split-tendered'));
    await userEvent.type(screen.getByTestId('split-tendered'), '50000');
    await userEvent.click(screen.getByTestId('split-pay-cash'));

    await waitFor(() => expect(screen.getByTestId('split-due')).toHaveTextContent('Rp 31.000'));
    expect(b.of('pay_part_cash')).toEqual([{ req: { orderId: 5, amount: 20_000, tendered: 50_000 } }]);
    expect(screen.getByTestId('split-last-change')).toHaveTextContent('Rp 30.000');
    expect(screen.getByTestId('split-tenders')).toHaveTextContent('Tunai');
    // With a part taken, giving up is a void with a reason (the cash goes back).
    expect(screen.queryByTestId('split-cancel')).not.toBeInTheDocument();
    expect(screen.getByTestId('split-void')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('split-plan-rest'));
    await waitFor(() => expect(screen.getByTestId('split-part')).toHaveTextContent('Rp 31.000'));
    await userEvent.click(screen.getByTestId('split-pay-qris'));
    expect(onQr).toHaveBeenCalledWith({ kind: 'rest' });
    expect(onPaid).not.toHaveBeenCalled();
  });

  it('equal shares and items are computed by Rust; the last cash part makes it Lunas', async () => {
    const b = installBackend();
    const onPaid = vi.fn();
    renderWithClient(
      <SplitDialog orderId={5} qrisAvailable={false} onQr={vi.fn()} onPaid={onPaid} onCancelled={vi.fn()} onVoid={vi.fn()} />,
    );
    await screen.findByTestId('split-due');
    await userEvent.click(screen.getByTestId('split-plan-equal'));
    await userEvent.selectOptions(screen.getByTestId('split-people'), '3');
    await waitFor(() => expect(screen.getByTestId('split-part')).toHaveTextContent('Rp 17.000'));
    expect(b.of('get_part_amount')).toContainEqual({ orderId: 5, plan: { kind: 'equal', people: 3 } });
    // QRIS is off on this till: cash only.
    expect(screen.getByTestId('split-pay-qris')).toBeDisabled();

    await userEvent.click(screen.getByTestId('split-plan-items'));
    await userEvent.click(screen.getByTestId('split-item-1'));
    await waitFor(() => expect(screen.getByTestId('split-part')).toHaveTextContent('Rp 15.000'));

    await userEvent.click(screen.getByTestId('split-plan-rest'));
    await userEvent.type(screen.getByTestId('split-tendered'), '51000');
    await userEvent.click(screen.getByTestId('split-pay-cash'));
    await waitFor(() => expect(onPaid).toHaveBeenCalled());
    // The plan goes to Rust, never an amount the window worked out.
    expect(b.of('pay_part_cash')).toEqual([{ req: { orderId: 5, plan: { kind: 'rest' }, tendered: 51_000 } }]);
    expect((onPaid.mock.calls[0][0] as Order).status).toBe('paid');
  });
});
