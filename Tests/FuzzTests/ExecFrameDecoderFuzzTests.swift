import ExecSidecar
import Testing
import WardenTestSupport

/// Fuzzes the exec frame decoder with encoded frames split at random points, and with random and mutated streams.
///
/// Invariants: the decoder returns exactly the frames that were encoded however the stream is split; a frame over
/// the limit fails with `frameTooLarge` after the frames before it; any stream gives the same frames and the same
/// error whether it arrives at once, byte by byte or in random reads.
@Suite("Exec frame decoder fuzzing")
struct ExecFrameDecoderFuzzTests {
    static let limit = 512
    static let kinds: [ExecFrame.Kind] = [.request, .signal, .standardOutput, .standardError, .exit, .failure]
    static let tokens = ["R\0\0\0\0", "O\0\0\u{1}\0", "X\u{7F}\u{FF}\u{FF}\u{FF}", "\0", "\u{FF}"]

    /// What a stream decodes to: the frames, then the error that stopped it or `nil` when more bytes are needed.
    struct Outcome: Equatable, CustomStringConvertible {
        var frames: [ExecFrame] = []
        var error: ExecSidecarError?

        var description: String { "\(frames.count) frames (\(frames.map(\.payload.count))), error: \(String(describing: error))" }
    }

    /// Feeds `stream` in reads ending at `cuts`, taking frames after each read until the decoder needs more or fails.
    static func decode(_ stream: [UInt8], cuts: [Int]) -> Outcome {
        var decoder = ExecFrameDecoder(maximumPayloadSize: limit)
        var outcome = Outcome()
        var start = 0
        for end in cuts + [stream.count] where end >= start {
            decoder.append(stream[start..<end])
            start = end
            do {
                while let frame = try decoder.next() { outcome.frames.append(frame) }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        return outcome
    }

    /// Random read boundaries in `0...count`, in order.
    static func cuts(_ count: Int, using generator: inout SeededGenerator) -> [Int] {
        (0..<Int.random(in: 0...8, using: &generator)).map { _ in Int.random(in: 0...count, using: &generator) }.sorted()
    }

    /// Checks that `stream` decodes the same whichever way it is split.
    static func checkSplits(_ stream: [UInt8], using generator: inout SeededGenerator) throws -> Outcome {
        let whole = decode(stream, cuts: [])
        let split = decode(stream, cuts: cuts(stream.count, using: &generator))
        try FuzzFailure.check(split == whole, "split: \(split), whole: \(whole), stream \(stream)")
        if stream.count <= 2_048 {
            let bytewise = decode(stream, cuts: Array(0..<stream.count))
            try FuzzFailure.check(bytewise == whole, "byte by byte: \(bytewise), whole: \(whole), stream \(stream)")
        }
        return whole
    }

    /// A random frame; its payload is at most `maximum` bytes.
    static func frame(maximum: Int, using generator: inout SeededGenerator) -> ExecFrame {
        let size = Bool.random(using: &generator) ? Int.random(in: 0...8, using: &generator) : Int.random(in: 0...maximum, using: &generator)
        return ExecFrame(kinds.randomElement(using: &generator) ?? .exit, payload: (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    @Test("the corpus decodes the same however it is split")
    func corpusReplays() throws {
        var generator = SeededGenerator(seed: 0xF4A3_0000)
        for entry in try FuzzCorpus.entries("exec-frames") {
            _ = try Self.checkSplits(entry.bytes, using: &generator)
        }
    }

    @Test("encoded frames come back whole however the stream is split", .timeLimit(.minutes(30)))
    func encodedFrames() throws {
        let report = FuzzCampaign(target: "exec-frames-encoded", seed: 0xF4A3_0001).run { generator in
            let frames = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.frame(maximum: Self.limit, using: &generator) }
            let oversized = Int.random(in: 0..<4, using: &generator) == 0 ? Self.frame(maximum: 2 * Self.limit, using: &generator) : nil
            let stream = (frames + (oversized.map { [$0] } ?? [])).flatMap(\.encoded)
            let outcome = try Self.checkSplits(stream, using: &generator)
            var expected = Outcome(frames: frames)
            if let oversized {
                if oversized.payload.count > Self.limit {
                    expected.error = .frameTooLarge(size: oversized.payload.count, limit: Self.limit)
                } else {
                    expected.frames.append(oversized)
                }
            }
            try FuzzFailure.check(outcome == expected, "decoded \(outcome), expected \(expected)")
        }
        #expect(report.passed, "\(report)")
    }

    @Test("random and mutated streams decode the same however they are split", .timeLimit(.minutes(30)))
    func mutatedStreams() throws {
        let corpus = try FuzzCorpus.entries("exec-frames").map(\.bytes)
        let mutator = ByteMutator(tokens: Self.tokens, donors: corpus)
        let report = FuzzCampaign(target: "exec-frames-mutated", seed: 0xF4A3_0002).run { generator in
            let stream: [UInt8]
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: stream = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1: stream = mutator.mutated(corpus[Int.random(in: 0..<corpus.count, using: &generator)], using: &generator)
            default:
                let frames = (0..<Int.random(in: 1...4, using: &generator)).map { _ in Self.frame(maximum: Self.limit, using: &generator) }
                stream = mutator.mutated(frames.flatMap(\.encoded), using: &generator)
            }
            _ = try Self.checkSplits(stream, using: &generator)
        }
        #expect(report.passed, "\(report)")
    }
}
