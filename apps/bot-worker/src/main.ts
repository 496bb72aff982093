import 'reflect-metadata';
import { loadConfigOrExit, loadHarnessSwitches, startService } from '@platform/service-kit';
import { AppModule } from './app/app.module';
import { botWorkerEnv, harnessSwitchesEnv } from './config/bot-worker.env';

// a production start refuses every test-harness switch that is set (fencing stays on)
const switches = loadConfigOrExit('bot-worker', harnessSwitchesEnv, (spec) =>
  loadHarnessSwitches(spec),
);

startService('bot-worker', botWorkerEnv, (config) => ({
  module: AppModule.forRoot({ ...config, ...switches }),
  httpPort: config.BOT_WORKER_HTTP_PORT,
}));
