import { css } from 'lit';
import { tokens } from './tokens.js';

/** Styles every Ledgerside component starts from: tokens, host basics, focus, motion. */
export const base = css`
  ${tokens}
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_l-font);
    font-size: var(--_l-font-size);
    line-height: 1.45;
    /* Its own surface under its own text: readable on any host background, in either theme
       (a dark theme's light text on a host's white card would vanish). */
    background-color: var(--_l-surface);
    color: var(--_l-text);
    min-width: 0;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_l-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .truncate {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .muted {
    color: var(--_l-text-muted);
  }
  .small {
    font-size: var(--_l-font-size-small);
  }
  .amount {
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
`;

/** Buttons: `.btn`, `.btn.primary`, `.btn.danger`, `.btn.ghost`, `.btn.small`. */
export const buttons = css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_l-space-1);
    min-height: var(--_l-control-height);
    padding: 0 var(--_l-space-3);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    color: var(--_l-text);
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    white-space: nowrap;
    transition: background-color 120ms, border-color 120ms;
  }
  .btn:hover:not(:disabled) {
    background: var(--_l-surface-sunken);
  }
  .btn.primary {
    background: var(--_l-accent);
    border-color: var(--_l-accent);
    color: var(--_l-accent-text);
  }
  .btn.primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_l-accent) 88%, black);
  }
  .btn.danger {
    color: var(--_l-danger);
    border-color: color-mix(in srgb, var(--_l-danger) 40%, var(--_l-border));
  }
  .btn.danger.primary {
    background: var(--_l-danger);
    border-color: var(--_l-danger);
    color: #fff;
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.small {
    min-height: 26px;
    padding: 0 var(--_l-space-2);
    font-size: var(--_l-font-size-small);
  }
  .btn.icon {
    padding: 0;
    width: var(--_l-control-height);
  }
  .btn:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .btn[aria-busy='true'] {
    cursor: progress;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: ledger-spin 0.8s linear infinite;
  }
  @keyframes ledger-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;

/** Form fields: `.field` > label + control + `.hint` / `.error`. */
export const fields = css`
  .field {
    display: grid;
    gap: var(--_l-space-1);
    min-width: 0;
  }
  .field > label,
  .label {
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    color: var(--_l-text-muted);
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: var(--_l-control-height);
    padding: var(--_l-space-1) var(--_l-space-2);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    color: var(--_l-text);
    font: inherit;
    min-width: 0;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
    accent-color: var(--_l-accent);
  }
  textarea {
    resize: vertical;
    min-height: 4.5em;
  }
  [aria-invalid='true'] {
    border-color: var(--_l-danger);
  }
  .error {
    color: var(--_l-danger);
    font-size: var(--_l-font-size-small);
  }
  .hint {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
`;

/** Feedback blocks: banners, empty states, skeletons, badges. */
export const feedback = css`
  .banner {
    display: flex;
    gap: var(--_l-space-2);
    align-items: flex-start;
    padding: var(--_l-space-2) var(--_l-space-3);
    border-radius: var(--_l-radius);
    border: 1px solid transparent;
  }
  .banner.error {
    background: var(--_l-danger-soft);
    border-color: color-mix(in srgb, var(--_l-danger) 30%, transparent);
    color: var(--_l-text);
    font-size: inherit;
  }
  .banner.info {
    background: var(--_l-info-soft);
  }
  .banner.warning {
    background: var(--_l-warning-soft);
  }
  .banner .grow {
    flex: 1;
    min-width: 0;
  }
  .empty {
    display: grid;
    justify-items: center;
    gap: var(--_l-space-2);
    padding: var(--_l-space-4);
    text-align: center;
    color: var(--_l-text-muted);
  }
  /* No flash for fast loads: the skeleton only shows after 150 ms. */
  .skeleton-block {
    animation: ledger-appear 1ms linear 150ms both;
  }
  @keyframes ledger-appear {
    from {
      opacity: 0;
    }
    to {
      opacity: 1;
    }
  }
  .skeleton-block .skeleton {
    margin: 10px 0;
  }
  .skeleton.line-0 {
    width: 92%;
  }
  .skeleton.line-1 {
    width: 70%;
  }
  .skeleton.line-2 {
    width: 84%;
  }
  .skeleton.line-3 {
    width: 60%;
  }
  .skeleton {
    display: block;
    height: 0.9em;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--_l-surface-sunken) 25%, var(--_l-border) 37%, var(--_l-surface-sunken) 63%);
    background-size: 400% 100%;
    animation: ledger-shimmer 1.4s ease infinite;
  }
  @keyframes ledger-shimmer {
    0% {
      background-position: 100% 50%;
    }
    100% {
      background-position: 0 50%;
    }
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .badge svg {
    width: 12px;
    height: 12px;
    flex: none;
  }
  .badge[data-tone='neutral'] {
    background: var(--_l-surface-sunken);
    color: var(--_l-text-muted);
    border-color: var(--_l-border);
  }
  .badge[data-tone='info'] {
    background: var(--_l-info-soft);
    color: var(--_l-info);
  }
  .badge[data-tone='warning'] {
    background: var(--_l-warning-soft);
    color: var(--_l-warning);
  }
  .badge[data-tone='success'] {
    background: var(--_l-success-soft);
    color: var(--_l-success);
  }
  .badge[data-tone='danger'] {
    background: var(--_l-danger-soft);
    color: var(--_l-danger);
  }
  .badge[data-tone='struck'] {
    background: var(--_l-surface-sunken);
    color: var(--_l-text-muted);
    text-decoration: line-through;
  }
  .badge[data-tone='muted'] {
    color: var(--_l-text-muted);
    border-color: var(--_l-border);
    border-style: dashed;
  }
`;
