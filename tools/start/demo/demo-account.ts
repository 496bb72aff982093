import type { DemoLogin } from './demo-login';
import type { GatewayClient } from './gateway-client';

// The demo account signs in as a client would. It is an admin on the pro plan: its bots (one
// per strategy, all running) fit in the plan, and the operator's pages have something to show.
// No route makes the first admin, so that one step goes to the database (`promote`), the way
// `npm run admin:create` does; the plan is then set through the admin API.

export type Promote = (email: string) => Promise<void>;

const DEMO_PLAN = 'pro';

/** Signs in with `login`, registering the account on the first start; sets gateway.token. */
async function signIn(gateway: GatewayClient, login: DemoLogin): Promise<void> {
  gateway.token = undefined;
  let session = await gateway.call('POST', '/auth/login', login);
  if (session.status === 401) {
    const registered = await gateway.call('POST', '/auth/register', login);
    if (registered.status === 409)
      throw new Error(
        `${login.email} exists but no longer signs in with the password in .data/demo-login.json (changed since?): put the new one there, or delete the account`,
      );
    if (registered.status !== 201)
      throw new Error(`registering ${login.email} answered ${registered.status}`);
    session = await gateway.call('POST', '/auth/login', login);
  }
  if (session.status !== 200)
    throw new Error(`signing in as ${login.email} answered ${session.status}`);
  gateway.token = session.body.token;
}

/** Signs the demo account in as an admin on the pro plan; returns what had to change. */
export async function signInDemo(
  gateway: GatewayClient,
  login: DemoLogin,
  promote: Promote,
): Promise<string[]> {
  const changes: string[] = [];
  await signIn(gateway, login);
  let me = await gateway.expect('GET', '/auth/me', [200]);
  if (me.role !== 'admin') {
    await promote(login.email);
    await signIn(gateway, login); // a session carries its role: the admin role needs a new one
    me = await gateway.expect('GET', '/auth/me', [200]);
    changes.push('made it an admin');
  }
  if (me.subscription?.plan !== DEMO_PLAN || me.subscription?.expired) {
    await gateway.expect('PATCH', `/admin/users/${me.id}/plan`, [200], { plan: DEMO_PLAN });
    changes.push(`put it on the ${DEMO_PLAN} plan`);
  }
  return changes;
}
