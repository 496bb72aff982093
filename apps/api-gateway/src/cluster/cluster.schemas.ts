import { z } from 'zod';

export const ClusterBotParams = z.object({ botId: z.uuid('must be a UUID') }).strict();
export type ClusterBotParams = z.infer<typeof ClusterBotParams>;
