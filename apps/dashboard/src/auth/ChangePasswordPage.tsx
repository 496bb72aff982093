import { ChangePasswordBody } from '@platform/api-schemas';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/endpoints';
import { sessionStore } from '../api/session';
import { RiskLimitsCard } from '../risk/RiskLimitsCard';
import { TextField } from '../ui/fields';
import { ErrorNotice } from '../ui/notices';
import { useFieldErrors } from '../ui/validate';

export function ChangePasswordPage() {
  const profile = useQuery({ queryKey: ['me'], queryFn: api.me });
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const fields = useFieldErrors();
  const change = useMutation({
    mutationFn: api.changePassword,
    onSuccess: (session) => {
      sessionStore.set(session); // every other session ended; this one goes on with the new token
      setCurrent('');
      setNew('');
    },
    onError: fields.fromServer,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = fields.check(ChangePasswordBody, { currentPassword, newPassword });
    if (body) change.mutate(body);
  };
  const plan = profile.data?.subscription;
  return (
    <section className="page narrow">
      <h1>Your account</h1>
      {plan && (
        <p>
          Plan <strong>{plan.plan}</strong>
          {plan.expired ? ' (expired: free limits apply)' : ''}: up to {plan.maxRunningBots} running
          bots, {plan.maxBots} bots, {plan.maxExchangeAccounts} exchange accounts.
        </p>
      )}
      <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={fields.errors.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={fields.errors.newPassword}
          hint="At least 10 characters. Signs you out everywhere else."
        />
        <ErrorNotice error={change.error} fieldsShown={fields.any} />
        {change.isSuccess && (
          <p className="notice notice-ok" role="status">
            Password changed. Your other sessions have ended.
          </p>
        )}
        <button type="submit" className="primary" disabled={change.isPending}>
          Change password
        </button>
      </form>
      <RiskLimitsCard />
    </section>
  );
}
