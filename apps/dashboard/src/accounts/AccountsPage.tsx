import { CreateExchangeAccountBody } from '@platform/api-schemas';
import { SUPPORTED_EXCHANGES } from '@platform/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/endpoints';
import type { ExchangeAccount } from '../api/types';
import { SelectField, TextField } from '../ui/fields';
import { ago, decimal } from '../ui/format';
import { Empty, ErrorNotice, Loading } from '../ui/notices';
import { useDraft } from '../ui/use-draft';
import { useFieldErrors } from '../ui/validate';

export function AccountsPage() {
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: api.accounts });
  return (
    <section className="page">
      <h1>Exchange accounts</h1>
      <p className="muted">
        Keys are sealed (AES-256-GCM) when saved and never shown again: only their first and last
        characters.
      </p>
      {accounts.isPending ? (
        <Loading what="accounts" />
      ) : accounts.isError ? (
        <ErrorNotice error={accounts.error} />
      ) : accounts.data.items.length === 0 ? (
        <Empty>No exchange accounts yet. Paper bots need none.</Empty>
      ) : (
        <ul className="account-list">
          {accounts.data.items.map((account) => (
            <AccountCard key={account.id} account={account} />
          ))}
        </ul>
      )}
      <AddAccountForm />
    </section>
  );
}

function AccountCard({ account }: { account: ExchangeAccount }) {
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: ['accounts'] });
  const verify = useMutation({ mutationFn: api.verifyAccount, onSettled: refresh });
  const remove = useMutation({ mutationFn: api.deleteAccount, onSuccess: refresh });
  const [showBalance, setShowBalance] = useState(false);
  const balance = useQuery({
    queryKey: ['account', account.id, 'balance'],
    queryFn: () => api.accountBalance(account.id),
    enabled: showBalance,
  });
  return (
    <li className="card">
      <h2>
        {account.label} <small className="muted">{account.exchangeId}</small>
      </h2>
      <p>
        Key <code>{account.apiKeyMasked}</code> ·{' '}
        {account.verifiedAt ? `verified ${ago(account.verifiedAt)}` : 'not verified yet'}
      </p>
      {account.warnings.map((warning) => (
        <p className="notice notice-warn" key={warning}>
          {warning}
        </p>
      ))}
      <div className="actions">
        <button type="button" onClick={() => verify.mutate(account.id)} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify'}
        </button>
        <button type="button" onClick={() => setShowBalance(true)}>
          Balances
        </button>
        <button
          type="button"
          className="danger"
          onClick={() =>
            window.confirm(`Delete the account ${account.label}?`) && remove.mutate(account.id)
          }
        >
          Delete
        </button>
      </div>
      <ErrorNotice error={verify.error ?? remove.error ?? balance.error} />
      {balance.data && (
        <table>
          <caption>Balances, {ago(balance.data.fetchedAt)}</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Free</th>
              <th scope="col">In orders</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(balance.data.balances).map(([asset, b]) => (
              <tr key={asset}>
                <td>{asset}</td>
                <td>{decimal(b.free, 8)}</td>
                <td>{decimal(b.used, 8)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

function AddAccountForm() {
  const queries = useQueryClient();
  // The secret is never kept in the draft: only what is safe to leave in the browser.
  const [draft, setDraft, clearDraft] = useDraft('account', {
    exchangeId: SUPPORTED_EXCHANGES[0] as string,
    label: '',
    apiKey: '',
  });
  const [secret, setSecret] = useState('');
  const fields = useFieldErrors();
  const add = useMutation({
    mutationFn: api.addAccount,
    onSuccess: () => {
      clearDraft();
      setDraft({ exchangeId: SUPPORTED_EXCHANGES[0], label: '', apiKey: '' });
      setSecret('');
      void queries.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: fields.fromServer,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = fields.check(CreateExchangeAccountBody, { ...draft, secret });
    if (body) add.mutate(body);
  };
  return (
    <form className="card form-grid" onSubmit={onSubmit} noValidate aria-labelledby="add-account">
      <h2 id="add-account">Add an account</h2>
      <SelectField
        label="Exchange"
        value={draft.exchangeId}
        onChange={(e) => setDraft({ ...draft, exchangeId: e.target.value })}
        options={SUPPORTED_EXCHANGES.map((x) => ({ value: x, label: x }))}
        error={fields.errors.exchangeId}
      />
      <TextField
        label="Label"
        value={draft.label}
        onChange={(e) => setDraft({ ...draft, label: e.target.value })}
        error={fields.errors.label}
      />
      <TextField
        label="API key"
        value={draft.apiKey}
        onChange={(e) => setDraft({ ...draft, apiKey: e.target.value })}
        error={fields.errors.apiKey}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label="Secret"
        type="password"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        error={fields.errors.secret}
        autoComplete="off"
        hint="Use a key that may trade but not withdraw."
      />
      <ErrorNotice error={add.error} fieldsShown={fields.any} />
      <button type="submit" className="primary" disabled={add.isPending}>
        Add account
      </button>
    </form>
  );
}
