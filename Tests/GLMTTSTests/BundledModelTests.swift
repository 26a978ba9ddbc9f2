import Foundation
import SpeakerStyle
import Testing
@testable import GLMTTS

/// The trained model shipped as the GLMTTS module's resource (Tools/train/export_bundled.py): it loads,
/// speaks, follows the seed only when sampling, and takes the voice of the reference clip.
/// Intelligibility is measured outside the test suite (Tools/eval/wer_bundled.py needs pocketsphinx).
@Suite(.serialized) struct BundledModelTests {
    static let synthesizer = try! Synthesizer(model: .bundled)
    static let clips = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpeakerStyleTests/Fixtures/clips")
    static let sentence = "The weather is lovely today."

    @Test func theBundledModelIsTheTrainedOne() throws {
        let s = Self.synthesizer
        #expect(!s.isTestModel)
        #expect(s.configuration.decoder.layout == .duration)
        #expect(s.recommendedSampling == .greedy)
        #expect(s.sampleRates == [24000, 32000])
        let folder = URL(fileURLWithPath: try #require(Synthesizer.bundledDirectory))
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])!
        var bytes = 0
        for case let url as URL in files { bytes += (try url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
        #expect(bytes < 30_000_000, "the model ships in under 30 MB; it has \(bytes) bytes")
    }

    @Test func itSpeaksASentenceOfPlausibleLength() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(sampleRate: .hz24000))
        let out = try session.synthesize(Self.sentence)
        let seconds = Double(out.waveform.samples.count) / 24000
        // Five words: flite's voices take 1.5–2.5 s.
        #expect(seconds > 1.0 && seconds < 4.0, "\(seconds) s")
        #expect(out.warnings.isEmpty)
        #expect(out.waveform.samples.allSatisfy { $0.isFinite })
        let rms = (out.waveform.samples.reduce(0) { $0 + Double($1 * $1) } / Double(out.waveform.samples.count)).squareRoot()
        #expect(rms > 0.01, "not silence: RMS \(rms)")
        // Each phone gets at least one step and the durations account for every step.
        #expect(out.durations.count == 1 && out.durations[0].reduce(0, +) == out.speechTokens[0].count)
    }

    @Test func greedyIgnoresTheSeedAndSamplingFollowsIt() throws {
        func take(_ sampling: SamplingOptions?, seed: UInt64) throws -> [Int] {
            let session = try Self.synthesizer.makeSession(SessionOptions(seed: seed, sampling: sampling))
            return try session.synthesize(Self.sentence).speechTokens.flatMap { $0 }
        }
        #expect(try take(nil, seed: 1) == take(nil, seed: 2), "the default (greedy) gives one take")
        let a = try take(.ras, seed: 7)
        #expect(a == (try take(.ras, seed: 7)), "same seed, same take")
        #expect(a != (try take(.ras, seed: 8)), "another seed, another take")
    }

    @Test func theCacheDoesNotChangeTheOutput() throws {
        func codes(_ cache: Bool) throws -> [[Int]] {
            try Self.synthesizer.makeSession(SessionOptions(useKVCache: cache)).synthesize("Good morning.").speechTokens
        }
        #expect(try codes(true) == codes(false))
    }

    /// One sentence in two voices: each output's speaker embedding is closer to its own reference than
    /// to the other reference.
    @Test(arguments: [("flite_rms", "flite_slt"), ("flite_awb", "flite_slt")])
    func eachOutputSoundsLikeItsOwnClip(first: String, second: String) throws {
        let encoder = try SpeakerEncoder.bundled()
        let voices = try [first, second].map { try Voice(referenceAudio: Self.clips.appendingPathComponent("\($0).wav"), encoder: encoder) }
        let session = try Self.synthesizer.makeSession(SessionOptions(sampleRate: .hz24000))
        let outputs = try voices.map { voice -> [Float] in
            let out = try session.synthesize(Self.sentence, voice: voice)
            return try #require(try encoder.embed(out.waveform))
        }
        for (i, output) in outputs.enumerated() {
            let own = SpeakerEncoder.cosineSimilarity(output, voices[i].embedding)
            let other = SpeakerEncoder.cosineSimilarity(output, voices[1 - i].embedding)
            #expect(own > other, "output \(i) (\([first, second][i])): similarity to its clip \(own), to the other \(other)")
        }
    }
}
