/** Tailwind class strings shared by the Barang screens. */
/** A text field or select without width or margin (toolbars, inline forms). */
export const controlClass =
  'rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-200';

/** A full-width field under its label. */
export const inputClass = `mt-1 w-full ${controlClass}`;

export const primaryButton =
  'rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-50';

export const secondaryButton =
  'rounded-lg bg-white px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50';

export const errorBox = 'rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800';
