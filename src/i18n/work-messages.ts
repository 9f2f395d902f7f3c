/**
 * Registers the work screens' French words in the catalogue (a side effect of importing
 * this module). Every work screen imports it, so its words arrive with its chunk; the
 * English catalogue is one lazy chunk with every key anyway.
 */
import { frWork } from './messages-fr-work.ts';
import { addFrenchMessages } from './i18n.ts';

addFrenchMessages(frWork);
