// Every action the audit log records, in one list: the audit API's `action` filter accepts exactly
// these, and the route-table test (tests/security/audit-routes.test.ts) maps every editorial write
// route to one of them. Pure: the admin imports it for its filter.
export const AUDIT_ACTIONS = [
  // Sign-ins (src/editorial/session)
  "session.sign_in",
  "session.sign_in_failed",
  "session.sign_out",
  // Accounts and tokens
  "user.create",
  "user.update",
  "user.role_change",
  "user.delete",
  "user.password_change",
  "token.create",
  "token.revoke",
  "content_key.create",
  "content_key.revoke",
  // Article transitions and edits
  "article.create",
  "article.update",
  "article.publish",
  "article.unpublish",
  "article.schedule",
  "article.archive",
  "article.delete",
  "article.restore",
  "article.undelete",
  // "Submit for editing"; a live story's working copy saved, discarded, or made live ("Update live story").
  "article.submit",
  "article.working_copy_save",
  "article.working_copy_discard",
  "article.update_live",
  "article.embargo_set",
  "article.embargo_lift",
  "article.stage_change",
  "article.assign",
  "article.due_change",
  // Amendments (corrections, clarifications, updates, editor's notes)
  "amendment.create",
  "amendment.update",
  "amendment.supersede",
  "amendment.delete",
  // Notes (internal)
  "note.create",
  "note.update",
  "note.resolve",
  "note.reopen",
  "note.delete",
  // Newsroom configuration
  "stages.update",
  "settings.update",
  "webhook.create",
  "webhook.update",
  "webhook.delete",
  "webhook.rotate_secret",
  // Deliveries an admin asked for: a test event, a logged event sent again.
  "webhook.ping",
  "webhook.redeliver",
  "taxonomy.create",
  "taxonomy.update",
  "taxonomy.delete",
  "redirect.create",
  "redirect.update",
  "redirect.delete",
  "media.upload",
  "media.update",
  "media.delete",
  "preview_link.create",
  "preview_link.revoke",
  "trash.purge",
  // Moving the newsroom
  "newsroom.export",
  "newsroom.import",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = [
  "session",
  "user",
  "token",
  "content_key",
  "article",
  "amendment",
  "note",
  "stages",
  "settings",
  "webhook",
  "tag",
  "section",
  "collection",
  "contributor",
  "redirect",
  "media",
  "preview_link",
  "newsroom",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
