/**
 * Which user owns each Yjs client id of a room, for as long as the room is loaded.
 *
 * A client id is claimed by the first user who uses it, through an awareness entry naming that user or through
 * a document update whose structs carry it. Ownership outlives the connection on purpose: a y-websocket client
 * reconnects with the same client id, and between the drop and the reconnect nobody else may take it over
 * (a learner writing presence under the instructor's id, then clearing it for everyone).
 */
export class ClientOwners {
  private readonly owners = new Map<number, string>()
  /** The live connection whose presence each client id is, so a second tab of the same user cannot take it either. */
  private readonly holders = new Map<number, object>()

  /** Whether another live connection than `connection` holds `clientId`'s presence. */
  heldByOther(clientId: number, connection: object): boolean {
    const holder = this.holders.get(clientId)
    return holder !== undefined && holder !== connection
  }

  hold(clientId: number, connection: object): void {
    this.holders.set(clientId, connection)
  }

  /** Frees what a closed connection held; the user keeps owning the ids (a reconnect takes them back). */
  release(connection: object): void {
    for (const [clientId, holder] of this.holders) if (holder === connection) this.holders.delete(clientId)
  }

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId)
  }

  /** Claims `clientId` for `userId` unless another user owns it; answers whether `userId` owns it now. */
  claim(clientId: number, userId: string): boolean {
    const owner = this.owners.get(clientId)
    if (owner === undefined) {
      this.owners.set(clientId, userId)
      return true
    }
    return owner === userId
  }
}

/** One registry per live document; dropped with the document when its room unloads. */
const registries = new WeakMap<object, ClientOwners>()
export function clientOwnersOf(doc: object): ClientOwners {
  let owners = registries.get(doc)
  if (!owners) registries.set(doc, (owners = new ClientOwners()))
  return owners
}
