import { InitialSchema1795550000000 } from './1795550000000-initial-schema';

/** Every migration, oldest first. Listed by hand so bundled apps need no file globbing. */
export const migrations = [InitialSchema1795550000000];
