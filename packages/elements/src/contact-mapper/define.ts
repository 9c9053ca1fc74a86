import '../confirm-dialog/define.js';
import { LedgerContactMapper } from './ledger-contact-mapper.js';

LedgerContactMapper.define('ledger-contact-mapper');
