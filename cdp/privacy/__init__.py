"""Personal data: the PII policy, masking and hashing, analyst views, erasure."""
