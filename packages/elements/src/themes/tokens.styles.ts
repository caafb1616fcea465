import { css } from 'lit'

/**
 * The design tokens every element reads. A tenant theme sets these on `hl-classroom` (or any ancestor);
 * they inherit through shadow roots. Light values are the defaults; `[theme="dark"]` switches.
 */
export const tokens = css`
  :host {
    --_bg: var(--hl-color-surface, #ffffff);
    --_fg: var(--hl-color-text, #1b1f24);
    --_muted: var(--hl-color-text-muted, #57606a);
    --_border: var(--hl-color-border, #d0d7de);
    --_accent: var(--hl-color-accent, #0b62d6);
    --_ok: var(--hl-color-success, #1a7f37);
    --_warn: var(--hl-color-warning, #9a6700);
    --_danger: var(--hl-color-danger, #cf222e);
    /* Text on an accent-filled control (primary buttons). */
    --_on-accent: var(--hl-color-on-accent, #ffffff);
    /* A solid ring in the accent colour: at least 3:1 against the surface in both themes (WCAG 2.4.11/1.4.11);
       the former 45% tint was about 2:1. --hl-focus-ring adds an optional box-shadow on top. */
    --_focus-color: var(--hl-focus-color, var(--_accent));
    --_focus: var(--hl-focus-ring, none);
    --_radius: var(--hl-radius, 8px);
    --_space: var(--hl-space, 8px);
    font-family: var(--hl-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    font-size: var(--hl-font-size, 14px);
    color: var(--_fg);
  }
  /* Dark sets the public tokens (a tenant's own values on the element still win), so that every element
     inside, in its own shadow root, inherits them: the private ones alone stop at this host. */
  :host([theme='dark']) {
    --hl-color-surface: #0d1117;
    --hl-color-text: #e6edf3;
    --hl-color-text-muted: #9198a1;
    --hl-color-border: #30363d;
    --hl-color-accent: #4493f8;
    --hl-color-on-accent: #0d1117;
    --hl-color-success: #3fb950;
    --hl-color-warning: #d29922;
    --hl-color-danger: #f85149;
    --_bg: var(--hl-color-surface);
    --_fg: var(--hl-color-text);
    --_muted: var(--hl-color-text-muted);
    --_border: var(--hl-color-border);
    --_accent: var(--hl-color-accent);
    --_on-accent: var(--hl-color-on-accent);
    --_ok: var(--hl-color-success);
    --_warn: var(--hl-color-warning);
    --_danger: var(--hl-color-danger);
    color-scheme: dark;
  }
  :focus-visible {
    outline: 3px solid var(--_focus-color);
    outline-offset: 2px;
    box-shadow: var(--_focus);
  }
`
