/**
 * Pengaturan → Pengguna → "Kasir": minutes of inactivity before the screen locks (0 = never) and
 * the shift difference above which the close needs a note. Owner only (ManageSettings).
 *
 * Test ids: till-idle-minutes, till-note-threshold, till-settings-save, till-settings-saved,
 * till-settings-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass } from '../../components/styles';
import { formatRupiah, parseRupiah } from '../../lib/format';
import { toAppError, type TillSettings } from '../../lib/ipc';
import { useSaveTillSettings, useTillSettings } from './api';

export function TillSettingsPanel({ readOnly = false }: { readOnly?: boolean }) {
  const settings = useTillSettings();
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="till-settings">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Kasir & shift</h3>
      {settings.error && <p className={errorBox}>{toAppError(settings.error).message}</p>}
      {settings.data && <TillForm initial={settings.data} readOnly={readOnly} />}
    </section>
  );
}

function TillForm({ initial, readOnly }: { initial: TillSettings; readOnly: boolean }) {
  const [minutes, setMinutes] = useState(String(initial.idleLockMinutes));
  const [threshold, setThreshold] = useState(String(initial.differenceNoteThreshold));
  const save = useSaveTillSettings();
  const thresholdValue = parseRupiah(threshold);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      idleLockMinutes: Number.parseInt(minutes || '0', 10),
      differenceNoteThreshold: thresholdValue ?? 0,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <fieldset disabled={readOnly} className="grid gap-3 sm:grid-cols-2">
        <Field label="Kunci layar otomatis setelah (menit)" hint="0 = tidak pernah; paling lama 240 menit.">
          <input
            data-testid="till-idle-minutes"
            className={inputClass}
            inputMode="numeric"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value.replace(/[^0-9]/g, '').slice(0, 4))}
          />
        </Field>
        <Field
          label="Selisih kas yang perlu catatan (di atas)"
          hint={`${formatRupiah(thresholdValue ?? 0)}; 0 = setiap selisih perlu catatan.`}
        >
          <input
            data-testid="till-note-threshold"
            className={inputClass}
            inputMode="numeric"
            value={thresholdValue === null ? '' : thresholdValue.toLocaleString('id-ID')}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </Field>
      </fieldset>
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" size="sm" testId="till-settings-save" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
          {save.isSuccess && !save.isPending && (
            <span role="status" data-testid="till-settings-saved" className="text-sm text-emerald-700">
              Tersimpan.
            </span>
          )}
        </div>
      )}
      {save.error && (
        <p role="alert" data-testid="till-settings-error" className={errorBox}>
          {toAppError(save.error).message}
        </p>
      )}
    </form>
  );
}
