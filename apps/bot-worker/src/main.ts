import 'reflect-metadata';
import { startService } from '@platform/service-kit';
import { AppModule } from './app/app.module';
import { botWorkerEnv } from './config/bot-worker.env';

startService('bot-worker', botWorkerEnv, (config) => ({
  module: AppModule.forRoot(config),
  httpPort: config.BOT_WORKER_HTTP_PORT,
}));
