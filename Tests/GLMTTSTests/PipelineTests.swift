import Foundation
import Testing
@testable import GLMTTS

/// The whole pipeline on the test model (random weights from fixed seeds): text → phones → decoder →
/// acoustic stage → upsampler, offline and streaming, at both sample rates, on several threads.
@Suite struct PipelineTests {
    static let synthesizer = try! Synthesizer(model: .testModel)
    let text = "Hello there. The quick brown fox jumps over the lazy dog, twice!"

    @Test(arguments: [SampleRate.hz24000, .hz32000])
    func samplesPerTokenFollowTheRate(rate: SampleRate) throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(sampleRate: rate, seed: 3))
        let out = try session.synthesize("Good morning.")
        let tokens = out.speechTokens.reduce(0) { $0 + $1.count }
        #expect(tokens > 0)
        #expect(out.waveform.sampleRate == rate.rawValue)
        #expect(out.waveform.samples.count == tokens * 2 * rate.rawValue / 50)
        #expect(out.waveform.samples.allSatisfy { $0.isFinite && abs($0) <= 1 })
    }

    @Test func unsupportedRateListsTheSupportedOnes() {
        #expect(throws: TTSError.self) { try SampleRate(hertz: 22050) }
        do { _ = try SampleRate(hertz: 16000) } catch { #expect("\(error)".contains("24000") && "\(error)".contains("32000")) }
    }

    @Test func streamingChunksConcatenateToTheOfflineOutput() throws {
        // The glm layout (the test model) and the duration layout (its fixture, phones carried to the acoustic stage).
        let cases = [(Self.synthesizer, SessionOptions(seed: 5)), (Self.synthesizer, SessionOptions(sampleRate: .hz32000, seed: 6, maxSegmentCharacters: 30)),
                     (DurationModelTests.synthesizer, SessionOptions(seed: 7, sampling: .ras, maxSegmentCharacters: 30))]
        for (synthesizer, options) in cases {
            let offline = try synthesizer.makeSession(options).synthesize(text)
            var chunks: [[Float]] = []
            let streamed = try synthesizer.makeSession(options).synthesize(text) { chunks.append($0) }
            let joined = chunks.flatMap { $0 }
            #expect(streamed.speechTokens == offline.speechTokens)
            #expect(joined.count == offline.waveform.samples.count)
            #expect(maxAbsDiff(joined, offline.waveform.samples) <= 1 / 32768, "within one 16-bit step")
            #expect(chunks.filter { !$0.isEmpty }.count > 2, "audio arrives in several chunks")
        }
    }

    @Test func firstChunkArrivesAfterAFewDecoderSteps() throws {
        let s = Self.synthesizer
        var renderer = ChunkRenderer(acoustic: s.acoustic, upsampler: try s.upsampler(for: .hz24000), speaker: s.defaultSpeaker)
        var firstAt: Int?
        for t in 0..<200 where firstAt == nil {
            if try !renderer.append((t * 37) % 512).isEmpty { firstAt = t + 1 }
        }
        // The receptive fields of the acoustic stage and upsampler need about 25 tokens (1 s of audio).
        let first = try #require(firstAt)
        #expect(first <= 30)
        #expect(first >= 5)
    }

    @Test func asyncStreamYieldsTheSameSamples() async throws {
        let options = SessionOptions(seed: 9)
        let offline = try Self.synthesizer.makeSession(options).synthesize("Streaming works.")
        var samples: [Float] = []
        var chunks = 0
        for try await chunk in Self.synthesizer.stream("Streaming works.", options: options) {
            samples += chunk.samples
            chunks += 1
        }
        #expect(chunks >= 2)
        #expect(maxAbsDiff(samples, offline.waveform.samples) <= 1 / 32768)
    }

    @Test func switchingRatesInOneSessionEqualsAFreshSession() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(sampleRate: .hz24000, seed: 4))
        _ = try session.synthesize("First request at twenty four kilohertz.")
        try session.setSampleRate(.hz32000)
        let switched = try session.synthesize("Second request.")
        let fresh = try Synthesizer(model: .testModel).makeSession(SessionOptions(sampleRate: .hz32000, seed: 4)).synthesize("Second request.")
        #expect(switched.waveform == fresh.waveform)
        try session.setSampleRate(.hz24000)
        let back = try session.synthesize("Second request.")
        let fresh24 = try Self.synthesizer.makeSession(SessionOptions(sampleRate: .hz24000, seed: 4)).synthesize("Second request.")
        #expect(back.waveform == fresh24.waveform)
    }

    @Test func sameSeedSameAudioDifferentSeedDifferentTake() throws {
        let a = try Self.synthesizer.makeSession(SessionOptions(seed: 7)).synthesize("Same seed.")
        let b = try Self.synthesizer.makeSession(SessionOptions(seed: 7)).synthesize("Same seed.")
        let c = try Self.synthesizer.makeSession(SessionOptions(seed: 8)).synthesize("Same seed.")
        #expect(a.waveform == b.waveform)
        #expect(a.speechTokens != c.speechTokens)
    }

    @Test func cacheOnAndOffGiveTheSameTokens() throws {
        let on = try Self.synthesizer.makeSession(SessionOptions(seed: 2, sampling: .greedy)).synthesize("Cache test.")
        let off = try Self.synthesizer.makeSession(SessionOptions(useKVCache: false, seed: 2, sampling: .greedy)).synthesize("Cache test.")
        #expect(on.speechTokens == off.speechTokens)
        #expect(maxAbsDiff(on.waveform.samples, off.waveform.samples) < 1e-5)
    }

    @Test func sessionsOnSeveralThreadsMatchOneByOne() async throws {
        let texts = ["One thread.", "Two threads at once.", "Three, in parallel.", "And a fourth."]
        let sequential = try texts.map { try Self.synthesizer.makeSession(SessionOptions(seed: 11)).synthesize($0).waveform }
        let parallel = try await withThrowingTaskGroup(of: (Int, Waveform).self) { group in
            for (i, t) in texts.enumerated() {
                group.addTask { (i, try Self.synthesizer.makeSession(SessionOptions(seed: 11)).synthesize(t).waveform) }
            }
            var out = [Waveform?](repeating: nil, count: texts.count)
            for try await (i, w) in group { out[i] = w }
            return out.map { $0! }
        }
        #expect(parallel == sequential)
    }

    @Test func longTextIsSegmentedAndCrossFaded() throws {
        let long = String(repeating: "This is a sentence that keeps going. ", count: 6)
        let session = try Self.synthesizer.makeSession(SessionOptions(seed: 1, maxSegmentCharacters: 60))
        let out = try session.synthesize(long)
        #expect(out.segments.count >= 4)
        #expect(out.segments.allSatisfy { $0.count <= 60 })
        let tokens = out.speechTokens.reduce(0) { $0 + $1.count }
        let fade = Int(0.02 * 24000)
        #expect(out.waveform.samples.count == tokens * 960 - (out.speechTokens.count - 1) * fade)
    }

    @Test func badRequestsAreTypedErrors() throws {
        let session = try Self.synthesizer.makeSession()
        #expect(throws: (any Error).self) { try session.synthesize("   ") }
        #expect(throws: (any Error).self) { try session.synthesize("🙂🙂") }
        let stranger = Voice(embedding: [Float](repeating: 0.1, count: 192), duration: 5)
        do {
            _ = try session.synthesize("Hello.", voice: stranger)
            Issue.record("expected an embedding-size error")
        } catch let error as TTSError {
            #expect("\(error)".contains("192") && "\(error)".contains("256"))
        }
        #expect(throws: TTSError.self) { try Self.synthesizer.makeSession(SessionOptions(kvCacheCapacity: 4)) }
        let small = try Self.synthesizer.makeSession(SessionOptions(kvCacheCapacity: 20))
        #expect(throws: TTSError.kvCacheFull(capacity: 20)) { try small.synthesize("A sentence far too long for twenty positions.") }
    }

    @Test func maximumLengthWithoutEndTokenWarnsAndKeepsTheAudio() throws {
        let out = try Self.synthesizer.makeSession(SessionOptions(seed: 1)).synthesize("Hello.")
        #expect(out.warnings.contains { $0.contains("maximum length") })
        #expect(!out.waveform.samples.isEmpty)
    }

    @Test func clearCacheReturnsTheMemory() throws {
        let session = try Self.synthesizer.makeSession()
        #expect(session.cacheBytes == 0)
        _ = try session.synthesize("Fill the cache.")
        #expect(session.cacheBytes > 0)
        session.clearCache()
        #expect(session.cacheBytes == 0)
    }

    @Test func voicesSteerTheSpeakerConditioning() throws {
        var e1 = [Float](repeating: 0, count: 256); e1[0] = 1
        var e2 = [Float](repeating: 0, count: 256); e2[1] = 1
        let s = Self.synthesizer
        let a = try s.makeSession(SessionOptions(seed: 1, sampling: .greedy)).synthesize("Voice.", voice: Voice(embedding: e1, duration: 5))
        let b = try s.makeSession(SessionOptions(seed: 1, sampling: .greedy)).synthesize("Voice.", voice: Voice(embedding: e2, duration: 5))
        #expect(a.waveform != b.waveform)
    }
}
