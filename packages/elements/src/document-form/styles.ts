import { css, unsafeCSS } from 'lit';

// Current CSS that lit-analyzer's older CSS grammar does not know yet (it is valid in every
// engine we support; where it is not, the description simply does not grow).
const autoGrow = unsafeCSS('textarea { field-sizing: content; }');

/** One line of the editor: description on top, the numbers in a row, tools and amount below. */
export const lineStyles = css`
  :host {
    display: block;
  }
  ${autoGrow}
  .line {
    display: grid;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
  }
  .line:focus-within {
    border-color: color-mix(in srgb, var(--_l-focus) 55%, var(--_l-border));
  }
  textarea {
    min-height: var(--_l-control-height);
    resize: none;
    max-height: 8em;
  }
  /* Two pairs of fields: side by side when the line is wide, stacked when narrow
     (a flex-basis switch at 340 px of line width, no media or container query needed). */
  .numbers {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l-space-2);
  }
  .pair {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_l-space-2);
    flex-grow: 1;
    flex-basis: calc((340px - 100%) * 999);
    align-items: start;
    min-width: 0;
  }
  .pair.price {
    grid-template-columns: 0.8fr 1.2fr;
  }
  input:disabled,
  textarea:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .numbers input {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .field > label {
    font-weight: 500;
  }
  .foot {
    display: flex;
    align-items: center;
    gap: var(--_l-space-1);
    min-height: 26px;
  }
  .source {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .source svg {
    width: 12px;
    height: 12px;
    flex: none;
  }
  .tools {
    display: inline-flex;
    margin-inline-start: auto;
  }
  .tools .btn {
    width: 28px;
    min-height: 26px;
    padding: 0;
    color: var(--_l-text-muted);
  }
  .tools svg {
    width: 14px;
    height: 14px;
  }
  .amount {
    min-width: 5.5em;
    font-weight: 600;
  }
`;

/** The form and the document view. */
export const formStyles = css`
  .root {
    display: grid;
    gap: var(--_l-space-3);
    min-width: 0;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_l-space-1) var(--_l-space-2);
    min-width: 0;
  }
  .head h2 {
    font-size: 1.07em;
    min-width: 0;
  }
  /* Invoice | Quote: a segmented control of two radio buttons. */
  .kind-choice {
    display: inline-flex;
    margin: var(--_l-space-2) 0 0;
    padding: 2px;
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface-sunken);
    max-width: 100%;
  }
  .kind-choice label {
    position: relative;
    display: inline-flex;
    align-items: center;
    min-height: 28px;
    padding: 0 var(--_l-space-3);
    border-radius: calc(var(--_l-radius) - 2px);
    color: var(--_l-text-muted);
    font-weight: 600;
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .kind-choice input {
    position: absolute;
    inset: 0;
    opacity: 0;
    margin: 0;
    cursor: pointer;
  }
  .kind-choice label.chosen {
    background: var(--_l-surface);
    color: var(--_l-text);
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.15);
  }
  .kind-choice label:has(input:focus-visible) {
    outline: 2px solid var(--_l-focus);
    outline-offset: 1px;
  }
  .kind-choice[disabled] label {
    cursor: default;
    opacity: 0.7;
  }
  .sub {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
    overflow-wrap: anywhere;
  }
  .flash {
    animation: ledger-flash 2.4s ease-out;
    border-radius: var(--_l-radius);
  }
  @keyframes ledger-flash {
    from {
      background: var(--_l-highlight);
    }
    to {
      background: transparent;
    }
  }
  .banner.success {
    background: var(--_l-success-soft);
    border-color: color-mix(in srgb, var(--_l-success) 30%, transparent);
  }
  .banner.info,
  .banner.warning {
    border-color: color-mix(in srgb, var(--_l-border) 70%, transparent);
  }
  .banner {
    flex-wrap: wrap;
  }
  /* Banners with a sentence and buttons: the buttons go under the text in a narrow sidebar. */
  .banner.stack {
    flex-direction: column;
    align-items: stretch;
  }
  .banner.stack .grow {
    flex: none;
  }
  input:disabled,
  select:disabled,
  textarea:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .banner .actions {
    display: flex;
    gap: var(--_l-space-2);
    flex-wrap: wrap;
  }
  .banner p + p {
    margin-top: var(--_l-space-1);
  }
  form {
    display: grid;
    gap: var(--_l-space-4);
    margin: 0;
  }
  section {
    display: grid;
    gap: var(--_l-space-2);
    min-width: 0;
  }
  .section-head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_l-space-2);
  }
  h3 {
    font-size: var(--_l-font-size-small);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_l-text-muted);
  }
  .grid2 {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_l-space-3) var(--_l-space-2);
  }
  .span2 {
    grid-column: 1 / -1;
  }
  input[readonly] {
    background: var(--_l-surface-sunken);
    border-color: transparent;
  }
  details.panel {
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
  }
  details.panel > summary {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: var(--_l-row-height);
    padding: 0 var(--_l-space-3);
    cursor: pointer;
    font-weight: 600;
    list-style: none;
  }
  details.panel > summary::-webkit-details-marker {
    display: none;
  }
  details.panel > summary::before {
    content: '';
    width: 6px;
    height: 6px;
    border-right: 1.5px solid currentColor;
    border-bottom: 1.5px solid currentColor;
    transform: rotate(-45deg);
    transition: transform 120ms;
    flex: none;
  }
  details.panel[open] > summary::before {
    transform: rotate(45deg);
  }
  details.panel > summary .count {
    margin-inline-start: auto;
    font-weight: 400;
    white-space: nowrap;
  }
  /* Content of a <details> sits under its UA slot, which is content-box: restart the
     border-box inheritance here so full-width fields fit. */
  .panel-body {
    box-sizing: border-box;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_l-space-2);
    padding: 0 var(--_l-space-3) var(--_l-space-3);
  }
  ul.picks {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }
  .pick {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    gap: 2px var(--_l-space-2);
    align-items: start;
    padding: var(--_l-space-2) 0;
    border-top: 1px solid var(--_l-border);
  }
  .pick:first-child {
    border-top: 0;
  }
  .pick input[type='checkbox'] {
    margin: 3px 0 0;
  }
  .pick label,
  .pick .what {
    display: grid;
    min-width: 0;
    cursor: pointer;
  }
  .pick[data-locked] label {
    cursor: default;
    color: var(--_l-text-muted);
  }
  /* A time entry's description is what is being billed: it wraps, whole, rather than being cut. */
  .pick .desc {
    white-space: normal;
    overflow-wrap: anywhere;
  }
  .pick .meta {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .pick .why {
    grid-column: 2 / -1;
    font-size: var(--_l-font-size-small);
    color: var(--_l-text-muted);
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .pick .why::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_l-border);
    flex: none;
  }
  .pick[data-locked='invoiced'] .why::before {
    background: var(--_l-info);
  }
  ol.line-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_l-space-2);
  }
  .add-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l-space-2);
  }
  dl.totals {
    display: grid;
    gap: 2px;
    margin: 0;
    padding: var(--_l-space-2) var(--_l-space-3);
    border-radius: var(--_l-radius);
    background: var(--_l-surface-sunken);
  }
  dl.totals > div {
    display: flex;
    justify-content: space-between;
    gap: var(--_l-space-2);
  }
  dl.totals dt {
    color: var(--_l-text-muted);
  }
  dl.totals dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }
  dl.totals .total {
    margin-top: var(--_l-space-1);
    padding-top: var(--_l-space-1);
    border-top: 1px solid var(--_l-border);
    font-weight: 700;
  }
  dl.totals .total dt {
    color: var(--_l-text);
  }
  .footer {
    position: sticky;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2) 0;
    background: linear-gradient(to top, var(--_l-surface) 80%, transparent);
    z-index: 1;
  }
  .footer .grand {
    margin-inline-end: auto;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .btn[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l-space-2);
    position: relative;
  }
  ol.view-lines {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }
  ol.view-lines li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 2px var(--_l-space-2);
    padding: var(--_l-space-2) 0;
    border-bottom: 1px solid var(--_l-border);
  }
  ol.view-lines .desc {
    overflow-wrap: anywhere;
  }
  ol.view-lines .meta {
    grid-column: 1 / -1;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .read-only {
    display: flex;
    gap: var(--_l-space-2);
    align-items: center;
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .read-only svg {
    width: 14px;
    height: 14px;
    flex: none;
  }
  .notes {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .muted-block {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
`;
