/**
 * First run (no user yet): shop name, the owner's name and PIN (twice). Rust refuses trivial PINs
 * (000000, 123456) with its own message; then the owner is signed in and the checkout opens.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass } from '../../components/styles';
import { toAppError } from '../../lib/ipc';
import { useSetupFirstRun } from './api';
import { PIN_LENGTH } from './PinPad';

/** What the form can tell before asking Rust; null when it looks fine. */
export function validateFirstRun(shop: string, owner: string, pin: string, confirm: string): string | null {
  if (shop.trim() === '') return 'Nama toko wajib diisi.';
  if (owner.trim() === '') return 'Nama pemilik wajib diisi.';
  if (!new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(pin)) return `PIN harus ${PIN_LENGTH} angka.`;
  if (pin !== confirm) return 'Konfirmasi PIN tidak sama dengan PIN.';
  return null;
}

const digitsOnly = (v: string) => v.replace(/[^0-9]/g, '').slice(0, PIN_LENGTH);

export function FirstRunScreen({ defaultShopName = '' }: { defaultShopName?: string }) {
  const [shop, setShop] = useState(defaultShopName);
  const [owner, setOwner] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const setup = useSetupFirstRun();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = validateFirstRun(shop, owner, pin, confirm);
    setLocalError(problem);
    if (problem === null) {
      setup.mutate({ shopName: shop.trim(), ownerName: owner.trim(), pin });
    }
  };

  const error = localError ?? (setup.error ? toAppError(setup.error).message : null);
  return (
    <div className="flex h-full items-center justify-center bg-slate-100 p-6" data-testid="first-run">
      <form
        onSubmit={submit}
        noValidate
        className="w-full max-w-md space-y-4 rounded-2xl bg-white p-8 shadow-xl ring-1 ring-slate-200"
      >
        <div>
          <h1 className="text-2xl font-bold text-slate-900">Selamat datang di Kasir Alpiant</h1>
          <p className="mt-1 text-sm text-slate-600">
            Isi nama toko dan pemilik. PIN 6 angka ini dipakai pemilik untuk masuk dan memberi izin di
            kasir.
          </p>
        </div>
        <Field label="Nama toko">
          <input
            data-testid="first-run-shop"
            className={inputClass}
            value={shop}
            autoFocus
            onChange={(e) => setShop(e.target.value)}
          />
        </Field>
        <Field label="Nama pemilik">
          <input
            data-testid="first-run-owner"
            className={inputClass}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="PIN (6 angka)">
            <input
              data-testid="first-run-pin"
              className={inputClass}
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={pin}
              onChange={(e) => setPin(digitsOnly(e.target.value))}
            />
          </Field>
          <Field label="Ulangi PIN">
            <input
              data-testid="first-run-pin-confirm"
              className={inputClass}
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(digitsOnly(e.target.value))}
            />
          </Field>
        </div>
        {error && (
          <p role="alert" data-testid="first-run-error" className={errorBox}>
            {error}
          </p>
        )}
        <Button type="submit" testId="first-run-submit" className="w-full" disabled={setup.isPending}>
          {setup.isPending ? 'Menyimpan…' : 'Mulai'}
        </Button>
      </form>
    </div>
  );
}
