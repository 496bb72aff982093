import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  BalanceView,
  CreateExchangeAccountBody,
  ExchangeAccountList,
  ExchangeAccountParams,
  ExchangeAccountView,
} from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { ExchangeAccountsService } from './exchange-accounts.service';

@Controller('exchange-accounts')
export class ExchangeAccountsController {
  constructor(private readonly accounts: ExchangeAccountsService) {}

  @Post()
  @Route({
    summary: 'Store exchange API keys (sealed; shown masked)',
    auth: 'user',
    body: CreateExchangeAccountBody,
    response: ExchangeAccountView,
  })
  create(@CurrentUser() user: Principal, @Body() body: CreateExchangeAccountBody) {
    return this.accounts.create(user.userId, body);
  }

  @Get()
  @Route({ summary: 'Your exchange accounts', auth: 'user', response: ExchangeAccountList })
  async list(@CurrentUser() user: Principal) {
    return { items: await this.accounts.list(user.userId) };
  }

  @Get(':id')
  @Route({
    summary: 'One of your exchange accounts',
    auth: 'user',
    params: ExchangeAccountParams,
    response: ExchangeAccountView,
  })
  get(@CurrentUser() user: Principal, @Param() { id }: ExchangeAccountParams) {
    return this.accounts.get(user.userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Route({
    summary: 'Delete an exchange account no bot uses',
    auth: 'user',
    params: ExchangeAccountParams,
  })
  async remove(@CurrentUser() user: Principal, @Param() { id }: ExchangeAccountParams) {
    await this.accounts.remove(user.userId, id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Route({
    summary: 'Check the keys with a signed call to the exchange',
    auth: 'user',
    params: ExchangeAccountParams,
    response: ExchangeAccountView,
  })
  verify(@CurrentUser() user: Principal, @Param() { id }: ExchangeAccountParams) {
    return this.accounts.verify(user.userId, id);
  }

  @Get(':id/balance')
  @Route({
    summary: 'Balances on the exchange (cached up to 30 s)',
    auth: 'user',
    params: ExchangeAccountParams,
    response: BalanceView,
  })
  balance(@CurrentUser() user: Principal, @Param() { id }: ExchangeAccountParams) {
    return this.accounts.balance(user.userId, id);
  }
}
