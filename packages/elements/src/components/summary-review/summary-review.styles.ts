import { css } from 'lit'

export const summaryReviewStyles = css`
  :host {
    display: block;
  }
  section {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    background: var(--_bg);
  }
  h2 {
    font-size: 1.1em;
    margin: 0 0 var(--_space);
  }
  h3 {
    font-size: 1em;
    margin: var(--_space) 0 0;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 2);
  }
  legend {
    font-weight: 600;
    margin-bottom: var(--_space);
  }
  .line {
    display: grid;
    gap: 2px;
    margin-bottom: var(--_space);
  }
  textarea {
    font: inherit;
    width: 100%;
    box-sizing: border-box;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px;
  }
  .source,
  .empty {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .actions {
    display: flex;
    gap: var(--_space);
  }
  .problem {
    color: var(--_danger);
  }
`
