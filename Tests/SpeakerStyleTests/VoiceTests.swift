import Foundation
import Testing
@testable import SpeakerStyle
import WaveformOutput

@Suite struct ReferenceClipTests {
    static func tone(seconds: Double, amplitude: Float, rate: Int = 16000) -> Waveform {
        Waveform(samples: (0..<Int(seconds * Double(rate))).map { amplitude * Float(sin(Double($0) * 0.2)) }, sampleRate: rate)
    }

    @Test func shorterThanOneSecondIsAnError() {
        #expect(throws: ReferenceClipError.self) { try ReferenceClip(waveform: Self.tone(seconds: 0.9, amplitude: 0.5), path: "short.wav") }
        do { _ = try ReferenceClip(waveform: Self.tone(seconds: 0.9, amplitude: 0.5), path: "short.wav") } catch let e as ReferenceClipError {
            #expect(e.kind == .tooShort)
            #expect(e.description.hasPrefix("short.wav: clip is 0.90 s long"))
        } catch { Issue.record("\(error)") }
    }

    @Test func silenceIsAnError() {
        do { _ = try ReferenceClip(waveform: Waveform(samples: [Float](repeating: 0, count: 48000), sampleRate: 16000), path: "s.wav") } catch let e as ReferenceClipError {
            #expect(e.kind == .silent)
        } catch { Issue.record("\(error)") }
        #expect(throws: ReferenceClipError.self) { try ReferenceClip(waveform: Self.tone(seconds: 3, amplitude: 0.0005)) }
    }

    @Test func longerThanThirtySecondsIsTrimmedWithAWarning() throws {
        let clip = try ReferenceClip(waveform: Self.tone(seconds: 31.5, amplitude: 0.5, rate: 8000))
        #expect(clip.duration == 30)
        #expect(clip.originalDuration == 31.5)
        #expect(clip.warnings.contains(.trimmed(originalSeconds: 31.5, keptSeconds: 30)))
    }

    @Test func clippingAndLowLevelWarn() throws {
        var loud = Self.tone(seconds: 4, amplitude: 1.5).samples
        for i in loud.indices { loud[i] = min(max(loud[i], -1), 1) }
        let clipped = try ReferenceClip(waveform: Waveform(samples: loud, sampleRate: 16000))
        #expect(clipped.warnings.contains { if case .clipping = $0 { return true } else { return false } })
        let quiet = try ReferenceClip(waveform: Self.tone(seconds: 4, amplitude: 0.01))
        #expect(quiet.warnings.contains { if case .lowLevel = $0 { return true } else { return false } })
        let fine = try ReferenceClip(waveform: Self.tone(seconds: 4, amplitude: 0.5))
        #expect(fine.warnings.isEmpty)
        let short = try ReferenceClip(waveform: Self.tone(seconds: 2, amplitude: 0.5))
        #expect(short.warnings == [.unusualLength(seconds: 2)])
    }

    @Test func readsAFile() throws {
        let clip = try ReferenceClip(contentsOf: Fixtures.url("clips/festival_kal.wav"))
        #expect(clip.duration == 2)
        #expect(clip.waveform.sampleRate == 16000)
    }
}

@Suite struct VoiceTests {
    @Test func extractSaveLoadRoundTrip() throws {
        let voice = try Voice(referenceAudio: Fixtures.url("clips/flite_awb.wav"), transcript: "Six spoons.")
        #expect(voice.embedding.count == 256)
        #expect(abs(voice.embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(voice.duration == 2)
        #expect(voice.embeddingModel == SpeakerEncoder.modelIdentifier)
        var full = voice
        full.promptSpeechTokens = [1, 2, 32767]
        full.cachedPrefix = .init(model: "glmtts-test-1", data: Data([0, 1, 2, 255]))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("voice.json")
        try full.save(to: url)
        #expect(Voice.isVoiceFile(url))
        let loaded = try Voice(contentsOf: url)
        #expect(loaded == full)
        #expect(try Voice.load(url) == full)
        #expect(try loaded.similarity(to: voice) > 0.99999)
    }

    /// Same speaker scores higher than other speakers (resemblyzer's embeddings are non-negative, so
    /// different speakers still score well above 0).
    @Test func sameSpeakerIsCloserThanOtherSpeakers() throws {
        let slt = try Voice.load(Fixtures.url("clips/flite_slt.wav"))
        let slt22k = try Voice.load(Fixtures.url("clips/flite_slt_22k_stereo.flac"))
        let awb = try Voice.load(Fixtures.url("clips/flite_awb.wav"))
        let kal = try Voice.load(Fixtures.url("clips/flite_kal16.wav"))
        let same = try slt.similarity(to: slt22k)
        #expect(same > 0.95)
        #expect(try slt.similarity(to: awb) < same)
        #expect(try slt.similarity(to: kal) < same)
    }

    func write(_ object: [String: Any]) throws -> (URL, URL) {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("v.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return (dir, url)
    }

    static func valid() -> [String: Any] { [
        "format": "glmtts-voice", "formatVersion": 1, "embeddingModel": "resemblyzer-ge2e-256",
        "embeddingSize": 256, "embedding": [Float](repeating: 0.0625, count: 256), "duration": 3.0, "warnings": [],
    ] }

    @Test func loadsAMinimalFile() throws {
        let (dir, url) = try write(Self.valid())
        defer { try? FileManager.default.removeItem(at: dir) }
        let voice = try Voice(contentsOf: url)
        #expect(voice.transcript == nil && voice.promptSpeechTokens == nil && voice.cachedPrefix == nil)
    }

    /// (field, its new value as JSON, words the error must contain)
    @Test(arguments: [
        ("embeddingModel", "\"campplus-192\"", "speaker encoder \"campplus-192\""),
        ("embeddingSize", "192", "embedding has 256 values"),
        ("formatVersion", "2", "format version 2 is not supported"),
        ("format", "\"something-else\"", "not a voice file"),
        ("embedding", "[" + Array(repeating: "0.1", count: 192).joined(separator: ",") + "]", "embedding has 192 values"),
        ("duration", "-1", "not a length"),
    ])
    func rejectsAnotherModelOrVersion(field: String, json: String, message: String) throws {
        var object = Self.valid()
        object[field] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let (dir, url) = try write(object)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try Voice(contentsOf: url)
            Issue.record("loaded")
        } catch let error as VoiceFileError {
            #expect(error.path == url.path)
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func rejectsGarbage() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("v.json")
        try Data("{ not json".utf8).write(to: url)
        #expect(throws: VoiceFileError.self) { try Voice(contentsOf: url) }
        #expect(throws: VoiceFileError.self) { try Voice(contentsOf: dir.appendingPathComponent("missing.json")) }
    }
}
