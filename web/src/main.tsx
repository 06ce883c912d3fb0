// Entry point of the page: Mantine theme (theme.ts), TanStack Query client and the router.
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { isApiError } from './api.ts';
import { ChangeMessages } from './layout/ChangeMessages.tsx';
import { readableColors, theme } from './theme.ts';

const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  queryCache: new QueryCache({
    // A session that ended (expired, signed out in another tab) sends the user to sign in, then back here.
    onError: (error) => {
      if (isApiError(error, 401)) queryClient.setQueryData(['session'], null);
    },
  }),
});

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <MantineProvider defaultColorScheme="light" theme={theme} cssVariablesResolver={readableColors}>
      <ChangeMessages />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
