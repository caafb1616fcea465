import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sessionWithTokens, useTestServer } from './helpers/test-server.ts'

/** Issue 13, item 2: the embed page's title names the tenant's product (what the tab and the LMS frame announce). */
const testServer = useTestServer()

async function title(path: string): Promise<string | undefined> {
  const res = await fetch(testServer().url + path)
  assert.equal(res.status, 200)
  return /<title>([^<]*)<\/title>/.exec(await res.text())?.[1]
}

test('the embed page title is the tenant’s product name when set (escaped), else "Classroom" in the page’s language', async () => {
  const { sessionId } = await sessionWithTokens(testServer(), { ada: { role: 'instructor' } })
  const tenants = testServer().services.tenants
  tenants.update('default', { productName: null })
  assert.equal(await title(`/embed/${sessionId}`), 'Classroom')
  assert.equal(await title(`/embed/${sessionId}?locale=es`), 'Aula')
  tenants.update('default', { productName: 'Aula Norte <Sur> & "Co"' })
  try {
    assert.equal(await title(`/embed/${sessionId}`), 'Aula Norte &#60;Sur&#62; &#38; &#34;Co&#34;')
    assert.equal(await title(`/embed/${sessionId}?locale=es`), 'Aula Norte &#60;Sur&#62; &#38; &#34;Co&#34;')
  } finally {
    tenants.update('default', { productName: null })
  }
})
