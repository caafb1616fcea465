import { css } from 'lit'

export const insightsStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.1em;
  }
  [role='tablist'] {
    display: flex;
    gap: calc(var(--_space) / 2);
    border-bottom: 1px solid var(--_border);
    margin-bottom: var(--_space);
  }
  [role='tab'] {
    font: inherit;
    color: var(--_muted);
    background: none;
    border: 0;
    border-bottom: 2px solid transparent;
    padding: calc(var(--_space) / 2) var(--_space);
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--_fg);
    border-bottom-color: var(--_accent);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) / 3) calc(var(--_space) / 2);
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  .chart {
    position: relative;
    height: 220px;
    margin-bottom: var(--_space);
  }
  .empty,
  .problem {
    color: var(--_muted);
  }
  .problem {
    color: var(--_danger);
  }
`
