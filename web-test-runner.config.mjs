import { chromeLauncher } from '@web/test-runner-chrome'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromiumArgs, chromiumPath } from './tools/chromium.mjs'
import { testServerPlugin } from './tools/wtr-test-server.mjs'
import { cssInline } from './tools/tldraw-assets.mjs'

/**
 * Component tests in Debian's Chromium. Each *.test.ts is its own group; the elements talk to a real HiLink
 * server that the testServerPlugin starts on a loopback port with a temp data dir.
 */
export default {
  files: 'packages/elements/src/**/*.test.ts',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'packages/elements/tsconfig.json' }), testServerPlugin(), cssInline()],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs, headless: true } })],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 120000,
}
