/**
 * A labelled form control with an optional hint and error under it. The label wraps the control
 * (so its accessible name is just the label); hint and error sit below it.
 */
import type { ReactNode } from 'react';
import { errorBox } from './styles';

export interface FieldProps {
  label: string;
  /** The input, select or textarea (style it with `inputClass`). */
  children: ReactNode;
  hint?: string;
  /** Shown under the control, e.g. Rust's validation message. */
  error?: string | null;
  errorTestId?: string;
}

export function Field({ label, children, hint, error, errorTestId }: FieldProps) {
  return (
    <div>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{label}</span>
        {children}
      </label>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p role="alert" data-testid={errorTestId} className={`mt-1 ${errorBox}`}>
          {error}
        </p>
      )}
    </div>
  );
}
