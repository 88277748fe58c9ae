/** The app's buttons: `primary` (the main action), `secondary`, `danger` (cancel a payment, delete). */
import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

const VARIANT: Record<ButtonVariant, string> = {
  primary: 'bg-brand-700 text-white shadow-sm hover:bg-brand-800 disabled:bg-slate-300',
  secondary: 'bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50',
  danger: 'bg-red-700 text-white shadow-sm hover:bg-red-800 disabled:opacity-50',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** `sm` for toolbars and inline forms. */
  size?: 'sm' | 'md';
  testId?: string;
}

export function Button({
  variant = 'primary',
  size = 'md',
  testId,
  type = 'button',
  className = '',
  ...rest
}: ButtonProps) {
  const sizing = size === 'sm' ? 'px-3 py-2 text-sm' : 'px-4 py-2';
  return (
    <button
      type={type}
      data-testid={testId}
      className={`rounded-lg font-semibold disabled:cursor-not-allowed ${sizing} ${VARIANT[variant]} ${className}`}
      {...rest}
    />
  );
}
