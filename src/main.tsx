import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CustomerDisplayScreen } from './features/display';
import './index.css';
import { CUSTOMER_DISPLAY_LABEL, currentWindowLabel } from './lib/ipc';
import { createQueryClient } from './lib/queryClient';

// The same frontend serves both windows: the customer display's window (made by Rust with its
// own label) renders Rust's display view; the till's window renders the till.
const page = currentWindowLabel() === CUSTOMER_DISPLAY_LABEL ? <CustomerDisplayScreen /> : <App />;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        {page}
      </QueryClientProvider>
    </StrictMode>,
  );
}
