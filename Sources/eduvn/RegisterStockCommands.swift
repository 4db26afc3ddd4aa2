import ArgumentParser
import Credentials
import EduCore
import Foundation
import Tabular

/// `eduvn credentials blanks`: the stock of blank forms (phôi) — received by a document, spoiled or cancelled with the
/// reason, one blank's history, and how many stand in each state. Issuing happens by registering an entry.
struct BlanksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "blanks", abstract: "Blank forms (phôi): receive, spoil, cancel, show, report.",
                                                    subcommands: [Receive.self, Spoil.self, Cancel.self, Show.self, Report.self])

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a run of blanks into stock, both ends included (AB0000001 to AB0005000).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "THPT, THCS or CC") var kind: String
        @Option(help: "The first serial") var from: String
        @Option(help: "The last serial") var to: String
        @Option(help: "The document they came with (a delivery note's number)") var document: String

        func run() async throws {
            try await runReporting {
                guard let kind = CredentialKind(parsing: kind) else {
                    throw EduError("blanks.kind", vi: "Loại phôi là THPT, THCS hoặc CC", en: "The kind is THPT, THCS or CC")
                }
                let range = try SerialRange(from: from, to: to)
                try await CommandSession.with(database) { session in
                    let document = document
                    let count = try await session.database.transaction { try await BlankStore($0).receive(range, kind: kind, document: document, by: .commandLine) }
                    print("\(count) phôi nhập kho / blanks received")
                }
            }
        }
    }

    struct Spoil: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A blank in stock damaged or misprinted.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The blank's serial") var serial: String
        @Option(help: "What happened to it") var reason: String

        func run() async throws { try await retire(database, serial, .spoiled, reason) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A blank in stock or spoiled, destroyed by decision.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The blank's serial") var serial: String
        @Option(help: "The decision and reason") var reason: String

        func run() async throws { try await retire(database, serial, .cancelled, reason) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One blank: its state and history.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The blank's serial") var serial: String

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let store = BlankStore(session.database.sql)
                    guard let blank = try await store.blank(serial: serial) else {
                        throw EduError("blanks.not_found", vi: "Không có phôi mang số hiệu này", en: "No blank has this serial")
                    }
                    print("\(blank.serial) \(blank.kind.rawValue): \(blank.status.label.vi) / \(blank.status.label.en)")
                    for event in try await store.history(serial: serial) {
                        print("  \(event.at)  \(event.status.rawValue)  \(event.note)  (\(event.by))")
                    }
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many blanks of each kind stand in each state.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    for (kind, counts) in try await BlankStore(session.database.sql).tally().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                        print(kind.rawValue + ": " + BlankStatus.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
                    }
                }
            }
        }
    }
}

private func retire(_ database: DatabaseOptions, _ serial: String, _ status: BlankStatus, _ reason: String) async throws {
    try await runReporting {
        try await CommandSession.with(database) { session in
            try await session.database.transaction { try await BlankStore($0).retire(serial: serial, to: status, reason: reason, by: .commandLine) }
            print("\(RegisterEntryDraft.normalizedSerial(serial)): \(status.label.vi) / \(status.label.en)")
        }
    }
}

/// `eduvn credentials custody`: the registers a body holds handed to another by decision (a merger), and who holds
/// each issuing body's registers now.
struct CustodyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "custody", abstract: "Custody of the registers after mergers: transfer, list.",
                                                    subcommands: [Transfer.self, List.self])

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand everything a body holds to another, by a decision, from a day.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The body handing its registers on") var from: String
        @Option(help: "The body receiving them") var to: String
        @Option(help: "From this day (YYYY-MM-DD)") var since: String
        @Option(help: "The decision") var decision: String

        func run() async throws {
            try await runReporting {
                guard let day = CalendarDate(iso: since) else {
                    throw EduError("custody.since", vi: "Ngày viết dạng YYYY-MM-DD", en: "Write the day as YYYY-MM-DD")
                }
                try await CommandSession.with(database) { session in
                    let (from, to, decision) = (from, to, decision)
                    try await session.database.transaction { try await CustodyStore($0).transfer(from: from, to: to, since: day, decision: decision, by: .commandLine) }
                    print("\(from) → \(to)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each issuing body and who holds its registers now; then every transfer.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let store = CustodyStore(session.database.sql)
                    for (issuer, holder) in try await store.holders().sorted(by: { $0.key < $1.key }) { print("\(issuer)\t\(holder)") }
                    for transfer in try await store.transfers() {
                        print("  \(transfer.since.iso)  \(transfer.from) → \(transfer.to)  (\(transfer.decision); \(transfer.recordedBy))")
                    }
                }
            }
        }
    }
}

/// `eduvn credentials link-holders`: each entry's holder linked to the registry's student (personal ID, then the linkage
/// model; or the exact rules alone: personal ID, then name and birth date), and the entries that could not be linked listed.
struct LinkHoldersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link-holders",
                                                    abstract: "Link holders to the registry's students; list the entries that could not be linked.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Where to write the unlinked entries (CSV or XLSX: serial, full_name, date_of_birth, reason)") var unlinkedOut: String?
    @Option(help: "Match probability from which the linkage model links on its own, when no other student comes close")
    var linkAt = HolderLinkage.Thresholds.standard.linkAt
    @Option(help: "Match probability from which a student is proposed to a person (the web page Chủ văn bằng)")
    var reviewFrom = HolderLinkage.Thresholds.standard.reviewFrom
    @Flag(help: "Only the exact rules (personal ID, then name and birth date), not the linkage model: faster, more wrong links") var exactOnly = false
    @Flag(help: "First undo the links the name-and-birth rule made (before 2026-11-24 runs used it), for the model to judge them again")
    var rejudgeNameAndBirth = false

    func validate() throws {
        guard (0...1).contains(reviewFrom), (reviewFrom...1).contains(linkAt) else {
            throw ValidationError("0 ≤ --review-from ≤ --link-at ≤ 1")
        }
        guard !(exactOnly && rejudgeNameAndBirth) else {
            throw ValidationError("--rejudge-name-and-birth chỉ dùng cho lượt chạy có mô hình, không với --exact-only "
                                  + "/ --rejudge-name-and-birth is for the model's run, not --exact-only")
        }
    }

    func run() async throws {
        try await runReporting {
            // The output's kind checked before anything is linked.
            let format = try unlinkedOut.map { path in
                guard let format = TableFormat.of(path: path) else {
                    throw EduError("file.format", vi: "Tệp ra phải là .csv hoặc .xlsx", en: "The output file is .csv or .xlsx")
                }
                return format
            }
            try await CommandSession.with(database) { session in
                if rejudgeNameAndBirth {
                    let undone = try await session.database.transaction { try await HolderLinks($0).unlinkNameAndBirth(by: .commandLine) }
                    print("\(undone) liên kết theo họ tên và ngày sinh đã huỷ để mô hình xét lại / links by name and birth date undone for the model to judge again")
                }
                let outcome = exactOnly ? nil : try await HolderLinkage.run(
                    session.database, cipher: session.cipher, thresholds: HolderLinkage.Thresholds(linkAt: linkAt, reviewFrom: reviewFrom), by: .commandLine)
                let tally = if let outcome { outcome.exact } else {
                    try await session.database.transaction { try await HolderLinks($0).link(by: .commandLine) }
                }
                if let outcome {
                    print("\(tally.byNationalID) theo số định danh, \(outcome.probable) theo mô hình liên kết, \(outcome.toReview) chờ người duyệt "
                          + "/ linked by personal ID, by the linkage model, waiting for review")
                } else {
                    print("\(tally.byNationalID) theo số định danh, \(tally.byNameAndBirth) theo họ tên và ngày sinh / linked by personal ID, by name and birth date")
                }
                let standing = try await HolderLinkage(session.database.sql).standing()
                print("\(standing.linkedTotal) đã liên kết, \(standing.unlinked) chưa / linked, unlinked")
                guard let unlinkedOut, let format else { return }
                let writer = try TableWriter(path: unlinkedOut, format: format, header: ["serial", "full_name", "date_of_birth", "reason"])
                for entry in try await HolderLinks(session.database.sql).unlinked(by: .commandLine) {
                    try writer.write([entry.serial, entry.fullName, entry.dateOfBirth, entry.reason.rawValue])
                }
                try writer.close()
            }
        }
    }
}
