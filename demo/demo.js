// The demo host's back office, in plain JavaScript: what a product team's server would do with the admin key.
const $ = (id) => document.getElementById(id)
const keyInput = $('admin-key')
const learnerNames = ['Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Dennis']
let session
let learners = 0

// Convenience for local demos: http://localhost:8787/#key=hl_admin_… fills the key (fragments never reach the server).
const fromFragment = new URLSearchParams(location.hash.slice(1)).get('key')
keyInput.value = fromFragment ?? sessionStorage.getItem('hilink-demo-key') ?? ''
if (fromFragment) history.replaceState(null, '', location.pathname)
keyInput.addEventListener('change', () => sessionStorage.setItem('hilink-demo-key', keyInput.value))

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${keyInput.value.trim()}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(json.error?.message ?? res.statusText)
  return json
}

function showError(err) {
  $('error').textContent = err ? `Could not do that: ${err.message}` : ''
}

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  showError()
  sessionStorage.setItem('hilink-demo-key', keyInput.value)
  const start = new Date()
  try {
    session = await api('POST', '/api/v1/sessions', {
      title: $('title').value,
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
      courseId: 'demo-course',
      instructorId: 'demo-instructor',
    })
    $('session-title').textContent = `“${session.title}”`
    $('session').hidden = false
    $('opened').replaceChildren()
    learners = 0
  } catch (err) {
    showError(err)
  }
})

// People are named once; the classroom shows their role beside the name (so never "Ada (instructor) (instructor)").
const roleNames = { instructor: 'instructor', ta: 'teaching assistant', learner: 'learner', observer: 'observer' }

async function openAs(role) {
  showError()
  const person =
    role === 'instructor'
      ? { userId: 'demo-instructor', name: 'Ada' }
      : role === 'ta'
        ? { userId: 'demo-ta', name: 'Tom' }
        : role === 'observer'
          ? { userId: 'demo-observer', name: 'Olga' }
          : { userId: `demo-learner-${++learners}`, name: learnerNames[(learners - 1) % learnerNames.length] }
  // Open the tab first (inside the click) so pop-up blockers allow it, then point it at the classroom.
  const tab = window.open('about:blank', '_blank')
  try {
    const { token } = await api('POST', `/api/v1/sessions/${session.id}/tokens`, { ...person, role })
    const url = `/room.html#token=${encodeURIComponent(token)}`
    if (tab) tab.location.href = url
    const item = document.createElement('li')
    const link = document.createElement('a')
    link.href = url
    link.target = '_blank'
    link.textContent = `${person.name} (${roleNames[role]})`
    item.append(link)
    $('opened').append(item)
  } catch (err) {
    tab?.close()
    showError(err)
  }
}

$('open-instructor').addEventListener('click', () => openAs('instructor'))
$('open-learner').addEventListener('click', () => openAs('learner'))
$('open-ta').addEventListener('click', () => openAs('ta'))
$('open-observer').addEventListener('click', () => openAs('observer'))
