import { css, unsafeCSS } from 'lit';

/**
 * Design tokens. Public tokens are `--ledger-*`, set by the host (or a theme through
 * `configure`) anywhere above the components; each has a calm default here. Components read
 * the private `--_l-*` copies set on `:host`, so a host can theme one component with
 * `--ledger-<component>-*` without touching the others.
 */
export const tokens = css`
  :host {
    --_l-font: var(--ledger-font, inherit);
    --_l-font-size: var(--ledger-font-size, 14px);
    --_l-font-size-small: var(--ledger-font-size-small, 12px);
    --_l-text: var(--ledger-color-text, #1f2328);
    --_l-text-muted: var(--ledger-color-text-muted, #59636e);
    --_l-surface: var(--ledger-color-surface, #ffffff);
    --_l-surface-sunken: var(--ledger-color-surface-sunken, #f6f8fa);
    --_l-border: var(--ledger-color-border, #d1d9e0);
    --_l-accent: var(--ledger-color-accent, #0b63ce);
    --_l-accent-text: var(--ledger-color-accent-text, #ffffff);
    --_l-accent-soft: var(--ledger-color-accent-soft, #ddeeff);
    --_l-danger: var(--ledger-color-danger, #c62828);
    --_l-danger-soft: var(--ledger-color-danger-soft, #fdecea);
    --_l-success: var(--ledger-color-success, #116329);
    --_l-success-soft: var(--ledger-color-success-soft, #e6f4ea);
    --_l-warning: var(--ledger-color-warning, #7d4e00);
    --_l-warning-soft: var(--ledger-color-warning-soft, #fff4d6);
    --_l-info: var(--ledger-color-info, #0b63ce);
    --_l-info-soft: var(--ledger-color-info-soft, #e3efff);
    --_l-focus: var(--ledger-color-focus, #0b63ce);
    --_l-highlight: var(--ledger-color-highlight, #fff8c5);
    --_l-radius: var(--ledger-radius, 6px);
    --_l-space-1: var(--ledger-space-1, 4px);
    --_l-space-2: var(--ledger-space-2, 8px);
    --_l-space-3: var(--ledger-space-3, 12px);
    --_l-space-4: var(--ledger-space-4, 16px);
    --_l-row-height: var(--ledger-row-height, 40px);
    --_l-control-height: var(--ledger-control-height, 32px);
    --_l-shadow: var(--ledger-shadow, 0 1px 3px rgb(0 0 0 / 0.12), 0 4px 12px rgb(0 0 0 / 0.08));
  }
  :host([density='comfortable']) {
    --_l-row-height: var(--ledger-row-height, 48px);
    --_l-control-height: var(--ledger-control-height, 38px);
    --_l-space-3: var(--ledger-space-3, 16px);
  }
`;

/** The dark palette: token values the provider applies for `theme="dark"` (and `auto` at night). */
export const darkTokens: Readonly<Record<string, string>> = {
  '--ledger-color-text': '#e6edf3',
  '--ledger-color-text-muted': '#9198a1',
  '--ledger-color-surface': '#151b23',
  '--ledger-color-surface-sunken': '#0d1117',
  '--ledger-color-border': '#3d444d',
  '--ledger-color-accent': '#4493f8',
  '--ledger-color-accent-text': '#0d1117',
  '--ledger-color-accent-soft': '#132a4a',
  '--ledger-color-danger': '#f47067',
  '--ledger-color-danger-soft': '#3c1618',
  '--ledger-color-success': '#57ab5a',
  '--ledger-color-success-soft': '#12261e',
  '--ledger-color-warning': '#d4a72c',
  '--ledger-color-warning-soft': '#2e2611',
  '--ledger-color-info': '#539bf5',
  '--ledger-color-info-soft': '#132a4a',
  '--ledger-color-focus': '#4493f8',
  '--ledger-color-highlight': '#3b2e00',
};

const declarations = (tokens: Readonly<Record<string, string>>) =>
  Object.entries(tokens)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');

/** `:host([theme=dark])`, and `:host([theme=auto])` when the system is dark. */
export const darkTheme = unsafeCSS(
  `:host([theme='dark']) { ${declarations(darkTokens)} color-scheme: dark; }
   @media (prefers-color-scheme: dark) { :host([theme='auto']) { ${declarations(darkTokens)} color-scheme: dark; } }`,
);
