import { css } from 'lit';

export const contactMapperStyles = css`
  .mapper {
    display: grid;
    gap: var(--ledger-contact-mapper-gap, var(--_l-space-3));
    min-width: 0;
  }
  .head {
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .title-row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_l-space-2);
    min-width: 0;
  }
  .head h2 {
    font-size: 1.05em;
  }
  .head h2:focus {
    outline: none;
  }
  .head h2:focus-visible {
    outline: 2px solid var(--_l-focus);
  }
  .contact-line {
    overflow-wrap: anywhere;
  }
  /* Body text on the soft green: the success colour itself is below 4.5:1 there. */
  .badge.linked {
    color: var(--_l-text);
  }
  .badge.linked svg {
    color: var(--_l-success);
  }

  /* The linked customer. */
  .card {
    display: grid;
    gap: var(--_l-space-2);
    padding: var(--_l-space-3);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    min-width: 0;
  }
  .card h3 {
    font-size: 1em;
  }
  .facts {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 2px var(--_l-space-3);
    margin: 0;
  }
  .facts dt {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
    align-self: center;
  }
  .facts dd {
    margin: 0;
    min-width: 0;
    text-align: end;
  }
  .facts dd.owing {
    font-weight: 600;
  }

  /* Differences between the contact and the customer. */
  .drift {
    display: grid;
    gap: var(--_l-space-2);
    padding: var(--_l-space-3);
    border: 1px solid color-mix(in srgb, var(--_l-warning) 35%, var(--_l-border));
    border-radius: var(--_l-radius);
    background: var(--_l-warning-soft);
    min-width: 0;
  }
  .drift ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_l-space-2);
  }
  .drift li {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0 var(--_l-space-2);
    align-items: start;
  }
  .drift ul.editable li {
    grid-template-columns: auto minmax(0, 1fr);
  }
  .drift li > input {
    margin-top: 3px;
  }
  .drift .what {
    font-weight: 600;
  }
  .diff {
    display: grid;
    gap: 1px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  del {
    color: var(--_l-text-muted);
  }
  ins {
    text-decoration: none;
  }

  /* Customer lists: matches and search results. */
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-surface);
    min-width: 0;
  }
  .row {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    min-height: var(--_l-row-height);
    padding: var(--_l-space-2) var(--_l-space-3);
    min-width: 0;
  }
  .row + .row {
    border-top: 1px solid var(--_l-border);
  }
  .who {
    display: grid;
    flex: 1;
    min-width: 0;
  }
  .name {
    font-weight: 600;
  }
  .reason {
    display: flex;
    align-items: baseline;
    overflow-wrap: anywhere;
    gap: 4px;
    color: var(--_l-success);
    font-size: var(--_l-font-size-small);
    min-width: 0;
  }
  .reason svg {
    width: 12px;
    height: 12px;
    flex: none;
    align-self: center;
  }
  .block {
    display: grid;
    gap: var(--_l-space-2);
    min-width: 0;
  }
  .block h3 {
    font-size: var(--_l-font-size-small);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_l-text-muted);
  }
  .hint-line {
    color: var(--_l-text-muted);
    font-size: var(--_l-font-size-small);
  }
  .cta {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_l-space-2);
    flex-wrap: wrap;
    padding-top: var(--_l-space-3);
    border-top: 1px solid var(--_l-border);
  }
  .actions {
    display: flex;
    align-items: center;
    gap: var(--_l-space-2);
    flex-wrap: wrap;
  }
  .empty {
    padding: var(--_l-space-3);
    border: 1px dashed var(--_l-border);
    border-radius: var(--_l-radius);
  }

  /* The create form. */
  form {
    display: grid;
    gap: var(--_l-space-4);
    min-width: 0;
  }
  fieldset {
    display: grid;
    gap: var(--_l-space-2);
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--_l-space-2);
    font-weight: 600;
  }
  /* Two fields side by side when there is room, stacked in a narrow sidebar. */
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
    align-items: start;
    gap: var(--_l-space-2);
    min-width: 0;
  }
  .required {
    color: var(--_l-danger);
  }
  /* "Already a customer": a warning, not an error; its one action links the existing one. */
  .duplicate {
    display: grid;
    justify-items: start;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2) var(--_l-space-3);
    border-inline-start: 3px solid var(--_l-warning);
    border-radius: var(--_l-radius);
    background: var(--_l-warning-soft);
    color: var(--_l-text);
    font-size: var(--_l-font-size-small);
    overflow-wrap: anywhere;
  }
  .duplicate .btn {
    max-width: 100%;
    white-space: normal;
    text-align: start;
  }
  .chosen {
    display: flex;
    align-items: flex-start;
    gap: var(--_l-space-2);
    padding: var(--_l-space-2) var(--_l-space-3);
    border: 1px solid var(--_l-border);
    border-radius: var(--_l-radius);
    background: var(--_l-accent-soft);
    min-width: 0;
  }
  .form-actions {
    display: flex;
    gap: var(--_l-space-2);
    flex-wrap: wrap;
  }
  select:disabled,
  input:disabled {
    opacity: 0.7;
  }
`;
