// The one place that says how tests start a browser: Debian's chromium, never a test tool's own download.
// Used by web-test-runner.config.mjs (component tests) and e2e/ (Playwright).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // No network but loopback here: keep Chromium from calling home.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Media: a fake camera and microphone, no permission prompt, WebRTC over loopback.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
]
