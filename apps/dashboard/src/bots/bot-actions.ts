// Start, stop and delete, with what every view of the bot must reload afterwards.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints';

export function useBotActions() {
  const queries = useQueryClient();
  const after = (id: string) => {
    void queries.invalidateQueries({ queryKey: ['bots'] });
    void queries.invalidateQueries({ queryKey: ['bot', id] });
    void queries.invalidateQueries({ queryKey: ['portfolio'] });
  };
  return {
    start: useMutation({ mutationFn: api.startBot, onSettled: (_d, _e, id) => after(id) }),
    stop: useMutation({ mutationFn: api.stopBot, onSettled: (_d, _e, id) => after(id) }),
    // the worker that holds the bot carries these out; the answer says what will happen
    cancelOrders: useMutation({
      mutationFn: api.cancelOrders,
      onSettled: (_d, _e, id) => after(id),
    }),
    liquidate: useMutation({ mutationFn: api.liquidate, onSettled: (_d, _e, id) => after(id) }),
    remove: useMutation({
      mutationFn: api.deleteBot,
      onSuccess: (_d, id) => {
        // the bot is gone: drop its views instead of asking for them again (a 404 each)
        void queries.cancelQueries({ queryKey: ['bot', id] });
        queries.removeQueries({ queryKey: ['bot', id] });
        void queries.invalidateQueries({ queryKey: ['bots'] });
        void queries.invalidateQueries({ queryKey: ['portfolio'] });
      },
    }),
  };
}
