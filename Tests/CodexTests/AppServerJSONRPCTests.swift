import Testing

@testable import Codex

@Suite("App-server JSON-RPC messages and framing")
struct AppServerJSONRPCTests {
    struct DecodingCase: Sendable, CustomTestStringConvertible {
        var name: String
        var line: String
        var expected: JSONRPCMessage?
        var testDescription: String { name }
    }

    static let decodingCases: [DecodingCase] = [
        DecodingCase(
            name: "response without jsonrpc member",
            line: #"{"id":0,"result":{"userAgent":"warden/0.163.0","platformOs":"linux"}}"#,
            expected: .response(id: .number(0), result: .object(["userAgent": .string("warden/0.163.0"), "platformOs": .string("linux")]))
        ),
        DecodingCase(
            name: "response with an empty result",
            line: #"{"id":7,"result":{}}"#,
            expected: .response(id: .number(7), result: .object([:]))
        ),
        DecodingCase(
            name: "error response",
            line: #"{"error":{"code":-32600,"message":"thread not found: abc"},"id":3}"#,
            expected: .errorResponse(id: .number(3), error: JSONRPCErrorObject(code: -32600, message: "thread not found: abc"))
        ),
        DecodingCase(
            name: "error response without an id",
            line: #"{"error":{"code":-32700,"message":"Parse error"},"id":null}"#,
            expected: .errorResponse(id: nil, error: JSONRPCErrorObject(code: -32700, message: "Parse error"))
        ),
        DecodingCase(
            name: "notification with emittedAtMs",
            line: #"{"method":"item/agentMessage/delta","params":{"turnId":"t1","itemId":"msg_1","delta":"Hel"},"emittedAtMs":1}"#,
            expected: .notification(
                method: "item/agentMessage/delta",
                params: .object(["turnId": .string("t1"), "itemId": .string("msg_1"), "delta": .string("Hel")])
            )
        ),
        DecodingCase(
            name: "notification without params",
            line: #"{"method":"initialized"}"#,
            expected: .notification(method: "initialized", params: nil)
        ),
        DecodingCase(
            name: "server request",
            line: #"{"method":"item/commandExecution/requestApproval","id":0,"params":{"turnId":"t1","itemId":"call_touch"}}"#,
            expected: .request(
                id: .number(0),
                method: "item/commandExecution/requestApproval",
                params: .object(["turnId": .string("t1"), "itemId": .string("call_touch")])
            )
        ),
        DecodingCase(
            name: "server request with an unknown method and a string id",
            line: #"{"method":"no/such/method","id":"req-9","params":{"x":[1,2.5,true,null]}}"#,
            expected: .request(
                id: .string("req-9"),
                method: "no/such/method",
                params: .object(["x": .array([.integer(1), .double(2.5), .bool(true), .null])])
            )
        ),
        DecodingCase(name: "not JSON", line: "Codex could not find bubblewrap on PATH", expected: nil),
        DecodingCase(name: "a JSON array", line: "[1,2]", expected: nil),
        DecodingCase(name: "an object of no kind", line: #"{"hello":"world"}"#, expected: nil),
        DecodingCase(name: "a method that is not a string", line: #"{"method":5}"#, expected: nil),
    ]

    @Test("decodes each kind of message", arguments: decodingCases)
    func decodes(_ testCase: DecodingCase) {
        let decoded = try? JSONRPCMessage.decode(line: Array(testCase.line.utf8))
        #expect(decoded == testCase.expected)
    }

    @Test("a line Warden cannot read is a malformed-message error, not retryable")
    func malformedIsNotRetryable() {
        #expect(throws: AppServerError.self) { try JSONRPCMessage.decode(line: Array("{".utf8)) }
        do {
            _ = try JSONRPCMessage.decode(line: Array("nope".utf8))
        } catch {
            #expect(error.metricLabel == "malformed_message")
            #expect(!error.isRetryable)
        }
    }

    @Test(
        "encodes outgoing messages with jsonrpc 2.0 on one line",
        arguments: [
            (JSONRPCMessage.request(id: .number(1), method: "thread/start", params: .object(["cwd": .string("/w")])),
             #"{"id":1,"jsonrpc":"2.0","method":"thread/start","params":{"cwd":"/w"}}"#),
            (JSONRPCMessage.notification(method: "initialized", params: nil), #"{"jsonrpc":"2.0","method":"initialized"}"#),
            (JSONRPCMessage.response(id: .number(0), result: .object(["decision": .string("decline")])),
             #"{"id":0,"jsonrpc":"2.0","result":{"decision":"decline"}}"#),
            (JSONRPCMessage.errorResponse(id: .number(4), error: JSONRPCErrorObject(code: -32601, message: "no")),
             #"{"error":{"code":-32601,"message":"no"},"id":4,"jsonrpc":"2.0"}"#),
        ]
    )
    func encodes(_ message: JSONRPCMessage, _ expected: String) {
        #expect(message.encodedLine() == Array((expected + "\n").utf8))
    }

    @Test("a text with newlines and U+2028 stays on one line and reads back the same")
    func roundTripsAwkwardText() throws {
        let text = "line one\nline two\u{2028}three\u{85}four \"quoted\" / slash"
        let message = JSONRPCMessage.request(id: .number(9), method: "turn/start", params: .object(["text": .string(text)]))
        let line = message.encodedLine()
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        var framer = JSONLineFramer()
        let lines = try framer.append(line)
        #expect(try JSONRPCMessage.decode(line: try #require(lines.first)) == message)
    }

    struct FramingCase: Sendable, CustomTestStringConvertible {
        var name: String
        var chunks: [String]
        var lines: [String]
        var partialLeft: Bool
        var testDescription: String { name }
    }

    static let framingCases: [FramingCase] = [
        FramingCase(name: "one line in one chunk", chunks: ["{\"a\":1}\n"], lines: ["{\"a\":1}"], partialLeft: false),
        FramingCase(name: "two lines in one chunk", chunks: ["{}\n[]\n"], lines: ["{}", "[]"], partialLeft: false),
        FramingCase(name: "a line cut across chunks", chunks: ["{\"de", "lta\":\"x\"}", "\n"], lines: ["{\"delta\":\"x\"}"], partialLeft: false),
        FramingCase(name: "CRLF endings and blank lines", chunks: ["{}\r\n\n\r\n{}\n"], lines: ["{}", "{}"], partialLeft: false),
        FramingCase(name: "U+2028 does not end a line", chunks: ["{\"t\":\"a\u{2028}b\"}\n"], lines: ["{\"t\":\"a\u{2028}b\"}"], partialLeft: false),
        FramingCase(name: "an unfinished line is held", chunks: ["{}\n{\"half\""], lines: ["{}"], partialLeft: true),
    ]

    @Test("splits the output stream on newlines only", arguments: framingCases)
    func frames(_ testCase: FramingCase) throws {
        var framer = JSONLineFramer()
        var lines: [String] = []
        for chunk in testCase.chunks {
            lines += try framer.append(Array(chunk.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(lines == testCase.lines)
        #expect(framer.hasPartialLine == testCase.partialLeft)
    }

    @Test("rejects a line longer than the limit")
    func rejectsLongLine() {
        var framer = JSONLineFramer(maximumLineLength: 8)
        #expect(throws: AppServerError.self) { try framer.append(Array("0123456789".utf8)) }
    }
}
