export { RoomSession, type ConnectionStatus, type RoomSessionOptions } from './room-session.ts'
export { PresenceModel, type Participant } from './presence-model.ts'
export { roomContext } from './room-context.ts'
export { readIdentity } from './identity.ts'
