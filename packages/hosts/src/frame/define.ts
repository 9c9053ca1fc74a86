// Registers <ledger-host-frame> (once: a second copy of the app script does not throw).
import { defineElement } from '@ledgerside/elements';
import { LedgerHostFrame } from './ledger-host-frame.js';

defineElement('ledger-host-frame', LedgerHostFrame);
