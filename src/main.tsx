import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { authStatusQuery } from './features/auth';
import { CustomerDisplayScreen } from './features/display';
import './index.css';
import { CUSTOMER_DISPLAY_LABEL, currentWindowLabel } from './lib/ipc';
import { createQueryClient } from './lib/queryClient';
import { shopProfileQuery } from './lib/shop';

// The same frontend serves both windows: the customer display's window (made by Rust with its
// own label) renders Rust's display view; the till's window renders the till.
const display = currentWindowLabel() === CUSTOMER_DISPLAY_LABEL;
const page = display ? <CustomerDisplayScreen /> : <App />;
const client = createQueryClient();
// What the till's first screen waits for is asked for now, while React renders the app for the
// first time (about 50 ms on the bench machine), not after that render.
if (!display) {
  void client.prefetchQuery(authStatusQuery);
  void client.prefetchQuery(shopProfileQuery);
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        {page}
      </QueryClientProvider>
    </StrictMode>,
  );
}
