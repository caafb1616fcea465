import { css } from 'lit'

export const avStageStyles = css`
  :host {
    display: block;
  }
  .base {
    display: grid;
    gap: var(--_space);
  }
  .message {
    margin: 0;
    color: var(--_muted);
  }
  .message.problem {
    color: var(--_danger);
  }
  .stage {
    display: grid;
    gap: var(--_space);
  }
  .placeholder {
    margin: 0;
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .grid {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
  }
  .tile {
    position: relative;
    margin: 0;
    aspect-ratio: 16 / 9;
    background: var(--_stage);
    border-radius: var(--_radius);
    overflow: hidden;
    display: grid;
    place-items: center;
    box-shadow: 0 0 0 2px transparent;
    transition: box-shadow 0.15s;
  }
  .tile.speaking {
    box-shadow: 0 0 0 3px var(--_ok);
  }
  .tile video {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .tile.spotlight {
    max-height: 60vh;
  }
  .tile.spotlight video {
    object-fit: contain;
  }
  .avatar {
    font-size: 1.6em;
    font-weight: 600;
    color: var(--_on-stage);
    /* A lighter disc on the stage: the on-stage colour at 30% over it keeps the initials above 4.5:1. */
    background: color-mix(in srgb, var(--_on-stage) 30%, var(--_stage));
    border-radius: 50%;
    width: 2.4em;
    height: 2.4em;
    display: grid;
    place-items: center;
  }
  figcaption {
    position: absolute;
    left: 6px;
    bottom: 6px;
    right: 6px;
    display: flex;
    flex-wrap: nowrap;
    gap: 4px;
    align-items: center;
    font-size: 0.85em;
    overflow: hidden;
  }
  figcaption .name {
    min-width: 0;
    flex: 0 1 auto;
  }
  .badge {
    flex: none;
  }
  .grid figcaption {
    font-size: 0.75em;
  }
  .grid .avatar {
    font-size: 1em;
    margin-bottom: 1em;
  }
  figcaption .name,
  .badge {
    background: color-mix(in srgb, var(--_stage) 80%, transparent);
    color: var(--_on-stage);
    padding: 1px 6px;
    border-radius: 4px;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .speaking-badge {
    background: color-mix(in srgb, var(--_ok) 60%, var(--_stage));
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .controls label {
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  select {
    font: inherit;
    max-width: 14em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 2px 4px;
  }
  .audio {
    display: none;
  }
  @media (max-width: 480px) {
    .grid {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .controls button {
      flex: 1 1 auto;
    }
  }
`
