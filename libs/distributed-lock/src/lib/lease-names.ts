/**
 * The lease resources of one kind of thing (`bot:<id>`, `feed:<id>`): names a thing's lease
 * and reads the thing's id back from a resource, e.g. the one `LeaseKeeper` reports lost.
 */
export class LeaseNames {
  private readonly prefix: string;

  constructor(readonly kind: string) {
    this.prefix = `${kind}:`;
  }

  /** The resource of the thing with this id. */
  of(id: string): string {
    return this.prefix + id;
  }

  /** The id in a resource of this kind; undefined for another kind's resource. */
  idOf(resource: string): string | undefined {
    return resource.startsWith(this.prefix) ? resource.slice(this.prefix.length) : undefined;
  }
}
