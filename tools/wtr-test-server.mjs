// A web-test-runner plugin that runs one real HiLink server for the component tests and lets a test ask it,
// from the browser, for a session with tokens: `executeServerCommand('hilink-session', { people })`.
import { spawnHiLinkServer } from './spawn-server.mjs'

export function testServerPlugin() {
  let server
  let avServer
  return {
    name: 'hilink-test-server',
    async serverStart() {
      // The exception scheduler every half second, so <hl-insights> tests see exceptions without waiting a minute.
      server = await spawnHiLinkServer({ env: { HILINK_EXCEPTION_SCAN_MS: '500' } })
    },
    async serverStop() {
      await server?.stop()
      await (await avServer)?.stop()
    },
    async executeCommand({ command, payload }) {
      if (command === 'hilink-session') {
        const created = await server.createSession(payload.people, payload.title)
        return { server: server.url, ...created }
      }
      if (command === 'hilink-api') return server.api(payload.method, payload.path, payload.body, payload.auth)
      // The tenant admin key, for elements only admins use (<hl-insights>).
      if (command === 'hilink-admin') return { server: server.url, adminKey: server.adminKey }
      // A second server with audio/video (its own LiveKit SFU), started on first use by the AV stage's tests.
      if (command === 'hilink-av-session' || command === 'hilink-av-api') {
        avServer ??= spawnHiLinkServer({ env: { HILINK_AV: 'embedded' } })
        const av = await avServer
        if (command === 'hilink-av-api') return av.api(payload.method, payload.path, payload.body, payload.auth)
        return { server: av.url, ...(await av.createSession(payload.people, payload.title)) }
      }
      return undefined
    },
  }
}
