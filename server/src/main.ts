import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { configFromEnv, type Config } from './config.ts'
import { createServices, type Services } from './services.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface RunningServer {
  url: string
  port: number
  services: Services
  close(): Promise<void>
}

/** Starts the HTTP server and the sync WebSocket on one port. The only place that listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const services = createServices(config)
  // The embedded SFU starts alongside: HiLink answers at once, AV requests wait until the SFU is up.
  void services.av.start()
  const app = createApp(services, {
    sdkDir: path.join(repoRoot, 'dist/sdk'),
    demoDir: path.join(repoRoot, 'demo'),
  })
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server))
  })
  // Idle keep-alive connections stay open longer than a proxy's usual 60 s idle timeout, so that the server is
  // never the side that closes one just as a client (or a load balancer) sends the next request on it.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.on('upgrade', (req, socket, head) => {
    if (!services.sync.handleUpgrade(req, socket, head) && !services.audio.handleUpgrade(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    }
  })
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    async close() {
      // Upgraded sockets hold the HTTP server open: end them first, then the server, then the rest.
      services.closeSockets()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.close()
    },
  }
}

async function main(): Promise<void> {
  // Every file this process creates (SQLite, keys, logs) is private to its user unless made otherwise.
  process.umask(0o077)
  const running = await startServer(configFromEnv())
  const { services, url } = running
  console.log(`HiLink listening on ${url}  (data in ${services.config.dataDir})`)
  console.log(`Demo classroom: ${url}/`)
  if (services.generatedAdminKey) {
    console.log(`\nGenerated an admin key (stored in ${services.adminKeyFile}):\n  ${services.generatedAdminKey}\n`)
    // The fragment never reaches the server or its logs; the demo page reads the key from it.
    console.log(`Open the demo with the key filled in: ${url}/#key=${services.generatedAdminKey}\n`)
    console.log('Create a session:')
    console.log(
      `  curl -s -X POST ${url}/api/v1/sessions -H "Authorization: Bearer ${services.generatedAdminKey}" ` +
        `-H 'Content-Type: application/json' -d '{"title":"Fractions","scheduledStart":"2026-01-01T09:00:00Z",` +
        `"scheduledEnd":"2026-01-01T10:00:00Z","courseId":"math-7","instructorId":"teacher-1"}'\n`,
    )
  } else if (!services.config.adminKey) {
    console.log(`Admin key: stored in ${services.adminKeyFile}`)
  }
  // Printed this once; afterwards only where it is stored (it manages every tenant: keep it out of logs).
  if (services.generatedOperatorKey) {
    console.log(`Generated an operator key for /api/v1/tenants (stored in ${services.operatorKeyFile}):\n  ${services.generatedOperatorKey}\n`)
  } else if (!services.config.operatorKey) {
    console.log(`Operator key: stored in ${services.operatorKeyFile}`)
  }
  const shutdown = () => void running.close().then(() => process.exit(0))
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
