// `@ledgerside/elements/contact-mapper.js`: the <ledger-contact-mapper> class, registered on import (only this tag and what it renders).
import '../contact-mapper/define.js';
export { LedgerContactMapper } from '../contact-mapper/ledger-contact-mapper.js';
