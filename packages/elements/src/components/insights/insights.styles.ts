import { css } from 'lit'

export const insightsStyles = css`
  :host {
    display: block;
    font-family: var(--hl-font-family);
    font-size: var(--hl-font-size);
    color: var(--hl-color-text);
  }
  [part='base'] {
    background: var(--hl-color-surface);
    border: 1px solid var(--hl-color-border);
    border-radius: var(--hl-radius);
    padding: var(--hl-space);
  }
  h2 {
    margin: 0 0 var(--hl-space);
    font-size: 1.1em;
  }
  [role='tablist'] {
    display: flex;
    gap: calc(var(--hl-space) / 2);
    border-bottom: 1px solid var(--hl-color-border);
    margin-bottom: var(--hl-space);
  }
  [role='tab'] {
    font: inherit;
    color: var(--hl-color-text-muted);
    background: none;
    border: 0;
    border-bottom: 2px solid transparent;
    padding: calc(var(--hl-space) / 2) var(--hl-space);
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--hl-color-text);
    border-bottom-color: var(--hl-color-accent);
  }
  [role='tab']:focus-visible,
  [role='tabpanel']:focus-visible {
    outline: var(--hl-focus-ring);
    outline-color: var(--hl-focus-color);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--hl-space) / 3) calc(var(--hl-space) / 2);
    border-bottom: 1px solid var(--hl-color-border);
    vertical-align: top;
  }
  .chart {
    position: relative;
    height: 220px;
    margin-bottom: var(--hl-space);
  }
  .empty,
  .problem {
    color: var(--hl-color-text-muted);
  }
  .problem {
    color: var(--hl-color-danger);
  }
`
