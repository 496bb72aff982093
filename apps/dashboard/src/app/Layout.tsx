import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useReachable } from '../api/connection';
import { api } from '../api/endpoints';
import { sessionStore, useSession } from '../api/session';
import { connectLive, useLiveState } from '../live/live-stream';

export function Layout() {
  const session = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const reachable = useReachable();
  const live = useLiveState();

  useEffect(() => connectLive(queries), [queries]);

  const signOut = async () => {
    await api.logout().catch(() => undefined); // the session ends here whatever the server says
    sessionStore.set(null);
    queries.clear();
    navigate('/signin');
  };

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Trading bots</span>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to="/bots">Bots</NavLink>
          <NavLink to="/backtests">Backtests</NavLink>
          <NavLink to="/accounts">Exchange accounts</NavLink>
          {session?.user.role === 'admin' && (
            <>
              <NavLink to="/admin/cluster">Cluster</NavLink>
              <NavLink to="/admin/budgets">Budgets</NavLink>
              <NavLink to="/admin/users">Users</NavLink>
            </>
          )}
        </nav>
        <div className="who">
          <span className={`live-dot live-${live}`} title={`live updates: ${live}`}>
            <span className="sr-only">Live updates {live}</span>
          </span>
          <NavLink to="/settings">{session?.user.email}</NavLink>
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {!reachable && (
        <p className="banner banner-offline" role="status">
          Connection to the server lost. Retrying…
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
