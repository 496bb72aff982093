import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderAt } from '../test-support';
import { RiskLimitsCard } from './RiskLimitsCard';

const routes = [{ path: '/settings', element: <RiskLimitsCard /> }];
afterEach(() => vi.unstubAllGlobals());

describe('RiskLimitsCard', () => {
  it('shows the saved limit, refuses a bad one before sending, saves a good one', async () => {
    const calls = fakeFetch(
      { status: 200, body: { maxDailyLossQuote: 250, updatedAt: '2025-01-01T00:00:00.000Z' } },
      { status: 200, body: { maxDailyLossQuote: 80.5, updatedAt: '2025-01-02T00:00:00.000Z' } },
    );
    renderAt('/settings', routes);
    const field = (await screen.findByLabelText('Daily loss limit (quote)')) as HTMLInputElement;
    expect(field.value).toBe('250');
    await userEvent.clear(field);
    await userEvent.type(field, '-3');
    await userEvent.click(screen.getByRole('button', { name: 'Save risk limits' }));
    expect(await screen.findByText('must be a positive number or null')).toBeTruthy();
    expect(calls).toHaveLength(1); // only the read
    await userEvent.clear(field);
    await userEvent.type(field, '80.5');
    await userEvent.click(screen.getByRole('button', { name: 'Save risk limits' }));
    await waitFor(() =>
      expect(calls[1]).toMatchObject({
        url: '/risk-limits',
        method: 'PUT',
        body: { maxDailyLossQuote: 80.5 },
      }),
    );
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('an empty field clears the limit', async () => {
    const calls = fakeFetch(
      { status: 200, body: { maxDailyLossQuote: 10, updatedAt: null } },
      { status: 200, body: { maxDailyLossQuote: null, updatedAt: null } },
    );
    renderAt('/settings', routes);
    await userEvent.clear(await screen.findByLabelText('Daily loss limit (quote)'));
    await userEvent.click(screen.getByRole('button', { name: 'Save risk limits' }));
    await waitFor(() => expect(calls[1]?.body).toEqual({ maxDailyLossQuote: null }));
  });
});
