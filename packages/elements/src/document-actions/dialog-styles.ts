import { css } from 'lit';

/** The look of the action dialogs: a native modal `<dialog>` sized for a sidebar. */
export const dialogStyles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(380px, calc(100% - 24px));
    padding: 0;
    border: 1px solid var(--_l-border);
    border-radius: calc(var(--_l-radius) + 2px);
    background: var(--_l-surface);
    color: var(--_l-text);
    box-shadow: var(--_l-shadow);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.3);
  }
  form {
    display: grid;
    gap: var(--_l-space-3);
    padding: var(--_l-space-4);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_l-space-2);
    flex-wrap: wrap;
  }
  .row {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_l-space-2);
  }
`;
