/**
 * Every code the school server can refuse with (HTTP errors, sync push results, roster
 * report rows). Codes are stable: the tablet and the console translate them through their
 * own catalogues (src/i18n/server-errors-*.ts); the server's `message` is English for logs
 * and developers only, and is never shown to a pupil or a teacher.
 * A plain module (no TypeBox) so that it can ship in any bundle.
 */
export const ERROR_CODES = [
  // transport and generic
  'bad_request', 'validation', 'invalid_json', 'payload_too_large', 'unsupported_media_type', 'route_not_found', 'rate_limited',
  'range_not_satisfiable', 'internal',
  // sign-in and rights
  'unauthenticated', 'wrong_credentials', 'password_change_required', 'current_password_wrong', 'password_unchanged', 'student_unknown', 'wrong_secret', 'account_locked', 'sign_in_busy', 'device_not_enrolled', 'device_mismatch',
  'staff_only', 'students_only', 'it_only', 'teacher_only', 'forbidden',
  // unknown (or someone else's) ids
  'school_not_found', 'user_not_found', 'class_not_found', 'student_not_found', 'group_not_found', 'lesson_not_found', 'assignment_not_found',
  'submission_not_found', 'question_not_found', 'device_not_found', 'enrolment_code_not_found', 'attachment_not_found', 'media_not_found', 'file_not_found', 'upload_not_found',
  // school and people
  'login_taken', 'cannot_archive_self', 'backup_multi_school', 'backup_use_pg_dump', 'backup_blob_missing', 'backup_disk_full',
  'restore_not_cartable', 'restore_newer_format', 'restore_newer_schema', 'restore_checksum_mismatch', 'restore_truncated', 'restore_blob_missing',
  'restore_damaged', 'restore_other_school', 'restore_server_key_mismatch', 'restore_body_missing',
  'audit_filter_invalid',
  // roster
  'class_name_taken', 'teacher_unknown', 'not_a_teacher', 'target_class_unknown', 'student_not_in_class',
  'roster_not_csv', 'roster_unreadable', 'roster_empty', 'roster_too_many_rows',
  'roster_missing_class', 'roster_missing_last_name', 'roster_missing_first_name', 'roster_name_too_long', 'roster_secret_length',
  'roster_duplicate_in_file', 'roster_too_many_columns', 'roster_ambiguous_name', 'siecle_unreadable', 'siecle_wrong_school', 'siecle_no_division',
  'roster_preview_required', 'roster_preview_stale',
  // tablets
  'enrol_class_required', 'enrolment_code_invalid', 'device_revoked', 'device_lost', 'device_not_revoked', 'enrolment_code_already_revoked',
  // content, marking
  'group_not_in_class', 'due_date_invalid', 'question_id_duplicate', 'choices_too_few', 'choice_id_duplicate', 'choices_not_allowed',
  'duration_not_allowed', 'feedback_question_twice', 'feedback_question_unknown', 'feedback_points_too_high', 'feedback_mark_too_high',
  'not_handed_in', 'feedback_missing', 'assignment_not_published', 'publish_at_invalid', 'publish_at_past', 'already_published',
  'annotation_invalid', 'annotations_too_large', 'annotation_not_photo',
  'send_back_message_required', 'nobody_to_remind', 'student_not_concerned', 'feedback_audio_too_long', 'feedback_audio_type_unsupported',
  'key_not_allowed', 'key_missing', 'key_invalid', 'key_choice_unknown', 'blanks_key_mismatch', 'matching_invalid', 'left_not_allowed',
  // sync
  'cursor_expired', 'assignment_unavailable', 'attachment_not_yours', 'mutation_id_reused', 'seq_reused', 'assignment_changed',
  'assignment_version_invalid', 'answer_question_unknown', 'answer_choice_unknown',
  // media and uploads
  'attachment_uploading', 'media_name_invalid', 'media_body_missing', 'media_type_unsupported', 'photo_body_missing', 'photo_type_unsupported',
  'upload_id_invalid', 'attachment_id_invalid', 'media_id_invalid', 'attachment_kind_invalid', 'attachment_mime_unsupported', 'sha256_invalid', 'upload_length_missing',
  'attachment_too_large', 'attachment_id_taken', 'attachment_already_uploaded', 'attachment_id_conflict', 'attachment_content_mismatch',
  'checksum_mismatch',
  // the live class (issue 17)
  'live_session_not_found', 'live_activity_unavailable',
  // paper homework (issue 15)
  'paper_students_required', 'paper_students_too_many', 'paper_student_not_in_pack',
  'paper_page_code_incomplete', 'paper_page_other_assignment', 'paper_page_unknown', 'paper_page_not_found', 'paper_page_assigned', 'paper_page_already_received',
  'paper_copy_returned', 'paper_question_not_on_paper',
  // software updates (issue 16)
  'build_not_found', 'build_invalid', 'rollout_target_missing', 'update_window_invalid', 'minimum_version_invalid', 'minimum_version_unserved',
  'protocol_unsupported', 'protocol_server_outdated', 'build_protocol_unsupported',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values that fill a message's `{placeholders}` (names, counts, line numbers). */
export type ErrorParams = Record<string, string | number>;

const KNOWN = new Set<string>(ERROR_CODES);
/** Whether a code received from a server is one this build knows (an older build may meet newer codes). */
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && KNOWN.has(code);
