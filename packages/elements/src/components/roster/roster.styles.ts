import { css } from 'lit'

export const rosterStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1em;
    margin: 0 0 var(--_space);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  li {
    display: flex;
    gap: var(--_space);
    align-items: baseline;
  }
  .role,
  .self {
    color: var(--_muted);
    font-size: 0.9em;
  }
`
