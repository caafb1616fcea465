import { css } from 'lit'

export const captionsStyles = css`
  :host {
    display: block;
  }
  .notice {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0 0 var(--_space);
  }
  .captions {
    min-height: 3.5em;
    /* Captions read like subtitles over video: the stage colours, dark in both themes. */
    background: var(--_stage);
    color: var(--_on-stage);
    border-radius: var(--_radius);
    padding: var(--_space);
    font-size: 1.1em;
  }
  .caption,
  .waiting {
    margin: 0;
  }
  .waiting {
    opacity: 0.7;
    font-size: 0.9em;
  }
  .partial {
    opacity: 0.75;
    font-style: italic;
  }
  .speaker {
    font-weight: 600;
  }
  .controls {
    margin-top: var(--_space);
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  .problem {
    color: var(--_danger);
  }
`
