import Glibc
import Testing

@testable import ExecSidecar

@Suite("Accept outcome")
struct AcceptOutcomeTests {
    /// One result of `accept(2)` and what the server's loop must do with it.
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let result: SystemCallResult<Int32>
        let expected: AcceptOutcome
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a descriptor is served", result: SystemCallResult(value: 7, errno: 0), expected: .serve(7)),
        Row(name: "descriptor 0 is served", result: SystemCallResult(value: 0, errno: 0), expected: .serve(0)),
        Row(name: "EINTR retries", result: SystemCallResult(value: -1, errno: EINTR), expected: .retry),
        Row(name: "ECONNABORTED retries", result: SystemCallResult(value: -1, errno: ECONNABORTED), expected: .retry),
        Row(name: "EMFILE stops", result: SystemCallResult(value: -1, errno: EMFILE), expected: .stop(errno: EMFILE)),
        Row(name: "EBADF stops", result: SystemCallResult(value: -1, errno: EBADF), expected: .stop(errno: EBADF)),
        Row(name: "EINVAL (listener shut down) stops", result: SystemCallResult(value: -1, errno: EINVAL), expected: .stop(errno: EINVAL)),
    ]

    @Test("classifies accept results", arguments: rows)
    func classifies(_ row: Row) {
        #expect(AcceptOutcome.classify(row.result) == row.expected)
    }

    @Test("captures errno of the failing call on the calling thread")
    func capturesErrno() {
        let result = SystemCallResult { close(-1) }
        #expect(result.failed)
        #expect(result.errno == EBADF)
        #expect(!result.interrupted)
    }

    @Test("a real accept on a closed descriptor stops with EBADF")
    func acceptOnClosedDescriptor() {
        #expect(AcceptOutcome.accept(on: -1) == .stop(errno: EBADF))
    }
}
