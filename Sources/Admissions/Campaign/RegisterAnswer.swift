import EduCore
import Quality

extension ApplicationForm {
    /// What the population register answered about the child as the family applies (nil: no answer in time) makes
    /// of the application; answers the identity to record. A typed child whose particulars it confirms is `register`
    /// (the school still checks the papers: the particulars say nothing of who applies); particulars it does not know
    /// are refused as a likely typo. With `residenceWanted`, the residence is the register's answer, verified there;
    /// without one, the family is asked to choose the commune.
    public mutating func take(_ verdict: RegisterVerdict?, identity: IdentitySource, residenceWanted: Bool) throws -> IdentitySource {
        switch verdict?.status {
        case .verified?:
            if residenceWanted {
                guard let registered = verdict?.residence else { throw AdmissionsError.registerNoResidence }
                residence = Residence(communeCode: registered.communeCode, locality: registered.locality)
                residenceFromRegister = true
            }
            return identity == .typed ? .register : identity
        case .mismatch?, .notFound?:
            if identity == .typed { throw AdmissionsError.registerMismatch }
            if residenceWanted { throw AdmissionsError.registerNoResidence }
            return identity
        case nil:
            if residenceWanted { throw AdmissionsError.registerNoResidence }
            return identity
        }
    }
}
