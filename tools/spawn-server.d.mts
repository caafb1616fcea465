export interface Person {
  userId: string
  name: string
  role: 'instructor' | 'ta' | 'learner' | 'observer'
}
export interface SpawnedServer {
  url: string
  adminKey: string
  api(method: string, path: string, body?: unknown, auth?: string): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any shape
  createSession(people: Person[], title?: string): Promise<{ sessionId: string; tokens: Record<string, string> }>
  stop(): Promise<void>
}
export declare function spawnHiLinkServer(opts?: { env?: Record<string, string> }): Promise<SpawnedServer>
