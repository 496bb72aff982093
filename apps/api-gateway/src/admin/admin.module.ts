import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminUsersStore } from './admin-users.store';

/** Admins' API over users. Needs DatabaseModule and AuthModule (global). */
@Module({
  controllers: [AdminController],
  providers: [AdminUsersService, AdminUsersStore],
})
export class AdminModule {}
