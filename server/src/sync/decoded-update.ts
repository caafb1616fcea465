import * as Y from 'yjs'

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/**
 * Decoded client updates, by the update's bytes. The write policy (update-roots.ts), the board's validation
 * and the contribution tracker (whiteboard/) each need an incoming update's structs; decoding is most of their
 * cost (for a 3,880-shape paste, 1.5 MB, about 0.15 s per decode on a quiet machine, measured), and the three
 * used to decode the same update one after another before the relay. The guard passes the same `Uint8Array`
 * to all of them, so the first decodes it and the others reuse the result; the entry goes with the bytes.
 * The decoded structs are read, never integrated or changed: sharing them is safe.
 */
const decoded = new WeakMap<Uint8Array, DecodedUpdate>()

/** `Y.decodeUpdate(update)`, once per update object. Throws on a malformed update, like `Y.decodeUpdate`. */
export function decodeUpdateOnce(update: Uint8Array): DecodedUpdate {
  let result = decoded.get(update)
  if (!result) {
    result = Y.decodeUpdate(update)
    decoded.set(update, result)
  }
  return result
}
