// A web-test-runner plugin that runs one real HiLink server for the component tests and lets a test ask it,
// from the browser, for a session with tokens: `executeServerCommand('hilink-session', { people })`.
import { spawnHiLinkServer } from './spawn-server.mjs'

export function testServerPlugin() {
  let server
  return {
    name: 'hilink-test-server',
    async serverStart() {
      server = await spawnHiLinkServer()
    },
    async serverStop() {
      await server?.stop()
    },
    async executeCommand({ command, payload }) {
      if (command === 'hilink-session') {
        const created = await server.createSession(payload.people, payload.title)
        return { server: server.url, ...created }
      }
      if (command === 'hilink-api') return server.api(payload.method, payload.path, payload.body, payload.auth)
      return undefined
    },
  }
}
