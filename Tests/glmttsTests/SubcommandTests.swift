import Foundation
import Testing

/// The command line as a user meets it: help, version, speak, batch, voice, text; exit statuses and
/// one-sentence errors on stderr.
@Suite struct SubcommandTests {
    static let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpeakerStyleTests/Fixtures/clips/flite_slt.wav").path

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: ["speak", "batch", "voice", "resynth", "text", "lm", "bench"])
    func everySubcommandHasHelp(name: String) throws {
        let r = try runCLI([name, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE") || r.stdout.contains("Usage"))
        #expect(r.stdout.count > 200, "help for \(name) says something")
    }

    @Test func versionPrints() throws {
        let r = try runCLI(["--version"])
        #expect(r.status == 0 && r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func speakWritesAWAVFromAnArgumentOrStandardInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("a.wav").path
        let r = try runCLI(["speak", "Hello there.", "-o", out, "--seed", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("test model"), "the bundled model is the trained one, not the random test model")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.count > 44 && String(decoding: data[0..<4], as: UTF8.self) == "RIFF")
        let text = dir.appendingPathComponent("t.txt")
        try "Hello there.".write(to: text, atomically: true, encoding: .utf8)
        let fromFile = try runCLI(["speak", "--file", text.path, "-o", dir.appendingPathComponent("b.wav").path, "--seed", "3"])
        #expect(fromFile.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("b.wav")) == data)
        let streamed = try runCLI(["speak", "Hello there.", "--stream", "-o", dir.appendingPathComponent("c.wav").path, "--seed", "3"])
        #expect(streamed.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("c.wav")).count == data.count)
    }

    @Test func speakErrorsAreOneSentence() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = try runCLI(["speak", "Hi.", "--sample-rate", "22050", "-o", dir.appendingPathComponent("x.wav").path])
        #expect(rate.status != 0 && rate.stderr.contains("24000") && rate.stderr.contains("32000"))
        let empty = try runCLI(["speak", "   ", "-o", dir.appendingPathComponent("x.wav").path])
        #expect(empty.status != 0 && empty.stderr.contains("empty"))
        let badVoice = try runCLI(["speak", "Hi.", "--voice", "/nonexistent.wav", "-o", dir.appendingPathComponent("x.wav").path])
        #expect(badVoice.status != 0 && badVoice.stderr.contains("/nonexistent.wav"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.wav").path))
    }

    @Test func batchReportsBadLinesAndExitsNonZero() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jobs = dir.appendingPathComponent("jobs.jsonl")
        try """
        {"uttid": "ok", "prompt_speech": "\(Self.clip)", "prompt_text": "A clip.", "syn_text": "Good line."}
        {"uttid": "bad"
        {"input_text": "Also good.", "output_name": "ok2"}
        """.write(to: jobs, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try runCLI(["batch", jobs.path, "--out-dir", out])
        #expect(r.status == 1)
        #expect(r.stdout.contains("2 succeeded, 1 failed"))
        #expect(r.stderr.contains("line 2: not valid JSON"))
        let resumed = try runCLI(["batch", jobs.path, "--out-dir", out, "--resume"])
        #expect(resumed.stdout.contains("0 succeeded, 1 failed, 2 skipped"))
    }

    @Test func voiceExtractPrintsJSONAndSavesAVoice() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = dir.appendingPathComponent("v.json").path
        let r = try runCLI(["voice", "extract", Self.clip, "--json", "-o", saved])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((json["embedding"] as! [Double]).count == 256)
        #expect((json["duration"] as! Double) > 1)
        let same = try runCLI(["voice", "compare", Self.clip, saved])
        #expect(Double(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines))! > 0.999)
    }

    @Test func textSubcommands() throws {
        #expect(try runCLI(["text", "normalize", "It costs $12.50."]).stdout == "It costs twelve dollars and fifty cents.\n")
        let split = try runCLI(["text", "split", "--max-chars", "25", "One short sentence. And another one here."])
        #expect(split.stdout.split(separator: "\n").count == 2)
        #expect(try runCLI(["text", "phonemes", "hello"]).stdout == "HH AH0 L OW1\n")
    }
}
