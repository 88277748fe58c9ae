/**
 * Pengaturan → Info & Log: app version, where the data and logs live, the database size and the
 * last warnings and errors, with "Salin info" to paste them into a support message. Rust builds
 * the text; no key ever reaches it.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { errorBox } from '../../components/styles';
import { formatDateTime } from '../../lib/format';
import { toAppError } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useSupportInfo } from './api';

/** 1536 → "1,5 KB"; 3_250_000 → "3,1 MB". */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} byte`;
  return `${value.toLocaleString('id-ID', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

export function SupportPanel() {
  const info = useSupportInfo();
  const timeZone = useShopTimeZone();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);

  if (info.isPending) return <p className="p-5 text-sm text-slate-500">Memuat info…</p>;
  if (info.error) {
    return (
      <p role="alert" className={`m-5 ${errorBox}`}>
        {toAppError(info.error).message}
      </p>
    );
  }
  const d = info.data;
  const rows: [string, string][] = [
    ['Versi aplikasi', d.appVersion],
    ['Folder data', d.dataDir],
    ['Basis data', `${d.database} (${formatBytes(d.databaseBytes)}, skema ${d.schemaVersion})`],
    ['Folder log', d.logDir],
    ['Gateway QRIS', d.paymentProvider],
  ];
  const copy = () => {
    navigator.clipboard
      .writeText(d.text)
      .then(() => setCopied('ok'))
      .catch(() => setCopied('failed'));
  };

  return (
    <div className="max-w-3xl space-y-4 p-5" data-testid="support-info">
      <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between gap-3">
          <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Info aplikasi</h3>
          <div className="flex items-center gap-3">
            {copied === 'ok' && (
              <span className="text-sm text-green-700" data-testid="support-copied">
                Tersalin.
              </span>
            )}
            {copied === 'failed' && (
              <span className="text-sm text-red-700">Gagal menyalin; pilih teks di bawah secara manual.</span>
            )}
            <Button size="sm" variant="secondary" testId="support-copy" onClick={copy}>
              Salin info
            </Button>
          </div>
        </div>
        <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-all font-mono text-xs text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">
          Peringatan dan galat terakhir (terbaru di atas)
        </h3>
        {d.recentErrors.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="support-no-errors">
            Tidak ada peringatan atau galat sejak aplikasi dibuka.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 text-xs" data-testid="support-errors">
            {[...d.recentErrors].reverse().map((e, i) => (
              <li key={`${e.at}-${i}`} className="py-1.5">
                <span className="text-slate-500">{formatDateTime(e.at, timeZone)}</span>{' '}
                <span className={e.level === 'ERROR' ? 'font-bold text-red-700' : 'font-bold text-amber-700'}>
                  {e.level}
                </span>{' '}
                <span className="font-mono text-slate-500">{e.target}</span>{' '}
                <span className="text-slate-800">{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
