/**
 * Pengaturan → Pengguna (owner only): add a cashier or an owner with a PIN, rename, deactivate or
 * activate, reset a PIN. Rust validates (6 digits, not trivial, unique name, never the last owner)
 * and answers in Indonesian; the list refreshes on `usersChanged`.
 *
 * Test ids: users-panel, user-add-name, user-add-role, user-add-pin, user-add-submit,
 * user-add-error, user-row (data-user-name), user-rename, user-rename-input, user-rename-save,
 * user-reset-pin, user-reset-pin-input, user-reset-pin-save, user-toggle-active, user-row-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { controlClass, errorBox, inputClass } from '../../components/styles';
import { formatDateTime } from '../../lib/format';
import { toAppError, type Role, type User } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useAddUser, useUpdateUser, useUsers } from './api';
import { PIN_LENGTH } from './PinPad';
import { ROLE_LABEL, useSession } from './session';

const digitsOnly = (v: string) => v.replace(/[^0-9]/g, '').slice(0, PIN_LENGTH);

export function UsersPanel() {
  const users = useUsers();
  const add = useAddUser();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return setLocalError('Nama wajib diisi.');
    if (pin.length !== PIN_LENGTH) return setLocalError(`PIN harus ${PIN_LENGTH} angka.`);
    setLocalError(null);
    add.mutate(
      { name: name.trim(), role, pin },
      {
        onSuccess: () => {
          setName('');
          setPin('');
          setRole('cashier');
        },
      },
    );
  };
  const addError = localError ?? (add.error ? toAppError(add.error).message : null);

  return (
    <section
      data-testid="users-panel"
      className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Pengguna</h3>
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_9rem_auto] sm:items-end">
        <Field label="Nama">
          <input
            data-testid="user-add-name"
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="mis. Rina"
          />
        </Field>
        <Field label="Peran">
          <select
            data-testid="user-add-role"
            className={inputClass}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            <option value="cashier">{ROLE_LABEL.cashier}</option>
            <option value="owner">{ROLE_LABEL.owner}</option>
          </select>
        </Field>
        <Field label="PIN (6 angka)">
          <input
            data-testid="user-add-pin"
            className={inputClass}
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(digitsOnly(e.target.value))}
          />
        </Field>
        <Button type="submit" testId="user-add-submit" disabled={add.isPending}>
          {add.isPending ? 'Menyimpan…' : 'Tambah'}
        </Button>
      </form>
      {addError && (
        <p role="alert" data-testid="user-add-error" className={errorBox}>
          {addError}
        </p>
      )}
      {add.isSuccess && !addError && (
        <p role="status" className="text-sm text-emerald-700" data-testid="user-add-done">
          {add.data.name} ditambahkan sebagai {ROLE_LABEL[add.data.role].toLowerCase()}.
        </p>
      )}
      {users.error && <p className={errorBox}>{toAppError(users.error).message}</p>}
      <ul className="divide-y divide-slate-100">
        {(users.data ?? []).map((u) => (
          <UserRow key={u.id} user={u} />
        ))}
      </ul>
    </section>
  );
}

type Editing = 'none' | 'rename' | 'pin';

function UserRow({ user }: { user: User }) {
  const update = useUpdateUser();
  const me = useSession()?.session.operator.userId === user.id;
  const [editing, setEditing] = useState<Editing>('none');
  const [name, setName] = useState(user.name);
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const timeZone = useShopTimeZone();
  const [shownAt] = useState(() => Date.now());
  const locked = user.lockedUntil !== null && user.lockedUntil > shownAt;

  const save = (change: { name?: string; active?: boolean; newPin?: string }, message: string) => {
    setDone(null);
    update.mutate(
      {
        id: user.id,
        name: change.name ?? null,
        active: change.active ?? null,
        newPin: change.newPin ?? null,
      },
      {
        onSuccess: () => {
          setEditing('none');
          setPin('');
          setDone(message);
        },
      },
    );
  };

  return (
    <li
      data-testid="user-row"
      data-user-name={user.name}
      className={`space-y-2 py-3 ${user.active ? '' : 'text-slate-400'}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{user.name}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" data-testid="user-role">
          {ROLE_LABEL[user.role]}
        </span>
        {me && <span className="text-xs text-brand-700">(Anda)</span>}
        {!user.active && (
          <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600" data-testid="user-inactive">
            Nonaktif
          </span>
        )}
        {locked && user.lockedUntil !== null && (
          <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-700">
            Terkunci s.d. {formatDateTime(user.lockedUntil, timeZone)}
          </span>
        )}
        <span className="ml-auto flex gap-1">
          <button
            type="button"
            data-testid="user-rename"
            onClick={() => setEditing(editing === 'rename' ? 'none' : 'rename')}
            className="rounded px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
          >
            Ganti nama
          </button>
          <button
            type="button"
            data-testid="user-reset-pin"
            onClick={() => setEditing(editing === 'pin' ? 'none' : 'pin')}
            className="rounded px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
          >
            Reset PIN
          </button>
          <button
            type="button"
            data-testid="user-toggle-active"
            disabled={update.isPending}
            onClick={() =>
              save(
                { active: !user.active },
                user.active ? `${user.name} dinonaktifkan.` : `${user.name} diaktifkan.`,
              )
            }
            className={`rounded px-2 py-1 text-xs font-semibold ${
              user.active ? 'text-red-700 hover:bg-red-50' : 'text-emerald-700 hover:bg-emerald-50'
            }`}
          >
            {user.active ? 'Nonaktifkan' : 'Aktifkan'}
          </button>
        </span>
      </div>
      {editing === 'rename' && (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save({ name: name.trim() }, `Nama diganti menjadi ${name.trim()}.`);
          }}
        >
          <input
            data-testid="user-rename-input"
            aria-label="Nama baru"
            className={`${controlClass} flex-1`}
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
          <Button type="submit" size="sm" testId="user-rename-save" disabled={update.isPending}>
            Simpan nama
          </Button>
        </form>
      )}
      {editing === 'pin' && (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save({ newPin: pin }, `PIN ${user.name} diganti.`);
          }}
        >
          <input
            data-testid="user-reset-pin-input"
            aria-label="PIN baru (6 angka)"
            placeholder="PIN baru (6 angka)"
            className={`${controlClass} flex-1`}
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            autoFocus
            onChange={(e) => setPin(digitsOnly(e.target.value))}
          />
          <Button
            type="submit"
            size="sm"
            testId="user-reset-pin-save"
            disabled={update.isPending || pin.length !== PIN_LENGTH}
          >
            Simpan PIN
          </Button>
        </form>
      )}
      {update.error && (
        <p role="alert" data-testid="user-row-error" className={errorBox}>
          {toAppError(update.error).message}
        </p>
      )}
      {done && !update.error && (
        <p role="status" className="text-xs text-emerald-700">
          {done}
        </p>
      )}
    </li>
  );
}
