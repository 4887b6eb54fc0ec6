-- The key ring is now written encrypted with a certificate (PersistKeysToDbContext + ProtectKeysWithCertificate).
-- Keys stored before that are plaintext: while one of them is still the default key it would go on signing
-- cookies and tokens, readable by anyone with a backup. Drop them so a new, encrypted key is made at start-up
-- (everyone signs in again once; there is no production installation yet).
DELETE FROM data_protection_keys;
