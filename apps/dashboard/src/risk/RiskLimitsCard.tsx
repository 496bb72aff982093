// The user's own risk limits across all their bots (GET/PUT /risk-limits, docs/risk.md): today
// one, the daily loss limit. Each bot's own stops are in its form's risk fields.
import { PutRiskLimitsBody } from '@platform/api-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/endpoints';
import { TextField } from '../ui/fields';
import { ErrorNotice, Loading } from '../ui/notices';
import { useFieldErrors } from '../ui/validate';

export function RiskLimitsCard() {
  const limits = useQuery({ queryKey: ['risk-limits'], queryFn: api.riskLimits });
  if (limits.isPending) return <Loading what="your risk limits" />;
  if (limits.isError) return <ErrorNotice error={limits.error} />;
  return <RiskLimitsForm saved={limits.data.maxDailyLossQuote} />;
}

function RiskLimitsForm({ saved }: { saved: number | null }) {
  const queries = useQueryClient();
  const [dailyLoss, setDailyLoss] = useState(saved === null ? '' : String(saved));
  const fields = useFieldErrors();
  const save = useMutation({
    mutationFn: api.putRiskLimits,
    onSuccess: (limits) => queries.setQueryData(['risk-limits'], limits),
    onError: fields.fromServer,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // empty: no limit; anything else is checked as the gateway checks it
    const value = dailyLoss.trim() === '' ? null : Number(dailyLoss);
    const body = fields.check(PutRiskLimitsBody, { maxDailyLossQuote: value });
    if (body) save.mutate(body);
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="risk-title">
      <h2 id="risk-title">Risk limits across your bots</h2>
      <TextField
        label="Daily loss limit (quote)"
        inputMode="decimal"
        value={dailyLoss}
        onChange={(e) => setDailyLoss(e.target.value)}
        error={fields.errors.maxDailyLossQuote}
        hint="No new buys by any of your bots until 00:00 UTC once your bots of one mode and quote currency lost this much today (realized, fees included). Empty: no limit."
      />
      <ErrorNotice error={save.error} fieldsShown={fields.any} />
      {save.isSuccess && (
        <p className="notice notice-ok" role="status">
          Saved. Running bots apply it the next time they want to buy.
        </p>
      )}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save risk limits
      </button>
    </form>
  );
}
