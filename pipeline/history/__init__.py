"""The fingerprint store: what earlier runs kept, so a daily job can drop stories it has already published."""
