/**
 * The refund dialog against a fake Rust side: the amount is the one `plan_refund` answers (never
 * added up here), quantities stay within what is left, the reason is required, and a refused
 * QRIS refund offers "Kembalikan tunai" for the same lines, replacing the failed refund.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Refund, RefundInput, RefundPlan, Refundable } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { owner } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { OwnerOverrideProvider } from '../auth';
import { RefundDialog } from './RefundDialog';

function refundable(over: Partial<Refundable> = {}): Refundable {
  return {
    orderId: 7,
    orderNumber: 'INV-261126-0007',
    method: 'cash',
    paidTotal: 61_000,
    refundedTotal: 0,
    lines: [
      { orderLineId: 71, name: 'Kopi Susu', unitPrice: 18_000, sold: 2, returned: 0 },
      { orderLineId: 72, name: 'Roti Bakar', unitPrice: 15_000, sold: 1, returned: 0 },
      { orderLineId: 73, name: 'Es Teh Manis', unitPrice: 5_000, sold: 2, returned: 2 },
    ],
    refunds: [],
    ...over,
  };
}

function refund(over: Partial<Refund> = {}): Refund {
  return {
    id: 40,
    orderId: 7,
    orderNumber: 'INV-261126-0007',
    method: 'cash',
    amount: 17_777,
    reason: 'salah pesan',
    status: 'succeeded',
    statusLabel: 'berhasil',
    refundKey: 'rf-40',
    gatewayRefundId: null,
    failureReason: null,
    replacesRefundId: null,
    userName: 'Bu Sari',
    createdAt: Date.parse('2026-11-26T05:00:00.000Z'),
    completedAt: Date.parse('2026-11-26T05:00:00.000Z'),
    lines: [{ orderLineId: 71, name: 'Kopi Susu', qty: 1, amount: 17_777, restock: true }],
    ...over,
  };
}

interface Backend {
  state: Refundable;
  /** What refund_order answers, in turn. */
  answers: (Refund | { kind: string; message: string })[];
  calls: { cmd: string; args: Args }[];
}

function install(state: Refundable, answers: Backend['answers'] = []): Backend {
  const b: Backend = { state, answers, calls: [] };
  mockBackend(handlerOf(b));
  return b;
}

const planCalls = (b: Backend) => b.calls.filter((c) => c.cmd === 'plan_refund').map((c) => c.args.req as RefundInput);
const refundCalls = (b: Backend) => b.calls.filter((c) => c.cmd === 'refund_order').map((c) => c.args.req as RefundInput);

function renderDialog(onClose = vi.fn()) {
  renderWithClient(
    <OwnerOverrideProvider owners={[owner]}>
      <RefundDialog orderId={7} onClose={onClose} />
    </OwnerOverrideProvider>,
  );
  return onClose;
}

async function setQty(lineId: number, value: string) {
  const input = screen.getByTestId(`refund-qty-${lineId}`);
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

describe('refund dialog', () => {
  it('shows the lines with sold / returned / left and the amount Rust planned for them', async () => {
    const b = install(refundable());
    renderDialog();
    const dialog = await screen.findByTestId('refund-dialog');
    expect(await within(dialog).findByTestId('refund-line-71')).toHaveTextContent('Kopi Susu');
    expect(screen.getByTestId('refund-left-73')).toHaveTextContent('0');
    expect(screen.queryByTestId('refund-amount')).toBeNull();
    expect(screen.getByTestId('refund-submit')).toBeDisabled();

    await setQty(71, '1');
    expect(await screen.findByTestId('refund-amount')).toHaveTextContent('Rp 11.111');
    expect(screen.getByTestId('refund-method')).toHaveTextContent('Tunai dari laci');
    expect(planCalls(b).slice(-1)[0]).toEqual({
      orderId: 7,
      lines: [{ orderLineId: 71, qty: 1, restock: true }],
      reason: '',
      toCash: false,
      replacesRefundId: null,
    });

    // A change asks Rust again; the shown amount follows its answer.
    await userEvent.click(screen.getByTestId('refund-restock-72'));
    await setQty(72, '1');
    await waitFor(() => expect(screen.getByTestId('refund-amount')).toHaveTextContent('Rp 22.222'));
    expect(planCalls(b).slice(-1)[0].lines).toEqual([
      { orderLineId: 71, qty: 1, restock: true },
      { orderLineId: 72, qty: 1, restock: false },
    ]);
    // Typing the reason asks nothing.
    const before = planCalls(b).length;
    await userEvent.type(screen.getByTestId('refund-reason'), 'salah pesan');
    expect(planCalls(b)).toHaveLength(before);
  });

  it('keeps each quantity between 0 and what is left; "Kembalikan semua" takes everything left', async () => {
    install(refundable());
    renderDialog();
    await screen.findByTestId('refund-line-71');
    await setQty(71, '5');
    expect(screen.getByTestId('refund-qty-71')).toHaveValue(2);
    fireEvent.change(screen.getByTestId('refund-qty-71'), { target: { value: '-3' } });
    expect(screen.getByTestId('refund-qty-71')).toHaveValue(0);
    expect(screen.getByTestId('refund-qty-73'), 'nothing left').toBeDisabled();
    await userEvent.click(screen.getByTestId('refund-all'));
    expect(screen.getByTestId('refund-qty-71')).toHaveValue(2);
    expect(screen.getByTestId('refund-qty-72')).toHaveValue(1);
    expect(screen.getByTestId('refund-qty-73')).toHaveValue(0);
    expect(await screen.findByTestId('refund-amount')).toHaveTextContent('Rp 33.333');
  });

  it('needs a reason; a cash refund sends the lines and reason and shows the result', async () => {
    const b = install(refundable(), [refund()]);
    renderDialog();
    await screen.findByTestId('refund-line-71');
    await setQty(71, '1');
    await screen.findByTestId('refund-amount');
    expect(screen.getByTestId('refund-submit'), 'no reason yet').toBeDisabled();
    await userEvent.type(screen.getByTestId('refund-reason'), '   ');
    expect(screen.getByTestId('refund-submit')).toBeDisabled();
    await userEvent.type(screen.getByTestId('refund-reason'), 'salah pesan ');
    await waitFor(() => expect(screen.getByTestId('refund-submit')).toBeEnabled());
    await userEvent.click(screen.getByTestId('refund-submit'));
    const result = await screen.findByTestId('refund-result');
    expect(result).toHaveAttribute('data-refund-status', 'succeeded');
    expect(result).toHaveTextContent('berhasil');
    expect(result).toHaveTextContent('Rp 17.777');
    expect(refundCalls(b)).toEqual([
      {
        orderId: 7,
        lines: [{ orderLineId: 71, qty: 1, restock: true }],
        reason: 'salah pesan',
        toCash: false,
        replacesRefundId: null,
      },
    ]);
    expect(screen.queryByTestId('refund-failure')).toBeNull();
  });

  it('a refused QRIS refund shows why and "Kembalikan tunai" pays the same lines from the drawer', async () => {
    const failed = refund({
      id: 41,
      method: 'qris',
      amount: 11_111,
      status: 'failed',
      statusLabel: 'gagal',
      failureReason: 'Aplikasi pembayar (bank) tidak mendukung pengembalian QRIS.',
      completedAt: null,
      lines: [{ orderLineId: 72, name: 'Roti Bakar', qty: 1, amount: 11_111, restock: false }],
    });
    const cash = refund({ id: 42, method: 'cash', amount: 11_111, replacesRefundId: 41, lines: failed.lines });
    const b = install(refundable({ method: 'qris' }), [failed, cash]);
    renderDialog();
    await screen.findByTestId('refund-line-72');
    await userEvent.click(screen.getByTestId('refund-restock-72'));
    await setQty(72, '1');
    expect(await screen.findByTestId('refund-method')).toHaveTextContent('QRIS ke aplikasi pembayar');
    await userEvent.type(screen.getByTestId('refund-reason'), 'rusak');
    await waitFor(() => expect(screen.getByTestId('refund-submit')).toBeEnabled());
    await userEvent.click(screen.getByTestId('refund-submit'));

    const failure = await screen.findByTestId('refund-failure');
    expect(screen.getByTestId('refund-result')).toHaveAttribute('data-refund-status', 'failed');
    expect(failure).toHaveTextContent('tidak mendukung pengembalian QRIS');
    await userEvent.click(within(failure).getByTestId('refund-to-cash'));
    await waitFor(() =>
      expect(screen.getByTestId('refund-result')).toHaveAttribute('data-refund-status', 'succeeded'),
    );
    expect(refundCalls(b)[1]).toEqual({
      orderId: 7,
      lines: [{ orderLineId: 72, qty: 1, restock: false }],
      reason: 'salah pesan',
      toCash: true,
      replacesRefundId: 41,
    });
    expect(screen.getByTestId('refund-result')).toHaveTextContent('Tunai dari laci (pengganti QRIS)');
  });

  it('"diproses gateway" follows the change feed until the gateway answers', async () => {
    const pending = refund({ id: 43, method: 'qris', status: 'pending', statusLabel: 'diproses gateway', completedAt: null });
    const b = install(refundable({ method: 'qris' }), [pending]);
    renderDialog();
    await screen.findByTestId('refund-line-71');
    await setQty(71, '1');
    await userEvent.type(screen.getByTestId('refund-reason'), 'salah pesan');
    await waitFor(() => expect(screen.getByTestId('refund-submit')).toBeEnabled());
    await userEvent.click(screen.getByTestId('refund-submit'));
    const result = await screen.findByTestId('refund-result');
    expect(result).toHaveAttribute('data-refund-status', 'pending');
    expect(result).toHaveTextContent('diproses gateway');
    // The worker hears back from the gateway: Rust commits and emits refundChanged.
    b.state = refundable({ method: 'qris', refunds: [{ ...pending, status: 'succeeded', statusLabel: 'berhasil' }] });
    await emitDomainEvent({ type: 'refundChanged', orderId: 7 });
    await waitFor(() => expect(screen.getByTestId('refund-result')).toHaveAttribute('data-refund-status', 'succeeded'));
    expect(screen.getAllByTestId('refund-row')[0]).toHaveAttribute('data-refund-status', 'succeeded');
  });

  it('a cashier is asked for the owner PIN and the same refund is sent again once', async () => {
    const b = install(refundable(), [
      { kind: 'owner_pin_required', message: 'Perlu PIN pemilik untuk pengembalian.' },
      refund(),
    ]);
    const rust = handlerOf(b);
    mockBackend((cmd, args) => {
      if (cmd === 'grant_owner_override') {
        b.calls.push({ cmd, args });
        return { userId: owner.id, name: owner.name, role: 'owner' };
      }
      return rust(cmd, args);
    });
    renderDialog();
    await screen.findByTestId('refund-line-71');
    await setQty(71, '1');
    await userEvent.type(screen.getByTestId('refund-reason'), 'salah pesan');
    await waitFor(() => expect(screen.getByTestId('refund-submit')).toBeEnabled());
    await userEvent.click(screen.getByTestId('refund-submit'));
    const pin = await screen.findByTestId('owner-pin-dialog');
    for (const d of '802461') await userEvent.click(within(pin).getByTestId(`pin-key-${d}`));
    expect(await screen.findByTestId('refund-result')).toHaveAttribute('data-refund-status', 'succeeded');
    const sent = refundCalls(b);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(b.calls.find((c) => c.cmd === 'grant_owner_override')?.args).toEqual({
      req: { ownerId: owner.id, pin: '802461', command: 'refund_order' },
    });
  });
});

/** The fake Rust side of `install` as a plain function (to wrap it). */
function handlerOf(b: Backend) {
  return (cmd: string, args: Args): unknown => {
    b.calls.push({ cmd, args });
    switch (cmd) {
      case 'get_shop_profile':
        return { name: 'Warung Sari', timezone: 'Asia/Jakarta' };
      case 'get_refundable':
        return b.state;
      case 'plan_refund': {
        const req = args.req as RefundInput;
        // A deliberately odd amount: the window must show Rust's, not qty × price.
        const plan: RefundPlan = {
          amount: req.lines.reduce((sum, l) => sum + l.qty * 11_111, 0),
          method: req.toCash ? 'cash' : b.state.method,
          lines: req.lines.map((l) => ({ orderLineId: l.orderLineId, name: 'x', qty: l.qty, amount: 0, restock: l.restock })),
        };
        return plan;
      }
      case 'refund_order': {
        const next = b.answers.shift();
        if (!next) throw { kind: 'internal', message: 'no answer' };
        if ('kind' in next) throw next;
        return next;
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  };
}
