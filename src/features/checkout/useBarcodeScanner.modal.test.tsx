import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Modal, openModalCount } from '../../components/Modal';
import { useBarcodeScanner } from './useBarcodeScanner';

function Harness({ onScan }: { onScan: (code: string) => void }) {
  const [open, setOpen] = useState(false);
  useBarcodeScanner(onScan);
  return (
    <>
      <button type="button" data-testid="toggle" onClick={() => setOpen((o) => !o)}>
        toggle
      </button>
      {open && (
        <Modal title="Kas Masuk / Keluar" testId="dialog">
          <input data-testid="field" />
        </Modal>
      )}
    </>
  );
}

function burst(target: EventTarget, code: string) {
  act(() => {
    for (const ch of code) target.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true }));
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
}

describe('the scanner while a modal dialog is open', () => {
  it('stands aside while any Modal is open and listens again when it closes', () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    burst(window, '8992024010013');
    expect(onScan).toHaveBeenCalledTimes(1);
    act(() => screen.getByTestId('toggle').click());
    expect(openModalCount()).toBe(1);
    burst(screen.getByTestId('field'), '150000123');
    expect(onScan, 'fast typing in the dialog is typing, not a scan').toHaveBeenCalledTimes(1);
    act(() => screen.getByTestId('toggle').click());
    expect(openModalCount()).toBe(0);
    burst(window, '8992024020012');
    expect(onScan).toHaveBeenLastCalledWith('8992024020012');
  });
});
