import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ChangePasswordPage } from '../auth/ChangePasswordPage';
import { RequireAuth } from '../auth/RequireAuth';
import { SignInPage } from '../auth/SignInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { BotFormPage } from '../bots/BotFormPage';
import { BotsPage } from '../bots/BotsPage';
import { BacktestsPage } from '../backtests/BacktestsPage';
import { AccountsPage } from '../accounts/AccountsPage';
import { OverviewPage } from '../overview/OverviewPage';
import { Loading } from '../ui/notices';
import { Layout } from './Layout';
import { createQueryClient } from './query-client';

// The chart library and the admin pages load only when opened.
const BotDetailPage = lazy(() => import('../bots/BotDetailPage'));
const BacktestDetailPage = lazy(() => import('../backtests/BacktestDetailPage'));
const ComparePage = lazy(() => import('../backtests/ComparePage'));
const ClusterPage = lazy(() => import('../admin/ClusterPage'));
const UsersPage = lazy(() => import('../admin/UsersPage'));
const BudgetsPage = lazy(() => import('../admin/BudgetsPage'));

const later = (element: React.ReactNode) => (
  <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>
);

const router = createBrowserRouter(
  [
    { path: '/signin', element: <SignInPage /> },
    { path: '/signup', element: <SignUpPage /> },
    {
      element: (
        <RequireAuth>
          <Layout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <OverviewPage /> },
        { path: 'bots', element: <BotsPage /> },
        { path: 'bots/new', element: <BotFormPage /> },
        { path: 'bots/:id', element: later(<BotDetailPage />) },
        { path: 'bots/:id/edit', element: <BotFormPage /> },
        { path: 'backtests', element: <BacktestsPage /> },
        { path: 'backtests/compare', element: later(<ComparePage />) },
        { path: 'backtests/:id', element: later(<BacktestDetailPage />) },
        { path: 'accounts', element: <AccountsPage /> },
        { path: 'settings', element: <ChangePasswordPage /> },
        { path: 'admin/cluster', element: later(<ClusterPage />) },
        { path: 'admin/users', element: later(<UsersPage />) },
        { path: 'admin/budgets', element: later(<BudgetsPage />) },
        { path: '*', element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: '/app' },
);

export function App() {
  const [queries] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queries}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
