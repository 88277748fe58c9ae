/** Tailwind class strings shared by forms across features (use `Field` and `Button` where they fit). */

/** A text field or select without width or margin (toolbars, inline forms). */
export const controlClass =
  'rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-200';

/** A full-width field under its label. */
export const inputClass = `mt-1 w-full ${controlClass}`;

/** A boxed error message (Rust's message, shown where the action was). */
export const errorBox = 'rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800';
