/**
 * How a printer is connected: the controls shared by the receipt printer (Pengaturan → Printer)
 * and the label printer (Pengaturan → Label). USB lists detected printers, Serial / Bluetooth
 * lists the system's ports with their description (a typed path such as `/dev/rfcomm0` or
 * `COM5` is accepted too), network takes host and port, device and Windows a path or a name.
 */
import { Field } from '../../components/Field';
import { inputClass as input } from '../../components/styles';
import type { ConnectionType } from '../../bindings/ConnectionType';
import type { PrinterSettings } from '../../lib/ipc';
import { useSerialPorts, useUsbPrinters } from './api';

/** The connection part of a printer's settings (the same fields on receipt and label printers). */
export type ConnectionDraft = Pick<
  PrinterSettings,
  'connection' | 'host' | 'port' | 'devicePath' | 'usbDevice' | 'windowsPrinter' | 'serialPort' | 'baudRate'
>;

export const CONNECTIONS: { value: ConnectionType; label: string }[] = [
  { value: 'usb', label: 'USB' },
  { value: 'serial', label: 'Serial / Bluetooth' },
  { value: 'network', label: 'Jaringan (LAN/Wi-Fi)' },
  { value: 'device', label: 'Berkas perangkat' },
  { value: 'windows', label: 'Printer Windows' },
  { value: 'preview', label: 'Tanpa printer (pratinjau)' },
];

/** Common rates of thermal and Bluetooth printers (most 58 mm Bluetooth ones: 9600). */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200];

const refreshButton =
  'rounded-lg bg-slate-100 px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-200 hover:bg-slate-200';

function UsbPicker({ value, onChange, enabled }: { value: string; onChange: (v: string) => void; enabled: boolean }) {
  const usb = useUsbPrinters(enabled);
  return (
    <div className="space-y-2">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Printer USB terdeteksi">
            <select
              className={input}
              value={value}
              onChange={(e) => onChange(e.target.value)}
              aria-label="Printer USB"
            >
              <option value="">— pilih printer —</option>
              {(usb.data ?? []).map((p) => (
                <option key={`${p.id}-${p.serial ?? ''}`} value={p.id}>
                  {p.name}
                </option>
              ))}
              {value && !(usb.data ?? []).some((p) => p.id === value) && (
                <option value={value}>{value} (tidak tersambung)</option>
              )}
            </select>
          </Field>
        </div>
        <button type="button" onClick={() => void usb.refetch()} className={refreshButton}>
          {usb.isFetching ? 'Mencari…' : 'Muat ulang'}
        </button>
      </div>
      {usb.error && <p className="text-xs text-red-700">{usb.error.message}</p>}
      {usb.data && usb.data.length === 0 && (
        <p className="text-xs text-slate-500">Tidak ada printer USB terdeteksi.</p>
      )}
    </div>
  );
}

function SerialPicker({
  port,
  baudRate,
  onChange,
  enabled,
  testId,
}: {
  port: string;
  baudRate: number;
  onChange: (patch: Partial<ConnectionDraft>) => void;
  enabled: boolean;
  testId: (id: string) => string;
}) {
  const ports = useSerialPorts(enabled);
  const listed = ports.data ?? [];
  const known = listed.some((p) => p.path === port);
  const rates = BAUD_RATES.includes(baudRate) ? BAUD_RATES : [...BAUD_RATES, baudRate].sort((a, b) => a - b);
  return (
    <div className="space-y-3">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Port serial terdeteksi">
            <select
              className={input}
              value={port}
              aria-label="Port serial"
              data-testid={testId('serial-port-select')}
              onChange={(e) => onChange({ serialPort: e.target.value })}
            >
              <option value="">— pilih port —</option>
              {listed.map((p) => (
                <option key={p.path} value={p.path}>
                  {p.description ? `${p.path} — ${p.description}` : p.path}
                </option>
              ))}
              {port && !known && <option value={port}>{port} (tidak terdeteksi)</option>}
            </select>
          </Field>
        </div>
        <button
          type="button"
          data-testid={testId('serial-port-refresh')}
          onClick={() => void ports.refetch()}
          className={refreshButton}
        >
          {ports.isFetching ? 'Mencari…' : 'Muat ulang'}
        </button>
      </div>
      {ports.error && <p className="text-xs text-red-700">{ports.error.message}</p>}
      {ports.data && ports.data.length === 0 && (
        <p className="text-xs text-slate-500">
          Tidak ada port serial terdeteksi. Printer Bluetooth harus dipasangkan (pair) dulu di sistem.
        </p>
      )}
      <div className="grid grid-cols-[1fr_10rem] gap-3">
        <Field
          label="Atau ketik path port"
          hint="Linux: /dev/rfcomm0 atau /dev/ttyUSB0 (pengguna di grup dialout). Windows: COM5."
        >
          <input
            className={input}
            value={port}
            placeholder="/dev/rfcomm0"
            aria-label="Path port serial"
            data-testid={testId('serial-port-path')}
            onChange={(e) => onChange({ serialPort: e.target.value.trim() })}
          />
        </Field>
        <Field label="Baud rate">
          <select
            className={input}
            value={baudRate}
            aria-label="Baud rate"
            data-testid={testId('serial-baud')}
            onChange={(e) => onChange({ baudRate: Number(e.target.value) })}
          >
            {rates.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </div>
  );
}

export interface ConnectionFieldsProps {
  value: ConnectionDraft;
  onChange: (patch: Partial<ConnectionDraft>) => void;
  /** False while read only: no device listing. */
  enabled: boolean;
  /**
   * Prefix for the data-testids (`''` on the receipt printer: `printer-connection`,
   * `serial-port-select`, …; `'label-'` on the label printer).
   */
  testIdPrefix?: string;
}

export function ConnectionFields({ value, onChange, enabled, testIdPrefix = '' }: ConnectionFieldsProps) {
  const testId = (id: string) => `${testIdPrefix}${id}`;
  return (
    <div className="space-y-3">
      <Field label="Jenis koneksi">
        <select
          className={input}
          value={value.connection}
          aria-label="Jenis koneksi"
          data-testid={testId('printer-connection')}
          onChange={(e) => onChange({ connection: e.target.value as ConnectionType })}
        >
          {CONNECTIONS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      {value.connection === 'usb' && (
        <UsbPicker value={value.usbDevice} onChange={(v) => onChange({ usbDevice: v })} enabled={enabled} />
      )}
      {value.connection === 'serial' && (
        <SerialPicker
          port={value.serialPort}
          baudRate={value.baudRate}
          onChange={onChange}
          enabled={enabled}
          testId={testId}
        />
      )}
      {value.connection === 'network' && (
        <div className="grid grid-cols-[1fr_8rem] gap-3">
          <Field label="Alamat printer (host)">
            <input
              className={input}
              value={value.host}
              placeholder="192.168.1.50"
              onChange={(e) => onChange({ host: e.target.value })}
            />
          </Field>
          <Field label="Port">
            <input
              className={input}
              inputMode="numeric"
              value={String(value.port)}
              onChange={(e) => onChange({ port: Number(e.target.value.replace(/\D/g, '')) || 0 })}
            />
          </Field>
        </div>
      )}
      {value.connection === 'device' && (
        <Field label="Path perangkat" hint="Linux: /dev/usb/lp0 (pengguna harus di grup lp).">
          <input className={input} value={value.devicePath} onChange={(e) => onChange({ devicePath: e.target.value })} />
        </Field>
      )}
      {value.connection === 'windows' && (
        <Field label="Nama printer Windows">
          <input
            className={input}
            value={value.windowsPrinter}
            onChange={(e) => onChange({ windowsPrinter: e.target.value })}
          />
        </Field>
      )}
    </div>
  );
}
