import '../confirm-dialog/define.js';
import { LedgerEmailDialog } from './ledger-email-dialog.js';
import { LedgerPaymentDialog } from './ledger-payment-dialog.js';

LedgerEmailDialog.define('ledger-email-dialog');
LedgerPaymentDialog.define('ledger-payment-dialog');
