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
