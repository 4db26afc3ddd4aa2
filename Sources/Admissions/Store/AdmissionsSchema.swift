import Storage

/// Admissions campaigns, the schools in each with their quotas and seats taken, applications with their ranked
/// preferences, and the placements an allocation writes back. Scores and points are whole hundredths.
public enum AdmissionsSchema {
    public static let migration = SchemaMigration("0013_admissions", [
        """
        CREATE TABLE admission_campaigns (
            id {{id}}, school_year TEXT NOT NULL, entry_grade INTEGER NOT NULL, method TEXT NOT NULL,
            preference_count INTEGER NOT NULL, rank_penalty INTEGER NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (school_year, entry_grade)
        )
        """,
        """
        CREATE TABLE admission_schools (
            campaign_id BIGINT NOT NULL REFERENCES admission_campaigns(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            quota INTEGER NOT NULL CHECK (quota >= 0), specialised INTEGER NOT NULL, cutoff INTEGER, admitted INTEGER,
            enrolled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (campaign_id, school_id), CHECK (enrolled <= quota)
        )
        """,
        """
        CREATE TABLE admission_applications (
            id {{id}}, campaign_id BIGINT NOT NULL REFERENCES admission_campaigns(id),
            national_id_enc TEXT NOT NULL, national_id_hash TEXT NOT NULL, full_name TEXT NOT NULL,
            date_of_birth TEXT NOT NULL, score INTEGER, priority_points INTEGER NOT NULL, tiebreak BIGINT NOT NULL,
            direct_school_id BIGINT REFERENCES schools(id), consent_to_publish INTEGER NOT NULL, status TEXT NOT NULL,
            placed_school_id BIGINT REFERENCES schools(id), placed_rank INTEGER, explanation_vi TEXT, explanation_en TEXT,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (campaign_id, national_id_hash), UNIQUE (campaign_id, tiebreak)
        )
        """,
        """
        CREATE TABLE admission_preferences (
            application_id BIGINT NOT NULL REFERENCES admission_applications(id), rank INTEGER NOT NULL,
            school_id BIGINT NOT NULL REFERENCES schools(id), PRIMARY KEY (application_id, rank),
            UNIQUE (application_id, school_id)
        )
        """,
    ])

    /// Applications guardians make themselves, and each application's history as its family sees it.
    public static let families = SchemaMigration("0023_admission_families", [
        "ALTER TABLE admission_applications ADD COLUMN family_account_id BIGINT REFERENCES family_accounts(id)",
        "ALTER TABLE admission_applications ADD COLUMN identity_source TEXT NOT NULL DEFAULT 'staff'",
        "CREATE INDEX admission_applications_family ON admission_applications (family_account_id) WHERE family_account_id IS NOT NULL",
        """
        CREATE TABLE admission_events (
            id {{id}}, application_id BIGINT NOT NULL REFERENCES admission_applications(id), at TEXT NOT NULL, kind TEXT NOT NULL,
            detail_vi TEXT NOT NULL, detail_en TEXT NOT NULL
        )
        """,
        "CREATE INDEX admission_events_application ON admission_events (application_id, id)",
    ])

    /// A campaign's scoring rules (papers, weights, minimums, priority and prize points) as data, and each application's
    /// paper scores, accepted claims and eligibility.
    public static let rules = SchemaMigration("0026_campaign_rules", [
        "ALTER TABLE admission_campaigns ADD COLUMN rules TEXT",
        "ALTER TABLE admission_applications ADD COLUMN papers TEXT",
        "ALTER TABLE admission_applications ADD COLUMN priority_group TEXT",
        "ALTER TABLE admission_applications ADD COLUMN prize TEXT",
        "ALTER TABLE admission_applications ADD COLUMN ineligible_vi TEXT",
        "ALTER TABLE admission_applications ADD COLUMN ineligible_en TEXT",
    ])

    /// Catchments (tuyến) of grade 1 and 6 schools as versioned lists of areas, the residence each application states
    /// and its verification, and the days a campaign takes applications.
    public static let catchments = SchemaMigration("0027_catchments", [
        """
        CREATE TABLE admission_catchments (
            id {{id}}, campaign_id BIGINT NOT NULL REFERENCES admission_campaigns(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            version INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (campaign_id, school_id, version)
        )
        """,
        """
        CREATE TABLE admission_catchment_areas (
            catchment_id BIGINT NOT NULL REFERENCES admission_catchments(id), commune_code TEXT NOT NULL,
            locality TEXT NOT NULL, locality_key TEXT NOT NULL, PRIMARY KEY (catchment_id, commune_code, locality_key)
        )
        """,
        "ALTER TABLE admission_schools ADD COLUMN catchment_only INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE admission_campaigns ADD COLUMN opens_on TEXT",
        "ALTER TABLE admission_campaigns ADD COLUMN closes_on TEXT",
        "ALTER TABLE admission_applications ADD COLUMN residence_commune TEXT",
        "ALTER TABLE admission_applications ADD COLUMN residence_locality TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE admission_applications ADD COLUMN residence_status TEXT",
        "ALTER TABLE admission_applications ADD COLUMN residence_note TEXT",
        "CREATE INDEX admission_applications_residence ON admission_applications (campaign_id, residence_status)",
    ])

    /// The last day families may confirm a place, and the deadline whose unconfirmed places were last released.
    public static let confirmationDeadline = SchemaMigration("0032_confirmation_deadline", [
        "ALTER TABLE admission_campaigns ADD COLUMN confirm_by TEXT",
        "ALTER TABLE admission_campaigns ADD COLUMN released_for TEXT",
    ])

    /// Appeals against published results and the department's decisions; one waiting at a time per application.
    public static let appeals = SchemaMigration("0033_admission_appeals", [
        """
        CREATE TABLE admission_appeals (
            id {{id}}, application_id BIGINT NOT NULL REFERENCES admission_applications(id), grounds TEXT NOT NULL, status TEXT NOT NULL,
            family_account_id BIGINT REFERENCES family_accounts(id), filed_by TEXT NOT NULL, filed_at TEXT NOT NULL,
            decided_by TEXT, decided_at TEXT, decision_note TEXT, school_id BIGINT REFERENCES schools(id)
        )
        """,
        "CREATE UNIQUE INDEX admission_appeals_pending ON admission_appeals (application_id) WHERE status = 'pending'",
        "CREATE INDEX admission_appeals_application ON admission_appeals (application_id)",
    ])

    /// New preferences for the supplementary round, registered by applicants placed nowhere while the department keeps
    /// registration open.
    public static let supplementaryPreferences = SchemaMigration("0034_supplementary_preferences", [
        "ALTER TABLE admission_campaigns ADD COLUMN supplementary_until TEXT",
        """
        CREATE TABLE admission_supplementary_preferences (
            application_id BIGINT NOT NULL REFERENCES admission_applications(id), rank INTEGER NOT NULL,
            school_id BIGINT NOT NULL REFERENCES schools(id), PRIMARY KEY (application_id, rank), UNIQUE (application_id, school_id)
        )
        """,
    ])

    /// How many times each family account asked the population register about a child on a day (a daily limit).
    public static let registerLookups = SchemaMigration("0037_admission_register_lookups", [
        """
        CREATE TABLE admission_register_lookups (
            account_id BIGINT NOT NULL REFERENCES family_accounts(id), day TEXT NOT NULL, lookups INTEGER NOT NULL,
            PRIMARY KEY (account_id, day)
        )
        """,
    ])
}
