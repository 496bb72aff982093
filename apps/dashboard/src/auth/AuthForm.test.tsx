import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../api/session';
import { fakeFetch, renderAt } from '../test-support';
import { AuthForm } from './AuthForm';

const routes = [
  { path: '/signup', element: <AuthForm mode="signup" /> },
  { path: '/signin', element: <AuthForm mode="signin" /> },
  { path: '/bots', element: <h1>Bots page</h1> },
];

afterEach(() => vi.unstubAllGlobals());

describe('AuthForm', () => {
  it('refuses what the server would refuse, at the field, without a request', async () => {
    const calls = fakeFetch();
    renderAt('/signup', routes);
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('must be an email address')).toBeTruthy();
    expect(screen.getByText('must have at least 10 characters')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('shows the server’s field error at its field and keeps the input', async () => {
    fakeFetch({
      status: 409,
      body: {
        statusCode: 409,
        code: 'conflict',
        message: 'email is taken',
        errors: [{ field: 'email', message: 'is already registered' }],
      },
    });
    renderAt('/signup', routes);
    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'a long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('is already registered')).toBeTruthy();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ann@example.com');
  });

  it('says when to try again after a 429', async () => {
    fakeFetch({
      status: 429,
      body: { statusCode: 429, code: 'rate_limited', message: 'too many attempts' },
      headers: { 'retry-after': '7' },
    });
    renderAt('/signin', routes);
    await userEvent.type(screen.getByLabelText('Email'), 'ann@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'whatever');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Too many requests: try again in 7 s.')).toBeTruthy();
  });

  it('signs in, keeps the session and goes back where the person was', async () => {
    const session = {
      token: 't',
      expiresAt: '2030-01-01T00:00:00.000Z',
      user: { id: 'u', email: 'ann@example.com', role: 'user' },
    };
    const calls = fakeFetch({ status: 200, body: session });
    const { router } = renderAt('/signin?next=%2Fbots', routes);
    await userEvent.type(screen.getByLabelText('Email'), 'Ann@Example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'whatever');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/bots'));
    expect(calls[0]).toMatchObject({
      url: '/auth/login',
      method: 'POST',
      body: { email: 'ann@example.com' },
    });
    expect(sessionStore.get()?.token).toBe('t');
  });
});
