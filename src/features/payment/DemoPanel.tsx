/**
 * Demo mode only: lets the cashier play the customer and "pay" the QR with the built-in
 * gateway emulator. Clearly marked so nobody mistakes it for real money.
 */
import type { DemoIssuer } from '../../lib/ipc';

interface DemoPanelProps {
  issuers: DemoIssuer[];
  busy: boolean;
  onPay: (issuer: string) => void;
}

export function DemoPanel({ issuers, busy, onPay }: DemoPanelProps) {
  return (
    <div
      data-testid="demo-panel"
      className="rounded-xl border-2 border-dashed border-amber-400 bg-amber-50 px-4 py-3"
    >
      <p className="text-xs font-bold uppercase tracking-wide text-amber-800">
        Mode Demo — emulator gateway, bukan uang sungguhan
      </p>
      <p className="mt-1 text-xs text-amber-700">Simulasikan pelanggan membayar dengan:</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {issuers.map((issuer) => (
          <button
            key={issuer.code}
            type="button"
            data-testid={`demo-pay-${issuer.code}`}
            disabled={busy}
            onClick={() => onPay(issuer.code)}
            className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-amber-900 ring-1 ring-amber-300 hover:bg-amber-100 disabled:opacity-50"
          >
            {issuer.label}
          </button>
        ))}
      </div>
    </div>
  );
}
