import { LedgerConfirmDialog } from './ledger-confirm-dialog.js';

LedgerConfirmDialog.define('ledger-confirm-dialog');
