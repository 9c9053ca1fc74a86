import { css } from 'lit';

export const conversationStyles = css`
  :host {
    --_c-height: var(--ledger-conversation-height, 34rem);
    --_c-bubble: var(--ledger-conversation-bubble, var(--_l-surface-sunken));
    --_c-bubble-mine: var(--ledger-conversation-bubble-mine, var(--_l-accent-soft));
    --_c-unread: var(--ledger-conversation-unread, var(--_l-accent));
  }
  .frame {
    display: flex;
    flex-direction: column;
    height: var(--_c-height);
    min-height: 16rem;
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    overflow: hidden;
  }
  .frame.compact {
    height: auto;
    min-height: 0;
  }
  .head {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: var(--_l-row-height);
    padding: 0 var(--_l-space-3);
    border-bottom: 1px solid var(--_l-border);
  }
  .head h2 {
    flex: 1;
  }
  .count {
    display: inline-flex;
    align-items: center;
    gap: var(--_l-space-1);
    padding: 1px 8px;
    border-radius: 999px;
    background: var(--_c-unread);
    color: var(--_l-accent-text);
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }
  .notice {
    margin: var(--_l-space-3);
  }
  .thread-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
  }
  .thread {
    height: 100%;
    overflow-y: auto;
    overscroll-behavior: contain;
    /* The virtualizer keeps the reader's place itself; the browser's anchoring would fight it. */
    overflow-anchor: none;
  }
  .thread:focus-visible {
    outline-offset: -2px;
  }
  .row {
    width: 100%;
    padding: var(--_l-space-1) var(--_l-space-3);
  }
  .row:focus {
    outline: none;
  }
  .row:focus-visible .bubble {
    outline: 2px solid var(--_l-focus);
    outline-offset: 1px;
  }
  .start,
  .older {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: 32px;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
    text-align: center;
  }
  .older .banner {
    width: 100%;
  }
  .divider {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    margin: var(--_l-space-1) 0 var(--_l-space-2);
    color: var(--_c-unread);
    font-size: var(--_l-font-size-small);
    font-weight: 600;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid currentColor;
    opacity: 0.5;
  }
  .bubble {
    max-width: 88%;
    width: fit-content;
    min-width: min(12rem, 100%);
    padding: var(--_l-space-2) var(--_l-space-3);
    border-radius: calc(var(--_l-radius) + 4px);
    background: var(--_c-bubble);
    border: 1px solid transparent;
  }
  .row[data-mine] .bubble {
    margin-inline-start: auto;
    background: var(--_c-bubble-mine);
  }
  .row[data-unread] .bubble {
    border-inline-start: 3px solid var(--_c-unread);
  }
  .row[data-state='failed'] .bubble,
  .row[data-state='waiting'] .bubble {
    border-color: color-mix(in srgb, var(--_l-danger) 45%, transparent);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--_l-space-2);
    min-width: 0;
    font-size: var(--_l-font-size-small);
  }
  .author {
    flex: 0 1 auto;
    font-weight: 600;
    color: var(--_l-text);
  }
  .side {
    flex: none;
    padding: 0 6px;
    border: 1px solid var(--_l-border);
    border-radius: 999px;
    color: var(--_l-text-muted);
    font-size: 11px;
    line-height: 16px;
  }
  .side[data-side='client'] {
    border-style: dashed;
  }
  .dot {
    flex: none;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_c-unread);
    align-self: center;
  }
  time {
    margin-inline-start: auto;
    flex: none;
    color: var(--_l-text-muted);
    white-space: nowrap;
  }
  time .abs {
    display: none;
  }
  .row:focus-within time .abs {
    display: inline;
  }
  .row:focus-within time .rel {
    display: none;
  }
  .body {
    margin: var(--_l-space-1) 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .body a {
    color: var(--_l-accent);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .to {
    margin-top: var(--_l-space-1);
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_l-space-1) var(--_l-space-2);
    margin-top: var(--_l-space-1);
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  .state.bad {
    color: var(--_l-danger);
  }
  .state .spinner {
    width: 0.9em;
    height: 0.9em;
  }
  .state .grow {
    flex: 1 1 10rem;
    min-width: 0;
  }
  .jump {
    position: absolute;
    inset-inline: 0;
    bottom: var(--_l-space-2);
    display: flex;
    justify-content: center;
    pointer-events: none;
  }
  .jump .btn {
    pointer-events: auto;
    box-shadow: var(--_l-shadow);
    border-radius: 999px;
  }
  .readonly {
    padding: var(--_l-space-2) var(--_l-space-3);
    border-top: 1px solid var(--_l-border);
    background: var(--_l-surface-sunken);
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .composer {
    display: grid;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2) var(--_l-space-3) var(--_l-space-3);
    border-top: 1px solid var(--_l-border);
  }
  .to-toggle {
    display: flex;
    align-items: center;
    gap: var(--_l-space-1);
    width: 100%;
    min-height: var(--_l-control-height);
    padding: 0 var(--_l-space-2);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    color: var(--_l-text);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .to-toggle[aria-invalid='true'] {
    border-color: var(--_l-danger);
  }
  .to-toggle .label {
    color: var(--_l-text-muted);
    flex: none;
  }
  .to-toggle .names {
    flex: 1;
  }
  .to-toggle .placeholder {
    color: var(--_l-text-muted);
  }
  .chevron {
    flex: none;
    width: 12px;
    height: 12px;
    transition: transform 120ms;
  }
  .to-toggle[aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  .picker {
    display: grid;
    gap: var(--_l-space-2);
    max-height: 12rem;
    overflow-y: auto;
    margin: 0;
    padding: var(--_l-space-2);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface-sunken);
  }
  .picker[hidden] {
    display: none;
  }
  .picker fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .picker legend {
    padding: 0;
    margin-bottom: var(--_l-space-1);
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    color: var(--_l-text-muted);
  }
  .option {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: 28px;
    min-width: 0;
    cursor: pointer;
  }
  .option .who {
    display: grid;
    min-width: 0;
  }
  .option .email {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .composer textarea {
    min-height: 4.5em;
    max-height: 12em;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
  }
  .actions .hint {
    flex: 1;
    min-width: 0;
  }
  .inline-error {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    color: var(--_l-danger);
    font-size: var(--_l-font-size-small);
  }
  @media (prefers-reduced-motion: reduce) {
    .chevron {
      transition: none;
    }
  }
`;
