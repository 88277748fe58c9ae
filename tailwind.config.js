/** Kasir Alpiant theme. Loaded by src/index.css via `@config`. */
export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: {
          50: '#f0fdfa',
          100: '#ccfbf1',
          200: '#99f6e4',
          500: '#14b8a6',
          600: '#0d9488',
          700: '#0f766e',
          800: '#115e59',
          900: '#134e4a',
        },
        accent: {
          400: '#fbbf24',
          500: '#f59e0b',
        },
      },
      fontFamily: {
        sans: ['Inter', 'Noto Sans', 'DejaVu Sans', 'system-ui', 'sans-serif'],
        mono: ['JetBrains Mono', 'DejaVu Sans Mono', 'ui-monospace', 'monospace'],
      },
      keyframes: {
        pop: {
          '0%': { transform: 'scale(0.6)', opacity: '0' },
          '70%': { transform: 'scale(1.08)', opacity: '1' },
          '100%': { transform: 'scale(1)' },
        },
        draw: { to: { strokeDashoffset: '0' } },
      },
      animation: {
        pop: 'pop 0.35s ease-out both',
        draw: 'draw 0.5s 0.2s ease-out forwards',
        // Dialogs are not animated in: WebKit paints an animated dialog twice more, into a layer
        // of its own and back (on a PC without a GPU two frames of 200-300 ms each), so a QR
        // would be readable only after both.
      },
    },
  },
};
