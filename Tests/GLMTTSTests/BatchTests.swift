import Foundation
import Testing
@testable import GLMTTS

/// Batch jobs: both JSONL formats, bad lines reported and skipped, atomic outputs, the manifest,
/// resuming after an interruption without rewriting finished work.
@Suite struct BatchTests {
    static let synthesizer = try! Synthesizer(model: .testModel)

    /// A folder with a reference clip (flite's rms voice, from the speaker-style fixtures) and a jobs file.
    func workspace(_ lines: [String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("clips"), withIntermediateDirectories: true)
        let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpeakerStyleTests/Fixtures/clips/flite_rms.wav")
        try FileManager.default.copyItem(at: clip, to: dir.appendingPathComponent("clips/ref.wav"))
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("jobs.jsonl"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func parsesBothFormatsAndOverrides() throws {
        let dir = try workspace([])
        defer { try? FileManager.default.removeItem(at: dir) }
        let glm = try BatchJobParser.parse(#"{"uttid": 7, "prompt_text": "Hi.", "prompt_speech": "clips/ref.wav", "syn_text": "Hello."}"#,
                                           line: 1, baseDirectory: dir.path)
        #expect(glm.outputName == "7" && glm.text == "Hello." && glm.promptText == "Hi.")
        #expect(glm.promptAudio == dir.appendingPathComponent("clips/ref.wav").path)
        let guide = try BatchJobParser.parse(#"{"prompt_audio": "clips/ref.wav", "input_text": "Hey.", "output_name": "out_001", "seed": 9, "sample_rate": 32000}"#,
                                             line: 2, baseDirectory: dir.path)
        #expect(guide.outputName == "out_001" && guide.seed == 9 && guide.sampleRate == .hz32000)
    }

    @Test(arguments: [
        ("{oops", "not valid JSON"), ("[1, 2]", "not a JSON object"), (#"{"uttid": "a"}"#, "missing field syn_text"),
        (#"{"uttid": "a", "syn_text": "  "}"#, "syn_text is empty"), (#"{"syn_text": "x", "uttid": "../x"}"#, "not a plain file name"),
        (#"{"syn_text": "x", "uttid": "a", "prompt_speech": "nope.wav"}"#, "not found"),
        (#"{"input_text": "x", "output_name": "a", "sample_rate": 22050}"#, "22050"),
        (#"{"input_text": "x", "output_name": "a", "seed": -1}"#, "seed"), (#"{"input_text": 5, "output_name": "a"}"#, "must be a string"),
    ])
    func badLinesNameTheirProblem(line: String, needle: String) throws {
        do {
            _ = try BatchJobParser.parse(line, line: 4, baseDirectory: "/tmp")
            Issue.record("accepted \(line)")
        } catch let error as BatchLineError {
            #expect(error.line == 4)
            #expect(error.description.contains(needle), "\(error)")
        }
    }

    @Test func runsGoodLinesReportsBadOnesAndWritesAManifest() throws {
        let dir = try workspace([
            #"{"uttid": "a", "prompt_text": "A tone.", "prompt_speech": "clips/ref.wav", "syn_text": "First line."}"#,
            "not json",
            #"{"prompt_audio": "clips/ref.wav", "input_text": "Second line.", "output_name": "b", "seed": 3}"#,
            "",
            #"{"uttid": "a", "syn_text": "Duplicate name."}"#,
            #"{"uttid": "c", "syn_text": "Default speaker at 32 kHz.", "sample_rate": 32000}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        var events: [BatchProgress] = []
        let summary = try BatchRunner(synthesizer: Self.synthesizer, options: BatchOptions(outputDirectory: out, seed: 1))
            .run(jobsFile: dir.appendingPathComponent("jobs.jsonl").path) { events.append($0) }
        #expect(summary.succeeded == 3)
        #expect(summary.failures.map(\.line) == [2, 5])
        #expect(summary.failures.last?.reason.contains("already used by line 1") == true)
        #expect(events.count == 5 && events.last?.done == 5)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == ["a.wav", "b.wav", "c.wav", "manifest.jsonl"])
        let entries = try String(contentsOfFile: out + "/manifest.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(ManifestEntry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.output) == ["a.wav", "b.wav", "c.wav"])
        #expect(entries[1].seed == 3 && entries[0].seed == 1)
        #expect(entries[2].sampleRate == 32000)
        #expect(entries.allSatisfy { $0.model == Self.synthesizer.identifier && $0.duration > 0 && !$0.normalizedText.isEmpty })
        // Each output equals the same request made directly.
        let direct = try Self.synthesizer.makeSession(SessionOptions(seed: 3))
            .synthesize("Second line.", voice: try Voice(referenceAudio: dir.appendingPathComponent("clips/ref.wav")))
        let written = try AudioFile.read(URL(fileURLWithPath: out + "/b.wav"))
        #expect(written.samples.count == direct.waveform.samples.count)
    }

    @Test func resumeSkipsFinishedWorkAndRedoesTheInterruptedLine() throws {
        let dir = try workspace((0..<4).map { #"{"uttid": "u\#($0)", "syn_text": "Line number \#($0)."}"# })
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let jobs = dir.appendingPathComponent("jobs.jsonl").path
        let runner = BatchRunner(synthesizer: Self.synthesizer, options: BatchOptions(outputDirectory: out))
        _ = try runner.run(jobsFile: jobs)
        // Simulate a crash during line 4: its WAV is gone and its manifest entry is torn in half.
        let manifest = out + "/manifest.jsonl"
        var text = try String(contentsOfFile: manifest, encoding: .utf8)
        text = String(text.dropLast(40))
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: out + "/u3.wav")
        let before = try FileManager.default.attributesOfItem(atPath: out + "/u0.wav")[.modificationDate] as! Date

        #expect(throws: TTSError.self) { try runner.run(jobsFile: jobs) }   // no --resume: refuses
        let resumed = try BatchRunner(synthesizer: Self.synthesizer, options: BatchOptions(outputDirectory: out, resume: true)).run(jobsFile: jobs)
        #expect(resumed.skipped == 3 && resumed.succeeded == 1 && resumed.failed == 0)
        let after = try FileManager.default.attributesOfItem(atPath: out + "/u0.wav")[.modificationDate] as! Date
        #expect(before == after)
        let entries = try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONDecoder().decode(ManifestEntry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.output).sorted() == ["u0.wav", "u1.wav", "u2.wav", "u3.wav"])
    }

    @Test func aSessionComputesEachVoicePrefixOnce() throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(seed: 2))
        var e = [Float](repeating: 0, count: 256); e[3] = 1
        let voice = Voice(embedding: e, duration: 4)
        let first = try session.synthesize("Same voice twice.", voice: voice)
        let second = try session.synthesize("Same voice twice.", voice: voice)
        #expect(first.waveform == second.waveform)
        let fresh = try Self.synthesizer.makeSession(SessionOptions(seed: 2)).synthesize("Same voice twice.", voice: voice)
        #expect(fresh.waveform == second.waveform)
        #expect(session.cacheBytes > 0)
    }
}
