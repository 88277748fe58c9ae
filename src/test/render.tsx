import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { useDomainEventFeed } from '../lib/events';

function DomainEventFeed() {
  useDomainEventFeed();
  return null;
}

export function createTestClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: 0 }, mutations: { retry: false } },
  });
}

/**
 * Render inside a fresh QueryClient with the change feed mounted, as App mounts it: backend
 * events (`emitDomainEvent`) refresh the queries they concern.
 */
export function renderWithClient(ui: ReactElement, client: QueryClient = createTestClient()) {
  const utils = render(
    <QueryClientProvider client={client}>
      <DomainEventFeed />
      {ui}
    </QueryClientProvider>,
  );
  return { client, ...utils };
}
