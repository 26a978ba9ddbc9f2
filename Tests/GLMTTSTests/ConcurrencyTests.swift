import Foundation
import Testing
@testable import GLMTTS

/// One shared Synthesizer under real contention: more OS threads than this machine's two cores, each with its own
/// sessions, mixing sample rates, voices (so per-session prefix caches fill), streaming and offline
/// requests, and the streaming API's detached tasks. Every result must equal the same request run
/// alone, sample for sample (exact: the pipeline is deterministic for a seed). Scripts/sanitize-all.sh
/// runs this under ThreadSanitizer.
@Suite struct ConcurrencyTests {
    static let synthesizer = try! Synthesizer(model: .testModel)

    struct Request: Sendable {
        var text: String
        var rate: SampleRate
        var voice: Int?
        var streamed: Bool
        var seed: UInt64
    }

    static func voice(_ i: Int) -> Voice {
        var embedding = [Float](repeating: 0, count: 256)
        embedding[i] = 1
        embedding[255 - i] = -0.5
        return Voice(embedding: embedding, transcript: "Voice \(i).", duration: 3, promptSpeechTokens: [3, 1, 4, 1, 5, 9, 2, 6])
    }

    static let requests: [Request] = (0..<8).map { i in
        Request(text: ["Threads share a model.", "Each has a session.", "Rates switch!", "Samples match."][i % 4],
                rate: i % 3 == 0 ? .hz32000 : .hz24000, voice: i % 4 == 3 ? nil : i % 3, streamed: i % 2 == 1, seed: UInt64(i))
    }

    /// One request through `session` (which the caller owns), offline or streamed.
    static func run(_ r: Request, on session: Session) throws -> [Float] {
        try session.setSampleRate(r.rate)
        session.setSeed(r.seed)
        let v = r.voice.map(voice)
        if r.streamed {
            var samples: [Float] = []
            try session.synthesize(r.text, voice: v) { samples += $0 }
            return samples
        }
        return try session.synthesize(r.text, voice: v).waveform.samples
    }

    /// Each result computed alone, in a fresh session.
    static let alone: [[Float]] = requests.map { r in
        try! run(r, on: synthesizer.makeSession(SessionOptions(maxTokensPerSegment: 12)))
    }

    @Test func fourThreadsWithLongLivedSessionsMatchRequestsRunAlone() throws {
        let threads = 4
        let results = Results(count: Self.requests.count)
        let done = DispatchGroup()
        for t in 0..<threads {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    // A long-lived session per thread, reused across requests, rates and voices.
                    let session = try Self.synthesizer.makeSession(SessionOptions(maxTokensPerSegment: 12))
                    for i in stride(from: t, to: Self.requests.count, by: threads) {
                        results.set(i, try Self.run(Self.requests[i], on: session))
                    }
                } catch {
                    results.fail("thread \(t): \(error)")
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        #expect(results.errors.isEmpty, "\(results.errors)")
        for (i, expected) in Self.alone.enumerated() {
            #expect(results.values[i] == expected, "request \(i) differs when run concurrently")
        }
    }

    @Test func concurrentStreamsMatchRequestsRunAlone() async throws {
        let options = SessionOptions(seed: 5, maxTokensPerSegment: 12)
        let texts = ["Stream one.", "Stream two.", "Three."]
        let expected = try texts.map { try Self.synthesizer.makeSession(options).synthesize($0).waveform.samples }
        let streamed = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (i, text) in texts.enumerated() {
                group.addTask {
                    var samples: [Float] = []
                    for try await chunk in Self.synthesizer.stream(text, options: options) { samples += chunk.samples }
                    return (i, samples)
                }
            }
            var out = [[Float]](repeating: [], count: texts.count)
            for try await (i, samples) in group { out[i] = samples }
            return out
        }
        #expect(streamed == expected)
    }
}

/// Results written by several threads, read after they have all finished.
final class Results: @unchecked Sendable {
    // Sound: every access holds `lock`.
    private let lock = NSLock()
    private var stored: [[Float]]
    private var failures: [String] = []

    init(count: Int) { stored = Array(repeating: [], count: count) }

    func set(_ i: Int, _ value: [Float]) { lock.withLock { stored[i] = value } }
    func fail(_ message: String) { lock.withLock { failures.append(message) } }
    var values: [[Float]] { lock.withLock { stored } }
    var errors: [String] { lock.withLock { failures } }
}
