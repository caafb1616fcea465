/**
 * A statement validator written from the MUSTs of xAPI 1.0.3 (Part 2, §2.2–2.4 and §4.1.x), for the shapes
 * HiLink emits: Agent and Group actors, Activity and StatementRef objects, result, context, timestamp,
 * stored, version, authority. No maintained npm validator is installed; this one answers a list of
 * problems (empty when the statement is valid) so tests can show which rule a statement broke.
 */

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

// An absolute IRI: a scheme, a colon and no whitespace (RFC 3987's rule for what xAPI calls an IRI).
const iri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/
// An IRL is an IRI that locates: http(s) in practice.
const irl = /^https?:\/\/[^\s<>"{}|\\^`]+$/i
// RFC 4122 UUID with its variant bits (xAPI requires the variant; any version).
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
// ISO 8601 date-time (xAPI's timestamps); a zone offset is required here because HiLink always writes one.
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/
// ISO 8601 duration (xAPI §4.6): PnYnMnDTnHnMnS or PnW.
const duration = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$|^P\d+W$/
// RFC 5646 language tag (simplified: a primary subtag and optional subtags).
const languageTag = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/

export function validateStatement(s: unknown): string[] {
  const problems: string[] = []
  const fail = (path: string, message: string): void => {
    problems.push(`${path}: ${message}`)
  }

  const only = (path: string, o: Json, allowed: readonly string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, 'is not a property xAPI defines here')
  }
  const languageMap = (path: string, v: unknown) => {
    if (!isObject(v)) return fail(path, 'must be a language map')
    for (const [k, text] of Object.entries(v)) {
      if (!languageTag.test(k)) fail(`${path}.${k}`, 'key must be an RFC 5646 language tag')
      if (typeof text !== 'string') fail(`${path}.${k}`, 'must be a string')
    }
  }
  const extensions = (path: string, v: unknown) => {
    if (!isObject(v)) return fail(path, 'must be an object')
    for (const k of Object.keys(v)) if (!iri.test(k)) fail(`${path}.${k}`, 'extension keys must be IRIs')
  }
  const agent = (path: string, v: unknown, group = false): void => {
    if (!isObject(v)) return fail(path, 'must be an Agent or Group object')
    const type = v.objectType ?? 'Agent'
    if (type === 'Group' && !group && path !== 'actor' && path !== 'authority') fail(path, 'must be an Agent')
    if (type !== 'Agent' && type !== 'Group') return fail(`${path}.objectType`, 'must be Agent or Group')
    only(path, v, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account', ...(type === 'Group' ? ['member'] : [])])
    if (v.name !== undefined && typeof v.name !== 'string') fail(`${path}.name`, 'must be a string')
    const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => v[k] !== undefined)
    if (type === 'Agent' && ifis.length !== 1) fail(path, 'an Agent must have exactly one inverse functional identifier')
    if (type === 'Group' && ifis.length > 1) fail(path, 'a Group has at most one inverse functional identifier')
    if (type === 'Group' && ifis.length === 0 && !Array.isArray(v.member)) fail(`${path}.member`, 'an anonymous Group must list members')
    if (v.mbox !== undefined && !(typeof v.mbox === 'string' && /^mailto:[^@\s]+@[^@\s]+$/.test(v.mbox))) fail(`${path}.mbox`, 'must be a mailto: IRI')
    if (v.mbox_sha1sum !== undefined && !(typeof v.mbox_sha1sum === 'string' && /^[0-9a-f]{40}$/i.test(v.mbox_sha1sum))) fail(`${path}.mbox_sha1sum`, 'must be a SHA-1 hex string')
    if (v.openid !== undefined && !(typeof v.openid === 'string' && iri.test(v.openid))) fail(`${path}.openid`, 'must be a URI')
    if (v.account !== undefined) {
      const a = v.account
      if (!isObject(a)) fail(`${path}.account`, 'must be an object')
      else {
        only(`${path}.account`, a, ['homePage', 'name'])
        if (!(typeof a.homePage === 'string' && irl.test(a.homePage))) fail(`${path}.account.homePage`, 'must be an IRL')
        if (typeof a.name !== 'string' || a.name === '') fail(`${path}.account.name`, 'must be a non-empty string')
      }
    }
    if (Array.isArray(v.member)) v.member.forEach((m, i) => agent(`${path}.member[${i}]`, m))
  }
  const activity = (path: string, v: unknown): void => {
    if (!isObject(v)) return fail(path, 'must be an Activity')
    only(path, v, ['objectType', 'id', 'definition'])
    if (v.objectType !== undefined && v.objectType !== 'Activity') fail(`${path}.objectType`, 'must be Activity')
    if (!(typeof v.id === 'string' && iri.test(v.id))) fail(`${path}.id`, 'must be an IRI')
    if (v.definition === undefined) return
    const d = v.definition
    if (!isObject(d)) return fail(`${path}.definition`, 'must be an object')
    only(`${path}.definition`, d, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps'])
    if (d.name !== undefined) languageMap(`${path}.definition.name`, d.name)
    if (d.description !== undefined) languageMap(`${path}.definition.description`, d.description)
    if (d.type !== undefined && !(typeof d.type === 'string' && iri.test(d.type))) fail(`${path}.definition.type`, 'must be an IRI')
    if (d.moreInfo !== undefined && !(typeof d.moreInfo === 'string' && irl.test(d.moreInfo))) fail(`${path}.definition.moreInfo`, 'must be an IRL')
    if (d.extensions !== undefined) extensions(`${path}.definition.extensions`, d.extensions)
  }

  if (!isObject(s)) return ['statement: must be a JSON object']
  only('statement', s, ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'])
  if (s.id !== undefined && !(typeof s.id === 'string' && uuid.test(s.id))) fail('id', 'must be a UUID (RFC 4122)')
  if (s.actor === undefined) fail('actor', 'is required')
  else agent('actor', s.actor, true)
  if (!isObject(s.verb)) fail('verb', 'is required and must be an object')
  else {
    only('verb', s.verb, ['id', 'display'])
    if (!(typeof s.verb.id === 'string' && iri.test(s.verb.id))) fail('verb.id', 'must be an IRI')
    if (s.verb.display !== undefined) languageMap('verb.display', s.verb.display)
  }
  const objectType = isObject(s.object) ? (s.object.objectType ?? 'Activity') : undefined
  if (!isObject(s.object)) fail('object', 'is required and must be an object')
  else if (objectType === 'Activity') activity('object', s.object)
  else if (objectType === 'Agent' || objectType === 'Group') agent('object', s.object, true)
  else if (objectType === 'StatementRef') {
    only('object', s.object, ['objectType', 'id'])
    if (!(typeof s.object.id === 'string' && uuid.test(s.object.id))) fail('object.id', 'must be a UUID')
  } else fail('object.objectType', 'must be Activity, Agent, Group or StatementRef (HiLink emits no SubStatement)')

  if (s.result !== undefined) {
    const r = s.result
    if (!isObject(r)) fail('result', 'must be an object')
    else {
      only('result', r, ['score', 'success', 'completion', 'response', 'duration', 'extensions'])
      if (r.success !== undefined && typeof r.success !== 'boolean') fail('result.success', 'must be a boolean')
      if (r.completion !== undefined && typeof r.completion !== 'boolean') fail('result.completion', 'must be a boolean')
      if (r.response !== undefined && typeof r.response !== 'string') fail('result.response', 'must be a string')
      if (r.duration !== undefined && !(typeof r.duration === 'string' && duration.test(r.duration))) fail('result.duration', 'must be an ISO 8601 duration')
      if (r.extensions !== undefined) extensions('result.extensions', r.extensions)
      if (r.score !== undefined) {
        const sc = r.score
        if (!isObject(sc)) fail('result.score', 'must be an object')
        else {
          only('result.score', sc, ['scaled', 'raw', 'min', 'max'])
          for (const k of ['scaled', 'raw', 'min', 'max'] as const) if (sc[k] !== undefined && typeof sc[k] !== 'number') fail(`result.score.${k}`, 'must be a number')
          if (typeof sc.scaled === 'number' && (sc.scaled < -1 || sc.scaled > 1)) fail('result.score.scaled', 'must be between -1 and 1')
          if (typeof sc.raw === 'number' && ((typeof sc.min === 'number' && sc.raw < sc.min) || (typeof sc.max === 'number' && sc.raw > sc.max))) fail('result.score.raw', 'must lie between min and max')
        }
      }
    }
  }

  if (s.context !== undefined) {
    const c = s.context
    if (!isObject(c)) fail('context', 'must be an object')
    else {
      only('context', c, ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'])
      if (c.registration !== undefined && !(typeof c.registration === 'string' && uuid.test(c.registration))) fail('context.registration', 'must be a UUID')
      if (c.instructor !== undefined) agent('context.instructor', c.instructor, true)
      if (c.team !== undefined) agent('context.team', c.team, true)
      // "revision" and "platform" MUST only be used when the object is an Activity.
      for (const k of ['revision', 'platform'] as const) {
        if (c[k] === undefined) continue
        if (typeof c[k] !== 'string') fail(`context.${k}`, 'must be a string')
        if (objectType !== 'Activity') fail(`context.${k}`, 'is allowed only when the object is an Activity')
      }
      if (c.language !== undefined && !(typeof c.language === 'string' && languageTag.test(c.language))) fail('context.language', 'must be an RFC 5646 tag')
      if (c.extensions !== undefined) extensions('context.extensions', c.extensions)
      if (c.contextActivities !== undefined) {
        const ca = c.contextActivities
        if (!isObject(ca)) fail('context.contextActivities', 'must be an object')
        else {
          only('context.contextActivities', ca, ['parent', 'grouping', 'category', 'other'])
          for (const [k, v] of Object.entries(ca)) {
            const list = Array.isArray(v) ? v : [v]
            list.forEach((a, i) => activity(`context.contextActivities.${k}[${i}]`, a))
          }
        }
      }
    }
  }
  if (s.timestamp !== undefined && !(typeof s.timestamp === 'string' && timestamp.test(s.timestamp) && !Number.isNaN(Date.parse(s.timestamp)))) {
    fail('timestamp', 'must be an ISO 8601 date-time with a zone')
  }
  if (s.stored !== undefined && !(typeof s.stored === 'string' && timestamp.test(s.stored) && !Number.isNaN(Date.parse(s.stored)))) {
    fail('stored', 'must be an ISO 8601 date-time with a zone')
  }
  if (s.version !== undefined && !(typeof s.version === 'string' && /^1\.0(\.\d+)?$/.test(s.version))) fail('version', 'must be 1.0.x')
  if (s.authority !== undefined) agent('authority', s.authority, true)
  return problems
}
