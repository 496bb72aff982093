// `npm start`'s demo step, run by tools/start/start.mjs once the gateway is ready:
//   node -r @swc-node/register tools/start/demo/seed-demo.ts <gateway URL> <data dir>
// with DATABASE_URL set. Prints what it did; exit 1 when the demo could not be set up.
import { messageOf } from '@platform/contracts';
import { seedDemo } from './demo-seed';
import { loadOrCreateDemoLogin } from './demo-login';
import { GatewayClient } from './gateway-client';
import { promoteInDatabase } from './promote-in-database';

async function main([gatewayUrl, dataDir]: string[]) {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!gatewayUrl || !dataDir || !databaseUrl)
    throw new Error('usage: seed-demo.ts <gateway URL> <data dir>, with DATABASE_URL set');
  const { login, created } = loadOrCreateDemoLogin(dataDir);
  if (created)
    console.log(`made the demo login ${login.email} (kept in ${dataDir}/demo-login.json)`);
  const result = await seedDemo({
    gateway: new GatewayClient(gatewayUrl),
    login,
    promote: promoteInDatabase(databaseUrl),
    say: (line) => console.log(line),
  });
  const bots = Object.keys(result.bots);
  const parts = [
    result.created.length > 0 && `made ${result.created.join(', ')}`,
    result.reused.length > 0 && `reused ${result.reused.join(', ')}`,
    result.started.length > 0 && `started ${result.started.join(', ')}`,
  ].filter(Boolean);
  console.log(`${bots.length} paper bots of ${login.email} running: ${parts.join('; ')}`);
  if (bots.length === 0) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`the demo was not set up: ${messageOf(error)}`);
  process.exit(1);
});
