import Access
import ArgumentParser
import EduCore
import Foundation
import Records
import Signing

struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "records", abstract: "School records (học bạ): assessment results.",
                                                    subcommands: [YearResults.self, DemoYearCommand.self, HocBaCommand.self, HistoricCommand.self])

    /// The contract schools and checkers rely on: marks and conduct (TT22) or marks and qualities (TT27) in,
    /// per-subject results and per-student results out.
    struct YearResults: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "year-results",
            abstract: "Compute year results from a gradebook export: averages, learning and conduct, promotion and awards (TT22); the year result and completion of the grade (TT27).")
        @Option(help: "The assessment rules: tt22 (THCS, THPT, from 2021-2022) or tt27 (primary, from 2020-2021)") var regime: Regime
        @Option(help: "CSV or XLSX: student_id,subject,semester,kind,value (tt22: kind tx, gk, ck or nx, value 0-10 or Đ/CĐ; tt27: kind gk or ck with T/H/C, ktgk or ktck with a test score 0-10)")
        var marks: String
        @Option(help: "tt22, CSV or XLSX: student_id,conduct_hk1,conduct_hk2,absences") var conduct: String?
        @Option(help: "tt22, CSV or XLSX: subject,lessons_per_year (how many regular marks a semester needs; without it, at least one)")
        var lessons: String?
        @Option(help: "tt22: how a comment subject's year follows from its semesters: second-semester or both-semesters (unverified rule, see docs/records.md; default: EDUVN_TT22_COMMENT_YEAR, else second-semester)")
        var commentYear: TT22Rules.CommentYearRule?
        @Option(help: "tt27, CSV or XLSX: student_id,item,semester,kind,value (a quality or competence; kind gk or ck; Tốt, Đạt or Cần cố gắng)")
        var qualities: String?
        @Option(help: "tt27: the grade of the students in the files, 1 to 5") var grade: Int?
        @Option(help: "tt27: the subjects with periodic tests, comma-separated (default: Tiếng Việt and Toán; from grade 3 Ngoại ngữ 1, Tin học và Công nghệ; from grade 4 Lịch sử và Địa lý, Khoa học)")
        var tested: String?
        @Option(help: "tt22, CSV or XLSX: student_id,kind,subject,value: the summer's re-tests (kind kt, a subject to re-take, a mark or Đ/CĐ) and conduct after summer training (kind rl, no subject); adds retest to the subjects file and learning_after_summer,conduct_after_summer,outcome_after_summer to the students file")
        var summer: String?
        @Option(help: "Per subject: student_id,subject,hk1,hk2,year (tt22) or student_id,subject,gk1,ck1,gk2,ck2,ktgk1,ktck1,ktgk2,ktck2 (tt27)")
        var outSubjects: String
        @Option(help: "Per student: student_id,learning_hk1,learning_hk2,learning_year,conduct_year,outcome,award (tt22) or student_id,result,outcome,award (tt27)")
        var outStudents: String

        enum Regime: String, ExpressibleByArgument { case tt22, tt27 }

        func validate() throws {
            switch regime {
            case .tt22:
                guard conduct != nil else { throw ValidationError("--regime tt22 needs --conduct") }
                guard qualities == nil, grade == nil, tested == nil else {
                    throw ValidationError("--qualities, --grade and --tested belong to --regime tt27")
                }
            case .tt27:
                guard qualities != nil, let grade else { throw ValidationError("--regime tt27 needs --qualities and --grade") }
                guard (1...5).contains(grade) else { throw ValidationError("--grade is 1 to 5 in primary school") }
                guard conduct == nil, lessons == nil, summer == nil else {
                    throw ValidationError("--conduct, --lessons and --summer belong to --regime tt22")
                }
            }
        }

        func run() async throws {
            try await runReporting {
                let count: Int
                switch regime {
                case .tt22: count = try tt22(conduct: conduct!)
                case .tt27: count = try tt27(qualities: qualities!, grade: grade!)
                }
                print("\(count) học sinh/students → \(outSubjects), \(outStudents)")
            }
        }

        private func tt22(conduct: String) throws -> Int {
            let input = try YearResultsInput.read(marks: marks, conduct: conduct, lessons: lessons)
            // The province's settings (EDUVN_TT22_*), as the server's; --comment-year wins over them.
            var rules = try RecordsSettings(environment: ProcessInfo.processInfo.environment).rules
            if let commentYear { rules.commentYear = commentYear }
            var results = input.students.map { rules.results(of: $0, lessonsPerYear: input.lessonsPerYear) }
            let summer = try self.summer.map { try YearResultsInput.readSummer($0, results: results) }
            if let summer {
                results = input.students.map { student in
                    var student = student
                    // A student the year sent to summer but absent from the file stays undecided (Chưa đủ dữ liệu); one in it
                    // is decided, a subject not listed keeping its year result.
                    student.summer = summer[student.studentID]
                    return rules.results(of: student, lessonsPerYear: input.lessonsPerYear)
                }
            }
            try YearResultsOutput.writeSubjects(results, to: outSubjects, summer: summer)
            try YearResultsOutput.writeStudents(results, to: outStudents, summer: summer != nil)
            return results.count
        }

        private func tt27(qualities: String, grade: Int) throws -> Int {
            let input = try PrimaryYearResultsInput.read(marks: marks, qualities: qualities)
            let subjects = tested.map { TestedSubjects(names: $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            let results = TT27Rules().results(of: input.students, grade: grade, qualities: input.qualities, tested: subjects ?? .standard)
            try YearResultsOutput.writePrimarySubjects(results, to: outSubjects)
            try YearResultsOutput.writePrimaryStudents(results, to: outStudents)
            return results.count
        }
    }
}

extension TT22Rules.CommentYearRule: ExpressibleByArgument {}

extension RecordsCommand {
    /// Past years from paper học bạ or an old system, in the labels of their time (TT58 before TT22 reached the grade).
    struct HistoricCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "historic",
            abstract: "Import past years' results (so_dinh_danh|ma_hoc_sinh, nam_hoc, khoi, truong, hoc_luc, hanh_kiem, dtb_ca_nam, ket_qua, khen_thuong).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "CSV or XLSX file") var file: String
        @Flag(help: "Check and count, write nothing") var dryRun = false
        @Option(help: "First school year of TT22/TT27 by grade, e.g. 6:2021,7:2022 (default EDUVN_REGIME_FROM, else the unverified defaults in docs/records.md)")
        var regimeFrom: String?

        func run() async throws {
            let (file, dryRun, regimeFrom) = (self.file, self.dryRun, self.regimeFrom)
            try await runReporting {
                let schedule = try regimeFrom.map(RegimeSchedule.init(parsing:))
                    ?? RecordsSettings(environment: ProcessInfo.processInfo.environment).schedule
                let rows = try HistoricResultsFile.read(file, schedule: schedule)
                try await CommandSession.with(database) { session in
                    let tally = try await session.database.transaction { db in
                        try await HistoricResultsStore(db, cipher: session.cipher).importRows(rows, dryRun: dryRun, by: .commandLine)
                    }
                    print("\(dryRun ? "(thử / dry run) " : "")mới/created \(tally.created), cập nhật/updated \(tally.updated), "
                          + "không đổi/unchanged \(tally.unchanged)")
                }
            }
        }
    }
}

extension RecordsCommand {
    struct DemoYearCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-year",
            abstract: "Fill a class's school year with DEMO marks and conduct, submitted, confirmed and approved (for trying học bạ).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The class (id)") var `class`: Int
        @Option(help: "Seed: the same seed gives the same marks") var seed: UInt64 = 1

        func run() async throws {
            let (classID, seed) = (self.class, self.seed)
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let settings = session.configuration.records
                    try await session.database.transaction { db in try await DemoYear.fill(classID: classID, seed: seed, settings: settings, db) }
                    print("demo year: class \(classID) approved for both semesters")
                }
            }
        }
    }

    struct HocBaCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hoc-ba", abstract: "Học bạ documents: make, sign in order, export.",
                                                        subcommands: [Draft.self, Sign.self, Export.self, ExportSchool.self, ImportTransfer.self])

        struct Draft: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make the next version of every student's học bạ of a class (its year must be approved).")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The class (id)") var `class`: Int
            @Flag(help: "Also make a new version for each student whose record changed since their current one (after a correction); without it, a re-run drafts only the missing ones")
            var newVersion = false
            @Option(help: "A student (id) moving school after semester I: make only their record of semester I (semester I must be approved)")
            var leaving: Int?

            func run() async throws {
                let (classID, newVersion, leaving) = (self.class, self.newVersion, self.leaving)
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        let store = try session.hocBa()
                        let drafts = if let leaving {
                            [try await store.draft(studentID: leaving, classID: classID, leavingAfterFirstSemester: true, by: .commandLine)]
                        } else {
                            try await store.draftClass(classID: classID, newVersions: newVersion, by: .commandLine)
                        }
                        for draft in drafts {
                            print("\(draft.studentID)\tv\(draft.version)\t\(draft.id)")
                        }
                    }
                }
            }
        }

        /// A batch: each document is signed in its own transaction, so an interruption leaves every document
        /// signed or as it was, and running the command again carries on where it stopped.
        struct Sign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Sign the class's current học bạ that wait for this signer's turn (homeroom teacher, principal or seal).")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The class (id)") var `class`: Int
            @Option(help: "The signer (see eduvn pki list)") var signer: String
            @Flag(help: "Read the token's PIN from standard input") var pinStdin = false

            /// Every signature is time-stamped (PAdES-B-T) by EDUVN_TSA_URL or the DEMO authority.
            func run() async throws {
                let (classID, signerName) = (self.class, signer)
                let pin = pinStdin ? readLine(strippingNewline: true) : nil
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        let timestamping = try await SignCommand.timestamping(session)
                        let (turn, signed, waiting) = try await session.hocBa().signClass(
                            classID: classID, signerName: signerName, pin: pin, timestamping: timestamping, signers: session.signers(),
                            by: .commandLine)
                        print("signed \(signed) as \(turn.rawValue); \(waiting) waiting for an earlier signature")
                    }
                }
            }
        }

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the class's current học bạ: STUDENT-vN.pdf and STUDENT-vN.json per student.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The class (id)") var `class`: Int
            @Option(help: "The folder to write into") var out: String

            func run() async throws {
                let (classID, folder) = (self.class, out)
                try await runReporting {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try await CommandSession.with(database) { session in
                        let documents = try await session.hocBa().currentVersions(classID: classID)
                        for document in documents {
                            let base = (folder as NSString).appendingPathComponent("\(document.studentID)-v\(document.version)")
                            try write(Data(document.pdf), to: base + ".pdf")
                            // The bytes whose digest the signed PDF carries, so another school can check them.
                            try write(Data(document.json.utf8), to: base + ".json")
                        }
                        print("exported \(documents.count) học bạ to \(folder)")
                    }
                }
            }
        }

        struct ExportSchool: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "export-school",
                abstract: "Write a school's fully signed học bạ of a school year for the Ministry's database: a ZIP of hoc-ba.jsonl (keyed by the personal ID) and the PDFs.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The school's code") var school: String
            @Option(help: "The school year, e.g. 2025-2026") var year: String
            @Option(help: "The ZIP file to write") var out: String

            func run() async throws {
                let (school, year, out) = (school, year, out)
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        let (items, unsigned) = try await session.hocBa()
                            .schoolBatch(schoolCode: school, schoolYear: year, by: .commandLine)
                        try HocBaArchive.write(items, to: out)
                        print("exported \(items.count) signed học bạ to \(out); \(unsigned) not fully signed yet")
                    }
                }
            }
        }

        /// The receiving school's side of a transfer: the exported PDF and JSON of another school's signed học bạ.
        struct ImportTransfer: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import-transfer",
                abstract: "Take in a học bạ a student brings from another school: verified (three trusted signatures, the data matching), then kept.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The student at this school (id)") var student: Int
            @Option(help: "The signed PDF") var pdf: String
            @Option(help: "Its data (JSON), as exported with it") var json: String

            func run() async throws {
                let (studentID, pdfPath, jsonPath) = (student, pdf, json)
                try await runReporting {
                    let pdf = try read(pdfPath), json = try read(jsonPath)
                    try await CommandSession.with(database) { session in
                        let id = try await session.hocBa().importTransferred(
                            pdf: Array(pdf), json: Array(json), studentID: studentID, verifier: try await session.signers().documentVerifier(),
                            by: .commandLine)
                        print("imported transferred học bạ \(id) for student \(studentID)")
                    }
                }
            }
        }
    }
}
