// "Backtest" on the bot form: the form's definition (market, strategy, params) tried on a range
// of history. Checked with the gateway's own schema first; the server's field errors land at
// their fields (the bot form's for the definition, this panel's for the range and balance).
import { CreateBacktestBody } from '@platform/api-schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/endpoints';
import { TextField } from '../ui/fields';
import { ErrorNotice } from '../ui/notices';
import type { FieldErrors } from '../ui/validate';
import { fromLocalInput, presetRange, RANGE_PRESETS, toLocalInput } from './backtest-logic';

export interface BacktestDefinitionInput {
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: Record<string, unknown>;
}

interface Checker {
  errors: FieldErrors;
  check: (schema: typeof CreateBacktestBody, value: unknown) => unknown;
  fromServer: (error: unknown) => void;
}

const DEFAULT_DAYS = 7;

export function BacktestPanel({
  definition,
  checker,
}: {
  definition: () => BacktestDefinitionInput;
  checker: Checker;
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [range, setRange] = useState(() => {
    const { from, to } = presetRange(DEFAULT_DAYS);
    return { from: toLocalInput(from), to: toLocalInput(to) };
  });
  const [balance, setBalance] = useState('');
  const errors = checker.errors;

  const run = useMutation({
    mutationFn: api.createBacktest,
    onSuccess: (backtest) => {
      void queries.invalidateQueries({ queryKey: ['backtests'] });
      navigate(`/backtests/${backtest.id}`);
    },
    onError: checker.fromServer,
  });

  const preset = (days: number) => {
    const { from, to } = presetRange(days);
    setRange({ from: toLocalInput(from), to: toLocalInput(to) });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      ...definition(),
      from: fromLocalInput(range.from),
      to: fromLocalInput(range.to),
    };
    const text = balance.trim();
    const riskBalance = (body.params as { risk?: { paperQuoteBalance?: unknown } }).risk
      ?.paperQuoteBalance;
    if (text !== '') body.startingBalance = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (typeof riskBalance !== 'number') body.startingBalance = 10000;
    if (checker.check(CreateBacktestBody, body)) run.mutate(body);
  };

  const anyError = Object.keys(errors).length > 0;
  return (
    <form
      className="card form-grid backtest-panel"
      onSubmit={onSubmit}
      noValidate
      aria-label="Backtest"
    >
      <h2>Backtest</h2>
      <p className="muted">
        Try this bot on history before it trades: the same strategy, risk checks and paper matching
        (fees, slippage, minimums) as a running paper bot, on the exchange’s 1-minute candles.
      </p>
      <div className="preset-row" role="group" aria-label="Range presets">
        {RANGE_PRESETS.map((p) => (
          <button key={p.days} type="button" onClick={() => preset(p.days)}>
            {p.label}
          </button>
        ))}
      </div>
      <div className="two-fields">
        <TextField
          label="From"
          type="datetime-local"
          value={range.from}
          onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          error={errors.from}
          hint="your local time"
        />
        <TextField
          label="To"
          type="datetime-local"
          value={range.to}
          onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          error={errors.to}
          hint="not included; not in the future"
        />
      </div>
      <TextField
        label="Starting balance"
        inputMode="decimal"
        value={balance}
        onChange={(e) => setBalance(e.target.value)}
        error={errors.startingBalance}
        hint="quote currency; empty: the risk settings’ paper balance, else 10,000"
      />
      <ErrorNotice error={run.error} fieldsShown={anyError} />
      {anyError && !run.error && (
        <p className="notice notice-error" role="alert">
          Please correct the fields marked on this page.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={run.isPending}>
          Run backtest
        </button>
      </div>
    </form>
  );
}
