import { StrictMode, useState } from 'react'
import { createRoot } from 'react-dom/client'
// Defines <hl-classroom> and the elements it uses (the rarely used ones load on demand).
import '@hilink/elements'

// Your back end mints the token (POST /api/v1/sessions/:id/tokens with the admin key) and hands it to the page;
// here it comes from the URL: /?server=http://localhost:8787#token=…
const server = new URLSearchParams(location.search).get('server') ?? 'http://localhost:8787'
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? ''

function Classroom() {
  const [status, setStatus] = useState('connecting')
  // React 19 passes props to a custom element as properties, and `on<event-name>` props as listeners of that exact
  // event: the SDK's events are kebab-case (hl-status-change), so the prop is onhl-status-change.
  return (
    <main>
      <p role="status">Classroom: {status}</p>
      <hl-classroom
        server={server}
        token={token}
        onhl-status-change={(event) => setStatus(event.detail.status)}
        onhl-request-leave={(event) => {
          if (!confirm('Leave the lesson?')) event.preventDefault()
        }}
      />
    </main>
  )
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Classroom />
  </StrictMode>,
)
