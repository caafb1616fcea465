import { css } from 'lit'

export const whiteboardStyles = css`
  :host {
    display: block;
    --_board-height: var(--hl-whiteboard-height, min(70vh, 720px));
  }
  .base {
    display: grid;
    gap: var(--_space);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
  .bar button {
    padding: 2px 10px;
    font-size: 0.93em;
  }
  .bar .exports {
    display: inline-flex;
    gap: calc(var(--_space) / 2);
    margin-left: auto;
  }
  .problem:empty {
    display: none;
  }
  .problem {
    margin: 0;
    color: var(--_danger);
  }
  .state {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .notice {
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_warn);
    color: var(--_text);
  }
  .canvas {
    position: relative;
    height: var(--_board-height);
    min-height: 320px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    /* tldraw positions its UI inside this box; a new stacking context keeps its menus above the board only. */
    isolation: isolate;
  }
  .canvas .tl-container {
    border-radius: var(--_radius);
  }
  /* tldraw rings its buttons only once its canvas has keyboard focus; someone tabbing in from the page needs the
     ring at once: the same focus colour as every other control (at least 3:1 in both themes), inside the button
     so that the toolbar's edge does not clip it. */
  .canvas .tlui-button:focus-visible {
    outline: 2px solid var(--_focus-color);
    outline-offset: -3px;
  }
  /* On a 320 px phone the board is narrower than tldraw's narrowest toolbar, which was cut off at both ends:
     it scrolls sideways inside the board instead (safe centring keeps its first tools reachable). */
  .canvas .tlui-main-toolbar--horizontal {
    justify-content: safe center;
    overflow-x: auto;
    overscroll-behavior-x: contain;
    scrollbar-width: thin;
  }
  .loading {
    margin: 0;
    color: var(--_muted);
  }
  @media (max-width: 480px) {
    .canvas {
      height: var(--hl-whiteboard-height, 60vh);
    }
  }
`
