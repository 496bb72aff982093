import { SubscriptionPlans } from '@platform/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/endpoints';
import { TextField } from '../ui/fields';
import { dateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { TableWrap } from '../ui/table-wrap';

export default function UsersPage() {
  const [email, setEmail] = useState('');
  const queries = useQueryClient();
  const users = useQuery({
    queryKey: ['admin-users', email],
    queryFn: () => api.adminUsers(email, null),
  });
  const changePlan = useMutation({
    mutationFn: ({ id, plan }: { id: string; plan: string }) => api.changePlan(id, plan),
    onSettled: () => queries.invalidateQueries({ queryKey: ['admin-users'] }),
  });
  const setDisabled = useMutation({
    mutationFn: ({ id, disabled, reason }: { id: string; disabled: boolean; reason?: string }) =>
      api.setDisabled(id, disabled, reason),
    onSettled: () => queries.invalidateQueries({ queryKey: ['admin-users'] }),
  });
  const disable = (id: string, email: string) => {
    const reason = window.prompt(
      `Disable ${email}? Their bots stop and their sessions end. Reason (for operators):`,
    );
    if (reason !== null)
      setDisabled.mutate({ id, disabled: true, reason: reason.trim() || undefined });
  };
  return (
    <section className="page">
      <h1>Users and plans</h1>
      <TextField
        label="Search by email"
        type="search"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <ErrorNotice error={changePlan.error ?? setDisabled.error} />
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <ErrorNotice error={users.error} />
      ) : (
        <TableWrap label="Users">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                <th scope="col">Bots (running)</th>
                <th scope="col">Accounts</th>
                <th scope="col">Plan</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>{user.role}</td>
                  <td>{dateTime(user.createdAt)}</td>
                  <td>
                    {user.usage.bots} ({user.usage.runningBots})
                  </td>
                  <td>{user.usage.exchangeAccounts}</td>
                  <td>
                    <select
                      aria-label={`Plan of ${user.email}`}
                      value={user.subscription?.plan ?? 'free'}
                      onChange={(e) => changePlan.mutate({ id: user.id, plan: e.target.value })}
                    >
                      {SubscriptionPlans.map((plan) => (
                        <option key={plan}>{plan}</option>
                      ))}
                    </select>
                    {user.subscription?.expired && <small className="stale"> expired</small>}
                  </td>
                  <td>
                    {user.disabled ? (
                      <>
                        <span className="badge badge-error">Disabled</span>{' '}
                        {user.disabledReason && (
                          <small className="muted">{user.disabledReason} </small>
                        )}
                        <button
                          type="button"
                          onClick={() => setDisabled.mutate({ id: user.id, disabled: false })}
                        >
                          Enable
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => disable(user.id, user.email)}
                        aria-label={`Disable ${user.email}`}
                      >
                        Disable
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
