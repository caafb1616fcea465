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
  .picker {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    margin-bottom: var(--_space);
  }
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 3) calc(var(--_space) / 2);
    max-width: 100%;
  }
  /* Two charts side by side where they fit, one above the other on a phone. */
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 280px), 1fr));
    gap: var(--_space);
  }
  figure {
    margin: 0;
    min-width: 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: calc(var(--_space) / 2);
  }
  summary {
    cursor: pointer;
    color: var(--_accent);
    margin-bottom: calc(var(--_space) / 2);
  }
  /* Wide tables scroll inside their box rather than widening the page (390 px phones). */
  details {
    overflow-x: auto;
  }
  .empty,
  .problem {
    color: var(--_muted);
  }
  .problem {
    color: var(--_danger);
  }
`
