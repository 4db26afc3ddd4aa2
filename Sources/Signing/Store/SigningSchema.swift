import Storage

/// Tables of the signing service. `key_enc` holds a PKCS#8 private key sealed with the data key
/// (AES-GCM), never the key in clear; `chain_pem` is the certificate, then its CA certificates
/// nearest first. A signer is bound to what it signs for: a unit's or a school's seal, or a member of staff.
public enum SigningSchema {
    public static let all = [
        SchemaMigration("0007_signing", [
            """
            CREATE TABLE trust_anchors (
                id {{id}}, fingerprint TEXT NOT NULL UNIQUE, subject TEXT NOT NULL, certificate_pem TEXT NOT NULL,
                is_demo BOOLEAN NOT NULL, created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE certificate_authorities (
                id {{id}}, name {{key}} NOT NULL UNIQUE, chain_pem TEXT NOT NULL, key_enc TEXT NOT NULL,
                is_demo BOOLEAN NOT NULL, created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE signers (
                id {{id}}, name {{key}} NOT NULL UNIQUE, kind TEXT NOT NULL, subject TEXT NOT NULL,
                chain_pem TEXT NOT NULL, key_enc TEXT NOT NULL, not_after TEXT NOT NULL,
                unit_id BIGINT REFERENCES units(id), school_id BIGINT REFERENCES schools(id),
                staff_id BIGINT REFERENCES staff(id), is_demo BOOLEAN NOT NULL, created_at TEXT NOT NULL
            )
            """,
        ]),
        // The transparency log (RFC 9162 shape): entries, the hash of every perfect subtree (for
        // proofs), signed checkpoints, and one head row whose update serialises appends.
        SchemaMigration("0008_transparency_log", [
            "CREATE TABLE transparency_head (id INTEGER PRIMARY KEY, size BIGINT NOT NULL, key_enc TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE transparency_entries (idx BIGINT PRIMARY KEY, entry TEXT NOT NULL, at TEXT NOT NULL)",
            "CREATE TABLE transparency_nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (level, idx))",
            "CREATE TABLE transparency_checkpoints (tree_size BIGINT PRIMARY KEY, note TEXT NOT NULL, at TEXT NOT NULL)",
        ]),
    ]

    /// Certificates our own CAs have revoked, and the CRLs issued from them (RFC 5280 §5): `number` grows with every
    /// CRL of an authority, and the primary key stops two servers from issuing the same number twice.
    public static let revocations = SchemaMigration("0010_revocations", [
        """
        CREATE TABLE certificate_revocations (
            id {{id}}, authority_id BIGINT NOT NULL REFERENCES certificate_authorities(id), serial {{key}} NOT NULL,
            subject TEXT NOT NULL, reason INTEGER NOT NULL, revoked_at TEXT NOT NULL, UNIQUE (authority_id, serial)
        )
        """,
        """
        CREATE TABLE issued_crls (
            authority_id BIGINT NOT NULL REFERENCES certificate_authorities(id), number BIGINT NOT NULL,
            this_update TEXT NOT NULL, next_update TEXT NOT NULL, der {{blob}} NOT NULL, PRIMARY KEY (authority_id, number)
        )
        """,
    ])
}
