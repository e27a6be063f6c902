"""Administration use cases (screens.md "Administration"): one module per record kind, as in neodesk.ui.admin.

Every use case is one unit of work and starts by checking, inside that transaction, that the acting
counselor is an active administrator (`access.require_admin`): the dialogs disable their editors for
counselors, but the rule lives here so the CLI or a stale window cannot get around it. Input is
validated before anything is written; a refusal raises ValidationFailed naming the field, and the
transaction rolls back. A write returns the `Changes` it made and leaves a line in the log
(`audit.log_change`). Import from the module of the record kind; this package re-exports nothing.
"""
