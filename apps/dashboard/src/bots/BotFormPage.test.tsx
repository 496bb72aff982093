import { strategies } from '@platform/strategies';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fakeFetch, renderAt } from '../test-support';
import { BotFormPage } from './BotFormPage';

// the catalogue as GET /strategies publishes it, made from the same registry
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
  { path: '/bots/:id', element: <h1>Bot page</h1> },
];

afterEach(() => vi.unstubAllGlobals());

describe('BotFormPage', () => {
  it('builds the strategy’s fields with their defaults, and refuses what the server would', async () => {
    const calls = fakeFetch({ status: 200, body: catalogue });
    renderAt('/bots/new', routes);
    await screen.findByLabelText('Fast period');
    expect((screen.getByLabelText('Fast period') as HTMLInputElement).value).toBe('9');
    expect((screen.getByLabelText('Stake quote (risk)') as HTMLInputElement).value).toBe('100');
    // fastPeriod must stay below slowPeriod: a rule across fields, from the shared schema
    await userEvent.type(screen.getByLabelText('Name'), 'My bot');
    await userEvent.clear(screen.getByLabelText('Fast period'));
    await userEvent.type(screen.getByLabelText('Fast period'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Create bot' }));
    expect(await screen.findByText('fastPeriod must be less than slowPeriod')).toBeTruthy();
    expect(calls).toHaveLength(1); // only the catalogue: nothing was sent
  });

  it('switches the fields with the strategy and shows a server error at its field', async () => {
    const calls = fakeFetch(
      { status: 200, body: catalogue },
      {
        status: 400,
        body: {
          statusCode: 400,
          code: 'validation_failed',
          message: 'invalid',
          errors: [{ field: 'params.quotePerBuy', message: 'is below the exchange minimum' }],
        },
      },
    );
    renderAt('/bots/new', routes);
    await userEvent.selectOptions(await screen.findByLabelText('Strategy'), 'dca');
    await userEvent.type(screen.getByLabelText('Name'), 'Dca bot');
    await userEvent.type(screen.getByLabelText('Quote per buy'), '1');
    await userEvent.type(screen.getByLabelText('Take profit %'), '2');
    await userEvent.type(screen.getByLabelText('Interval seconds'), '60');
    await userEvent.click(screen.getByRole('button', { name: 'Create bot' }));
    expect(await screen.findByText('is below the exchange minimum')).toBeTruthy();
    await waitFor(() =>
      expect(calls[1]).toMatchObject({
        url: '/bots',
        method: 'POST',
        body: {
          strategy: 'dca',
          params: { quotePerBuy: 1, takeProfitPct: 2, intervalSeconds: 60 },
        },
      }),
    );
    // the input is still there
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Dca bot');
  });

  it('has the risk stops among the risk fields, checked before anything is sent', async () => {
    const calls = fakeFetch({ status: 200, body: catalogue });
    renderAt('/bots/new', routes);
    await screen.findByLabelText('Fast period');
    for (const label of [
      'Trailing stop % (risk)',
      'Trailing activation % (risk)',
      'Max daily loss quote (risk)',
      'Max drawdown % (risk)',
      'Cooldown after loss minutes (risk)',
    ])
      expect((screen.getByLabelText(label) as HTMLInputElement).value).toBe('');
    // a paper bot has its own ledger: sharing an exchange account is not its question
    expect(screen.queryByLabelText(/share its exchange account/)).toBeNull();
    await userEvent.type(screen.getByLabelText('Name'), 'Trailing');
    await userEvent.type(screen.getByLabelText('Trailing activation % (risk)'), '2');
    await userEvent.click(screen.getByRole('button', { name: 'Create bot' }));
    expect(
      await screen.findByText('needs trailingStopPct: it says when the trailing stop arms'),
    ).toBeTruthy();
    expect(calls).toHaveLength(1);
  });
});
