import { css } from 'lit'

export const chatStyles = css`
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
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
    align-content: start;
  }
  .messages {
    max-height: var(--hl-chat-max-height, 320px);
    min-height: 3em;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .messages:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .message {
    display: grid;
    gap: 2px;
    padding: 4px 6px;
    border-radius: var(--_radius);
  }
  .message[data-mine] {
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
    align-items: baseline;
    font-size: 0.85em;
  }
  .author {
    font-weight: 600;
  }
  .role,
  time,
  .empty,
  .hint,
  .count {
    color: var(--_muted);
  }
  .empty,
  .hint {
    font-size: 0.9em;
    margin: 0;
  }
  .text {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .delete {
    margin-left: auto;
    padding: 0 8px;
    font-size: 0.9em;
  }
  .form {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  textarea {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 6px 8px;
    resize: vertical;
    min-height: 2.5em;
    width: 100%;
    box-sizing: border-box;
  }
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .actions {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  .count {
    font-size: 0.85em;
  }
  .actions button {
    margin-left: auto;
  }
  .problem {
    color: var(--_danger);
    margin: 0;
  }
  .problem:empty {
    display: none;
  }
`
