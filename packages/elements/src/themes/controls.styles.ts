import { css } from 'lit'

/** Buttons as every HiLink element draws them (outlined, `.primary` filled, busy when disabled), and `.visually-hidden`. */
export const controls = css`
  button {
    font: inherit;
    padding: 4px 12px;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: transparent;
    color: var(--_accent);
    cursor: pointer;
  }
  button.primary,
  button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  /* Irreversible commands (End lesson): filled in the danger colour, never styled like Start. */
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  /* Read by screen readers, not shown (labels and live announcements). */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`
