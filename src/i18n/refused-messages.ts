/** Registers the refused tablet's French words in the catalogue (a side effect of importing this module). */
import { frRefused } from './messages-fr-refused.ts';
import { addFrenchMessages } from './i18n.ts';

addFrenchMessages(frRefused);
