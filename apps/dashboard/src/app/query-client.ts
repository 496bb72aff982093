import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';

/** Retries what may pass by itself (network loss, 5xx, 429), never a client's mistake. */
export const shouldRetry = (failures: number, error: unknown) =>
  failures < 3 &&
  error instanceof ApiError &&
  (error.isNetwork || error.status >= 500 || error.status === 429);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt, error) =>
          error instanceof ApiError && error.retryAfterSeconds
            ? error.retryAfterSeconds * 1000
            : Math.min(1000 * 2 ** attempt, 10_000),
        staleTime: 5_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
