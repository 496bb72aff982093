import { Module } from '@nestjs/common';
import { AdminUsersStore } from '@platform/persistence';
import { AdminController } from './admin.controller';
import { AdminUsersService } from './admin-users.service';

/** Admins' API over users. Needs PersistenceModule and AuthModule (global). */
@Module({
  controllers: [AdminController],
  providers: [AdminUsersService, AdminUsersStore],
})
export class AdminModule {}
