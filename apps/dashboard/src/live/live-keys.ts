// Which cached queries a live event makes out of date.

interface LiveEventLike {
  type: string;
  botId?: string;
}

export function liveKeys(event: LiveEventLike): unknown[][] {
  switch (event.type) {
    case 'bot.status':
      return [['portfolio'], ['bots'], ['bot', event.botId]];
    case 'order':
      return [
        ['bot', event.botId, 'orders'],
        ['bot', event.botId, 'status'],
        ['bot', event.botId, 'events'],
      ];
    case 'trade':
      return [
        ['bot', event.botId, 'trades'],
        ['bot', event.botId, 'status'],
        ['bot', event.botId, 'balances'],
        ['portfolio'],
      ];
    case 'ticker':
      return [['portfolio']];
    default:
      return [];
  }
}
