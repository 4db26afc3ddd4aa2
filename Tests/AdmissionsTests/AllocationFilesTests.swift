import Admissions
import EduCore
import Foundation
import Tabular
import Testing
import TestSupport

@Suite struct AllocationFilesTests {
    let folder: URL

    init() throws {
        folder = try TestFiles.folder("admissions")
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private let schools = "school_code,quota,name\nX,1,THPT Trần Phú\nY,2,THPT Lê Quý Đôn\n"

    @Test func readsTheContractAndWritesTheResults() throws {
        let input = try AllocationInput.read(
            schools: file("schools.csv", schools),
            applicants: file("applicants.csv", """
                applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3,pref4,note
                a1,30.25,0.5,7,X,Y,,,
                a2,30.75,,3,X,,,,ghi chú
                a3,12,1.5,1,,,,Y,
                a4,9,0,2,,,,,

                """))
        let allocation = DeferredAcceptance.allocate(input.problem)
        #expect(input.problem.admissionScores.map(\.description) == ["30.75", "30.75", "13.50", "9.00"])
        let out = folder.appendingPathComponent("allocation.csv").path, cutoffs = folder.appendingPathComponent("cutoffs.csv").path
        try AllocationOutput.writeAllocation(allocation, to: out)
        try AllocationOutput.writeCutoffs(allocation, to: cutoffs)
        // a1 and a2 tie on 30.75; a2's tie-break (3) is lower. a3 listed Y only as NV4.
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "applicant_id,school_code,preference_rank\na1,Y,2\na2,X,1\na3,Y,4\na4,,\n")
        #expect(try String(contentsOfFile: cutoffs, encoding: .utf8) == "school_code,cutoff_score,admitted\nX,30.75,1\nY,13.50,2\n")
    }

    @Test func namesEveryProblemWithItsRowAndColumn() throws {
        let schoolsPath = try file("schools.csv", schools)
        let applicants = try file("applicants.csv", """
            applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3
            a1,30,0,1,X,Z,
            a1,28,0,2,Y,,
            a3,2x,0,3,X,,
            a4,8.125,0,1,X,,
            a5,7,,four,X,,
            a6,,0,6,X,,
            """)
        let error = try #require(throws: InputRejected.self) { try AllocationInput.read(schools: schoolsPath, applicants: applicants) }
        #expect(error.file == "applicants.csv")
        #expect(error.problems.map { "\($0.row):\($0.column):\($0.value)" } == [
            "2:pref2:Z", "3:applicant_id:a1", "4:score:2x", "5:score:8.125", "5:tiebreak:1", "6:tiebreak:four", "7:score:",
        ])
        #expect(error.problems[0].reason.en == "Unknown school: not in the schools file")
        #expect(error.problems[1].reason.vi == "Mã thí sinh trùng với dòng 2")
        #expect(error.description.contains("applicants.csv: dòng/row 4, cột/column score, giá trị/value \"2x\""))
    }

    @Test func refusesBadSchools() throws {
        let bad = try file("schools.csv", "school_code,quota\nX,1\nX,2\nY,-1\nZ,1.5\nW,\n")
        let error = try #require(throws: InputRejected.self) {
            try AllocationInput.read(schools: bad, applicants: file("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1\n"))
        }
        #expect(error.file == "schools.csv")
        #expect(error.problems.map { "\($0.row):\($0.column)" } == ["3:school_code", "4:quota", "5:quota", "6:quota"])
        #expect(error.problems[1].reason.en == "The quota must be a non-negative whole number")
    }

    @Test func refusesAFileWithoutTheColumns() throws {
        let error = try #require(throws: InputRejected.self) {
            try AllocationInput.read(schools: file("schools.csv", schools), applicants: file("applicants.csv", "applicant_id,score,tiebreak\na,1,1\n"))
        }
        #expect(error.problems.map(\.column) == ["priority_points", "pref1"])
        #expect(error.problems.allSatisfy { $0.row == 1 })
    }

    /// A huge penalty and a huge preference number cannot overflow the arithmetic: `pref5000` is not a preference column.
    @Test func farPreferenceColumnsAreNotPreferences() throws {
        let input = try AllocationInput.read(
            schools: file("schools.csv", schools),
            applicants: file("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1,pref1000,pref5000\na,1,0,1,X,,Y\n"))
        #expect(input.problem.preferences(of: 0).map(\.rank) == [1])
        let allocation = DeferredAcceptance.allocate(input.problem, rules: AllocationRules(rankPenalty: Points("999999999999.99")!))
        #expect(allocation.placement(of: 0)?.rank == 1)
    }

    @Test func aSchoolListedTwiceCountsOnceAndIsReported() throws {
        let input = try AllocationInput.read(
            schools: file("schools.csv", schools),
            applicants: file("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3\na,1,0,1,X,Y,X\n"))
        #expect(input.problem.preferences(of: 0).map(\.rank) == [1, 2])
        #expect(input.notices.map { "\($0.row):\($0.column):\($0.value)" } == ["2:pref3:X"])
    }

    @Test func readsXLSX() throws {
        let path = folder.appendingPathComponent("schools.xlsx").path
        let writer = try TableWriter(path: path, format: .xlsx, header: ["school_code", "quota"])
        try writer.write(["079001", "2"])
        try writer.close()
        let input = try AllocationInput.read(
            schools: path, applicants: file("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1\na,1,0,1,079001\n"))
        #expect(input.problem.schools == [AllocationProblem.School(code: "079001", quota: 2)])
        #expect(DeferredAcceptance.allocate(input.problem).placement(of: 0)?.school == 0)
    }
}

@Suite struct AllocationStagesFilesTests {
    @Test func readsSpecialisedSchoolsAndDirectAdmissions() throws {
        let folder = try TestFiles.folder("admissions")
        func file(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let schools = try file("schools.csv", "school_code,quota,specialised\nC,1,có\nX,1,\n")
        let input = try AllocationInput.read(schools: schools, applicants: file("applicants.csv", """
            applicant_id,score,priority_points,tiebreak,pref1,pref2,direct_admission
            E,35,0,1,X,C,
            D,1,0,2,,,X
            B,32,0,3,C,X,
            """))
        #expect(input.problem.schools.map(\.isSpecialised) == [true, false])
        #expect(input.problem.directAdmissions == [-1, 1, -1])
        let out = folder.appendingPathComponent("allocation.csv").path
        try AllocationOutput.writeAllocation(DeferredAcceptance.allocate(input.problem), to: out)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "applicant_id,school_code,preference_rank\nE,C,2\nD,X,\nB,,\n")

        let error = try #require(throws: InputRejected.self) {
            try AllocationInput.read(schools: file("bad-schools.csv", "school_code,quota,specialised\nC,1,maybe\nX,1,0\n"), applicants: file("a.csv", "applicant_id,score,priority_points,tiebreak,pref1\n"))
        }
        #expect(error.problems.map { "\($0.row):\($0.column)" } == ["2:specialised"])
        let over = try #require(throws: InputRejected.self) {
            try AllocationInput.read(schools: schools, applicants: file("applicants.csv", """
                applicant_id,score,priority_points,tiebreak,pref1,direct_admission
                D1,1,0,1,,X
                D2,1,0,2,,X
                D3,1,0,3,,Z
                """))
        }
        #expect(over.problems.map { "\($0.row):\($0.column):\($0.reason.en)" } == [
            "3:direct_admission:More direct admissions than the school's quota (1)",
            "4:direct_admission:Unknown school: not in the schools file",
        ])
    }
}
