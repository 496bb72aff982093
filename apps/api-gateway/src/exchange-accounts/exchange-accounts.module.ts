import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { KeyRing } from '@platform/exchange';
import { ExchangeAccountsStore } from '@platform/persistence';
import { ExchangeAccountsController } from './exchange-accounts.controller';
import { ExchangeAccountsService, GATEWAY_KEY_RING } from './exchange-accounts.service';

/** Users' exchange keys. Needs PersistenceModule, PeersModule and AuthModule (global). */
@Module({})
export class ExchangeAccountsModule implements OnModuleInit {
  constructor(@Inject(GATEWAY_KEY_RING) private readonly keyRing: KeyRing | null) {}

  static forRoot(keyRing: KeyRing | null) {
    return {
      module: ExchangeAccountsModule,
      controllers: [ExchangeAccountsController],
      providers: [
        ExchangeAccountsService,
        ExchangeAccountsStore,
        { provide: GATEWAY_KEY_RING, useValue: keyRing },
      ],
    };
  }

  onModuleInit() {
    if (!this.keyRing)
      new Logger('exchange-accounts').warn(
        'ENCRYPTION_KEYS is not set: adding exchange accounts answers 503 until it is (use the same keys as market-data)',
      );
  }
}
