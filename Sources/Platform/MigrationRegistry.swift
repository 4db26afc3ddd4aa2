import Access
import Admissions
import Credentials
import Quality
import FluentKit
import Records
import Registry
import Signing
import Storage

/// Every schema migration, in the order it runs. The one place migrations are registered:
/// append new ones at the end; never edit or reorder one that has landed.
public enum MigrationRegistry {
    public static let all: [any Migration] = [
        JobQueue.migration,
        AuditLog.migration,
        AccountStore.migration,
    ] + RegistrySchema.all + SigningSchema.all + [
        AuditSeals.migration,
        SigningSchema.revocations,
        GradebookSchema.migration,
        GradebookSchema.hocBa,
        AdmissionsSchema.migration,
        QualitySchema.migration,
        CredentialsSchema.migration,
        CredentialsSchema.issuances,
        ReconciliationSchema.migration,
        LinkageSchema.migration,
        ReconciliationSchema.staffAndSchedules,
        CredentialsSchema.copies,
        FamilyAccountStore.migration,
        RegistrySchema.guardianPhones,
        AdmissionsSchema.families,
        HistoricResultsStore.migration,
        VerifierKeyStore.migration,
        AdmissionsSchema.rules,
        AdmissionsSchema.catchments,
        GradebookSchema.qualities,
        QualitySchema.staffFindings,
        QualitySchema.classAndSchoolFindings,
        LinkageSchema.staff,
        AdmissionsSchema.confirmationDeadline,
        AdmissionsSchema.appeals,
        AdmissionsSchema.supplementaryPreferences,
        CredentialsSchema.blanks,
        CredentialsSchema.custody,
        AdmissionsSchema.registerLookups,
        CredentialsSchema.holderLinks,
        CredentialsSchema.pageScans,
        CredentialsSchema.transcriptions,
        CredentialsSchema.holderCandidates,
        CredentialsSchema.ethnicityAndSigner,
        CredentialsSchema.entryIndexes,
        CredentialsSchema.entryVerification,
        GradebookSchema.summer,
        GradebookSchema.replacedTransfers,
        JobQueue.chunks,
        GuardianStore.migration,
        SchoolYearStore.migration,
        AuditLog.actorIndex,
        DataKeyCheck.migration,
        RegistrySchema.caseFreeCodes,
    ]
}
