// What npm start's last lines tell a new user: where the API and its docs are, how to get an
// account, keys for the offline exchange, how to follow bots without polling, and last of all
// the dashboard's address and the demo login.

/**
 * @param {{ gatewayPort: number, simulatorUrl?: string, dashboard?: boolean,
 *   demoLogin?: { email: string, password: string } | null }} options
 */
export function nextSteps({ gatewayPort, simulatorUrl, dashboard = false, demoLogin = null }) {
  const api = `http://localhost:${gatewayPort}`;
  const lines = [
    `  API docs (try every route there): ${api}/docs`,
    `  sign up:      curl -s ${api}/auth/register -H 'content-type: application/json' -d '{"email":"you@example.com","password":"a long passphrase"}'`,
    `  first admin:  npm run admin:create -- --email you@example.com   (plans, users)`,
  ];
  if (simulatorUrl)
    lines.push(
      `  exchange keys for the offline simulator: curl -s -X POST ${simulatorUrl}/admin/keys -H 'content-type: application/json' -d '{"balances":{"USDT":"10000"}}'`,
      `                then POST ${api}/exchange-accounts {"exchangeId":"binance","label":"sim","apiKey":...,"secret":...},`,
      `                POST ${api}/exchange-accounts/<id>/verify, and a live bot (README "Live bots on the offline exchange")`,
    );
  lines.push(
    `  follow your bots: GET ${api}/live (server-sent events) and GET ${api}/portfolio (all bots at once; README "Following bots")`,
  );
  if (dashboard) lines.push(`  dashboard:  ${api}/app/`);
  if (demoLogin)
    lines.push(
      `  demo login: ${demoLogin.email} / ${demoLogin.password}   (an admin with a running paper bot per strategy; DEMO=false: none)`,
    );
  return lines;
}
