import { css } from 'lit';

export const documentListStyles = css`
  :host {
    --_dl-max-height: var(--ledger-document-list-max-height, 480px);
  }
  .frame {
    position: relative;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_l-space-2);
  }
  .header {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: var(--_l-control-height);
  }
  .header h2 {
    flex: 1;
    min-width: 0;
  }
  .icon svg {
    width: 16px;
    height: 16px;
  }
  .refresh[aria-busy='true'] svg {
    animation: ledger-spin 0.9s linear infinite;
  }

  /* Summary: one block per currency, three figures that wrap before they overflow. */
  .summary {
    display: grid;
    gap: var(--_l-space-2);
    margin: 0;
  }
  .currency {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l-space-1) var(--_l-space-4);
    padding: var(--_l-space-2) var(--_l-space-3);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface-sunken);
    margin: 0;
  }
  .currency-code {
    flex: 1 0 100%;
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    color: var(--_l-text-muted);
    letter-spacing: 0.04em;
  }
  /* Each figure as wide as its amount: short ones share a line, long ones wrap whole. */
  .figure {
    display: grid;
    flex: 1 0 auto;
    min-width: 0;
    max-width: 100%;
  }
  .figure dt {
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  .figure dd {
    margin: 0;
    font-weight: 600;
    text-align: start;
  }
  .figure[data-alert] dd {
    color: var(--_l-danger);
  }

  /* Each filter as wide as its longest choice; when both do not fit, they take a line each. */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l-space-2);
  }
  .toolbar select {
    flex: 1 1 auto;
    min-width: 0;
    width: auto;
    max-width: 100%;
  }
  .readonly {
    display: flex;
    gap: var(--_l-space-2);
    align-items: center;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .readonly svg {
    width: 14px;
    height: 14px;
    flex: none;
  }

  /* The list scrolls inside the sidebar; the virtualizer renders only what is in view. */
  .scroll {
    max-height: var(--_dl-max-height);
    overflow-y: auto;
    overflow-x: hidden;
    overscroll-behavior: contain;
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
  }
  .list {
    display: block;
    min-width: 0;
  }
  .list[aria-busy='true'] {
    opacity: 0.6;
    transition: opacity 120ms 150ms;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    grid-template-areas:
      'title total menu'
      'meta balance menu'
      'dates dates dates'
      'problem problem problem';
    align-items: center;
    column-gap: var(--_l-space-2);
    row-gap: 2px;
    width: 100%;
    min-height: var(--_l-row-height);
    padding: var(--_l-space-1) var(--_l-space-1) var(--_l-space-1) var(--_l-space-3);
    border-bottom: 1px solid var(--_l-border);
    background: var(--_l-surface);
  }
  .row[data-wide] {
    column-gap: var(--_l-space-3);
  }
  /* Narrow sidebars: the status gets its own line, the balance the next, so longer words
     (Spanish, Czech) and amounts never run into each other. */
  .row:not([data-wide]) {
    grid-template-areas:
      'title total menu'
      'meta meta menu'
      'balance balance menu'
      'dates dates dates'
      'problem problem problem';
  }
  .row:not([data-wide]) .balance {
    justify-self: end;
  }
  /* There the number's prefix (INV, QT) says the kind; the word stays for screen readers. */
  .row:not([data-wide]) .kind {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .dates {
    grid-area: dates;
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  /* Issued and due wrap as whole phrases (Czech dates are long), never cut off. */
  .phrases {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.4em;
    min-width: 0;
  }
  .phrases > span {
    white-space: nowrap;
  }
  .phrases > span:not(:last-child)::after {
    content: ' ·' / '';
  }
  .row[data-flash] {
    animation: dl-flash 2.6s ease-out;
  }
  @keyframes dl-flash {
    from,
    30% {
      background: var(--_l-highlight);
    }
    to {
      background: var(--_l-surface);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .row[data-flash] {
      animation: none;
      background: var(--_l-highlight);
    }
  }
  .title {
    grid-area: title;
    display: flex;
    align-items: center;
    gap: var(--_l-space-1);
    min-width: 0;
  }
  .open {
    display: inline-flex;
    gap: 0.35em;
    align-items: baseline;
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    max-width: 100%;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_l-text);
    font: inherit;
    cursor: pointer;
    text-align: start;
    border-radius: 2px;
  }
  .open:hover .number {
    text-decoration: underline;
  }
  /* The kind gives way first when the row is tight; the number never does. */
  .kind {
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .number {
    flex: none;
    font-weight: 600;
    white-space: nowrap;
  }
  .issued {
    flex: 1 1 auto;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .total {
    grid-area: total;
    font-weight: 600;
  }
  .meta {
    grid-area: meta;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px var(--_l-space-2);
    min-width: 0;
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  .meta .badge {
    flex: none;
  }
  /* The connected books' word on a row: saving, refused, or computed otherwise. */
  .books-note[data-state='failed'] {
    color: var(--_l-danger);
  }
  .synced {
    margin: 0;
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  /* The shared success and warning tones fall just short of 4.5:1 at 12px on their soft
     backgrounds; a little of the text colour fixes that in light and dark alike. */
  .badge[data-tone='success'] {
    color: color-mix(in srgb, var(--_l-success) 80%, var(--_l-text));
  }
  .badge[data-tone='warning'] {
    color: color-mix(in srgb, var(--_l-warning) 80%, var(--_l-text));
  }
  .balance {
    grid-area: balance;
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
  }
  .balance[data-due] {
    color: var(--_l-text);
  }
  .menu-cell {
    grid-area: menu;
    align-self: center;
  }
  .menu-trigger svg {
    width: 16px;
    height: 16px;
  }
  .unread {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    flex: none;
    min-height: 20px;
    padding: 0 6px;
    border: 0;
    border-radius: 999px;
    background: var(--_l-accent);
    color: var(--_l-accent-text);
    font: inherit;
    font-size: var(--_l-font-size-small);
    font-weight: 600;
    cursor: pointer;
  }
  .unread svg {
    width: 12px;
    height: 12px;
  }
  .problem {
    grid-area: problem;
    display: flex;
    gap: var(--_l-space-2);
    align-items: flex-start;
    margin: var(--_l-space-1) 0 var(--_l-space-1);
    padding: var(--_l-space-1) var(--_l-space-2);
    border-radius: var(--_l-radius);
    background: var(--_l-danger-soft);
    font-size: var(--_l-font-size-small);
  }
  .problem span {
    flex: 1;
    min-width: 0;
  }
  .more {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2);
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .more .banner {
    flex: 1;
  }
  .skeleton-rows {
    padding: 0 var(--_l-space-3);
  }
`;
