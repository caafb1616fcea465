import { createContext } from '@lit/context'
import type { RoomSession } from './room-session.ts'

/** The room connection that `<hl-classroom>` provides to every feature element inside it. */
export const roomContext = createContext<RoomSession | undefined>(Symbol('hl-room'))
