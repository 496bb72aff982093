import { ChangePasswordBody } from '@platform/api-schemas';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/endpoints';
import { sessionStore } from '../api/session';
import { TextField } from '../ui/fields';
import { ErrorNotice } from '../ui/notices';
import { type FieldErrors, serverFieldErrors, validate } from '../ui/validate';

export function ChangePasswordPage() {
  const profile = useQuery({ queryKey: ['me'], queryFn: api.me });
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: api.changePassword,
    onSuccess: (session) => {
      sessionStore.set(session); // every other session ended; this one goes on with the new token
      setCurrent('');
      setNew('');
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(ChangePasswordBody, { currentPassword, newPassword });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    change.mutate(checked.data);
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
          error={errors.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={errors.newPassword}
          hint="At least 10 characters. Signs you out everywhere else."
        />
        <ErrorNotice error={change.error} fieldsShown={Object.keys(errors).length > 0} />
        {change.isSuccess && (
          <p className="notice notice-ok" role="status">
            Password changed. Your other sessions have ended.
          </p>
        )}
        <button type="submit" className="primary" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}
