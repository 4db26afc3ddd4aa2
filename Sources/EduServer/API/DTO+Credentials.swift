import Credentials
import EduCore
import Vapor

extension DTO {
    /// A register entry for department staff and their systems: every field, its holder's link, what was issued from
    /// it, and its corrections and revocations (oldest first).
    struct RegisterEntry: Content {
        let id: Int, kind: String, serial: String, registerNumber: String, fullName: String, dateOfBirth: String
        let gender: Gender?, birthplace: String, ethnicity: String, nationalId: String?, school: String, graduationYear: Int
        let classification: String, decisionNumber: String, decisionDate: String, signer: String, issuer: String, status: String
        let pageScanId: Int?, studentId: Int?, linkMethod: String?, verification: String?
        let issuances: [RegisterEntries.Issuance]
        let history: [RegisterStore.Event]

        init(_ entry: RegisterEntries.Detail, history: [RegisterStore.Event]) {
            let summary = entry.summary
            id = summary.id; kind = summary.kind; serial = summary.serial; registerNumber = summary.registerNumber
            fullName = summary.fullName; dateOfBirth = summary.dateOfBirth; gender = entry.gender; birthplace = entry.birthplace
            ethnicity = entry.ethnicity; nationalId = entry.nationalID; school = summary.school; graduationYear = summary.graduationYear
            classification = entry.classification; decisionNumber = entry.decisionNumber; decisionDate = entry.decisionDate
            signer = entry.signer; issuer = entry.issuer; status = summary.status
            verification = entry.verification
            pageScanId = entry.pageScan?.id; studentId = entry.holder?.studentID; linkMethod = entry.holder?.method
            issuances = entry.issuances
            self.history = history
        }
    }

    /// A correction decision and the fields it changes (`full_name`, `date_of_birth`, `gender`, `birthplace`, `school`,
    /// `classification`, `ethnicity`, `signer`); a field given its current value is no change.
    struct RegisterCorrection: Content {
        let decisionNumber: String
        /// YYYY-MM-DD (dd/mm/yyyy accepted too).
        let decisionDate: String
        let changes: [String: String]

        enum CodingKeys: String, CodingKey { case decisionNumber = "decision_number", decisionDate = "decision_date", changes }
    }

    /// A revocation decision and its legal ground (`a`, `b`, `c`, `d`, `dd`, `e`: TT 21/2019 Điều 25).
    struct RegisterRevocation: Content {
        let decisionNumber: String
        /// YYYY-MM-DD (dd/mm/yyyy accepted too).
        let decisionDate: String
        let ground: String

        enum CodingKeys: String, CodingKey { case decisionNumber = "decision_number", decisionDate = "decision_date", ground }
    }

    /// How the entry was checked against the paper register (a comparison's record).
    struct RegisterVerification: Content {
        let record: String
    }
}
