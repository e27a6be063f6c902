"""Exchange with the central office (no Qt): NeoDesk bundles (export/import) and the SBA Nexus upload."""
