import { css } from 'lit'

export const pollStyles = css`
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
  h3,
  .question {
    font-size: 1em;
    font-weight: 600;
    margin: 0 0 calc(var(--_space) / 2);
    padding: 0;
  }
  form.launch,
  .poll {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_bg);
  }
  form.launch {
    display: grid;
    gap: var(--_space);
  }
  form.launch > button,
  .options > button {
    justify-self: start;
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  legend {
    font-weight: 600;
    margin-bottom: calc(var(--_space) / 2);
    padding: 0;
  }
  .kind {
    grid-auto-flow: column;
    justify-content: start;
    gap: calc(var(--_space) * 2);
  }
  .field {
    display: grid;
    gap: 2px;
    flex: 1;
  }
  .field span {
    font-size: 0.9em;
    color: var(--_muted);
  }
  input:not([type='radio']) {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 6px;
  }
  input[type='radio'] {
    accent-color: var(--_accent);
    margin: 0 4px 0 0;
  }
  .option-row {
    display: flex;
    gap: var(--_space);
    align-items: end;
    flex-wrap: wrap;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 2px;
    padding: 2px 0;
  }
  .correct-choice {
    padding-bottom: 6px;
  }
  .polls,
  .choices,
  .results {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .choices,
  .results {
    gap: calc(var(--_space) / 2);
    margin-bottom: var(--_space);
  }
  .meta,
  .empty {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0 0 var(--_space);
  }
  .result {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px var(--_space);
  }
  .count {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .bar {
    grid-column: 1 / -1;
    height: 6px;
    border-radius: 3px;
    background: color-mix(in srgb, var(--_border) 60%, transparent);
    overflow: hidden;
  }
  .fill {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
  .result[data-correct='true'] .fill {
    background: var(--_ok);
  }
  .mark {
    font-size: 0.9em;
  }
  .result[data-correct='true'] .mark {
    color: var(--_ok);
  }
  .actions {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin-top: var(--_space);
  }
  .sent {
    color: var(--_ok);
  }
  .verdict {
    font-weight: 600;
    margin: 0 0 var(--_space);
  }
  .verdict[data-correct='true'] {
    color: var(--_ok);
  }
  .verdict[data-correct='false'] {
    color: var(--_danger);
  }
  .problem {
    color: var(--_danger);
    margin: 0;
  }
  .problem:empty {
    display: none;
  }
  .countdown {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .texts,
  .question-results {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .text-answer {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: space-between;
    overflow-wrap: anywhere;
  }
  .text-answer .rejected {
    color: var(--_muted);
    font-style: italic;
  }
  textarea {
    font: inherit;
    width: 100%;
    box-sizing: border-box;
  }
  input[type='number'] {
    max-width: 8rem;
  }
  /* Six kinds: they wrap on narrow screens instead of squeezing their labels. */
  .kind {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
  }
  .kind .choice {
    white-space: nowrap;
  }
`
