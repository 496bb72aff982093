import { strategies } from '@platform/strategies';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { BotFormPage } from '../bots/BotFormPage';
import { fakeFetch, renderAt } from '../test-support';

const catalogue = {
  items: Object.values(strategies).map((s) => ({
    name: s.name,
    description: s.description,
    paramsSchema: z.toJSONSchema(s.schema, { io: 'input', unrepresentable: 'any' }),
    candlesNeeded: null,
  })),
};
const routes = [
  { path: '/bots/new', element: <BotFormPage /> },
  { path: '/backtests/:id', element: <h1>Backtest page</h1> },
];

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('Backtest on the bot form', () => {
  it('sends the form’s definition with the chosen range and lands on the new backtest', async () => {
    const calls = fakeFetch(
      { status: 200, body: catalogue },
      { status: 202, body: { id: 'b1', status: 'queued' } },
    );
    renderAt('/bots/new', routes);
    await screen.findByLabelText('Fast period');
    await userEvent.click(screen.getByRole('button', { name: 'Last day' }));
    await userEvent.type(screen.getByLabelText('Starting balance'), '2500');
    const before = Date.now();
    await userEvent.click(screen.getByRole('button', { name: 'Run backtest' }));
    await screen.findByRole('heading', { name: 'Backtest page' });
    const sent = calls[1];
    expect(sent).toMatchObject({
      url: '/backtests',
      method: 'POST',
      body: {
        exchangeId: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1m',
        strategy: 'sma-cross',
        params: { fastPeriod: 9, slowPeriod: 21 },
        startingBalance: 2500,
      },
    });
    const { from, to } = sent.body as { from: number; to: number };
    expect(to - from).toBe(86_400_000);
    expect(before - to).toBeLessThan(120_000);
  });

  it('shows the server’s field errors at their fields, and a plan limit in words', async () => {
    fakeFetch(
      { status: 200, body: catalogue },
      {
        status: 400,
        body: {
          statusCode: 400,
          code: 'validation_failed',
          message: 'invalid',
          errors: [
            { field: 'from', message: 'no candles in this range' },
            { field: 'params.fastPeriod', message: 'is too short for this range' },
          ],
        },
      },
      {
        status: 403,
        body: {
          statusCode: 403,
          code: 'plan_limit',
          message: 'your free plan allows 2 backtests queued or running at once',
        },
      },
    );
    renderAt('/bots/new', routes);
    await screen.findByLabelText('Fast period');
    await userEvent.click(screen.getByRole('button', { name: 'Run backtest' }));
    expect(await screen.findByText('no candles in this range')).toBeTruthy();
    expect(screen.getByText('is too short for this range')).toBeTruthy();
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Fast period').getAttribute('aria-invalid')).toBe('true');

    await userEvent.click(screen.getByRole('button', { name: 'Run backtest' }));
    await waitFor(() => expect(screen.getByText('Plan limit:')).toBeTruthy());
    expect(screen.getByText(/allows 2 backtests queued or running at once/)).toBeTruthy();
    expect(screen.queryByText('no candles in this range')).toBeNull();
  });

  it('refuses a range that ends before it starts without asking the server', async () => {
    const calls = fakeFetch({ status: 200, body: catalogue });
    renderAt('/bots/new', routes);
    await screen.findByLabelText('Fast period');
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const to = screen.getByLabelText('To') as HTMLInputElement;
    await userEvent.clear(to);
    await userEvent.type(
      to,
      from.value.replace(/^(\d{4})/, (y) => String(Number(y) - 1)),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run backtest' }));
    expect(await screen.findByText('must be after from')).toBeTruthy();
    expect(calls).toHaveLength(1);
  });
});
