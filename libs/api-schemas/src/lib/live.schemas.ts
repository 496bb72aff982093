import { z } from 'zod';

export const LiveQuery = z
  .object({
    ticket: z
      .string()
      .max(100)
      .optional()
      .describe('from POST /live/ticket, for clients that cannot send Authorization (EventSource)'),
  })
  .strict();
export type LiveQuery = z.infer<typeof LiveQuery>;

export const StreamTicketView = z.object({
  ticket: z.string().describe('open GET /live?ticket=<ticket> within 60 s; works once'),
  expiresAt: z.iso.datetime(),
});
