import Access
import Credentials
import Foundation
import Records
import Registry
import Vapor

/// The OpenAPI 3.1 description of `/api/v1`, written by hand so that a test can hold it and the
/// registered routes against each other: a route missing here, or listed here but not served, fails it.
enum OpenAPIDocument {
    struct Operation {
        let method: String, path: String, summary: String
        var query: [String] = []
        var body: String? = nil
        var status = "200"
        /// What a success answers with; its schema is worked out from the type (`SchemaRecorder`).
        var response: (any Decodable.Type)? = nil
    }

    static var operations: [Operation] { [
        .init(method: "get", path: "/openapi.json", summary: "This document"),
        .init(method: "get", path: "/units", summary: "Administrative units (department, communes, wards, special zones) in force on as_of, or every version",
              query: ["as_of", "cursor", "limit"], response: DTO.Page<DTO.Unit>.self),
        .init(method: "get", path: "/units/{id}", summary: "One unit, with the units merged into it", response: DTO.UnitHistory.self),
        .init(method: "get", path: "/audit", summary: "The audit trail, newest first (the auditor and the department's administrator; the read is audited)",
              query: ["entity", "entity_id", "actor", "from", "to", "cursor"], response: DTO.Page<AuditLog.Entry>.self),
        .init(method: "get", path: "/school-years", summary: "School years and their first and last days, newest first", response: [SchoolYear].self),
        .init(method: "put", path: "/school-years/{code}", summary: "Set a school year's first and last day (department staff)", body: "school_year", response: SchoolYear.self),
        .init(method: "get", path: "/schools", summary: "Schools within reach", query: ["unit_id", "cursor", "limit"], response: DTO.Page<DTO.School>.self),
        .init(method: "post", path: "/schools", summary: "Create or update a school (import columns)", body: "record", status: "200", response: DTO.WriteResult.self),
        .init(method: "patch", path: "/schools/{id}", summary: "Change some fields of one school (import columns); the others stay. 422 when the new values name another record",
              body: "record", response: DTO.WriteResult.self),
        .init(method: "get", path: "/schools/{id}", summary: "One school", response: DTO.School.self),
        .init(method: "get", path: "/classes", summary: "Classes of a school", query: ["school_id", "school_year", "cursor", "limit"], response: DTO.Page<DTO.SchoolClass>.self),
        .init(method: "post", path: "/classes", summary: "Create or update a class (import columns)", body: "record", response: DTO.WriteResult.self),
        .init(method: "patch", path: "/classes/{id}", summary: "Change some fields of one class (import columns); the others stay. 422 when the new values name another record",
              body: "record", response: DTO.WriteResult.self),
        .init(method: "get", path: "/classes/{id}", summary: "One class", response: DTO.SchoolClass.self),
        .init(method: "get", path: "/students", summary: "Students within reach", query: ["school_id", "class_id", "cursor", "limit"], response: DTO.Page<DTO.Student>.self),
        .init(method: "post", path: "/students", summary: "Create or update a student (import columns)", body: "record", response: DTO.WriteResult.self),
        .init(method: "patch", path: "/students/{id}", summary: "Change some fields of one student (import columns); the others stay. 422 when the new values name another record",
              body: "record", response: DTO.WriteResult.self),
        .init(method: "post", path: "/students/search", summary: "Find students by name prefix, student code or personal ID", body: "search", response: DTO.Page<DTO.Student>.self),
        .init(method: "get", path: "/students/{id}", summary: "A student's full record, with their guardians and enrolments across schools and years (audited)", response: DTO.StudentDetail.self),
        .init(method: "post", path: "/students/{id}/guardians", summary: "Add a guardian (name, phone, relationship), who may then sign in as the family",
              body: "guardian", status: "201", response: Guardian.self),
        .init(method: "delete", path: "/students/{id}/guardians/{guardian}", summary: "Remove an added guardian", status: "204"),
        .init(method: "get", path: "/staff", summary: "Staff within reach", query: ["school_id", "cursor", "limit"], response: DTO.Page<DTO.Staff>.self),
        .init(method: "post", path: "/staff", summary: "Create or update a staff member (import columns)", body: "record", response: DTO.WriteResult.self),
        .init(method: "patch", path: "/staff/{id}", summary: "Change some fields of one staff member (import columns); the others stay. 422 when the new values name another record",
              body: "record", response: DTO.WriteResult.self),
        .init(method: "get", path: "/staff/{id}", summary: "A staff member's record (audited)", response: DTO.StaffDetail.self),
        .init(method: "post", path: "/imports", summary: "Queue an import; the body is the CSV or XLSX file",
              query: ["sheet", "format", "dry_run"], body: "file", status: "202", response: DTO.ImportJob.self),
        .init(method: "get", path: "/imports/{id}", summary: "An import job's state, progress and report", response: DTO.ImportJob.self),
        .init(method: "get", path: "/log/checkpoint", summary: "The transparency log's latest signed checkpoint and its key (public)", response: DTO.LogCheckpoint.self),
        .init(method: "get", path: "/log/entries/{index}", summary: "One log entry and its leaf hash (public)", response: DTO.LogEntry.self),
        .init(method: "get", path: "/log/proofs/inclusion", summary: "RFC 9162 inclusion proof of an entry in a tree size (public)",
              query: ["index", "size"]),
        .init(method: "get", path: "/log/proofs/consistency", summary: "RFC 9162 consistency proof between two tree sizes (public)",
              query: ["from", "to"]),
        .init(method: "post", path: "/classes/{id}/gradebooks",
              summary: "Assign a subject of the class to a teacher of its school (school administrator or principal)", body: "assignment", status: "201", response: TeachingAssignment.self),
        .init(method: "get", path: "/classes/{id}/gradebooks", summary: "The class's teaching assignments", response: [TeachingAssignment].self),
        .init(method: "get", path: "/gradebooks/{id}/semesters/{semester}", summary: "A subject's marks for a semester and its status (reads audited)", response: DTO.GradebookSheet.self),
        .init(method: "put", path: "/gradebooks/{id}/semesters/{semester}/marks",
              summary: "Enter or clear marks (the subject's teacher, while open); 422 lists every bad entry, none stored", body: "marks", response: DTO.Done.self),
        .init(method: "post", path: "/gradebooks/{id}/semesters/{semester}/submit", summary: "Submit the gradebook (its teacher; every mark the rules need present)", response: DTO.Done.self),
        .init(method: "post", path: "/gradebooks/{id}/semesters/{semester}/reopen",
              summary: "Give a submitted gradebook back to its teacher, with the reason (the homeroom teacher or the principal, before confirmation)",
              body: "reopen", response: DTO.Done.self),
        .init(method: "post", path: "/gradebooks/{id}/semesters/{semester}/corrections",
              summary: "Ask to change a locked mark, with the reason (the subject's or homeroom teacher)", body: "correction", response: DTO.Done.self),
        .init(method: "post", path: "/corrections/{id}/decision", summary: "Approve or reject a correction request (the principal)", body: "decision", response: DTO.Done.self),
        .init(method: "put", path: "/classes/{id}/semesters/{semester}/conduct",
              summary: "Record conduct, absences and comments (the homeroom teacher)", body: "conduct", response: DTO.Done.self),
        .init(method: "put", path: "/classes/{id}/semesters/{semester}/qualities",
              summary: "Record a primary class's qualities and competences at gk or ck (the homeroom teacher, TT27)", body: "qualities", response: DTO.Done.self),
        .init(method: "get", path: "/classes/{id}/qualities", summary: "A primary class's qualities and competences per student (reads audited)", response: [DTO.StudentQualities].self),
        .init(method: "post", path: "/classes/{id}/semesters/{semester}/confirm", summary: "Confirm the semester (the homeroom teacher)", response: DTO.Done.self),
        .init(method: "post", path: "/classes/{id}/semesters/{semester}/approve", summary: "Approve the semester and lock its gradebooks (the principal)", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/campaigns", summary: "Start an admissions campaign (department staff)", body: "campaign", status: "201", response: DTO.CampaignBody.self),
        .init(method: "get", path: "/admissions/campaigns/{id}", summary: "A campaign and its status (department staff)", response: DTO.CampaignBody.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/schools/{school}", summary: "A school's quota in an open campaign", body: "quota", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/applications",
              summary: "Submit an application for a child (personal ID, preferences as school ids; a lottery number is drawn)",
              body: "application", status: "201", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/schedule", summary: "The days an open campaign takes applications", body: "schedule", response: DTO.CampaignBody.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/schools/{school}/catchment",
              summary: "A new version of a school's catchment (grades 1 and 6): communes and localities", body: "catchment", response: DTO.CatchmentBody.self),
        .init(method: "get", path: "/admissions/campaigns/{id}/schools/{school}/catchment", summary: "Every version of a school's catchment", response: DTO.CatchmentHistory.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/residences/check",
              summary: "Ask the population register about the residences still waiting (503 when it cannot answer)", response: DTO.ResidenceCheckBody.self),
        .init(method: "post", path: "/admissions/applications/{id}/residence",
              summary: "An officer verifies or refuses a stated residence, with a note (audited, told to the family)", body: "residence decision", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/applications/{id}/score", summary: "Record an application's score (\"37.75\")", body: "score", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/rules",
              summary: "The campaign's papers (subject, weight 1-3, minimum a paper must exceed); priority and prize points by TT 30/2024",
              body: "rules", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/scores",
              summary: "The exam board's results for the whole campaign: the CSV or XLSX file is the body (ma_ho_so and a column per paper, "
                  + "or diem); 422 lists every bad row, nothing stored", body: "file", response: DTO.ScoresLoaded.self),
        .init(method: "put", path: "/admissions/applications/{id}/papers",
              summary: "An application's paper scores; its score follows from the rules, or it is marked ineligible with the paper named", body: "papers", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/applications/{id}/claims",
              summary: "The priority group and prize accepted after checking the evidence; its priority points follow", body: "claims", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/close", summary: "Close a campaign to applications", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/allocate", summary: "Run the allocation and store placements, explanations and cut-offs", response: DTO.AllocationSummary.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/compare",
              summary: "Rank penalties side by side on the campaign's applicants (placed, NV1, better/worse than the first, reasons to reorder)",
              body: "compare", response: DTO.Comparison.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/publish", summary: "Publish the results", response: DTO.Done.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/confirmation-deadline",
              summary: "The last day families may confirm (today or later; allocated or published campaigns); the day after, the places "
                  + "not confirmed go back by themselves", body: "release", response: DTO.CampaignBody.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/release-unconfirmed",
              summary: "After the confirmation deadline (passed): applications admitted by it and not enrolled lapse and give their places back "
                  + "(each family told); 409 before the day is over", body: "release", response: DTO.Released.self),
        .init(method: "post", path: "/admissions/campaigns/{id}/supplementary",
              summary: "A supplementary round: the places not held go by the same rules to the applications placed nowhere", response: DTO.AllocationSummary.self),
        .init(method: "put", path: "/admissions/campaigns/{id}/supplementary-registration",
              summary: "Take new preferences for the supplementary round until the end of a day (`{\"deadline\"}`, published campaigns)", body: "release", response: DTO.CampaignBody.self),
        .init(method: "put", path: "/admissions/applications/{id}/supplementary-preferences",
              summary: "An unplaced application's new preferences for the supplementary round (school ids; each with a place left)", body: "preferences", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/applications/{id}/adjust", summary: "Place an application at a school by hand, with a reason (audited)",
              body: "adjust", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/applications/{id}/appeals",
              summary: "File an appeal against a published result on the family's behalf (409 while one waits, once enrolled, after the deadline)",
              body: "appeal", status: "201", response: DTO.Done.self),
        .init(method: "get", path: "/admissions/campaigns/{id}/appeals", summary: "The campaign's appeals, waiting ones first", query: ["status"], response: DTO.Appeals.self),
        .init(method: "post", path: "/admissions/appeals/{id}/decision",
              summary: "Uphold (optionally placing the application at a school) or dismiss an appeal, with the answer the family reads", body: "appeal_decision", response: DTO.Done.self),
        .init(method: "post", path: "/admissions/applications/{id}/enrol",
              summary: "Confirm enrolment (department staff, or the placed school's administrator or principal); 409 when the school is full", response: DTO.Done.self),
        .init(method: "post", path: "/credentials/lookup",
              summary: "Look up a diploma by blank serial, full name and date of birth (public, no token): 200 the public view, one 404 for "
                  + "unknown and mismatch alike, 429 over the rate", body: "lookup", response: PublicCredential.self),
        .init(method: "get", path: "/credentials/entries/{serial}",
              summary: "A register entry with its issuances and its corrections and revocations (department staff; read audited)", response: DTO.RegisterEntry.self),
        .init(method: "post", path: "/credentials/entries/{serial}/corrections",
              summary: "Correct a register entry by a decision (department staff, not read-only); 404 unknown serial, 409 when revoked, 422 when refused",
              body: "register_correction", response: DTO.RegisterEntry.self),
        .init(method: "post", path: "/credentials/entries/{serial}/revocations",
              summary: "Revoke a register entry on a legal ground by a decision (department staff, not read-only); 404 unknown serial, "
                  + "409 when already revoked, 422 when refused",
              body: "register_revocation", response: DTO.RegisterEntry.self),
        .init(method: "post", path: "/credentials/entries/{serial}/verification",
              summary: "Record how an unchecked register entry was checked against the paper register (department staff, not read-only); "
                  + "422 when checked already", body: "register_verification", response: DTO.RegisterEntry.self),
        .init(method: "get", path: "/credentials/blanks", summary: "The blank forms in stock: a count per kind and state (department staff, auditors)", response: [String: [String: Int]].self),
        .init(method: "get", path: "/credentials/blanks/{serial}", summary: "One blank form and its history (department staff, auditors; read audited)", response: DTO.BlankWithHistory.self),
        .init(method: "post", path: "/credentials/blanks/receipts",
              summary: "Receive a run of blank forms into stock by its document; 409 when a serial is known already", body: "blank_receipt", status: "201", response: DTO.BlankReceived.self),
        .init(method: "post", path: "/credentials/blanks/{serial}/retirements",
              summary: "Spoil or cancel a blank form with the reason; 409 when its state does not allow it", body: "blank_retirement", response: DTO.BlankWithHistory.self),
        .init(method: "get", path: "/admissions/campaigns/{id}/results",
              summary: "Published cut-offs and results, names as initials unless consent (public, no token; 404 before publication)", response: DTO.PublishedResults.self),
        .init(method: "get", path: "/classes/{id}/summer",
              summary: "A secondary class's summer re-tests and training: who, what is recorded, what it decides (reads audited)", response: DTO.ClassSummer.self),
        .init(method: "put", path: "/classes/{id}/summer",
              summary: "Record re-test results and conduct after summer training (the homeroom teacher, after HK II is approved)", body: "summer", response: DTO.Done.self),
        .init(method: "post", path: "/classes/{id}/summer/approve", summary: "Approve the summer's results, which then count (the principal)", response: DTO.Done.self),
        .init(method: "get", path: "/classes/{id}/year-results", summary: "The class's results per student, TT22's or for a primary class TT27's; no ranking (reads audited)"),
        .init(method: "post", path: "/verify",
              summary: "Check a signature (public, no token): a detached CMS signature with its document, base64 in JSON; "
                  + "200 with each signer's status, 422 when the input cannot be read", body: "verify", response: DTO.Verification.self),
    ] }

    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            let success: [String: Any] = operation.response.map { ["description": "OK", "content": jsonSchema(SchemaRecorder.schema(of: $0))] }
                ?? ["description": "OK"]
            var responses: [String: Any] = [operation.status: success, "401": ["description": "No valid token or session"],
                                            "404": ["description": "Not found, or outside the caller's reach"]]
            if operation.method != "get" { responses.merge(refusals) { first, _ in first } }
            var entry: [String: Any] = ["summary": operation.summary, "responses": responses]
            // The transparency log's proofs take tree positions; the audit trail's `from` and `to` are days.
            let position = operation.path.hasPrefix("/log/")
            var parameters: [[String: Any]] = operation.query.map {
                ["name": $0, "in": "query",
                 "required": position && ["index", "size", "from", "to"].contains($0)
                     || ["school_id", "sheet"].contains($0) && operation.path != "/students" && operation.path != "/staff",
                 "schema": ["type": ["cursor", "limit", "unit_id", "school_id", "class_id"].contains($0)
                     || position && ["index", "size", "from", "to"].contains($0) ? "integer" : "string"]]
            }
            for segment in operation.path.split(separator: "/") where segment.hasPrefix("{") {
                let name = String(segment.dropFirst().dropLast())
                parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": name == "serial" ? "string" : "integer"]])
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            switch operation.body {
            case "record": entry["requestBody"] = ["content": ["application/json": ["schema": ["type": "object", "additionalProperties": ["type": "string"]]]]]
            case "search": entry["requestBody"] = ["content": ["application/json": ["schema": ["type": "object", "properties": ["q": ["type": "string"]], "required": ["q"]]]]]
            case "verify": entry["requestBody"] = ["content": ["application/json": ["schema": [
                "type": "object", "required": ["signature"],
                "properties": ["signature": ["type": "string", "contentEncoding": "base64"],
                               "content": ["type": "string", "contentEncoding": "base64"]]]]]]
            case "assignment": entry["requestBody"] = json(["subject": "string", "staff_id": "integer", "assessment": "string", "lessons_per_year": "integer"],
                                                           required: ["subject", "staff_id", "assessment"])
            case "marks": entry["requestBody"] = json(["entries": "array"], required: ["entries"])
            case "conduct", "qualities", "summer": entry["requestBody"] = json(["entries": "array"], required: ["entries"])
            case "release": entry["requestBody"] = json(["deadline": "string"], required: ["deadline"])
            case "correction": entry["requestBody"] = json(["entry": "object", "reason": "string"], required: ["entry", "reason"])
            case "decision": entry["requestBody"] = json(["approve": "boolean"], required: ["approve"])
            case "reopen": entry["requestBody"] = json(["reason": "string"], required: ["reason"])
            case "campaign": entry["requestBody"] = json(["school_year": "string", "entry_grade": "integer", "method": "string",
                                                          "preference_count": "integer", "rank_penalty": "string"],
                                                         required: ["school_year", "entry_grade", "method"])
            case "quota": entry["requestBody"] = json(["quota": "integer", "specialised": "boolean"], required: ["quota"])
            case "application": entry["requestBody"] = json(["national_id": "string", "full_name": "string", "date_of_birth": "string",
                                                             "preferences": "array", "priority_points": "string", "direct_school_id": "integer",
                                                             "consent_to_publish": "boolean", "residence": "object"],
                                                            required: ["national_id", "full_name", "date_of_birth", "preferences"])
            case "lookup": entry["requestBody"] = json(["serial": "string", "full_name": "string", "date_of_birth": "string"],
                                                       required: ["serial", "full_name", "date_of_birth"])
            case "register_correction": entry["requestBody"] = json(["decision_number": "string", "decision_date": "string", "changes": "object"],
                                                                    required: ["decision_number", "decision_date", "changes"])
            case "register_revocation": entry["requestBody"] = json(["decision_number": "string", "decision_date": "string", "ground": "string"],
                                                                    required: ["decision_number", "decision_date", "ground"])
            case "register_verification": entry["requestBody"] = json(["record": "string"], required: ["record"])
            case "blank_receipt": entry["requestBody"] = json(["kind": "string", "from": "string", "to": "string", "document": "string"],
                                                              required: ["kind", "from", "to", "document"])
            case "blank_retirement": entry["requestBody"] = json(["status": "string", "reason": "string"], required: ["status", "reason"])
            case "compare": entry["requestBody"] = json(["rank_penalties": "array"], required: ["rank_penalties"])
            case "score": entry["requestBody"] = json(["score": "string"], required: ["score"])
            case "rules": entry["requestBody"] = json(["papers": "array"], required: ["papers"])
            case "papers": entry["requestBody"] = json(["papers": "object"], required: ["papers"])
            case "claims": entry["requestBody"] = json(["priority_group": "string", "prize": "string"], required: [])
            case "schedule": entry["requestBody"] = json(["opens_on": "string", "closes_on": "string"], required: [])
            case "catchment": entry["requestBody"] = json(["areas": "array"], required: ["areas"])
            case "residence decision": entry["requestBody"] = json(["verified": "boolean", "note": "string", "from": "string"], required: ["verified"])
            case "adjust": entry["requestBody"] = json(["school_id": "integer", "reason": "string"], required: ["school_id", "reason"])
            case "appeal": entry["requestBody"] = json(["grounds": "string"], required: ["grounds"])
            case "preferences": entry["requestBody"] = json(["preferences": "array"], required: ["preferences"])
            case "appeal_decision":
                entry["requestBody"] = json(["decision": "string", "note": "string", "school_id": "integer"], required: ["decision", "note"])
            case "file": entry["requestBody"] = ["content": ["text/csv": [:] as [String: Any], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [:] as [String: Any]]]
            default: break
            }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "EduVN API", "version": "1"],
            "servers": [["url": "/api/v1"]],
            "components": ["securitySchemes": ["token": ["type": "http", "scheme": "bearer"]], "schemas": schemas],
            "security": [["token": [] as [String]]],
            "paths": paths,
        ]
    }

    /// How every write is refused (`Request.respond(refusals:)`): one reason with its stable code, or input refused with
    /// every row named.
    static var refusals: [String: Any] { [
        "403": ["description": "The caller may not do this", "content": jsonSchema(ref("Problem"))],
        "409": ["description": "The record's state does not allow this step", "content": jsonSchema(ref("Problem"))],
        "422": ["description": "Input refused: every row named, or one reason",
                "content": jsonSchema(["oneOf": [ref("Rejected"), ref("Problem")]])],
    ] }

    static var schemas: [String: Any] { [
        "Bilingual": object(["vi": ["type": "string"], "en": ["type": "string"]]),
        "Problem": object(["code": ["type": "string"], "message": ref("Bilingual")]),
        "RowProblem": object(["row": ["type": "integer"], "column": ["type": "string"], "value": ["type": "string"], "reason": ref("Bilingual")]),
        "Rejected": object(["problems": ["type": "array", "items": ref("RowProblem")]]),
    ] }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    /// An object whose properties are all required.
    private static func object(_ properties: [String: Any]) -> [String: Any] {
        ["type": "object", "required": properties.keys.sorted(), "properties": properties]
    }

    private static func jsonSchema(_ schema: [String: Any]) -> [String: Any] { ["application/json": ["schema": schema]] }

    /// A JSON request body of an object with these properties (name: JSON type).
    private static func json(_ properties: [String: String], required: [String]) -> [String: Any] {
        ["content": ["application/json": ["schema": [
            "type": "object", "required": required, "properties": properties.mapValues { ["type": $0] },
        ] as [String: Any]]]]
    }

    /// Built once: the operations and their types do not change while the server runs.
    private static let json = (try? JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys, .prettyPrinted])) ?? Data()

    static func response() throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: json))
    }
}
