import Storage

/// The register (sổ gốc) of credentials: one row per entry as registered, its current values and status, and every
/// correction and revocation as an event with its decision. Nothing is ever deleted.
public enum CredentialsSchema {
    public static let migration = SchemaMigration("0015_credentials", [
        """
        CREATE TABLE credential_entries (
            id {{id}}, kind TEXT NOT NULL, serial TEXT NOT NULL UNIQUE, register_number TEXT NOT NULL UNIQUE,
            full_name TEXT NOT NULL, name_key {{key}} NOT NULL, date_of_birth TEXT NOT NULL, gender TEXT, birthplace TEXT NOT NULL,
            national_id_enc TEXT, national_id_hash TEXT, school TEXT NOT NULL, graduation_year INTEGER NOT NULL,
            classification TEXT NOT NULL, decision_number TEXT NOT NULL, decision_date TEXT NOT NULL, issuer TEXT NOT NULL,
            status TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL
        )
        """,
        "CREATE INDEX credential_entries_person ON credential_entries (national_id_hash)",
        """
        CREATE TABLE credential_events (
            id {{id}}, entry_id BIGINT NOT NULL REFERENCES credential_entries(id), kind TEXT NOT NULL,
            decision_number TEXT NOT NULL, decision_date TEXT NOT NULL, ground TEXT, before TEXT, after TEXT,
            at TEXT NOT NULL, by TEXT NOT NULL
        )
        """,
        "CREATE INDEX credential_events_entry ON credential_events (entry_id, id)",
    ])

    /// Every credential issued from the register (a VC today), with the seal that signed it: the status lists are
    /// signed by the seal that issues.
    public static let issuances = SchemaMigration("0016_credential_issuances", [
        """
        CREATE TABLE credential_issuances (
            id {{id}}, entry_id BIGINT NOT NULL REFERENCES credential_entries(id), kind TEXT NOT NULL, signer TEXT NOT NULL,
            issued_at TEXT NOT NULL, issued_by TEXT NOT NULL
        )
        """,
        "CREATE INDEX credential_issuances_entry ON credential_issuances (entry_id)",
    ])

    /// Requests for a certified copy from the register (bản sao từ sổ gốc): who asked and for which entry, the legal
    /// deadline, the decision, and the signed electronic copy. The requester's identity document and contact are
    /// encrypted like personal IDs.
    public static let copies = SchemaMigration("0020_copy_requests", [
        """
        CREATE TABLE copy_requests (
            id {{id}}, code TEXT NOT NULL UNIQUE, entry_id BIGINT NOT NULL REFERENCES credential_entries(id),
            requester TEXT NOT NULL, requester_name TEXT NOT NULL, identity_enc TEXT NOT NULL, contact_enc TEXT NOT NULL,
            note TEXT NOT NULL, received_at TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL,
            refusal TEXT, decided_by TEXT, decided_at TEXT, pdf {{blob}}, signer TEXT
        )
        """,
        "CREATE INDEX copy_requests_queue ON copy_requests (status, deadline, id)",
    ])

    /// Blank forms (phôi) and each one's history: received, issued, spoiled, cancelled (TT 21/2019 Điều 12).
    public static let blanks = SchemaMigration("0035_credential_blanks", [
        """
        CREATE TABLE credential_blanks (
            serial TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, received_by TEXT NOT NULL,
            entry_id BIGINT REFERENCES credential_entries(id), updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX credential_blanks_state ON credential_blanks (kind, status)",
        """
        CREATE TABLE credential_blank_events (
            id {{id}}, serial TEXT NOT NULL REFERENCES credential_blanks(serial), at TEXT NOT NULL, status TEXT NOT NULL,
            note TEXT NOT NULL, by TEXT NOT NULL
        )
        """,
        "CREATE INDEX credential_blank_events_serial ON credential_blank_events (serial, id)",
    ])

    /// Transfers of the registers a body holds to another, by decision (custody after mergers).
    public static let custody = SchemaMigration("0036_credential_custody", [
        """
        CREATE TABLE credential_custody (
            id {{id}}, from_body TEXT NOT NULL, to_body TEXT NOT NULL, since TEXT NOT NULL, decision TEXT NOT NULL,
            recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL
        )
        """,
    ])

    /// Each entry's holder linked to the registry's student, and how.
    public static let holderLinks = SchemaMigration("0038_credential_holder_links", [
        "ALTER TABLE credential_entries ADD COLUMN student_id BIGINT REFERENCES students(id)",
        "ALTER TABLE credential_entries ADD COLUMN link_method TEXT",
        "CREATE INDEX students_name_birth ON students (name_key, date_of_birth)",
    ])

    /// Scanned register pages, stored once per content, and the page each entry was transcribed from.
    public static let pageScans = SchemaMigration("0039_credential_page_scans", [
        """
        CREATE TABLE credential_page_scans (
            id {{id}}, sha256 TEXT NOT NULL UNIQUE, media_type TEXT NOT NULL, size INTEGER NOT NULL, content {{blob}} NOT NULL,
            file_name TEXT NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL
        )
        """,
        "ALTER TABLE credential_entries ADD COLUMN page_scan_id BIGINT REFERENCES credential_page_scans(id)",
        "CREATE INDEX credential_entries_page_scan ON credential_entries (page_scan_id)",
    ])

    /// Double entry: a batch (a register page) transcribed by two operators on their own, the third person's
    /// resolutions of their differences, and the entries the settled batch registered.
    public static let transcriptions = SchemaMigration("0040_credential_transcriptions", [
        """
        CREATE TABLE credential_transcription_batches (
            id {{id}}, label TEXT NOT NULL, issuer TEXT NOT NULL, page_scan_id BIGINT REFERENCES credential_page_scans(id),
            status TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, settled_at TEXT, settled_by TEXT
        )
        """,
        """
        CREATE TABLE credential_transcriptions (
            id {{id}}, batch_id BIGINT NOT NULL REFERENCES credential_transcription_batches(id), transcriber TEXT NOT NULL,
            transcriber_name TEXT NOT NULL, lines_enc TEXT NOT NULL, submitted_at TEXT NOT NULL, UNIQUE (batch_id, transcriber)
        )
        """,
        """
        CREATE TABLE credential_transcription_resolutions (
            batch_id BIGINT NOT NULL REFERENCES credential_transcription_batches(id), pair_key TEXT NOT NULL, field TEXT NOT NULL,
            value_enc TEXT NOT NULL, resolved_by TEXT NOT NULL, resolved_at TEXT NOT NULL, PRIMARY KEY (batch_id, pair_key, field)
        )
        """,
        "ALTER TABLE credential_entries ADD COLUMN transcription_batch_id BIGINT REFERENCES credential_transcription_batches(id)",
    ])

    /// Students the linkage model proposed as an entry's holder, for a person to settle: pending, linked (by the model
    /// or a person), distinct (a person said no; never proposed again) or withdrawn (no longer proposed).
    public static let holderCandidates = SchemaMigration("0041_credential_holder_candidates", [
        """
        CREATE TABLE credential_holder_candidates (
            entry_id BIGINT NOT NULL REFERENCES credential_entries(id), student_id BIGINT NOT NULL REFERENCES students(id),
            probability DOUBLE PRECISION NOT NULL, levels TEXT NOT NULL, status TEXT NOT NULL, proposed_at TEXT NOT NULL,
            decided_by TEXT, decided_at TEXT, PRIMARY KEY (entry_id, student_id)
        )
        """,
        "CREATE INDEX credential_holder_candidates_queue ON credential_holder_candidates (status, probability)",
    ])

    /// The holder's ethnicity (dân tộc) and who signed the diploma (người ký), as the register records them; empty for
    /// entries registered before they were kept.
    public static let ethnicityAndSigner = SchemaMigration("0042_credential_entry_ethnicity_signer", [
        "ALTER TABLE credential_entries ADD COLUMN ethnicity TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE credential_entries ADD COLUMN signer TEXT NOT NULL DEFAULT ''",
    ])

    /// Staff find entries by the holder's name (a prefix range on the folded key), and a batch issues a graduation year
    /// in serial order.
    public static let entryIndexes = SchemaMigration("0043_credential_entry_indexes", [
        "CREATE INDEX credential_entries_name ON credential_entries (name_key, id)",
        "CREATE INDEX credential_entries_year ON credential_entries (graduation_year, serial)",
    ])

    /// How an entry was checked against the paper register (a double-entry batch, or the record of a comparison made
    /// before the import); empty while it was not, and an unchecked entry is not issued.
    public static let entryVerification = SchemaMigration("0044_credential_entry_verification", [
        "ALTER TABLE credential_entries ADD COLUMN verification TEXT",
        // Entries a settled double-entry batch registered before this column were checked by it.
        """
        UPDATE credential_entries SET verification = 'Nhập liệu hai lần, đợt ' || transcription_batch_id
        WHERE transcription_batch_id IS NOT NULL
        """,
    ])
}
