// For component tests: a page inside the providers it needs, and a fetch that answers from a
// list of canned responses (a plain fake of the network, not of any server's logic).
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from './app/query-client';

export function renderAt(path: string, routes: { path: string; element: ReactNode }[]) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queries = createQueryClient();
  queries.setDefaultOptions({ queries: { retry: false } });
  return {
    router,
    ...render(
      <QueryClientProvider client={queries}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    ),
  };
}

export interface Canned {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers each fetch with the next canned response; records the requests. */
export function fakeFetch(...answers: Canned[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    const answer = answers.shift() ?? { status: 500, body: { message: 'no canned answer left' } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}
