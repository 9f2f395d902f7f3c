/** The HTTP status of each domain error code: one table, so a refusal always answers the same way. */
import type { ErrorCode } from '../../src/protocol/error-codes.ts';

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400, validation: 400, invalid_json: 400, payload_too_large: 413, unsupported_media_type: 415, route_not_found: 404,
  rate_limited: 429, range_not_satisfiable: 416, internal: 500,

  unauthenticated: 401, wrong_credentials: 401, password_change_required: 403, current_password_wrong: 400, password_unchanged: 400, student_unknown: 401, wrong_secret: 401, account_locked: 423, sign_in_busy: 429, device_not_enrolled: 401,
  device_mismatch: 403, staff_only: 403, students_only: 403, it_only: 403, teacher_only: 403, forbidden: 403,

  // Unknown and someone else's ids answer alike: 404 reveals nothing about what exists elsewhere.
  school_not_found: 404, user_not_found: 404, class_not_found: 404, student_not_found: 404, group_not_found: 404, lesson_not_found: 404,
  assignment_not_found: 404, submission_not_found: 404, question_not_found: 404, device_not_found: 404, enrolment_code_not_found: 404, attachment_not_found: 404,
  media_not_found: 404, file_not_found: 404, upload_not_found: 404,

  login_taken: 409, cannot_archive_self: 400, backup_multi_school: 403, backup_use_pg_dump: 409, backup_blob_missing: 500, backup_disk_full: 507,
  restore_not_cartable: 400, restore_newer_format: 400, restore_newer_schema: 400, restore_checksum_mismatch: 400, restore_truncated: 400,
  restore_blob_missing: 400, restore_damaged: 400, restore_other_school: 403, restore_server_key_mismatch: 409, restore_body_missing: 400,
  audit_filter_invalid: 400,
  live_session_not_found: 404, live_activity_unavailable: 400,

  class_name_taken: 409, teacher_unknown: 400, not_a_teacher: 400, target_class_unknown: 400, student_not_in_class: 400,
  roster_not_csv: 400, roster_unreadable: 400, roster_empty: 400, roster_too_many_rows: 400,
  roster_missing_class: 400, roster_missing_last_name: 400, roster_missing_first_name: 400, roster_name_too_long: 400, roster_secret_length: 400,
  roster_duplicate_in_file: 409, roster_too_many_columns: 400, roster_ambiguous_name: 409, siecle_unreadable: 400, siecle_wrong_school: 400, siecle_no_division: 400,
  roster_preview_required: 428, roster_preview_stale: 409,

  enrol_class_required: 400, enrolment_code_invalid: 400,
  // A withdrawn tablet is refused as such (403, never 401): it must not read as an expired session or a wrong secret.
  device_revoked: 403, device_lost: 403, device_not_revoked: 409, enrolment_code_already_revoked: 409,

  group_not_in_class: 400, due_date_invalid: 400, question_id_duplicate: 400, choices_too_few: 400, choice_id_duplicate: 400,
  choices_not_allowed: 400, duration_not_allowed: 400, feedback_question_twice: 400, feedback_question_unknown: 400,
  feedback_points_too_high: 400, feedback_mark_too_high: 400, not_handed_in: 409, feedback_missing: 409, assignment_not_published: 409,
  publish_at_invalid: 400, publish_at_past: 400, already_published: 409,
  annotation_invalid: 400, annotations_too_large: 413, annotation_not_photo: 400,
  send_back_message_required: 400, nobody_to_remind: 409, student_not_concerned: 404, feedback_audio_too_long: 400, feedback_audio_type_unsupported: 415,
  key_not_allowed: 400, key_missing: 400, key_invalid: 400, key_choice_unknown: 400, blanks_key_mismatch: 400, matching_invalid: 400, left_not_allowed: 400,

  cursor_expired: 410, assignment_unavailable: 409, attachment_not_yours: 403, mutation_id_reused: 409, seq_reused: 409, assignment_changed: 409,
  assignment_version_invalid: 422, answer_question_unknown: 422, answer_choice_unknown: 422,

  attachment_uploading: 409, media_name_invalid: 400, media_body_missing: 415, media_type_unsupported: 415, photo_body_missing: 415,
  photo_type_unsupported: 415, upload_id_invalid: 400, attachment_id_invalid: 400, media_id_invalid: 400, attachment_kind_invalid: 400, attachment_mime_unsupported: 415,
  sha256_invalid: 400, upload_length_missing: 400, attachment_too_large: 413, attachment_id_taken: 403, attachment_already_uploaded: 409,
  attachment_id_conflict: 409, attachment_content_mismatch: 415, checksum_mismatch: 460,

  paper_students_required: 400, paper_students_too_many: 400, paper_student_not_in_pack: 409,
  paper_page_code_incomplete: 400, paper_page_other_assignment: 409, paper_page_unknown: 400, paper_page_not_found: 404, paper_page_assigned: 409, paper_page_already_received: 409,
  paper_copy_returned: 409, paper_question_not_on_paper: 409,
  build_not_found: 404, build_invalid: 400, rollout_target_missing: 400, update_window_invalid: 400, minimum_version_invalid: 400, minimum_version_unserved: 409,
  // A tablet and a server that cannot talk (src/protocol/wire.ts): nothing stored, the work stays on the tablet.
  protocol_unsupported: 426, protocol_server_outdated: 409, build_protocol_unsupported: 409,
};
