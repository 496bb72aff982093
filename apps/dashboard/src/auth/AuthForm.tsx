// Sign-in and sign-up share one form: email, password, field errors, the server's answer.
import { LoginBody, RegisterBody } from '@platform/api-schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import { sessionStore, useSession } from '../api/session';
import { TextField } from '../ui/fields';
import { ErrorNotice } from '../ui/notices';
import { useFieldErrors } from '../ui/validate';

const modes = {
  signin: { title: 'Sign in', schema: LoginBody, send: api.login, action: 'Sign in' },
  // a new account is signed in at once
  signup: {
    title: 'Create your account',
    schema: RegisterBody,
    send: async (body: { email: string; password: string }) => {
      await api.register(body);
      return api.login(body);
    },
    action: 'Create account',
  },
};

/** Only paths inside the dashboard: `next` never sends anyone to another site. */
const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

export function AuthForm({ mode }: { mode: keyof typeof modes }) {
  const { title, schema, send, action } = modes[mode];
  const session = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fields = useFieldErrors();
  const submit = useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      sessionStore.set(answer);
      navigate(next, { replace: true });
    },
    onError: fields.fromServer,
  });

  if (session) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = fields.check(schema, { email, password });
    if (body) submit.mutate(body);
  };

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={onSubmit} noValidate aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {search.get('next') && mode === 'signin' && (
          <p className="notice">Your session ended. Sign in to go on where you were.</p>
        )}
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.errors.email}
          required
        />
        <TextField
          label="Password"
          type="password"
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.errors.password}
          hint={mode === 'signup' ? 'At least 10 characters.' : undefined}
          required
        />
        <ErrorNotice error={submit.error} fieldsShown={fields.any} />
        <button type="submit" className="primary" disabled={submit.isPending}>
          {submit.isPending ? 'Please wait…' : action}
        </button>
        <p className="muted">
          {mode === 'signin' ? (
            <>
              New here?{' '}
              <Link to={`/signup${search.size ? `?${search}` : ''}`}>Create an account</Link>
            </>
          ) : (
            <>
              Have an account? <Link to={`/signin${search.size ? `?${search}` : ''}`}>Sign in</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
