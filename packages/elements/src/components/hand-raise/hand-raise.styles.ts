import { css } from 'lit'

export const handRaiseStyles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    gap: var(--_space);
  }
  h2 {
    font-size: 1em;
    margin: 0;
  }
  .mine {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .position,
  .pending,
  .empty,
  .ago,
  .away {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .empty {
    margin: 0;
  }
  .queue {
    margin: 0;
    padding-left: 1.5em;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .hand {
    padding-left: 2px;
  }
  .hand > * + * {
    margin-left: var(--_space);
  }
  .name {
    font-weight: 600;
  }
  .problem {
    color: var(--_danger);
    margin: 0;
  }
  .problem:empty {
    display: none;
  }
`
