import type { ChildProcess } from 'node:child_process'

export interface Person {
  userId: string
  name: string
  role: 'instructor' | 'ta' | 'learner' | 'observer'
}
export interface SpawnedServer {
  url: string
  adminKey: string
  child: ChildProcess
  api(method: string, path: string, body?: unknown, auth?: string): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any shape
  createSession(people: Person[], title?: string): Promise<{ sessionId: string; tokens: Record<string, string> }>
  /** Stops the process (SIGKILL to simulate a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>
}
export declare function spawnListening(entry: string, env?: Record<string, string>): Promise<{ url: string; child: ChildProcess }>
export declare function stopChild(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>
export declare function spawnHiLinkServer(opts?: {
  env?: Record<string, string>
  dataDir?: string
  adminKey?: string
  /** Run dist/server/main.mjs (what `npm start` runs, built by `npm run build`) instead of the TypeScript sources. */
  built?: boolean
}): Promise<SpawnedServer>
