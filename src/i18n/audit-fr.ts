/** The audit log's actions and CSV columns in French (the CSV export and the console share them). */
export const AUDIT_ACTION_FR: Record<string, string> = {
  publish: 'Publication', publish_schedule: 'Publication programmée', unpublish: 'Retrait de publication', return: 'Copie rendue', device_revoke: 'Tablette retirée',
  device_lost: 'Tablette déclarée perdue ou volée', device_reactivate: 'Tablette réactivée',
  roster_import: 'Import des élèves', backup: 'Sauvegarde', restore: 'Restauration', password_reset: 'Nouveau mot de passe',
  enrolment_code_create: 'Code d’inscription créé', enrolment_code_revoke: 'Code d’inscription révoqué', settings_update: 'Réglages modifiés',
  user_create: 'Compte créé', user_update: 'Compte modifié',
  send_back: 'Copie rendue à refaire', due_extend: 'Date limite d’un élève modifiée', remind: 'Relance des élèves',
  app_update: 'Mise à jour des tablettes',
};

/** An action's French name (the code itself for an action this build does not know). */
export const auditActionLabel = (action: string): string => AUDIT_ACTION_FR[action] ?? action;

export const AUDIT_CSV_HEADERS = ['Date (UTC)', 'Qui', 'Action', 'Type', 'Cible', 'Détails'];

/** Who, for an action of the admin command line (npm run admin). */
export const AUDIT_COMMAND_LINE = 'Administrateur du serveur (ligne de commande)';
