/**
 * The server error codes a tablet can receive and show to a pupil — from enrolment, the
 * sign-in roster and sign-in, sync push results and uploads — each worded in the tablet's
 * catalogues as `serverError.<code>` (tutoiement, no technical detail). Only these ship in
 * the tablet's first screen (the console has every code, in its own lazy chunk); any other
 * code reads as the calm `serverError.unknown`. tests/unit/ui/error-catalogues.test.ts checks
 * every one has French and English text.
 */
import type { ErrorCode } from '../protocol/error-codes.ts';

export const TABLET_ERROR_CODES = [
  // enrolment (an adult is usually there)
  'enrolment_code_invalid', 'enrol_class_required', 'rate_limited', 'internal', 'validation', 'bad_request',
  // sign-in
  'student_unknown', 'wrong_secret', 'account_locked', 'sign_in_busy', 'device_not_enrolled', 'device_mismatch', 'unauthenticated', 'device_revoked', 'device_lost',
  // sync push results (kept on the tablet as « À revoir »)
  'assignment_unavailable', 'assignment_changed', 'attachment_not_yours', 'mutation_id_reused', 'seq_reused',
  'assignment_version_invalid', 'answer_question_unknown', 'answer_choice_unknown',
  // uploads of photos and recordings
  'attachment_too_large', 'attachment_mime_unsupported', 'attachment_content_mismatch', 'checksum_mismatch', 'attachment_id_taken',
] as const satisfies readonly ErrorCode[];

export type TabletErrorCode = (typeof TABLET_ERROR_CODES)[number];

/** Key prefix of these texts in messages-fr.ts / messages-en.ts. */
export const TABLET_ERROR_PREFIX = 'serverError.';
