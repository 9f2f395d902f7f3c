/** Registers the sync line's French words in the catalogue (a side effect of importing this module). */
import { frSync } from './messages-fr-sync.ts';
import { addFrenchMessages } from './i18n.ts';

addFrenchMessages(frSync);
