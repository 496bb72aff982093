/** The deployable services; each answers its own ping pattern over the Redis transport. */
export const ServiceNames = ['api-gateway', 'bot-worker', 'market-data'] as const;
export type ServiceName = (typeof ServiceNames)[number];
