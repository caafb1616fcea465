import assert from 'node:assert/strict'
import { validateStatement } from '../../src/xapi/validate.ts'

/** Asserts that every statement passes the xAPI 1.0.3 validator, naming the first broken rule. */
export function assertValidStatements(statements: readonly unknown[]): void {
  for (const s of statements) {
    const problems = validateStatement(s)
    assert.deepEqual(problems, [], `invalid statement ${JSON.stringify(s)}`)
  }
}
