import { css } from 'lit'

export const classroomStyles = css`
  :host {
    display: block;
  }
  .base {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
  }
  header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_space);
    margin-bottom: calc(var(--_space) * 2);
  }
  .status {
    border-radius: 999px;
    padding: 2px 10px;
    font-weight: 600;
    border: 1px solid currentColor;
    color: var(--_muted);
  }
  .status[data-status='live'] {
    color: var(--_ok);
  }
  .status[data-status='reconnecting'],
  .status[data-status='offline'] {
    color: var(--_warn);
  }
  .status[data-status='denied'] {
    color: var(--_danger);
  }
  .lesson {
    display: flex;
    gap: var(--_space);
    align-items: center;
    flex: 1;
  }
  .title {
    font-weight: 600;
  }
  .lesson-state {
    color: var(--_muted);
  }
  .lesson-state[data-state='live'] {
    color: var(--_ok);
  }
  .role {
    color: var(--_muted);
  }
  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 320px);
    gap: calc(var(--_space) * 2);
  }
  @media (max-width: 600px) {
    .body {
      grid-template-columns: minmax(0, 1fr);
    }
    .base {
      padding: var(--_space);
    }
  }
  /* Nothing inside may push the page sideways on a phone (320 px): long words wrap, grids shrink. */
  .base {
    min-width: 0;
    overflow-wrap: break-word;
  }
  header > * {
    min-width: 0;
  }
  /* The title and lesson state take a line of their own when the header is narrow, instead of being squeezed. */
  .lesson {
    flex: 1 1 14em;
    flex-wrap: wrap;
  }
  /* End lesson: outlined in the danger colour, unlike the filled Start. */
  button.end {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .confirm p {
    margin: 0;
    flex: 1 1 16em;
  }
  /* The learner's own actions stay in reach while the lesson scrolls (phones above all). */
  .action-bar {
    grid-column: 1 / -1;
    position: sticky;
    bottom: 0;
    z-index: 1;
    background: var(--_bg);
    border-top: 1px solid var(--_border);
    padding: var(--_space) 0;
  }
  /* The board ends where the learner's bar begins (--_board-room, measured by BoardRoomController), so the bar
     never covers its toolbar; a cap only, so a host's --hl-whiteboard-height still holds when it is smaller. */
  hl-whiteboard::part(canvas) {
    max-height: var(--_board-room, none);
  }
  /* A check of several questions would cover a phone's screen: the bar's poll scrolls within half of it. */
  .action-bar hl-poll {
    display: block;
    max-height: 50vh;
    overflow-y: auto;
  }
  .main,
  aside {
    display: grid;
    gap: calc(var(--_space) * 2);
    align-content: start;
  }
  .problem {
    color: var(--_danger);
  }
  header {
    flex-wrap: wrap;
  }
  .leave {
    padding: 2px 10px;
  }
  /* The tenant's brand leads the header: its logo at text height, never wider than a phone's share. */
  .brand {
    display: flex;
    align-items: center;
    gap: var(--_space);
    font-weight: 700;
    /* Set apart from the lesson's title that follows. */
    padding-inline-end: var(--_space);
    border-inline-end: 1px solid var(--_border);
  }
  .logo {
    display: block;
    height: 28px;
    max-width: 140px;
    object-fit: contain;
  }
  .notice {
    color: var(--_warn);
    margin: 0 0 var(--_space);
  }
  .state-panel {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    text-align: center;
  }
  .state-panel h2 {
    font-size: 1.15em;
    margin: 0 0 var(--_space);
  }
  .state-panel p,
  .state-panel ::slotted(p) {
    margin: var(--_space) 0 0;
  }
`
