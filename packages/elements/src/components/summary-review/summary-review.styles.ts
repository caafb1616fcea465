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
    /* Grows with its text (the rows attribute is the fallback where field-sizing is unknown). */
    field-sizing: content;
    min-height: 3.2em;
    resize: vertical;
  }
  .saved {
    color: var(--_ok);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-top: var(--_space);
  }
  .confirm p {
    margin: 0;
    flex: 1 1 16em;
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
