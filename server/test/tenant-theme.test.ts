import { test } from 'node:test'
import assert from 'node:assert/strict'
import { adminKey, otherTenantKey, sessionWithTokens, useTestServer } from './helpers/test-server.ts'

const server = useTestServer()

test('GET /api/v1/theme answers the caller’s tenant’s brand to its admin key and to any of its tokens, never its origins', async () => {
  const s = server()
  s.services.tenants.update('other', {
    productName: 'Aula Norte',
    logoUrl: 'https://cdn.norte.example/logo.svg',
    defaultLocale: 'es',
    allowedOrigins: ['https://lms.norte.example'],
    theme: { accent: '#0b5fff', 'radius-m': '6px' },
  })
  const expected = {
    productName: 'Aula Norte',
    logoUrl: 'https://cdn.norte.example/logo.svg',
    defaultLocale: 'es',
    theme: { accent: '#0b5fff', 'radius-m': '6px' },
  }
  const { tokens } = await sessionWithTokens(s, { lea: { role: 'learner' }, obi: { role: 'observer' } }, otherTenantKey)
  for (const auth of [otherTenantKey, tokens.lea, tokens.obi]) {
    const answer = await s.api('GET', '/api/v1/theme', { auth })
    assert.equal(answer.status, 200)
    assert.deepEqual(answer.body, expected)
  }

  // The default tenant has set nothing: its classroom keeps the SDK's own look.
  const own = await s.api('GET', '/api/v1/theme', { auth: adminKey })
  assert.deepEqual(own.body, { productName: null, logoUrl: null, defaultLocale: null, theme: {} })

  const anonymous = await s.api('GET', '/api/v1/theme')
  assert.equal(anonymous.status, 401)
})

test('the theme is in /openapi.json', async () => {
  const doc = await server().api('GET', '/openapi.json')
  assert.ok(doc.body.paths['/api/v1/theme']?.get, 'GET /api/v1/theme is documented')
})
