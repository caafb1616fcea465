import { PollsModel, type RoomSession } from '@hilink/core'

/**
 * One PollsModel per room, shared by the room's poll elements (a classroom's two <hl-poll>s, the learner's action
 * bar and the lesson, and the staff's <hl-poll-launcher>): an answer given in one is known to the others (one's own
 * answer comes only from the server's GET), a launched poll appears at once, and the polls are fetched once.
 */
const modelsByRoom = new WeakMap<RoomSession, PollsModel>()

export function pollsFor(room: RoomSession): PollsModel {
  let model = modelsByRoom.get(room)
  if (!model) modelsByRoom.set(room, (model = new PollsModel(room.doc, room)))
  return model
}
