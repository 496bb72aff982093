import { type DynamicModule, Module } from '@nestjs/common';
import type { KeyRing } from '@platform/exchange';
import type { NotifyConfig } from '@platform/notifications';
import {
  BotsStore,
  NotificationChannelsStore,
  NotificationPreferencesStore,
  SubscriptionsStore,
} from '@platform/persistence';
import { BotNotificationsController } from './bot-notifications.controller';
import { NotificationChannelsController } from './notification-channels.controller';
import { NOTIFY_CONFIG, NOTIFY_KEY_RING, NotificationsService } from './notifications.service';

/** Users' notification channels and bots' preferences. Needs PersistenceModule and AuthModule. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotifyConfig, keyRing: KeyRing | null): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationChannelsController, BotNotificationsController],
      providers: [
        NotificationsService,
        NotificationChannelsStore,
        NotificationPreferencesStore,
        BotsStore,
        SubscriptionsStore,
        { provide: NOTIFY_CONFIG, useValue: config },
        { provide: NOTIFY_KEY_RING, useValue: keyRing },
      ],
    };
  }
}
